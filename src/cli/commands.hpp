#pragma once

#include <CLI/CLI.hpp>
#include <string_view>
#include <vector>

#include "cli/context.hpp"

namespace tdm::cli {

// One function per verb, each in its own <verb>_command.cpp: it adds the subcommand, its
// options and its callback to `app`. Callbacks throw tdm::Error; run() turns that into a line
// on stderr and the error's exit code.
void add_server_command(CLI::App& app, Context& context);
void add_snapshot_command(CLI::App& app, Context& context);
// snapshot export|import, added to the `snapshot` subcommand by add_snapshot_command.
void add_snapshot_exchange_commands(CLI::App& snapshot, Context& context);
// bootstrap, teardown, run, entities; `run` sets exit_code to its test's exit code.
void add_fixture_commands(CLI::App& app, Context& context, int& exit_code);
void add_hash_command(CLI::App& app, Context& context);
void add_seed_command(CLI::App& app, Context& context, int& exit_code);
// Sets exit_code to 1 when the two sides differ.
void add_diff_command(CLI::App& app, Context& context, int& exit_code);
void add_golden_command(CLI::App& app, Context& context, int& exit_code);
// Sets exit_code to 1 when the check fails.
void add_migration_command(CLI::App& app, Context& context, int& exit_code);

// The top-level verbs by the function that adds them, in the order `tdm --help` lists them.
// A command line that names a verb builds only that verb's group: every verb's options cost
// about a millisecond to build, which each `tdm run` before a test would pay.
struct VerbGroup {
  std::vector<std::string_view> verbs;
  void (*add)(CLI::App& app, Context& context, int& exit_code);
};
std::vector<VerbGroup> verb_groups();

}  // namespace tdm::cli
