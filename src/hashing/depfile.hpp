#pragma once

#include <string>

#include "hashing/inputs.hpp"

namespace tdm {

// A Make-syntax depfile (which Ninja reads too) saying that `target` depends on every input
// file and every scanned directory, so the hash step re-runs when an input is edited, added
// or removed. Spaces and '#' are escaped with a backslash, '$' is written as "$$".
std::string format_depfile(const std::string& target, const InputSet& inputs);

}  // namespace tdm
