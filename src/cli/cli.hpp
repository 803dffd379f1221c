#pragma once

#include "cli/context.hpp"

namespace tdm::cli {

// Parses argv, runs the verb, and returns the process exit code. Errors are printed to
// context.log as one line "tdm: error: ..." (documented codes in `tdm --help`).
int run(int argc, const char* const* argv, Context& context);

}  // namespace tdm::cli
