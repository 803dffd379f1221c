#include "engine/tablespace_import.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

#include "core/error.hpp"

namespace tdm {

namespace {

// Owns a file descriptor opened for writing.
class OutputFile {
 public:
  explicit OutputFile(const std::filesystem::path& path)
      : path_(path), fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0660)) {
    if (fd_ < 0) fail("create");
  }
  ~OutputFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  int fd() const { return fd_; }
  [[noreturn]] void fail(const char* what) const {
    throw Error(ExitCode::kDatabase,
                std::string("cannot ") + what + " " + path_.string() + ": " + std::strerror(errno));
  }

 private:
  std::filesystem::path path_;
  int fd_;
};

// Copies one stored extent, in the kernel where it can (copy_file_range), else through memory.
void copy_extent(const PayloadFile& file, const FileExtent& extent, const OutputFile& out) {
  loff_t from = static_cast<loff_t>(extent.payload_offset);
  loff_t to = static_cast<loff_t>(extent.file_offset);
  std::uint64_t left = extent.size;
  while (left > 0) {
    ssize_t copied = ::copy_file_range(file.descriptor(), &from, out.fd(), &to, left, 0);
    if (copied < 0 && errno == EINTR) continue;
    if (copied <= 0) break;  // not supported here (or cut short): finish by hand
    left -= static_cast<std::uint64_t>(copied);
  }
  std::vector<char> buffer(std::size_t{1} << 20);
  while (left > 0) {
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size()));
    std::size_t got = file.read_at(static_cast<std::uint64_t>(from), buffer.data(), want);
    if (got != want) throw Error(ExitCode::kSnapshot, "snapshot payload ended inside a tablespace");
    if (::pwrite(out.fd(), buffer.data(), got, to) != static_cast<ssize_t>(got)) out.fail("write");
    from += static_cast<loff_t>(got);
    to += static_cast<loff_t>(got);
    left -= got;
  }
}

void write_ibd(const std::filesystem::path& path, const PayloadFile& file,
               const TablespaceData& tablespace) {
  OutputFile out(path);
  for (const FileExtent& extent : tablespace.extents) {
    if (!extent.hole) copy_extent(file, extent, out);
  }
  // Holes were skipped; the size makes the file whole (and sparse).
  if (::ftruncate(out.fd(), static_cast<off_t>(tablespace.file_bytes)) != 0) out.fail("size");
}

void write_cfg(const std::filesystem::path& path, const std::string& content) {
  OutputFile out(path);
  if (::write(out.fd(), content.data(), content.size()) != static_cast<ssize_t>(content.size())) {
    out.fail("write");
  }
}

}  // namespace

void import_tablespace(Connection& connection, const std::filesystem::path& directory,
                       const PayloadFile& file, const TablespaceData& tablespace) {
  const std::string& table = tablespace.header.table;
  std::string quoted = Connection::quote_identifier(table);
  connection.execute("ALTER TABLE " + quoted + " DISCARD TABLESPACE");
  write_ibd(directory / (table + ".ibd"), file, tablespace);
  write_cfg(directory / (table + ".cfg"), tablespace.header.cfg);
  connection.execute("ALTER TABLE " + quoted + " IMPORT TABLESPACE");
  std::error_code ignored;
  std::filesystem::remove(directory / (table + ".cfg"), ignored);
}

void remove_tablespace_files(const std::filesystem::path& directory, const std::string& table) {
  std::error_code ignored;
  std::filesystem::remove(directory / (table + ".ibd"), ignored);
  std::filesystem::remove(directory / (table + ".cfg"), ignored);
}

}  // namespace tdm
