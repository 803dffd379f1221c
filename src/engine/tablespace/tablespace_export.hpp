#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "engine/common/database_inventory.hpp"
#include "snapshot/tablespace_cache.hpp"

namespace tdm {

// The tables whose tablespace can be copied and imported elsewhere: InnoDB, not partitioned,
// no FULLTEXT index (its auxiliary tables are not part of the copy), plain file names.
std::vector<std::string> tablespace_copy_candidates(const DatabaseInventory& inventory);

// Holds `tables` still with FLUSH TABLES ... FOR EXPORT on a connection of its own, so their
// .ibd files are complete and unchanging (with the .cfg the server writes beside each), and
// copies them into a tablespace cache entry. The lock (and the .cfg files) go when the object
// is destroyed.
class TablespaceExport {
 public:
  // Throws Error when the server refuses the lock or the exported files are not visible in
  // `directory` (then the server is not the one whose files are there).
  TablespaceExport(const ConnectionParams& params, const std::string& database,
                   std::filesystem::path directory, std::vector<std::string> tables);

  // Copies every table's .ibd and .cfg into a tablespace cache entry.
  void copy_to(TablespaceCacheWriter& cache) const;

  const std::vector<std::string>& tables() const { return tables_; }

 private:
  Connection connection_;
  std::filesystem::path directory_;
  std::vector<std::string> tables_;
};

}  // namespace tdm
