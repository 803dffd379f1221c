#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "diff/payload_diff.hpp"

namespace tdm::cli {

// --ignore TABLE[.COLUMN] (repeatable, one value each): what differs by design (a migration
// tool's run timestamps), for every verb that compares data.
void add_ignore_option(CLI::App& verb, std::vector<std::string>& ignore);

// The comparison's options from the --ignore values; throws Error(kUsage) for a malformed one.
DiffOptions diff_options_from(const std::vector<std::string>& ignore);

}  // namespace tdm::cli
