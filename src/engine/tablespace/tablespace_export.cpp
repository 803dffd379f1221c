#include "engine/tablespace/tablespace_export.hpp"

#include <unistd.h>

#include "core/error.hpp"
#include "engine/tablespace/server_files.hpp"

namespace tdm {

std::vector<std::string> tablespace_copy_candidates(const DatabaseInventory& inventory) {
  std::vector<std::string> tables;
  for (const TableInfo& table : inventory.tables) {
    if (table.engine == "InnoDB" && !table.partitioned && !table.fulltext &&
        has_plain_file_name(table.name)) {
      tables.push_back(table.name);
    }
  }
  return tables;
}

TablespaceExport::TablespaceExport(const ConnectionParams& params, const std::string& database,
                                   std::filesystem::path directory, std::vector<std::string> tables)
    : connection_(params.with_database(database)),
      directory_(std::move(directory)),
      tables_(std::move(tables)) {
  std::string list;
  for (const std::string& table : tables_) {
    list += (list.empty() ? "" : ", ") + Connection::quote_identifier(table);
  }
  // Wait a little for writers to finish, not for ever: the capture then goes without copies.
  connection_.execute("SET SESSION lock_wait_timeout = 30");
  connection_.execute("FLUSH TABLES " + list + " FOR EXPORT");
  for (const std::string& table : tables_) {
    std::filesystem::path ibd = directory_ / (table + ".ibd");
    std::filesystem::path cfg = directory_ / (table + ".cfg");
    if (::access(ibd.c_str(), R_OK) != 0 || ::access(cfg.c_str(), R_OK) != 0) {
      throw Error(ExitCode::kSnapshot, "the exported files of `" + table +
                                           "` are not readable in " + directory_.string());
    }
  }
}

void TablespaceExport::copy_to(TablespaceCacheWriter& cache) const {
  for (const std::string& table : tables_) {
    cache.add(table, directory_ / (table + ".ibd"), directory_ / (table + ".cfg"));
  }
}

}  // namespace tdm
