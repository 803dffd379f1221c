#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/connection_options.hpp"
#include "cli/fixture_options.hpp"
#include "cli/ignore_option.hpp"
#include "cli/remote_options.hpp"
#include "core/display.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "diff/diff_report.hpp"
#include "fixture/fixture_state.hpp"
#include "fixture/run_id.hpp"
#include "lock/lock_timeout.hpp"
#include "migration/from_snapshot.hpp"
#include "migration/migration_check.hpp"
#include "seed/seed_timeout.hpp"
#include "snapshot/selector.hpp"
#include "snapshot_ops/snapshot_restore.hpp"

namespace tdm::cli {

namespace {

constexpr const char* kRollbackSeparator = "--rollback-command";

constexpr const char* kMigrationHelp = R"(
A migration check starts from the snapshot of an older version of the data set (FROM),
restores it into a scratch test database beside --database (<database>_mig_forward, _mig_keep,
_mig_again, _mig_back; with a run id, --run-id or $TDM_RUN_ID: <database>_<run id>_mig_...;
dropped after), runs your migrate command against it with the variables a seed command gets
(TDM_DATABASE, TDM_DB_*, DATABASE_URL), and checks one --step:

  forward       the migrated schema equals the schema of the current version's snapshot (the
                one --fixture-file's setup restored, else the newest of --version); every
                schema change between the two versions is listed as breaking or
                non-breaking, and a breaking one fails the check while the major version is
                the same as FROM's
  preservation  no table both versions have lost rows, no column both have lost non-NULL
                values
  idempotency   migrating a second time changes neither the schema nor a row
  rollback      the rollback command, after migrating, gives back FROM's schema

The migrate command follows '--'; for rollback the rollback command follows it, after the word
--rollback-command:

  tdm migration check --name app --from 1.0.0 --tier minimal --step rollback \
      --database app_test --server-dir build/tdm-server --working-directory e2e/app \
      -- npx knex migrate:latest --rollback-command npx knex migrate:rollback

FROM's snapshot comes from the snapshot directory, else from the remote snapshot stores
($TDM_REMOTE_STORAGE, --remote-storage; fetched into the directory), else from --from-export
(a portable export of it, 'tdm snapshot export', committed to your repository), which is
imported into the snapshot directory first. When none has it, exit 6 says how to make the
export.
'tdm migration prepare' does only that step (CTest runs it once before the checks).

Exit codes: 0 the check passed, 1 it failed (the findings and the schema diff on stdout).
)";

struct MigrationOptions {
  ConnectionFlags connection;
  std::string name;
  std::string from_version;
  std::string tier;
  std::string current_version;  // --version
  std::filesystem::path snapshot_dir = "snapshots";
  std::filesystem::path from_export;
  std::filesystem::path fixture_file;
  std::string step;
  std::string working_directory;
  std::string command_timeout;
  std::vector<std::string> commands;  // migrate [--rollback-command rollback]
  std::vector<std::string> ignore;
  std::string run_id;          // --run-id: the run's namespace for the scratch databases
  std::string remote_storage;  // --remote-storage
};

// The database the scratch databases sit beside: --database in the run's namespace, as the
// fixture database is, so that runners checking on one server never share a scratch database.
std::string scratch_base(const MigrationOptions& options, const DatabaseSession& session,
                         const Environment& env) {
  return run_database(session.database(), choose_run_id(options.run_id, env).run_id);
}

FromSnapshotRequest from_request(const MigrationOptions& options, const std::string& scratch,
                                 storage::RemoteStores& remote, const Environment& env) {
  require_semantic_version(options.from_version, "--from");
  return {.selector = {options.name, options.from_version, options.tier},
          .from_export = options.from_export,
          .base = std::filesystem::current_path(),
          .scratch_database = scratch,
          .lock_timeout = lock_timeout(env),
          .remote = &remote};
}

FromSnapshot locate(const MigrationOptions& options, const DatabaseSession& session,
                    const Context& context) {
  storage::RemoteStores remote = open_remote_stores(options.remote_storage, context);
  return locate_from_snapshot(
      session.params(), SnapshotStore(options.snapshot_dir),
      from_request(options, scratch_base(options, session, context.env) + "_mig_import", remote,
                   context.env),
      TestDatabaseRule::from_environment(context.env));
}

std::string label_of(const StoredSnapshot& snapshot) {
  const SnapshotMetadata& metadata = *snapshot.metadata;
  SnapshotSelector selector{metadata.name, metadata.version, metadata.tier};
  return selector.text() + " (" + snapshot.id + ")";
}

// The current version's snapshot: what the fixture's setup restored, else the newest of the
// name (and --version, --tier).
SchemaSource current_schema(const MigrationOptions& options) {
  SnapshotStore store(options.snapshot_dir);
  if (!options.fixture_file.empty()) {
    FixtureState state = read_fixture_state(options.fixture_file);
    SchemaSource source{state.payload, state.payload_sha256,
                        "the current snapshot " + state.snapshot_id, options.current_version};
    if (auto snapshot = store.find(state.snapshot_id); snapshot && snapshot->metadata) {
      source.label = label_of(*snapshot);
      if (source.version.empty()) source.version = snapshot->metadata->version;
    }
    return source;
  }
  StoredSnapshot snapshot = chosen_snapshot(
      store, {.name = options.name, .version = options.current_version, .tier = options.tier});
  return {snapshot.payload_path, snapshot.metadata->payload_sha256, label_of(snapshot),
          snapshot.metadata->version};
}

SeedCommand command_of(std::vector<std::string> argv, const std::string& role,
                       const MigrationOptions& options, const Environment& env) {
  return {.argv = std::move(argv),
          .working_directory = options.working_directory,
          .timeout = seed_timeout(options.command_timeout, env),
          .role = role};
}

MigrationCheckRequest check_request(const MigrationOptions& options, const FromSnapshot& from,
                                    const DatabaseSession& session, const Environment& env) {
  MigrationCheckRequest request;
  request.step = migration_step_from_string(options.step);
  request.from = from.snapshot;
  request.scratch_database = migration_database(scratch_base(options, session, env), request.step);
  auto separator = std::find(options.commands.begin(), options.commands.end(), kRollbackSeparator);
  request.migrate =
      command_of({options.commands.begin(), separator}, "migrate command", options, env);
  if (separator != options.commands.end()) {
    request.rollback =
        command_of({separator + 1, options.commands.end()}, "rollback command", options, env);
  }
  request.options = diff_options_from(options.ignore);
  request.lock_timeout = lock_timeout(env);
  if (request.step == MigrationStep::kForward) request.current = current_schema(options);
  return request;
}

// What the two sides of a failed check's diff are.
DiffLabels labels_of(const MigrationCheckRequest& request, const StoredSnapshot& from) {
  std::string version = "version " + from.metadata->version;
  switch (request.step) {
    case MigrationStep::kForward:
      return {version + " migrated", request.current.label};
    case MigrationStep::kIdempotency:
      return {version + " migrated once", version + " migrated twice"};
    case MigrationStep::kRollback:
      return {version, version + " migrated and rolled back"};
    case MigrationStep::kPreservation:
      break;
  }
  return {version, version + " migrated"};
}

void report_changes(const MigrationCheck& check, Context& context) {
  if (check.changes.empty()) return;
  context.out << "schema changes between the versions:\n";
  for (const SchemaChange& change : check.changes) {
    context.out << "  " << displayable(to_string(change)) << "\n";
  }
}

int check(const MigrationOptions& options, Context& context) {
  if (options.commands.empty() || options.commands.front() == kRollbackSeparator) {
    throw Error(ExitCode::kUsage, "tdm migration check needs the migrate command",
                "give it after '--', e.g. -- npx knex migrate:latest");
  }
  migration_step_from_string(options.step);  // a bad spelling before any server starts
  DatabaseSession session(options.connection, context);
  FromSnapshot from = locate(options, session, context);
  MigrationCheckRequest request = check_request(options, from, session, context.env);
  MigrationCheck result =
      check_migration(session.params(), request, TestDatabaseRule::from_environment(context.env));
  report_changes(result, context);
  std::string step = to_string(result.step);
  if (result.passed) {
    context.log << "tdm: migration " << step << ": passed for " << label_of(from.snapshot)
                << " (from the " << displayable(from.origin) << ") in "
                << format_seconds(result.seconds) << "\n";
    return 0;
  }
  for (const std::string& finding : result.findings) {
    context.out << displayable(finding) << "\n";
  }
  if (!result.diff.equal()) {
    DiffLabels labels = labels_of(request, from.snapshot);
    context.out << "\n" << render_diff_text(result.diff, labels);
  }
  context.log << "tdm: migration " << step << ": FAILED for " << label_of(from.snapshot) << ": "
              << displayable(result.findings.front()) << "\n";
  return 1;
}

void prepare(const MigrationOptions& options, Context& context) {
  DatabaseSession session(options.connection, context);
  FromSnapshot from = locate(options, session, context);
  context.log << "tdm: migration: " << label_of(from.snapshot) << " from the "
              << displayable(from.origin) << "\n";
}

void add_common_options(CLI::App& verb, MigrationOptions& options) {
  verb.add_option("--name", options.name, "Fixture (snapshot) name, e.g. app")->required();
  verb.add_option("--from", options.from_version, "The older version to migrate from, e.g. 1.0.0")
      ->required();
  verb.add_option("--tier", options.tier, "The tier of FROM's snapshot, for a fixture with tiers");
  verb.add_option("--dir", options.snapshot_dir, "Snapshot directory (default: ./snapshots)");
  verb.add_option("--from-export", options.from_export,
                  "Portable export (.sql) of FROM's snapshot, imported when the directory lacks "
                  "it");
  add_run_id_option(verb, options.run_id);
  add_remote_storage_option(verb, options.remote_storage);
  add_connection_options(verb, options.connection);
}

}  // namespace

void add_migration_command(CLI::App& app, Context& context, int& exit_code) {
  auto options = std::make_shared<MigrationOptions>();
  CLI::App* migration =
      app.add_subcommand("migration", "Migration checks: from an older version's snapshot");
  migration->footer(kMigrationHelp);
  migration->require_subcommand(1);

  CLI::App* check_verb = migration->add_subcommand(
      "check", "Restore FROM's snapshot, migrate it, and check one step: 0 passed, 1 failed");
  add_common_options(*check_verb, *options);
  check_verb->add_option("--step", options->step, "forward, preservation, idempotency, rollback")
      ->required();
  check_verb->add_option("--version", options->current_version,
                         "The current version (default: that of the current snapshot)");
  check_verb->add_option("--fixture-file", options->fixture_file,
                         "forward: compare with what this fixture's setup restored");
  check_verb->add_option("--working-directory", options->working_directory,
                         "Where the commands run (default: cwd)");
  check_verb
      ->add_option("--command-timeout", options->command_timeout,
                   "End a command, and all it started, after this long (default: "
                   "$TDM_SEED_TIMEOUT or 1h; 0: no limit)")
      ->type_name("DURATION");
  add_ignore_option(*check_verb, options->ignore);
  check_verb->add_option("command", options->commands,
                         "After '--': the migrate command, then for rollback "
                         "--rollback-command and the rollback command");
  check_verb->callback([options, &context, &exit_code] { exit_code = check(*options, context); });

  CLI::App* prepare_verb = migration->add_subcommand(
      "prepare", "Make sure FROM's snapshot is in the snapshot directory (import its export)");
  add_common_options(*prepare_verb, *options);
  prepare_verb->callback([options, &context] { prepare(*options, context); });
}

}  // namespace tdm::cli
