#include "engine/tablespace/tablespace_cache_build.hpp"

#include <set>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "engine/common/database_inventory.hpp"
#include "engine/tablespace/tablespace_export.hpp"

namespace tdm {

namespace {

// The tables worth a copy: those that can be exported and hold rows in the payload (an empty
// table is created empty faster than one is imported).
std::vector<std::string> tables_to_copy(Connection& connection, const std::string& database,
                                        const PayloadIndex& index) {
  std::set<std::string> with_rows;
  for (const TableData& data : index.data) {
    if (data.rows > 0) with_rows.insert(data.layout.table);
  }
  std::vector<std::string> tables;
  for (const std::string& table :
       tablespace_copy_candidates(read_table_inventory(connection, database))) {
    if (with_rows.count(table)) tables.push_back(table);
  }
  return tables;
}

}  // namespace

bool build_tablespace_cache(const ConnectionParams& target, const std::filesystem::path& directory,
                            const PayloadIndex& index, const RestoredPayload& payload) {
  try {
    Connection connection(target);
    std::vector<std::string> tables = tables_to_copy(connection, target.database, index);
    if (tables.empty()) return false;
    TablespaceCacheWriter writer(payload.path, payload.content_digest, connection.server_version());
    {
      TablespaceExport exported(target, target.database, directory, tables);
      exported.copy_to(writer);
    }  // tables released before the manifest is written
    writer.commit(payload.verified_sha256, payload.stamp);
    return true;
  } catch (const Error&) {
    // Broad on purpose: the cache is only a cache, built after the restore succeeded. Whatever
    // stops it (no privilege, a lock not granted in time, a full disk), the next restore loads
    // rows again; a server that is gone fails the next command that needs it.
    return false;
  }
}

}  // namespace tdm
