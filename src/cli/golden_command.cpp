#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "cli/connection_options.hpp"
#include "cli/fixture_options.hpp"
#include "cli/ignore_option.hpp"
#include "core/display.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "diff/diff_report.hpp"
#include "fixture/fixture_state.hpp"
#include "fixture/run_id.hpp"
#include "golden/golden_baseline.hpp"
#include "hashing/inputs.hpp"
#include "snapshot/store.hpp"
#include "snapshot_ops/snapshot_restore.hpp"

namespace tdm::cli {

namespace {

constexpr const char* kGoldenHelp = R"(
A golden baseline is the accepted state of a fixture's data, committed to your repository as
text: <baseline-dir>/<name>.sql, the portable SQL script of 'tdm snapshot export' with rows one
per line and a header of what depends on the data only. Accepting unchanged data rewrites
nothing, so git shows no change; a changed seeder shows as a reviewable diff of rows.

  tdm golden accept  writes the baseline from a snapshot (or what a fixture setup restored)
  tdm golden check   compares it with the current data: exit 0 when equal, 1 when the data
                     differs, with the report in --report-dir (snapshot_diff.txt) or on stdout

tdm_add_snapshot(... GOLDEN <dir>) adds the CTest test <name>.golden and the build target
golden-<name> (accept).
)";

struct GoldenOptions {
  FixtureSpec fixture;
  ConnectionFlags connection;
  std::string id;
  std::string selector;  // --snapshot
  std::filesystem::path fixture_file;
  std::filesystem::path baseline_dir;
  std::filesystem::path report_dir;
  std::vector<std::string> ignore;
  TierFlags tier_flags;
  std::string run_id;  // --run-id: where the scratch database goes
};

// The data to compare or accept, and the tier it is of (which names the baseline's file).
struct GoldenData {
  GoldenSource source;
  std::string tier;
};

// What to compare or accept: what a fixture's setup restored, the snapshot of exactly the
// given inputs, or the newest usable one of the name (and version).
GoldenData data_of(GoldenOptions& options, const Context& context) {
  if (!options.fixture_file.empty()) {
    if (options.fixture.name.empty()) {
      throw Error(ExitCode::kUsage, "--fixture-file was given without --name",
                  "give the fixture's --name too: it names the baseline's file");
    }
    FixtureState state = read_fixture_state(options.fixture_file);
    return {{state.payload, state.payload_sha256}, state.tier};
  }
  complete_fixture_spec(options.fixture);
  complete_tier(options.fixture, options.tier_flags, context.env);
  const FixtureSpec& fixture = options.fixture;
  SnapshotChoice choice{options.id, fixture.name, fixture.version, fixture.tier,
                        selector_of(options.selector)};
  if (choice.selector) {
    StoredSnapshot snapshot = chosen_snapshot(SnapshotStore(fixture.snapshot_dir), choice);
    options.fixture.name = snapshot.metadata->name;  // names the baseline's file
    return {{snapshot.payload_path, snapshot.metadata->payload_sha256}, snapshot.metadata->tier};
  }
  if (choice.id.empty() && !fixture.inputs.empty()) {
    Manifest manifest = compute_manifest(collect_inputs(fixture.inputs, fixture.base));
    choice.id = SnapshotStore::snapshot_id(fixture.name, fixture.version,
                                           manifest.data_model_hash(), fixture.tier);
  }
  StoredSnapshot snapshot = chosen_snapshot(SnapshotStore(fixture.snapshot_dir), choice);
  return {{snapshot.payload_path, snapshot.metadata->payload_sha256}, fixture.tier};
}

GoldenComparison comparison_of(const GoldenOptions& options, const DatabaseSession& session,
                               const Context& context) {
  const std::string run_id = choose_run_id(options.run_id, context.env).run_id;
  return {session.params(), run_database(session.database(), run_id) + "_golden",
          diff_options_from(options.ignore), TestDatabaseRule::from_environment(context.env)};
}

void accept(GoldenOptions& options, Context& context) {
  GoldenData data = data_of(options, context);
  std::filesystem::path file =
      golden_baseline_file(options.baseline_dir, options.fixture.name, data.tier);
  DatabaseSession session(options.connection, context);
  bool changed =
      accept_golden_baseline(data.source, file, comparison_of(options, session, context));
  context.log << "tdm: golden: " << file.string()
              << (changed ? " written: review the change and commit it"
                          : " already holds this data (apart from what is ignored): left as it is")
              << "\n";
}

// snapshot_diff.txt, .json and .html in `dir`: the text for the failure line, the JSON for
// tools, the HTML for a CI artifact. Returns the text's path.
std::filesystem::path write_reports(const PayloadDiff& diff, const DiffLabels& labels,
                                    const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  atomic_write_file(dir / "snapshot_diff.json", render_diff_json(diff, labels));
  atomic_write_file(dir / "snapshot_diff.html", render_diff_html(diff, labels));
  std::filesystem::path text = dir / "snapshot_diff.txt";
  atomic_write_file(text, render_diff_text(diff, labels));
  return text;
}

int check(GoldenOptions& options, Context& context) {
  GoldenData data = data_of(options, context);
  std::filesystem::path file =
      golden_baseline_file(options.baseline_dir, options.fixture.name, data.tier);
  DatabaseSession session(options.connection, context);
  GoldenCheck result =
      check_golden_baseline(data.source, file, comparison_of(options, session, context));
  if (result.diff.equal()) {
    context.log << "tdm: golden: the data matches " << file.string()
                << (result.text_outdated ? " (as data: its text differs in what is ignored or "
                                           "in form)"
                                         : "")
                << "\n";
    return 0;
  }
  DiffLabels labels{"golden baseline " + file.string(), "current data of " + options.fixture.name};
  std::string where = "below";
  if (options.report_dir.empty()) {
    context.out << render_diff_text(result.diff, labels);
  } else {
    where = write_reports(result.diff, labels, options.report_dir).string();
  }
  context.log << "tdm: golden: " << summary_line(result.diff) << " against " << file.string()
              << "; report: " << where
              << "; fix: if the change is meant, accept it (cmake --build . --target golden-"
              << displayable(options.fixture.name) << ") and commit the baseline\n";
  return 1;
}

}  // namespace

void add_golden_command(CLI::App& app, Context& context, int& exit_code) {
  auto options = std::make_shared<GoldenOptions>();
  CLI::App* golden = app.add_subcommand("golden", "Golden baselines: accepted data kept as text");
  golden->footer(kGoldenHelp);
  golden->require_subcommand(1);

  auto add_common = [&](CLI::App* verb) {
    add_snapshot_identity_options(*verb, options->fixture);
    add_input_options(*verb, options->fixture);
    add_tier_options(*verb, options->tier_flags);
    verb->add_option("--id", options->id, "Exact snapshot id");
    verb->get_option("--name")->required(false);
    add_selector_option(*verb, options->selector);
    verb->add_option("--fixture-file", options->fixture_file,
                     "Compare what this fixture's setup restored (its state file)");
    verb->add_option("--baseline-dir", options->baseline_dir,
                     "Directory of the baselines in your repository (<name>.sql)")
        ->required();
    add_ignore_option(*verb, options->ignore);
    add_run_id_option(*verb, options->run_id);
    add_connection_options(*verb, options->connection);
    verb->get_option("--database")
        ->description(
            "Fixture database: a baseline is compared as data in <database>_golden (dropped "
            "after)");
  };
  CLI::App* accept_verb =
      golden->add_subcommand("accept", "Write the current data as the fixture's baseline");
  add_common(accept_verb);
  accept_verb->callback([options, &context] { accept(*options, context); });

  CLI::App* check_verb = golden->add_subcommand(
      "check", "Compare the current data with the baseline: 0 equal, 1 different");
  add_common(check_verb);
  check_verb->add_option("--report-dir", options->report_dir,
                         "Write the report there (snapshot_diff.txt, .json, .html) instead of to "
                         "stdout");
  check_verb->callback([options, &context, &exit_code] { exit_code = check(*options, context); });
}

}  // namespace tdm::cli
