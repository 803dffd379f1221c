#include "engine/tablespace_capture.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/error.hpp"
#include "core/files.hpp"
#include "engine/progress_reporter.hpp"
#include "engine/server_files.hpp"

namespace tdm {

namespace {

constexpr std::size_t kReadBytes = std::size_t{1} << 20;

[[noreturn]] void read_failure(const std::filesystem::path& path) {
  throw Error(ExitCode::kSnapshot, "cannot read " + path.string() + ": " + std::strerror(errno),
              "capture without tablespace copies, or check the data directory's permissions");
}

// Streams one .ibd file into the writer's open tablespace section.
void copy_file_into(const std::filesystem::path& path, PayloadWriter& writer,
                    ProgressReporter& progress) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) read_failure(path);
  std::vector<char> block(kReadBytes);
  for (;;) {
    ssize_t got = ::read(fd, block.data(), block.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      ::close(fd);
      read_failure(path);
    }
    if (got == 0) break;
    writer.append_tablespace(std::string_view(block.data(), static_cast<std::size_t>(got)));
    progress.add(static_cast<std::uint64_t>(got), 0);
  }
  ::close(fd);
}

}  // namespace

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

void TablespaceExport::write_to(PayloadWriter& writer, const std::string& server_version,
                                const ProgressObserver& progress) const {
  std::uint64_t total = 0;
  if (progress) {
    std::error_code unknown;  // a size not known here only makes the total short
    for (const std::string& table : tables_) {
      auto size = std::filesystem::file_size(directory_ / (table + ".ibd"), unknown);
      if (!unknown) total += size;
    }
  }
  ProgressReporter copied(progress, "copying tablespaces", total, 0);
  for (const std::string& table : tables_) {
    writer.begin_tablespace({table, server_version, read_file(directory_ / (table + ".cfg"))});
    copy_file_into(directory_ / (table + ".ibd"), writer, copied);
    writer.end_tablespace();
  }
}

}  // namespace tdm
