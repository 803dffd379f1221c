#pragma once

#include <CLI/CLI.hpp>

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

}  // namespace tdm::cli
