#include <charconv>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/connection_options.hpp"
#include "cli/fixture_options.hpp"
#include "cli/ignore_option.hpp"
#include "core/display.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "diff/diff_report.hpp"
#include "fixture/determinism_check.hpp"
#include "fixture/run_id.hpp"
#include "lock/lock_timeout.hpp"
#include "safety/test_database_rule.hpp"
#include "seed/replay_seed.hpp"
#include "seed/seed_command_runner.hpp"
#include "seed/seed_timeout.hpp"
#include "seed/seeder.hpp"

namespace tdm::cli {

namespace {

constexpr const char* kSeedHelp = R"(
The DYNAMIC path: drops and recreates the target database (utf8mb4, utf8mb4_unicode_ci), then
seeds it with either

  --sql-dir DIR ...   every *.sql file directly in each DIR, the directories in the order
                      given, the files of one directory in lexical order of name; a file may
                      use 'DELIMITER $$' for triggers and routines. The first failing statement
                      stops the seed and is reported as FILE:LINE.
  -- COMMAND ARGS...  your own seed step, run without a shell with these variables set:
                      TDM_DATABASE, TDM_DB_HOST, TDM_DB_PORT, TDM_DB_SOCKET, TDM_DB_USER,
                      DATABASE_URL (and MYSQL_PWD when there is a password); its output is
                      shown, a non-zero exit fails the seed. It runs in a process group of its
                      own, without tdm's descriptors, and dies with tdm; when tdm's stdin is a
                      terminal, its stdin is /dev/null. Past --seed-timeout ($TDM_SEED_TIMEOUT,
                      default 1h; 0: no limit) it is ended with everything it started (exit 7).

Only a test database (name matching $TDM_TEST_DB_PATTERNS, default *_test*, or listed in
$TDM_TEST_DATABASES) is ever dropped; another tdm on the same database is waited for up to
$TDM_LOCK_TIMEOUT seconds (default 600). The database is recorded as "seeded" only when
everything succeeded. Interrupted (SIGINT, SIGTERM, SIGHUP), tdm ends the command, says what it
leaves behind in one line and exits with 128 + the signal's number.

--check-determinism seeds twice instead, each time into a scratch test database beside the
target (<database>_seedcheck1 and _seedcheck2), with the same TDM_SEED (--seed, $TDM_SEED, else
a number fixed per database name), reads both back, compares them and drops them: exit 0 when
the two runs made the same data, 1 with a report of what differs (a seeder that reads the clock
or draws from an unseeded random generator). With a run id (--run-id, $TDM_RUN_ID) they are
<database>_<run id>_seedcheck1 and _seedcheck2: several runs on one server never meet.

Examples:
  tdm seed --server-dir build/tdm-server --database app_test -- npx knex seed:run
  tdm seed --url mysql://app@db.local:3306/app_test --sql-dir db/migrations --sql-dir db/seeds
)";

struct SeedOptions {
  ConnectionFlags connection;
  std::vector<std::string> sql_dirs;
  std::vector<std::string> command;
  std::string working_directory;
  std::string seed_timeout;
  std::string replay_seed;
  std::string hash;
  bool check_determinism = false;
  std::vector<std::string> ignore;
  std::string run_id;  // --run-id: where the check's scratch databases go
};

// Checked before anything starts (an embedded server, a connection).
void require_one_source(const SeedOptions& options) {
  if (options.sql_dirs.empty() && options.command.empty()) {
    throw Error(ExitCode::kUsage, "tdm seed needs something to seed with",
                "give --sql-dir DIR (repeatable) or a command after '--', e.g. "
                "'tdm seed --database app_test -- npx knex seed:run'");
  }
  if (!options.sql_dirs.empty() && !options.command.empty()) {
    throw Error(ExitCode::kUsage, "tdm seed got both --sql-dir and a seed command",
                "give one of them; to run SQL files from a command, make the command do it");
  }
  if (!options.working_directory.empty() && options.command.empty()) {
    throw Error(ExitCode::kUsage, "--working-directory applies to a seed command only",
                "drop it, or give the command after '--'");
  }
}

SeedRequest make_request(const SeedOptions& options, const std::string& database,
                         const Environment& env) {
  SeedRequest request;
  request.database = database;
  request.sql_dirs.assign(options.sql_dirs.begin(), options.sql_dirs.end());
  request.command = options.command;
  request.working_directory = options.working_directory;
  request.data_model_hash = options.hash;
  request.lock_timeout = lock_timeout(env);
  request.timeout = seed_timeout(options.seed_timeout, env);
  // Without --seed, a TDM_SEED of ours reaches the command as the rest of our environment does.
  if (!options.replay_seed.empty()) request.replay_seed = replay_seed(options.replay_seed, env, "");
  return request;
}

std::string plural(std::size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// "from 3 SQL files (42 statements)" or "by 'npx knex seed:run'".
std::string seeded_with(const SeedRequest& request, const SeedReport& report) {
  if (!request.command.empty()) return "by '" + describe_command(request.command) + "'";
  return "from " + plural(report.files, "SQL file") + " (" +
         plural(report.statements, "statement") + ")";
}

void seed(const SeedOptions& options, Context& context) {
  require_one_source(options);
  DatabaseSession session(options.connection, context);
  SeedRequest request = make_request(options, session.database(), context.env);
  SeedReport report =
      seed_database(session.params(), request, TestDatabaseRule::from_environment(context.env));
  context.log << "tdm: seeded " << request.database << " " << seeded_with(request, report) << " in "
              << format_seconds(report.seconds) << "\n";
}

// Both runs need the same seed, so one is chosen even when neither --seed nor TDM_SEED is.
int check_seed_determinism(const SeedOptions& options, Context& context) {
  require_one_source(options);
  DatabaseSession session(options.connection, context);
  // In the run's namespace; the seed, a number fixed per database name, is the same in every run.
  const std::string run_id = choose_run_id(options.run_id, context.env).run_id;
  SeedRequest request =
      make_request(options, run_database(session.database(), run_id), context.env);
  request.replay_seed = replay_seed(options.replay_seed, context.env, session.database());
  DeterminismCheck check =
      check_determinism(session.params(), request, diff_options_from(options.ignore),
                        TestDatabaseRule::from_environment(context.env));
  bool same = check.diff.equal();
  std::string ignored;
  for (const IgnoreRule& rule : check.diff.ignored) {
    ignored += (ignored.empty() ? " (not compared: " : ", ") + to_string(rule);
  }
  if (!ignored.empty()) ignored += ")";
  context.log << "tdm: determinism: seeded " << check.databases[0] << " and " << check.databases[1]
              << " with TDM_SEED=" << *request.replay_seed << " in "
              << format_seconds(check.seconds) << " -> "
              << (same ? "identical" : "they differ: the seed is not deterministic")
              << displayable(ignored) << "\n";
  if (!same) {
    for (const std::string& line : determinism_findings(check.diff)) {
      context.out << displayable(line) << "\n";
    }
    context.out << "\n" << render_diff_text(check.diff, {"first run", "second run"});
  }
  return same ? 0 : 1;
}

}  // namespace

void add_seed_command(CLI::App& app, Context& context, int& exit_code) {
  auto options = std::make_shared<SeedOptions>();
  CLI::App* verb = app.add_subcommand(
      "seed", "Recreate a test database and seed it from SQL files or your seed command");
  verb->footer(kSeedHelp);
  add_connection_options(*verb, options->connection);
  verb->add_option("--sql-dir", options->sql_dirs,
                   "Apply the *.sql files of DIR (repeatable; directories in the order given)")
      ->allow_extra_args(false)
      ->type_name("DIR");
  verb->add_option("--working-directory", options->working_directory,
                   "Run the seed command in DIR (default: the current directory)")
      ->type_name("DIR");
  verb->add_option("--seed-timeout", options->seed_timeout,
                   "End the seed command, and all it started, after this long: 90s, 30m, 2h "
                   "(default: $TDM_SEED_TIMEOUT or 1h; 0: no limit)")
      ->type_name("DURATION");
  verb->add_option("--seed", options->replay_seed,
                   "Run the seed command with TDM_SEED=N, for its random generators (default: "
                   "our TDM_SEED, when set)")
      ->type_name("N");
  verb->add_option("--hash", options->hash,
                   "Data-model hash to record with the seeded database (from 'tdm hash')")
      ->type_name("HASH");
  verb->add_option("command", options->command,
                   "The seed command and its arguments, after '--' (run without a shell)")
      ->type_name("COMMAND");
  verb->add_flag("--check-determinism", options->check_determinism,
                 "Seed twice, into two scratch test databases beside --database, with the same "
                 "TDM_SEED, and compare them: exit 0 when identical, 1 naming what differs");
  add_ignore_option(*verb, options->ignore);
  add_run_id_option(*verb, options->run_id);  // where --check-determinism's scratch databases go
  verb->callback([options, &context, &exit_code] {
    if (options->check_determinism) {
      exit_code = check_seed_determinism(*options, context);
    } else {
      seed(*options, context);
    }
  });
}

}  // namespace tdm::cli
