// The CTest-facing verbs: bootstrap (FIXTURES_SETUP), run (each test), teardown
// (FIXTURES_CLEANUP), and entities (the registry tests read by name).
#include <chrono>

#include "cli/commands.hpp"
#include "cli/connection_options.hpp"
#include "cli/fixture_options.hpp"
#include "cli/remote_options.hpp"
#include "connection/database_url.hpp"
#include "core/display.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "fixture/bootstrap.hpp"
#include "fixture/entities.hpp"
#include "fixture/run_id.hpp"
#include "fixture/teardown.hpp"
#include "fixture/test_run.hpp"
#include "lock/lock_timeout.hpp"
#include "seed/replay_seed.hpp"
#include "seed/seed_timeout.hpp"

namespace tdm::cli {

namespace {

struct FixtureOptions {
  FixtureSpec fixture;
  ConnectionFlags connection;
  PolicyFlags policy;
  std::string fixture_file;
  SeedFlags seed_flags;
  TierFlags tier_flags;
  std::string test_name;
  std::vector<std::string> command;
  std::string daemon_settings;
  bool shared = false;
  bool passed = false;
  bool keep_databases = false;
  std::string output;
  std::string run_id;  // --run-id
  bool spare = false;  // bootstrap --spare
  std::string remote_storage;
};

void bootstrap_verb(FixtureOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  complete_tier(options.fixture, options.tier_flags, context.env);
  complete_seed_settings(options.fixture, options.seed_flags, context.env);
  DatabaseSession session(options.connection, context);
  BootstrapRequest request;
  request.fixture = options.fixture;
  request.database = session.database();
  request.run_id = choose_run_id(options.run_id, context.env).run_id;
  request.policy = resolve_policy(options.policy, context.env);
  request.fixture_file = options.fixture_file;
  request.lock_timeout = lock_timeout(context.env);
  request.spare = options.spare;
  storage::RemoteStores remote = open_remote_stores(options.remote_storage, context);
  request.remote = &remote;
  ProgressDisplay progress = progress_display(context, "bootstrap");
  request.progress = progress.observer();
  FixtureState state = bootstrap(session.params(), request,
                                 TestDatabaseRule::from_environment(context.env), context.log);
  progress.finish();
  if (!state.entities.empty()) context.out << "TDM_ENTITIES=" << state.entities.string() << "\n";
}

// One line per effective setting: name, value, and where it came from. Reaches no server.
void config_verb(FixtureOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  TierChoice tier = complete_tier(options.fixture, options.tier_flags, context.env);
  std::vector<SettingOrigin> lines = resolve_policy(options.policy, context.env).origins;
  lines.push_back(tier_origin(tier));
  ConnectionChoice server = choose_connection(options.connection, context.env);
  std::string server_value = server.value;
  if (server.kind == ConnectionChoice::Kind::kUrl) {
    server_value = format_database_url(resolve_connection(options.connection, context.env));
  }
  lines.push_back(
      {"server", server_value.empty() ? "(client defaults)" : server_value, server.source});
  ConnectionParams params = resolve_connection(options.connection, context.env);
  RunIdChoice run = choose_run_id(options.run_id, context.env);
  lines.push_back(run_id_origin(run));
  std::string database =
      params.database.empty() ? "(none)" : run_database(params.database, run.run_id);
  lines.push_back({"database", database,
                   !options.connection.database.empty() ? "flag --database"
                   : context.env.get("TDM_DATABASE") && server.kind != ConnectionChoice::Kind::kUrl
                       ? "environment TDM_DATABASE"
                       : "the server URL or environment TDM_DATABASE"});
  lines.push_back({"snapshot dir", options.fixture.snapshot_dir.string(), "flag --dir or default"});
  lines.push_back(
      {"lock timeout", std::to_string(lock_timeout(context.env).count()) + " s",
       context.env.get("TDM_LOCK_TIMEOUT") ? "environment TDM_LOCK_TIMEOUT" : "default"});
  lines.push_back(
      seed_timeout_origin(options.seed_flags.timeout, options.policy.from_cmake, context.env));
  lines.push_back(replay_seed_origin(options.seed_flags.replay_seed, options.policy.from_cmake,
                                     context.env, options.fixture.name, options.fixture.tier));
  storage::RemoteStorageSettings remote =
      storage::remote_storage_settings(options.remote_storage, context.env);
  std::string stores;
  for (const storage::StoreLocation& store : remote.stores) {
    stores += (stores.empty() ? "" : " ") + store.shown + (store.read_only ? "|read-only" : "");
  }
  lines.push_back({"remote storage", stores.empty() ? "(none)" : stores,
                   context.env.is_set("TDM_REMOTE_STORAGE") ? "environment TDM_REMOTE_STORAGE"
                   : options.remote_storage.empty()         ? "default"
                   : options.policy.from_cmake ? "CMake tdm_add_snapshot(REMOTE_STORAGE)"
                                               : "flag --remote-storage"});
  auto from_env = [&](const char* variable) {
    return context.env.get(variable) ? std::string("environment ") + variable : "default";
  };
  const auto timeout = std::chrono::duration_cast<std::chrono::seconds>(remote.backend.timeout);
  lines.push_back(
      {"remote timeout", std::to_string(timeout.count()) + " s", from_env("TDM_REMOTE_TIMEOUT")});
  lines.push_back({"remote lease wait", std::to_string(remote.lease_wait.count()) + " s",
                   from_env("TDM_REMOTE_LEASE_WAIT")});
  // Whether a credential is there, never the credential.
  lines.push_back({"remote token",
                   remote.backend.bearer_token.empty() ? "(none)" : "set (not shown)",
                   "environment TDM_REMOTE_TOKEN"});
  lines.push_back({"redis password",
                   remote.backend.redis_password.empty() ? "(none)" : "set (not shown)",
                   "environment TDM_REDIS_PASSWORD"});
  bool custom_rule =
      context.env.get("TDM_TEST_DB_PATTERNS") || context.env.get("TDM_TEST_DATABASES");
  lines.push_back(
      {"test databases", TestDatabaseRule::from_environment(context.env).describe(),
       custom_rule ? "environment TDM_TEST_DB_PATTERNS / TDM_TEST_DATABASES" : "default"});
  for (const SettingOrigin& line : lines) {
    // Values come from flags and the environment: shown as any message is (no password, no
    // raw control bytes).
    context.out << line.setting << ": " << displayable(line.value) << "  (" << line.source << ")\n";
  }
}

void teardown_verb(FixtureOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  DatabaseSession session(options.connection, context);
  TeardownRequest request;
  request.fixture_file = options.fixture_file;
  request.policy = resolve_policy(options.policy, context.env);
  request.fixture = options.fixture;
  request.passed = options.passed;
  request.keep_databases = options.keep_databases;
  request.lock_timeout = lock_timeout(context.env);
  storage::RemoteStores remote = open_remote_stores(options.remote_storage, context);
  request.remote = &remote;
  teardown(session.params(), request, TestDatabaseRule::from_environment(context.env), context.log);
}

int run_verb(FixtureOptions& options, Context& context) {
  if (options.command.empty()) {
    throw Error(ExitCode::kUsage, "no test command given", "put the command after --");
  }
  DatabaseSession session(options.connection, context);
  TestRunRequest request{options.fixture_file, options.test_name, options.command, options.shared,
                         options.daemon_settings};
  if (request.test_name.empty()) request.test_name = options.command.front();
  return run_test(session.params(), request, TestDatabaseRule::from_environment(context.env),
                  context.log);
}

void entities_verb(FixtureOptions& options, Context& context) {
  DatabaseSession session(options.connection, context);
  std::string json =
      export_entities(session.params(), session.database(), options.fixture.entities).dump(2) +
      "\n";
  if (options.output.empty())
    context.out << json;
  else
    atomic_write_file(options.output, json);
}

void add_fixture_file_option(CLI::App& verb, FixtureOptions& options, bool required) {
  auto* option = verb.add_option("--fixture-file", options.fixture_file,
                                 "State file shared by setup, tests and cleanup (build tree)");
  if (required) option->required();
}

// What `bootstrap` takes, and `config` too, so that it shows what that bootstrap would use.
void add_bootstrap_options(CLI::App& verb, FixtureOptions& options) {
  add_snapshot_identity_options(verb, options.fixture);
  add_input_options(verb, options.fixture);
  add_seed_options(verb, options.fixture, options.seed_flags);
  add_tier_options(verb, options.tier_flags);
  add_policy_options(verb, options.policy);
  add_fixture_file_option(verb, options, false);
  add_run_id_option(verb, options.run_id);
  add_remote_storage_option(verb, options.remote_storage);
  add_connection_options(verb, options.connection);
}

}  // namespace

void add_fixture_commands(CLI::App& app, Context& context, int& exit_code) {
  auto options = std::make_shared<FixtureOptions>();

  CLI::App* setup = app.add_subcommand(
      "bootstrap",
      "Fixture setup: restore the snapshot or seed, per mode. AUTO restores the snapshot of "
      "these inputs when it is younger than --max-age (a payload without metadata too, once it "
      "verifies itself), else seeds and captures. SNAPSHOT restores what exists, stale or old, "
      "with a warning, and seeds when there is none. DYNAMIC always seeds. --strict fails "
      "instead of seeding in SNAPSHOT mode or restoring a stale snapshot or one without "
      "metadata. One log line says what was decided and why.");
  add_bootstrap_options(*setup, *options);
  setup->add_flag("--spare", options->spare,
                  "Swap in the fixture database's spare (<database>__spare) when it is proven to "
                  "hold the snapshot, instead of restoring; the teardown prepares it again for "
                  "the next run. Not with a run id (a run's database is dropped when it ends)");
  setup->callback([options, &context] { bootstrap_verb(*options, context); });

  CLI::App* config = app.add_subcommand(
      "config",
      "Print every effective setting (mode, strict, max age, capture, tier, server, database, "
      "snapshot dir, lock timeout, test databases) and where it came from; takes bootstrap's "
      "options and reaches no server");
  add_bootstrap_options(*config, *options);
  config->callback([options, &context] { config_verb(*options, context); });

  CLI::App* cleanup = app.add_subcommand(
      "teardown", "Fixture cleanup: drop per-test databases; capture on success when asked");
  add_fixture_file_option(*cleanup, *options, true);
  add_snapshot_identity_options(*cleanup, options->fixture);
  add_input_options(*cleanup, options->fixture);
  add_policy_options(*cleanup, options->policy);
  cleanup->add_flag("--passed", options->passed,
                    "The run passed: capture if asked, whatever was recorded");
  cleanup->add_flag("--keep-databases", options->keep_databases,
                    "Keep per-test databases for inspection");
  add_remote_storage_option(*cleanup, options->remote_storage);
  add_connection_options(*cleanup, options->connection);
  cleanup->callback([options, &context] { teardown_verb(*options, context); });

  CLI::App* run = app.add_subcommand(
      "run",
      "Run one test on a test database of its own, reset to the fixture state (exit code: the "
      "test's)");
  add_fixture_file_option(*run, *options, true);
  run->add_option("--test-name", options->test_name,
                  "Names the test in logs and results (default: the command)");
  run->add_flag("--shared", options->shared, "Use the fixture database itself, no private copy");
  run->add_option("--daemons", options->daemon_settings,
                  "Settings file of the slot's app and browser servers (written by "
                  "tdm_add_playwright_tests): started on first use, kept for the next test, "
                  "handed over as TDM_APP_URL and TDM_BROWSER_WS_ENDPOINT");
  run->add_option("command", options->command, "The test command, after --")->required();
  add_connection_options(*run, options->connection);
  run->callback([options, &context, &exit_code] { exit_code = run_verb(*options, context); });

  CLI::App* entities = app.add_subcommand(
      "entities", "Export name -> id maps of seeded rows as JSON for tests (TDM_ENTITIES)");
  entities
      ->add_option("--map", options->fixture.entities,
                   "table:key[:value], e.g. organizations:slug (value default id)")
      ->required();
  entities->add_option("--output", options->output, "Write to this file (default: stdout)");
  add_connection_options(*entities, options->connection);
  entities->callback([options, &context] { entities_verb(*options, context); });
}

}  // namespace tdm::cli
