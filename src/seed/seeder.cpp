#include "seed/seeder.hpp"

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "lock/database_drop.hpp"
#include "lock/database_lock.hpp"
#include "process/interruption.hpp"
#include "seed/seed_command_runner.hpp"
#include "seed/sql_runner.hpp"
#include "state/bookkeeping.hpp"

namespace tdm {

namespace fs = std::filesystem;

namespace {

void require_one_source(const SeedRequest& request) {
  if (request.database.empty()) {
    throw Error(ExitCode::kUsage, "no database to seed",
                "pass --database NAME, put it in the URL, or set TDM_DATABASE");
  }
  if (request.sql_dirs.empty() == request.command.empty()) {
    throw Error(ExitCode::kUsage,
                request.command.empty() ? "nothing to seed with"
                                        : "both SQL directories and a seed command given",
                "give either --sql-dir DIR (repeatable) or a command after '--'");
  }
}

void recreate_database(Connection& connection, const std::string& database,
                       std::chrono::seconds lock_timeout) {
  drop_database(connection, database, lock_timeout);
  connection.execute("CREATE DATABASE " + Connection::quote_identifier(database) +
                     " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
}

}  // namespace

SeedReport seed_database(const ConnectionParams& server, const SeedRequest& request,
                         const TestDatabaseRule& rule) {
  auto started = std::chrono::steady_clock::now();
  require_one_source(request);
  rule.require(request.database, "recreate");
  // Bad paths fail here, while the database is still intact.
  std::vector<fs::path> files;
  if (!request.sql_dirs.empty()) files = sql_files_in(request.sql_dirs);
  SeedCommand command{request.command, request.working_directory, request.timeout,
                      request.replay_seed, request.tier};
  if (files.empty()) check_seed_command(command);

  Connection admin(server.with_database(""));  // the target may not exist yet
  DatabaseLock lock(admin, request.database, request.lock_timeout);
  Bookkeeping bookkeeping(admin);
  bookkeeping.begin(request.database, DatabaseState::kSeeding, "", request.data_model_hash);
  InterruptNote note("while seeding '" + request.database +
                     "'; it is marked 'seeding' and will not be trusted: run the seed or the "
                     "fixture setup again");
  recreate_database(admin, request.database, request.lock_timeout);

  SeedReport report;
  ConnectionParams target = server.with_database(request.database);
  if (files.empty()) {
    run_seed_command(command, target);
  } else {
    SqlRunReport applied = apply_sql_files(target, files);
    report.files = applied.files;
    report.statements = applied.statements;
  }
  bookkeeping.finish(request.database, DatabaseState::kSeeded, "", request.data_model_hash);
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace tdm
