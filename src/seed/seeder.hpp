#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "connection/connection_params.hpp"
#include "lock/lock_timeout.hpp"
#include "safety/test_database_rule.hpp"

namespace tdm {

// What `tdm seed` does: exactly one of sql_dirs and command is given.
struct SeedRequest {
  std::string database;                         // the test database to recreate
  std::vector<std::filesystem::path> sql_dirs;  // applied as sql_files_in() lists them
  std::vector<std::string> command;             // or the user's seed command
  std::string working_directory;                // of the command; empty: ours
  std::string data_model_hash;                  // recorded in the bookkeeping
  // How long to wait for another tdm on the same database.
  std::chrono::seconds lock_timeout = kDefaultLockTimeout;
  std::chrono::seconds timeout{3600};          // of the command (1 h); 0: no limit
  std::optional<std::uint64_t> replay_seed{};  // TDM_SEED of the command (replay_seed.hpp)
  std::string tier{};                          // TDM_TIER of the command (tier.hpp)
};

struct SeedReport {
  double seconds = 0;          // from the safety check to the bookkeeping's "seeded"
  std::size_t files = 0;       // SQL files applied (0 for a command)
  std::size_t statements = 0;  // statements run from them
};

// Recreates `request.database` on the server of `server` (its default database is ignored)
// and seeds it: refuses a database the rule does not allow (Error(kRefused), before anything
// is touched), serialises with other tdm processes on that database, records "seeding" in the
// bookkeeping, drops and creates the database (utf8mb4, utf8mb4_unicode_ci), runs the SQL
// files or the command, and records "seeded" last. A failure leaves the record at "seeding",
// so nothing trusts the half-seeded database (an interruption says so: see InterruptNote). The
// SQL directories and the command's working directory are checked before the database is
// dropped. A command that runs past `timeout` is ended with everything it started
// (Error(kSeed)).
SeedReport seed_database(const ConnectionParams& server, const SeedRequest& request,
                         const TestDatabaseRule& rule);

}  // namespace tdm
