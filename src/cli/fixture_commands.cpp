// The CTest-facing verbs: bootstrap (FIXTURES_SETUP), run (each test), teardown
// (FIXTURES_CLEANUP), and entities (the registry tests read by name).
#include "cli/commands.hpp"
#include "cli/connection_options.hpp"
#include "cli/fixture_options.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "fixture/bootstrap.hpp"
#include "fixture/entities.hpp"
#include "fixture/teardown.hpp"
#include "fixture/test_run.hpp"
#include "lock/lock_timeout.hpp"

namespace tdm::cli {

namespace {

struct FixtureOptions {
  FixtureSpec fixture;
  ConnectionFlags connection;
  PolicyFlags policy;
  std::string fixture_file;
  std::string test_name;
  std::vector<std::string> command;
  bool shared = false;
  bool passed = false;
  bool keep_databases = false;
  std::string output;
};

void bootstrap_verb(FixtureOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  DatabaseSession session(options.connection, context);
  BootstrapRequest request;
  request.fixture = options.fixture;
  request.database = session.database();
  request.policy = resolve_policy(options.policy, context.env);
  request.fixture_file = options.fixture_file;
  request.lock_timeout = lock_timeout(context.env);
  ProgressDisplay progress = progress_display(context, "bootstrap");
  request.progress = progress.observer();
  FixtureState state = bootstrap(session.params(), request,
                                 TestDatabaseRule::from_environment(context.env), context.log);
  progress.finish();
  if (!state.entities.empty()) context.out << "TDM_ENTITIES=" << state.entities.string() << "\n";
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
  teardown(session.params(), request, TestDatabaseRule::from_environment(context.env), context.log);
}

int run_verb(FixtureOptions& options, Context& context) {
  if (options.command.empty()) {
    throw Error(ExitCode::kUsage, "no test command given", "put the command after --");
  }
  DatabaseSession session(options.connection, context);
  TestRunRequest request{options.fixture_file, options.test_name, options.command, options.shared};
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

}  // namespace

void add_fixture_commands(CLI::App& app, Context& context, int& exit_code) {
  auto options = std::make_shared<FixtureOptions>();

  CLI::App* setup = app.add_subcommand(
      "bootstrap",
      "Fixture setup: restore the snapshot or seed, per mode (AUTO: restore when the snapshot "
      "exists, its hash matches and it is younger than --max-age; otherwise seed and capture)");
  add_snapshot_identity_options(*setup, options->fixture);
  add_input_options(*setup, options->fixture);
  add_seed_options(*setup, options->fixture);
  add_policy_options(*setup, options->policy);
  add_fixture_file_option(*setup, *options, false);
  add_connection_options(*setup, options->connection);
  setup->callback([options, &context] { bootstrap_verb(*options, context); });

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
