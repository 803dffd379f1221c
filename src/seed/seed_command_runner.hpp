#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "connection/connection_params.hpp"
#include "seed/seed_timeout.hpp"

namespace tdm {

// The user's seed step: `php artisan migrate:fresh --seed`, `npx knex seed:run`, ...
struct SeedCommand {
  std::vector<std::string> argv;  // run directly, not through a shell; argv[0] is found on PATH
  std::string working_directory;  // empty: ours
  std::chrono::seconds timeout = kDefaultSeedTimeout;  // 0: no limit
  std::optional<std::uint64_t> replay_seed{};          // TDM_SEED; nullopt: ours passes through
  std::string tier{};                                  // TDM_TIER; "": ours passes through
  std::string role = "seed command";  // what messages call it: "migrate command", ...
};

// Runs the command to completion with the connection to `target` in its environment
// (TDM_DATABASE, TDM_DB_HOST/PORT/SOCKET/USER, DATABASE_URL, and MYSQL_PWD when there is a
// password: never in argv) and TDM_SEED when it has a replay seed, TDM_TIER when it has a tier. Its
// output goes to ours. Throws Error(kSeed) when it cannot be started, exits non-zero or runs longer
// than its timeout (it is then ended, with every process it started), Error(kInvalidInput) when the
// working directory does not exist.
void run_seed_command(const SeedCommand& command, const ConnectionParams& target);

// Throws what run_seed_command would before starting anything: Error(kInvalidInput) for a
// working directory that does not exist, Error(kUsage) for an empty command.
void check_seed_command(const SeedCommand& command);

// "npx knex seed:run" for messages, shortened to about `max_length` characters.
std::string describe_command(const std::vector<std::string>& argv, std::size_t max_length = 60);

}  // namespace tdm
