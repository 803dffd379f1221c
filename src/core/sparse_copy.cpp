#include "core/sparse_copy.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

#include "core/file_io.hpp"

namespace tdm {

namespace fs = std::filesystem;

namespace {

// Holes are made block by block: a block of only zeros is skipped.
constexpr std::size_t kBlock = 4096;
constexpr std::size_t kChunk = 1 << 20;

[[noreturn]] void fail(const char* what, const fs::path& path) {
  throw fs::filesystem_error(what, path, std::error_code(errno, std::generic_category()));
}

// Owns one file descriptor.
class Descriptor {
 public:
  Descriptor(const fs::path& path, int flags, mode_t mode = 0)
      : fd_(::open(path.c_str(), flags | O_CLOEXEC, mode)) {
    if (fd_ < 0) fail("cannot open", path);
  }
  ~Descriptor() { ::close(fd_); }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;

  int get() const { return fd_; }

 private:
  int fd_;
};

bool all_zero(const char* data, std::size_t size) {
  static const char zeros[kBlock] = {};
  return std::memcmp(data, zeros, size) == 0;
}

void write_fully(int fd, const char* data, std::size_t size, off_t offset, const fs::path& to) {
  if (!write_all_at(fd, std::string_view(data, size), offset)) fail("cannot write", to);
}

// Writes the non-zero blocks of `data` (which sits at `offset` in the file) as few runs.
void write_non_zero_runs(int fd, const char* data, std::size_t size, off_t offset,
                         const fs::path& to) {
  std::size_t run_start = 0;
  bool in_run = false;
  for (std::size_t at = 0; at < size; at += kBlock) {
    std::size_t length = std::min(kBlock, size - at);
    bool zero = all_zero(data + at, length);
    if (!zero && !in_run) run_start = at;
    if (zero && in_run) write_fully(fd, data + run_start, at - run_start, offset + run_start, to);
    in_run = !zero;
  }
  if (in_run) write_fully(fd, data + run_start, size - run_start, offset + run_start, to);
}

// Copies [begin, end) of the source, a range that holds data (not a hole).
void copy_range(int in, int out, off_t begin, off_t end, std::vector<char>& buffer,
                const fs::path& from, const fs::path& to) {
  for (off_t offset = begin; offset < end;) {
    std::size_t wanted = static_cast<std::size_t>(std::min<off_t>(end - offset, kChunk));
    ssize_t got = ::pread(in, buffer.data(), wanted, offset);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) fail("cannot read", from);
    if (got == 0) break;  // the file shrank under us: the rest is left a hole
    write_non_zero_runs(out, buffer.data(), static_cast<std::size_t>(got), offset, to);
    offset += got;
  }
}

// The data ranges of the source are found with SEEK_DATA/SEEK_HOLE, so holes of a sparse
// source (a template copied this way) are not even read; where the filesystem does not
// support them the whole file is one data range.
void copy_sparse(const fs::path& from, const fs::path& to, std::vector<char>& buffer, bool sync) {
  Descriptor in(from, O_RDONLY);
  struct stat source {};
  if (::fstat(in.get(), &source) != 0) fail("cannot stat", from);
  Descriptor out(to, O_WRONLY | O_CREAT | O_EXCL, source.st_mode & 07777);
  for (off_t offset = 0; offset < source.st_size;) {
    off_t data = ::lseek(in.get(), offset, SEEK_DATA);
    if (data < 0 && errno == ENXIO) break;  // only a hole is left
    if (data < 0) data = offset;
    off_t hole = ::lseek(in.get(), data, SEEK_HOLE);
    if (hole < 0) hole = source.st_size;
    copy_range(in.get(), out.get(), data, hole, buffer, from, to);
    offset = hole;
  }
  // Sets the size, which trailing holes did not.
  if (::ftruncate(out.get(), source.st_size) != 0) fail("cannot resize", to);
  // umask may have narrowed the mode given to open().
  if (::fchmod(out.get(), source.st_mode & 07777) != 0) fail("cannot chmod", to);
  if (sync && ::fsync(out.get()) != 0) fail("cannot sync", to);
}

void sync_directory(const fs::path& dir) {
  Descriptor handle(dir, O_RDONLY | O_DIRECTORY);
  if (::fsync(handle.get()) != 0) fail("cannot sync", dir);
}

}  // namespace

void copy_tree_sparse(const fs::path& from, const fs::path& to, bool sync) {
  std::vector<char> buffer(kChunk);
  std::vector<fs::path> directories = {to};
  fs::create_directory(to);
  fs::permissions(to, fs::status(from).permissions());
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(from)) {
    fs::path target = to / entry.path().lexically_relative(from);
    fs::file_status status = entry.symlink_status();  // a symbolic link is refused, not followed
    if (fs::is_directory(status)) {
      fs::create_directory(target);
      fs::permissions(target, status.permissions());
      directories.push_back(target);
    } else if (fs::is_regular_file(status)) {
      copy_sparse(entry.path(), target, buffer, sync);
    } else {
      throw fs::filesystem_error("neither a directory nor a regular file", entry.path(),
                                 std::make_error_code(std::errc::not_supported));
    }
  }
  // Directories last: their entries are in place once the files are.
  if (sync) {
    for (const fs::path& dir : directories) sync_directory(dir);
  }
}

void copy_file_sparse(const fs::path& from, const fs::path& to, bool sync) {
  std::vector<char> buffer(kChunk);
  copy_sparse(from, to, buffer, sync);
}

}  // namespace tdm
