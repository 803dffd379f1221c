#include "engine/restore.hpp"

#include <chrono>
#include <optional>
#include <system_error>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "core/stopwatch.hpp"
#include "engine/common/auto_increment.hpp"
#include "engine/common/session_settings.hpp"
#include "engine/restore/parallel_load.hpp"
#include "engine/restore/schema_restore.hpp"
#include "engine/tablespace/server_files.hpp"
#include "engine/tablespace/tablespace_cache_build.hpp"
#include "lock/database_drop.hpp"
#include "snapshot/payload/reader.hpp"
#include "snapshot/tablespace_cache.hpp"
#include "state/bookkeeping.hpp"

namespace tdm {

namespace {

// Whether the payload on disk is the very file the cache entry's builder verified against
// the digest the metadata expects now, so that reading it whole again would find nothing new.
bool verified_with_cache(const std::optional<TablespaceCacheEntry>& cache,
                         const RestoreRequest& request, const FileStamp& stamp) {
  return cache && !request.expected_sha256.empty() &&
         cache->verified_sha256 == request.expected_sha256 && cache->verified_stamp == stamp;
}

struct RestorePlan {
  const PayloadFile& file;
  const PayloadIndex& index;
  std::optional<std::filesystem::path> data_dir;  // set when tablespaces may be used or cached
  std::optional<TablespaceCacheEntry> cache;
  std::string cache_dropped;  // why an entry found was refused, for the restore's notes
};

// Everything from the first change to the target database to the last object.
LoadResult apply_payload(const ConnectionParams& params, Connection& control,
                         const RestoreRequest& request, const RestorePlan& plan) {
  recreate_database(control, request.target_database, plan.index.database, request.lock_timeout);
  ConnectionParams target = params.with_database(request.target_database);
  Connection schema(target);
  prepare_restore_session(schema);
  create_tables(schema, plan.index);
  std::optional<TablespaceImport> import;
  if (plan.cache) {
    if (auto directory = writable_database_directory(*plan.data_dir, request.target_database)) {
      import = TablespaceImport{*directory, *plan.cache};
    }
  }
  LoadResult loaded =
      load_all_tables(target, plan.file, plan.index, request.threads, import, request.progress);
  // An imported InnoDB table now and then comes back with its counter at 0 ("AUTOINC next
  // value generation is disabled" in the server log): set every counter as captured.
  restore_auto_increments(schema, request.target_database, plan.index);
  create_stored_objects(schema, plan.index.objects);
  return loaded;
}

// After a restore that loaded rows where copies could have been imported: keep copies of
// the result, so the next restore on this server imports them.
bool cache_tablespaces(const ConnectionParams& params, const RestoreRequest& request,
                       const RestorePlan& plan, const FileStamp& stamp) {
  // Without the metadata's digest there is nothing to check the file against next time.
  if (request.expected_sha256.empty()) return false;
  auto directory = writable_database_directory(*plan.data_dir, request.target_database);
  if (!directory) return false;
  return build_tablespace_cache(
      params.with_database(request.target_database), *directory, plan.index,
      {request.payload_path, plan.index.recorded_sha256, request.expected_sha256, stamp});
}

// Entries are shared only for a payload the metadata's digest vouches for.
bool shares_tablespaces(const RestoreRequest& request) {
  return request.shared_tablespaces && !request.expected_sha256.empty();
}

void publish_tablespaces(SharedTablespaces& shared, const TablespaceEntryId& id) {
  TablespaceCacheLookup built =
      find_tablespace_cache(id.payload_path, id.content_digest, id.server_version);
  if (built.entry) shared.publish(id, *built.entry);
}

}  // namespace

void recreate_database(Connection& control, const std::string& target,
                       const DatabaseDefinition& like, std::chrono::seconds lock_timeout) {
  std::string quoted = Connection::quote_identifier(target);
  std::string create = "CREATE DATABASE " + quoted;
  if (!like.charset.empty()) create += " CHARACTER SET " + control.quote(like.charset);
  if (!like.collation.empty()) create += " COLLATE " + control.quote(like.collation);
  if (!like.comment.empty()) create += " COMMENT " + control.quote(like.comment);
  drop_database(control, target, lock_timeout);
  control.execute(create);
}

RestoreStats restore_database(const ConnectionParams& params, const RestoreRequest& request,
                              const TestDatabaseRule& rule) {
  Stopwatch started;
  const std::string& target = request.target_database;
  rule.require(target, "restore a snapshot into");

  PayloadFile file(request.payload_path);
  FileStamp stamp = stamp_of(request.payload_path);
  PayloadIndex index = read_payload_index(file);
  Connection control(params.with_database(""));
  prepare_restore_session(control);
  // Cached tablespace copies are used (and built) only where the server's datadir is
  // writable here.
  RestorePlan plan{file, index, std::nullopt, std::nullopt, ""};
  if (request.tablespace_copies) plan.data_dir = writable_data_directory(control);
  TablespaceEntryId entry_id{request.payload_path, request.expected_sha256, index.recorded_sha256,
                             control.server_version()};
  if (plan.data_dir) {
    TablespaceCacheLookup lookup = find_tablespace_cache(
        entry_id.payload_path, entry_id.content_digest, entry_id.server_version);
    if (!lookup.entry && shares_tablespaces(request) &&
        request.shared_tablespaces->fetch(entry_id)) {
      lookup.entry = find_tablespace_cache(entry_id.payload_path, entry_id.content_digest,
                                           entry_id.server_version)
                         .entry;
    }
    plan.cache = std::move(lookup.entry);
    plan.cache_dropped = std::move(lookup.dropped);
  }
  if (!verified_with_cache(plan.cache, request, stamp)) {
    verify_payload(file, request.expected_sha256, request.progress);
  }
  RestoreStats stats;
  stats.verify_seconds = started.seconds();

  Bookkeeping bookkeeping(control);
  bookkeeping.begin(target, DatabaseState::kRestoring, request.snapshot_name,
                    request.data_model_hash);
  try {
    LoadResult loaded = apply_payload(params, control, request, plan);
    stats.rows = loaded.rows;
    stats.imported_copies = std::move(loaded.imported_copies);
    stats.notes = std::move(loaded.notes);
    if (!plan.cache_dropped.empty()) stats.notes.push_back(plan.cache_dropped);
  } catch (const Error& error) {
    throw Error(error.code(), "restoring " + request.payload_path.filename().string() + " into '" +
                                  target + "': " + error.what());
  }
  if (plan.cache && !stats.notes.empty()) {
    // The server refused copies of this entry: drop it, or every restore would try it again.
    std::error_code ignored;
    std::filesystem::remove_all(plan.cache->directory, ignored);
  }
  if (plan.data_dir && stats.tablespaces_imported() == 0) {
    stats.tablespace_cache_built = cache_tablespaces(params, request, plan, stamp);
    if (stats.tablespace_cache_built && shares_tablespaces(request)) {
      publish_tablespaces(*request.shared_tablespaces, entry_id);
    }
  }
  bookkeeping.finish(target, DatabaseState::kRestored, request.snapshot_name,
                     request.data_model_hash);

  stats.bytes = file.size();
  stats.tables = index.tables.size();
  stats.seconds = started.seconds();
  return stats;
}

}  // namespace tdm
