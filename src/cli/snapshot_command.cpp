#include <cstdio>

#include "cli/commands.hpp"
#include "cli/connection_options.hpp"
#include "cli/fixture_options.hpp"
#include "cli/remote_options.hpp"
#include "core/display.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "fixture/run_id.hpp"
#include "fixture/snapshot_build.hpp"
#include "hashing/inputs.hpp"
#include "lock/lock_timeout.hpp"
#include "snapshot/payload/verification.hpp"
#include "snapshot/store.hpp"
#include "snapshot/store_check.hpp"
#include "snapshot_ops/snapshot_capture.hpp"
#include "snapshot_ops/snapshot_restore.hpp"
#include "snapshot_ops/spare_databases.hpp"
#include "snapshot_ops/store_upkeep.hpp"
#include "storage/remote_prune.hpp"

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
  bool rows_only = false;       // restore: load rows, no tablespace cache
  bool spare = false;           // restore: swap in the target's spare when it is proven
  std::string run_id;           // build: --run-id
  std::string remote_storage;   // --remote-storage
  bool remote = false;          // list --remote
  std::string remote_selector;  // push [selector], pull <selector>
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
  // Like every fresh capture (bootstrap, build, teardown): shared through the stores.
  open_remote_stores(options.remote_storage, context).upload(snapshot);
  context.out << snapshot.payload_path.string() << "\n";
}

void build(SnapshotOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  complete_tier(options.fixture, options.tier_flags, context.env);
  complete_seed_settings(options.fixture, options.seed_flags, context.env);
  const std::string run_id = choose_run_id(options.run_id, context.env).run_id;
  std::optional<DatabaseSession> session;  // only when the snapshot must be built
  ProgressDisplay progress = progress_display(context, "capture");
  storage::RemoteStores remote = open_remote_stores(options.remote_storage, context);
  SnapshotBuild build = build_snapshot(
      {options.fixture, lock_timeout(context.env), progress.observer(), &remote},
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
  if (stats.tablespaces_imported() > 0) {
    how = "; " + std::to_string(stats.tablespaces_imported()) +
          (stats.tablespaces_imported() == 1 ? " table" : " tables") +
          " imported from the tablespace cache";
  }
  if (stats.tablespace_cache_built) how = "; rows loaded, tablespace cache built";
  if (!stats.spare.empty()) how = "; spare " + stats.spare + " swapped in";
  for (const std::string& note : stats.notes) how += "; " + note;
  return how;
}

// The snapshot `choice` names: from the snapshot directory, else fetched from the remote stores
// (the newest one of the selector there), else the directory's error saying what is missing.
StoredSnapshot restorable_snapshot(const SnapshotOptions& options, const SnapshotChoice& choice,
                                   storage::RemoteStores& remote, Context& context) {
  SnapshotStore store(options.fixture.snapshot_dir);
  try {
    return chosen_snapshot(store, choice);
  } catch (const Error& error) {
    // Missing or unusable here (kSnapshot): a store may hold a whole one. Anything else, or
    // nothing fetched, is the directory's answer.
    if (error.code() != ExitCode::kSnapshot || remote.empty()) throw;
    bool fetched = false;
    if (!choice.id.empty()) {
      fetched =
          storage::fetch_snapshot(remote, store, choice.id, lock_timeout(context.env)).has_value();
    } else {
      SnapshotSelector selector =
          choice.selector.value_or(SnapshotSelector{choice.name, choice.version, choice.tier});
      fetched =
          storage::fetch_selected(remote, store, selector, lock_timeout(context.env)).has_value();
    }
    if (!fetched) throw;
    return chosen_snapshot(store, choice);
  }
}

// The one snapshot the options of add_snapshot_choice_options name, the fixture and tier
// completed from the environment first.
SnapshotChoice snapshot_choice(SnapshotOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  complete_tier(options.fixture, options.tier_flags, context.env);
  return {options.id, options.fixture.name, options.fixture.version, options.fixture.tier,
          selector_of(options.selector)};
}

void restore(SnapshotOptions& options, Context& context) {
  SnapshotChoice choice = snapshot_choice(options, context);
  DatabaseSession session(options.connection, context);
  storage::RemoteStores remote = open_remote_stores(options.remote_storage, context);
  StoredSnapshot snapshot = restorable_snapshot(options, choice, remote, context);
  ProgressDisplay progress = progress_display(context, "restore");
  RestoreRequest request{payload_target(snapshot, session.database())};
  request.tablespace_copies = !options.rows_only;
  storage::RemoteTablespaces shared(remote);
  if (!remote.empty()) request.shared_tablespaces = &shared;
  request.progress = progress.observer();
  const TestDatabaseRule rule = TestDatabaseRule::from_environment(context.env);
  RestoreStats stats;
  if (options.spare) {
    SpareRestore restored =
        restore_with_spare(session.params(), request, lock_timeout(context.env), rule);
    stats = std::move(restored.stats);
    if (!restored.declined.empty()) {
      context.log << "tdm: spare not used: " << displayable(restored.declined) << "\n";
    }
  } else {
    stats = restore_snapshot(session.params(), request, lock_timeout(context.env), rule);
  }
  progress.finish();
  context.log << "tdm: restored " << snapshot.id << " into " << session.database() << " ("
              << stats.rows << " rows in " << format_seconds(stats.seconds) << how_restored(stats)
              << ")\n";
}

// The spare of --database: the old contents a swap left dropped, the spare brought to the
// snapshot's state for the next `restore --spare`.
void spare(SnapshotOptions& options, Context& context) {
  SnapshotChoice choice = snapshot_choice(options, context);
  DatabaseSession session(options.connection, context);
  storage::RemoteStores remote = open_remote_stores(options.remote_storage, context);
  StoredSnapshot snapshot = restorable_snapshot(options, choice, remote, context);
  SpareRefill refill =
      refill_spare(session.params(), payload_target(snapshot, session.database()), 2,
                   lock_timeout(context.env), TestDatabaseRule::from_environment(context.env));
  context.log << "tdm: spare " << spare_database(session.database()) << " of " << snapshot.id << " "
              << describe(refill.spare) << "; old contents dropped in "
              << format_seconds(refill.trash_seconds) << "\n";
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
// --name for a remote listing, which has ids only: a cheap filter by the id's start.
bool listed_id(const std::string& id, const FixtureSpec& filter) {
  return filter.name.empty() || id.rfind(filter.name + "-", 0) == 0;
}

bool listed(const StoredSnapshot& snapshot, const FixtureSpec& filter) {
  if (filter.name.empty() && filter.version.empty()) return true;
  if (!snapshot.metadata) return false;
  return (filter.name.empty() || snapshot.metadata->name == filter.name) &&
         (filter.version.empty() || snapshot.metadata->version == filter.version);
}

// `list --remote`: the ids each store holds, one per line after the store's name.
void list_remote(const SnapshotOptions& options, Context& context) {
  storage::RemoteStores remote = open_remote_stores(options.remote_storage, context);
  if (remote.empty()) {
    throw Error(ExitCode::kUsage, "no remote store to list",
                "set TDM_REMOTE_STORAGE or pass --remote-storage URLS");
  }
  for (const storage::RemoteListing& listing : remote.list()) {
    context.out << listing.store << ": " << listing.ids.size()
                << (listing.ids.size() == 1 ? " snapshot\n" : " snapshots\n");
    for (const std::string& id : listing.ids) {
      if (listed_id(id, options.fixture)) context.out << "  " << displayable(id) << "\n";
    }
  }
}

void list(SnapshotOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  if (options.remote) {
    list_remote(options, context);
    return;
  }
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

// `push [selector]`: the newest usable snapshot the selector names, or every usable one.
void push(SnapshotOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  SnapshotStore store(options.fixture.snapshot_dir);
  storage::RemoteStores remote = open_remote_stores(options.remote_storage, context);
  if (remote.empty()) {
    throw Error(ExitCode::kUsage, "no remote store to push to",
                "set TDM_REMOTE_STORAGE or pass --remote-storage URLS");
  }
  std::vector<StoredSnapshot> snapshots;
  if (!options.remote_selector.empty()) {
    snapshots.push_back(store.selected(parse_selector(options.remote_selector)));
  } else {
    for (StoredSnapshot& snapshot : store.list()) {
      if (snapshot.metadata && snapshot.payload_problem.empty()) snapshots.push_back(snapshot);
    }
  }
  for (const StoredSnapshot& snapshot : snapshots) {
    verify_payload(snapshot.payload_path, snapshot.metadata->payload_sha256);
    remote.push(snapshot);
  }
  context.log << "tdm: push: " << snapshots.size()
              << (snapshots.size() == 1 ? " snapshot\n" : " snapshots\n");
}

// `pull <selector|id>`: into the snapshot directory, checked before it is renamed into place.
void pull(SnapshotOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  storage::RemoteStores remote = open_remote_stores(options.remote_storage, context);
  if (remote.empty()) {
    throw Error(ExitCode::kUsage, "no remote store to pull from",
                "set TDM_REMOTE_STORAGE or pass --remote-storage URLS");
  }
  StoredSnapshot snapshot =
      storage::pull_snapshot(remote, SnapshotStore(options.fixture.snapshot_dir),
                             options.remote_selector, lock_timeout(context.env));
  context.out << snapshot.payload_path.string() << "\n";
}

// `prune --remote`: the remote stores, by the rules of the local prune.
void prune_remote(const SnapshotOptions& options, const PruneRequest& request, Context& context) {
  storage::RemoteStorageSettings settings =
      storage::remote_storage_settings(options.remote_storage, context.env);
  if (settings.stores.empty()) {
    throw Error(ExitCode::kUsage, "no remote store to prune",
                "set TDM_REMOTE_STORAGE or pass --remote-storage URLS");
  }
  for (const storage::RemotePruneResult& result : storage::prune_remote_stores(
           settings, {request.keep, request.max_age, request.per_version}, request.dry_run)) {
    if (result.read_only) {
      context.log << "tdm: prune: remote store " << result.store << " is read-only -> skipped\n";
      continue;
    }
    for (const std::string& key : result.removed) {
      context.out << (request.dry_run ? "would remove " : "removed ") << result.store << "/"
                  << displayable(key) << "\n";
    }
    context.log << "tdm: prune: " << result.removed.size() << " objects "
                << (request.dry_run ? "would be " : "") << "removed from " << result.store << "\n";
  }
}

void prune(SnapshotOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  PruneRequest request{options.keep, std::nullopt, options.dry_run, !options.across_versions};
  if (!options.older_than.empty()) request.max_age = parse_duration(options.older_than);
  if (options.remote) {
    prune_remote(options, request, context);
    return;
  }
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

// Which one snapshot a verb acts on: --name [--version] [--tier], an exact --id, or a selector.
void add_snapshot_choice_options(CLI::App& verb, SnapshotOptions& options) {
  add_snapshot_identity_options(verb, options.fixture);
  add_tier_option(verb, options.tier_flags);
  verb.add_option("--id", options.id, "Exact snapshot id (default: newest of --name)");
  verb.get_option("--name")->required(false);
  add_selector_option(verb, options.selector);
}

}  // namespace

void add_snapshot_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<SnapshotOptions>();
  CLI::App* snapshot = app.add_subcommand(
      "snapshot",
      "Create, build, restore, verify, list, prune, push, pull, export and import snapshots; "
      "prepare spares");
  snapshot->require_subcommand(1);

  CLI::App* create_verb =
      verb(*snapshot, "create", "Capture a database into a snapshot (+ .meta.json)");
  add_snapshot_identity_options(*create_verb, options->fixture);
  add_tier_option(*create_verb, options->tier_flags);
  add_input_options(*create_verb, options->fixture);
  add_remote_storage_option(*create_verb, options->remote_storage);
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
  add_remote_storage_option(*build_verb, options->remote_storage);
  add_connection_options(*build_verb, options->connection);
  build_verb->callback([options, &context] { build(*options, context); });

  CLI::App* restore_verb = verb(*snapshot, "restore",
                                "Bring a test database to a snapshot's state (checksum verified "
                                "first; marked restored only when complete). On a local server the "
                                "first restore also keeps InnoDB tablespace copies beside the "
                                "snapshot (<id>.tablespaces/), which later restores import");
  add_snapshot_choice_options(*restore_verb, *options);
  restore_verb->add_flag("--rows-only", options->rows_only,
                         "Load every table's rows, neither importing nor building the tablespace "
                         "cache: the logical path an external server takes (benchmarks)");
  restore_verb->add_flag("--spare", options->spare,
                         "Rename the tables of the database's spare (<database>__spare, made by "
                         "`tdm snapshot spare`) into it when the spare is proven to hold this "
                         "snapshot untouched; otherwise restore as usual, saying why. The old "
                         "contents wait in <database>__trash for `tdm snapshot spare`");
  add_remote_storage_option(*restore_verb, options->remote_storage);
  add_connection_options(*restore_verb, options->connection);
  restore_verb->callback([options, &context] { restore(*options, context); });

  CLI::App* spare_verb = verb(*snapshot, "spare",
                              "Prepare the spare of a test database (<database>__spare) from a "
                              "snapshot, for `tdm snapshot restore --spare`, and drop the old "
                              "contents the last swap left (<database>__trash): the work a swap "
                              "leaves for an idle moment");
  add_snapshot_choice_options(*spare_verb, *options);
  add_remote_storage_option(*spare_verb, options->remote_storage);
  add_connection_options(*spare_verb, options->connection);
  spare_verb->callback([options, &context] { spare(*options, context); });

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
  list_verb->add_flag("--remote", options->remote,
                      "List the snapshot ids each remote store holds instead (exit code 10 when a "
                      "store fails)");
  add_remote_storage_option(*list_verb, options->remote_storage);
  list_verb->callback([options, &context] { list(*options, context); });

  CLI::App* push_verb = verb(*snapshot, "push",
                             "Upload snapshots to the remote stores ($TDM_REMOTE_STORAGE): the "
                             "newest one the selector names, or every usable one; exit code 10 "
                             "when a store fails");
  push_verb->add_option("selector", options->remote_selector, "NAME[@VERSION][:TIER]");
  push_verb->add_option("--dir", options->fixture.snapshot_dir,
                        "Snapshot directory (default: ./snapshots)");
  add_remote_storage_option(*push_verb, options->remote_storage);
  push_verb->callback([options, &context] { push(*options, context); });

  CLI::App* pull_verb = verb(*snapshot, "pull",
                             "Download the newest snapshot the selector (or exact id) names from "
                             "the first remote store that has it, checked before use; exit code "
                             "10 when no store has it or a store fails");
  pull_verb->add_option("selector", options->remote_selector, "NAME[@VERSION][:TIER] or an id")
      ->required();
  pull_verb->add_option("--dir", options->fixture.snapshot_dir,
                        "Snapshot directory (default: ./snapshots)");
  add_remote_storage_option(*pull_verb, options->remote_storage);
  pull_verb->callback([options, &context] { pull(*options, context); });

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
  prune_verb->add_flag("--remote", options->remote,
                       "Prune the remote stores instead (pointers, then the payloads only they "
                       "named; read-only stores are skipped)");
  add_remote_storage_option(*prune_verb, options->remote_storage);
  prune_verb->callback([options, &context] { prune(*options, context); });
  add_snapshot_exchange_commands(*snapshot, context);
}

}  // namespace tdm::cli
