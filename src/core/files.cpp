#include "core/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace tdm {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void io_failure(const std::string& what, const fs::path& path) {
  throw Error(ExitCode::kInvalidInput,
              "cannot " + what + " " + path.string() + ": " + std::strerror(errno),
              "check that the path exists and is writable");
}

void fsync_path(const fs::path& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) io_failure("read", path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

fs::path temporary_sibling(const fs::path& path) {
  static std::atomic<unsigned> counter{0};  // uniqueness within the process only
  return path.parent_path() / (path.filename().string() + ".tmp." + std::to_string(::getpid()) +
                               "." + std::to_string(counter++));
}

void sync_file(const fs::path& path) {
  fsync_path(path, O_RDONLY);
  fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

void atomic_write_file(const fs::path& path, std::string_view content, Durability durability) {
  if (!path.parent_path().empty()) {
    std::error_code error;
    fs::create_directories(path.parent_path(), error);
    if (error) {
      errno = error.value();
      io_failure("create the directory", path.parent_path());
    }
  }
  fs::path temporary = temporary_sibling(path);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) io_failure("write", temporary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      fs::remove(temporary);
      io_failure("write", temporary);
    }
  }
  bool synced = durability == Durability::kSynced;
  if (synced) fsync_path(temporary, O_RDONLY);
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) {
    fs::remove(temporary);
    throw Error(
        ExitCode::kInvalidInput,
        "cannot rename " + temporary.string() + " to " + path.string() + ": " + error.message(),
        "check that the directory is writable");
  }
  if (synced) sync_file(path);
}

bool write_file_if_changed(const fs::path& path, std::string_view content) {
  std::error_code error;
  if (fs::exists(path, error) && fs::file_size(path, error) == content.size() &&
      read_file(path) == content) {
    return false;
  }
  atomic_write_file(path, content);
  return true;
}

TemporaryFile::~TemporaryFile() {
  std::error_code ignored;  // best effort: a leftover temporary is what prune removes
  if (!path_.empty()) std::filesystem::remove(path_, ignored);
}

void TemporaryFile::rename_to(const std::filesystem::path& target) {
  std::filesystem::rename(path_, target);
  path_.clear();
}

}  // namespace tdm
