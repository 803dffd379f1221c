#include "migration/from_snapshot.hpp"

#include "core/error.hpp"
#include "exchange/sql_import.hpp"
#include "hashing/inputs.hpp"
#include "hashing/manifest.hpp"

namespace tdm {

namespace {

FromSnapshot imported(const ConnectionParams& server, const SnapshotStore& store,
                      const FromSnapshotRequest& request, const TestDatabaseRule& rule) {
  const SnapshotSelector& selector = request.selector;
  std::filesystem::path file = std::filesystem::absolute(request.from_export);
  // The export itself is the data model: another export, another snapshot id.
  Manifest manifest = compute_manifest(collect_inputs({file.string()}, request.base));
  SqlImportRequest import{.dump = file,
                          .scratch_database = request.scratch_database,
                          .name = selector.name,
                          .version = selector.version,
                          .manifest = manifest,
                          .lock_timeout = request.lock_timeout,
                          .tier = selector.tier};
  return {import_sql_dump(server, store, import, rule), "imported from " + file.string()};
}

[[noreturn]] void missing(const SnapshotStore& store, const FromSnapshotRequest& request) {
  std::string selector = request.selector.text();
  std::string export_file = request.selector.name + "-" + request.selector.version + ".sql";
  std::string problem = "no snapshot of " + selector + " in " + store.dir().string();
  if (request.remote && !request.remote->empty()) problem += " or the remote stores";
  if (!request.from_export.empty()) {
    problem += ", and its export " + request.from_export.string() + " does not exist";
  } else {
    problem += ", and no export of it given (FROM_EXPORT, --from-export)";
  }
  throw Error(ExitCode::kSnapshot, problem,
              "where version " + request.selector.version +
                  " is checked out, build its snapshot (cmake --build <dir> --target snapshot-" +
                  request.selector.name + ") and export it (tdm snapshot export --snapshot " +
                  selector + " --output " + export_file +
                  "), commit that file and name it in FROM_EXPORT (--from-export)");
}

}  // namespace

FromSnapshot locate_from_snapshot(const ConnectionParams& server, const SnapshotStore& store,
                                  const FromSnapshotRequest& request,
                                  const TestDatabaseRule& rule) {
  const SnapshotSelector& selector = request.selector;
  if (auto found = store.latest(selector.name, selector.version, selector.tier)) {
    return {*found, "snapshot store " + store.dir().string()};
  }
  if (request.remote && !request.remote->empty()) {
    if (auto fetched =
            storage::fetch_selected(*request.remote, store, selector, request.lock_timeout)) {
      return {*fetched, "remote snapshot stores"};
    }
  }
  if (!request.from_export.empty() && std::filesystem::is_regular_file(request.from_export)) {
    return imported(server, store, request, rule);
  }
  missing(store, request);
}

}  // namespace tdm
