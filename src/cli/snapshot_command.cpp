#include <cstdio>

#include "cli/commands.hpp"
#include "cli/connection_options.hpp"
#include "cli/fixture_options.hpp"
#include "core/display.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "fixture/run_id.hpp"
#include "fixture/snapshot_build.hpp"
#include "hashing/inputs.hpp"
#include "lock/lock_timeout.hpp"
#include "snapshot/store.hpp"
#include "snapshot/store_check.hpp"
#include "snapshot_ops/snapshot_capture.hpp"
#include "snapshot_ops/snapshot_restore.hpp"
#include "snapshot_ops/store_upkeep.hpp"

namespace tdm::cli {

namespace {

struct SnapshotOptions {
  FixtureSpec fixture;
  ConnectionFlags connection;
  SeedFlags seed_flags;
  TierFlags tier_flags;
  std::string id;
  std::string selector;  // --snapshot
  std::size_t keep = 1;
  bool across_versions = false;  // prune: keep per name and tier only
  std::string older_than;
  bool dry_run = false;
  bool json = false;
  bool rows_only = false;  // restore: load rows, no tablespace cache
  std::string run_id;      // build: --run-id
};

void create(SnapshotOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  complete_tier(options.fixture, options.tier_flags, context.env);
  DatabaseSession session(options.connection, context);
  Manifest manifest =
      compute_manifest(collect_inputs(options.fixture.inputs, options.fixture.base));
  ProgressDisplay progress = progress_display(context, "capture");
  CaptureOptions capture;
  capture.progress = progress.observer();
  StoredSnapshot snapshot =
      create_snapshot(session.params(), SnapshotStore(options.fixture.snapshot_dir),
                      {session.database(), options.fixture.name, options.fixture.version, manifest,
                       "cli", "", std::nullopt, options.fixture.tier},
                      lock_timeout(context.env), capture);
  progress.finish();
  context.log << "tdm: captured " << session.database() << " as " << snapshot.id << " ("
              << snapshot.metadata->total_rows() << " rows, "
              << format_megabytes(snapshot.metadata->file_size_bytes) << ", "
              << format_seconds(snapshot.metadata->duration_seconds) << ")\n";
  context.out << snapshot.payload_path.string() << "\n";
}

void build(SnapshotOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  complete_tier(options.fixture, options.tier_flags, context.env);
  complete_seed_settings(options.fixture, options.seed_flags, context.env);
  const std::string run_id = choose_run_id(options.run_id, context.env).run_id;
  std::optional<DatabaseSession> session;  // only when the snapshot must be built
  ProgressDisplay progress = progress_display(context, "capture");
  SnapshotBuild build = build_snapshot(
      {options.fixture, lock_timeout(context.env), progress.observer()},
      [&] {
        session.emplace(options.connection, context);
        return BuildTarget{session->params(), run_database(session->database(), run_id)};
      },
      TestDatabaseRule::from_environment(context.env), context.log);
  progress.finish();
  if (build.reused) return;
  context.log << "tdm: built snapshot " << build.snapshot.id << " ("
              << build.snapshot.metadata->total_rows() << " rows, "
              << format_megabytes(build.snapshot.metadata->file_size_bytes) << ")\n";
}

// Which path the restore took, for its one-line log.
std::string how_restored(const RestoreStats& stats) {
  std::string how;
  if (stats.tablespaces_imported > 0) {
    how = "; " + std::to_string(stats.tablespaces_imported) +
          (stats.tablespaces_imported == 1 ? " table" : " tables") +
          " imported from the tablespace cache";
  }
  if (stats.tablespace_cache_built) how = "; rows loaded, tablespace cache built";
  for (const std::string& note : stats.notes) how += "; " + note;
  return how;
}

void restore(SnapshotOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  complete_tier(options.fixture, options.tier_flags, context.env);
  SnapshotChoice choice{options.id, options.fixture.name, options.fixture.version,
                        options.fixture.tier, selector_of(options.selector)};
  DatabaseSession session(options.connection, context);
  StoredSnapshot snapshot = chosen_snapshot(SnapshotStore(options.fixture.snapshot_dir), choice);
  ProgressDisplay progress = progress_display(context, "restore");
  RestoreRequest request{payload_target(snapshot, session.database())};
  request.tablespace_copies = !options.rows_only;
  request.progress = progress.observer();
  RestoreStats stats = restore_snapshot(session.params(), request, lock_timeout(context.env),
                                        TestDatabaseRule::from_environment(context.env));
  progress.finish();
  context.log << "tdm: restored " << snapshot.id << " into " << session.database() << " ("
              << stats.rows << " rows in " << format_seconds(stats.seconds) << how_restored(stats)
              << ")\n";
}

void verify(SnapshotOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  SnapshotStore store(options.fixture.snapshot_dir);
  StoreCheck check = check_store(store, options.id);
  for (const StoreFinding& finding : check.findings) {
    char verdict[16];
    std::snprintf(verdict, sizeof verdict, "%-8s", to_string(finding.verdict));
    context.out << verdict << " " << displayable(finding.subject)
                << (finding.detail.empty() ? "" : ": " + displayable(finding.detail)) << "\n";
  }
  check.require_no_problems(store.dir());
}

std::string age_of(const SnapshotMetadata& meta) {
  auto age =
      std::chrono::seconds(std::max<std::int64_t>(0, now_epoch_ms() - meta.created_at_ms) / 1000);
  return format_duration(age);
}

// --name and --version: a snapshot without usable metadata shows only when neither is given.
bool listed(const StoredSnapshot& snapshot, const FixtureSpec& filter) {
  if (filter.name.empty() && filter.version.empty()) return true;
  if (!snapshot.metadata) return false;
  return (filter.name.empty() || snapshot.metadata->name == filter.name) &&
         (filter.version.empty() || snapshot.metadata->version == filter.version);
}

void list(SnapshotOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  SnapshotStore store(options.fixture.snapshot_dir);
  auto snapshots = store.list();
  std::erase_if(snapshots,
                [&](const StoredSnapshot& snapshot) { return !listed(snapshot, options.fixture); });
  if (options.json) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& snapshot : snapshots) {
      all.push_back(snapshot.metadata
                        ? to_json(*snapshot.metadata)
                        : nlohmann::json{{"id", snapshot.id}, {"problem", snapshot.problem}});
      all.back()["id"] = snapshot.id;
      if (snapshot.metadata) all.back()["tier"] = snapshot.metadata->tier;
      if (!snapshot.payload_problem.empty()) all.back()["problem"] = snapshot.payload_problem;
    }
    context.out << all.dump(2) << "\n";
    return;
  }
  char line[512];
  std::snprintf(line, sizeof line, "%-40s %-12s %-10s %-8s %-12s %10s %10s  %s\n", "ID", "TIER",
                "VERSION", "AGE", "HASH", "SIZE", "ROWS", "VIA");
  context.out << line;
  for (const auto& snapshot : snapshots) {
    if (!snapshot.metadata) {
      context.out << snapshot.id << "  UNUSABLE: " << snapshot.problem << "\n";
      continue;
    }
    const SnapshotMetadata& meta = *snapshot.metadata;
    std::snprintf(line, sizeof line, "%-40s %-12s %-10s %-8s %-12s %10s %10llu  %s\n",
                  snapshot.id.c_str(), meta.tier.empty() ? "-" : meta.tier.c_str(),
                  meta.version.empty() ? "-" : meta.version.c_str(), age_of(meta).c_str(),
                  meta.data_model_hash.substr(0, 12).c_str(),
                  format_megabytes(meta.file_size_bytes).c_str(),
                  static_cast<unsigned long long>(meta.total_rows()), meta.captured_via.c_str());
    context.out << line;
    // Size and rows are what the metadata records: say when the payload does not match them.
    if (!snapshot.payload_problem.empty()) {
      context.out << "  ^ PAYLOAD PROBLEM: " << displayable(snapshot.payload_problem) << "\n";
    }
  }
}

void prune(SnapshotOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  PruneRequest request{options.keep, std::nullopt, options.dry_run, !options.across_versions};
  if (!options.older_than.empty()) request.max_age = parse_duration(options.older_than);
  auto result = prune_snapshots(SnapshotStore(options.fixture.snapshot_dir), request,
                                lock_timeout(context.env));
  for (const auto& path : result.removed) {
    context.out << (options.dry_run ? "would remove " : "removed ") << path.string() << "\n";
  }
  context.log << "tdm: prune: " << result.removed.size() << " files "
              << (options.dry_run ? "would be " : "") << "removed\n";
}

CLI::App* verb(CLI::App& parent, const char* name, const char* description) {
  return parent.add_subcommand(name, description);
}

}  // namespace

void add_snapshot_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<SnapshotOptions>();
  CLI::App* snapshot = app.add_subcommand(
      "snapshot", "Create, build, restore, verify, list, prune, export and import snapshots");
  snapshot->require_subcommand(1);

  CLI::App* create_verb =
      verb(*snapshot, "create", "Capture a database into a snapshot (+ .meta.json)");
  add_snapshot_identity_options(*create_verb, options->fixture);
  add_tier_option(*create_verb, options->tier_flags);
  add_input_options(*create_verb, options->fixture);
  add_connection_options(*create_verb, options->connection);
  create_verb->callback([options, &context] { create(*options, context); });

  CLI::App* build_verb = verb(*snapshot, "build",
                              "Seed the database (SQL dirs or command) and capture a snapshot: the "
                              "build rule of tdm_add_snapshot");
  add_snapshot_identity_options(*build_verb, options->fixture);
  add_input_options(*build_verb, options->fixture);
  add_seed_options(*build_verb, options->fixture, options->seed_flags);
  add_tier_options(*build_verb, options->tier_flags);
  add_run_id_option(*build_verb, options->run_id);
  add_connection_options(*build_verb, options->connection);
  build_verb->callback([options, &context] { build(*options, context); });

  CLI::App* restore_verb = verb(*snapshot, "restore",
                                "Bring a test database to a snapshot's state (checksum verified "
                                "first; marked restored only when complete). On a local server the "
                                "first restore also keeps InnoDB tablespace copies beside the "
                                "snapshot (<id>.tablespaces/), which later restores import");
  add_snapshot_identity_options(*restore_verb, options->fixture);
  add_tier_option(*restore_verb, options->tier_flags);
  restore_verb->add_option("--id", options->id, "Exact snapshot id (default: newest of --name)");
  restore_verb->get_option("--name")->required(false);
  add_selector_option(*restore_verb, options->selector);
  restore_verb->add_flag("--rows-only", options->rows_only,
                         "Load every table's rows, neither importing nor building the tablespace "
                         "cache: the logical path an external server takes (benchmarks)");
  add_connection_options(*restore_verb, options->connection);
  restore_verb->callback([options, &context] { restore(*options, context); });

  CLI::App* verify_verb = verb(*snapshot, "verify",
                               "Check every snapshot's metadata, payload (against its checksum) "
                               "and tablespace cache, and report files no snapshot accounts for");
  verify_verb->add_option("--dir", options->fixture.snapshot_dir,
                          "Snapshot directory (default: ./snapshots)");
  verify_verb->add_option("--id", options->id, "Only this snapshot");
  verify_verb->callback([options, &context] { verify(*options, context); });

  CLI::App* list_verb =
      verb(*snapshot, "list", "List snapshots with tier, version, age, hash, size and rows");
  list_verb->add_option("--dir", options->fixture.snapshot_dir,
                        "Snapshot directory (default: ./snapshots)");
  list_verb->add_option("--name", options->fixture.name, "Only snapshots of this fixture name");
  list_verb->add_option("--version", options->fixture.version,
                        "Only snapshots of this version (semver)");
  list_verb->add_flag("--json", options->json,
                      "Print the metadata as JSON (with each snapshot's schemaFingerprint)");
  list_verb->callback([options, &context] { list(*options, context); });

  CLI::App* prune_verb =
      verb(*snapshot, "prune",
           "Delete old snapshots, unusable ones and leftovers of interrupted writes");
  prune_verb->add_option("--dir", options->fixture.snapshot_dir,
                         "Snapshot directory (default: ./snapshots)");
  prune_verb
      ->add_option("--keep", options->keep, "Newest snapshots to keep per name, tier and version")
      ->capture_default_str();
  prune_verb->add_flag("--across-versions", options->across_versions,
                       "Keep the --keep newest per name and tier whatever their version, so "
                       "older versions go");
  prune_verb->add_option("--older-than", options->older_than,
                         "Also delete snapshots older than this (e.g. 30d)");
  prune_verb->add_flag("--dry-run", options->dry_run, "Only say what would be deleted");
  prune_verb->callback([options, &context] { prune(*options, context); });
  add_snapshot_exchange_commands(*snapshot, context);
}

}  // namespace tdm::cli
