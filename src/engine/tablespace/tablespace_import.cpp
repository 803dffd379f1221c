#include "engine/tablespace/tablespace_import.hpp"

#include <system_error>

#include "core/error.hpp"
#include "core/sparse_copy.hpp"

namespace tdm {

namespace {

// Sparse: unused extents stay holes, as in the server's own file, and cost no copying.
void copy_into_datadir(const std::filesystem::path& from, const std::filesystem::path& to) {
  try {
    copy_file_sparse(from, to, /*sync=*/false);
  } catch (const std::filesystem::filesystem_error& error) {
    throw Error(ExitCode::kDatabase,
                std::string("cannot copy a cached tablespace: ") + error.what());
  }
}

}  // namespace

void import_tablespace(Connection& connection, const std::filesystem::path& directory,
                       const CachedTablespace& copy) {
  std::string quoted = Connection::quote_identifier(copy.table);
  connection.execute("ALTER TABLE " + quoted + " DISCARD TABLESPACE");
  copy_into_datadir(copy.ibd.path, directory / (copy.table + ".ibd"));
  copy_into_datadir(copy.cfg.path, directory / (copy.table + ".cfg"));
  connection.execute("ALTER TABLE " + quoted + " IMPORT TABLESPACE");
  std::error_code ignored;
  std::filesystem::remove(directory / (copy.table + ".cfg"), ignored);
}

void remove_tablespace_files(const std::filesystem::path& directory, const std::string& table) {
  std::error_code ignored;
  std::filesystem::remove(directory / (table + ".ibd"), ignored);
  std::filesystem::remove(directory / (table + ".cfg"), ignored);
}

}  // namespace tdm
