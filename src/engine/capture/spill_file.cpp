#include "engine/capture/spill_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "core/error.hpp"
#include "core/file_io.hpp"

namespace tdm {

SpillFile::SpillFile(std::filesystem::path directory) : directory_(std::move(directory)) {}

SpillFile::SpillFile(SpillFile&& other) noexcept
    : directory_(std::move(other.directory_)),
      fd_(std::exchange(other.fd_, -1)),
      size_(other.size_) {}

SpillFile::~SpillFile() {
  if (fd_ >= 0) ::close(fd_);
}

void SpillFile::open() {
  fd_ = ::open(directory_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd_ >= 0) return;
  // File systems without unnamed files: a named one, unlinked at once.
  std::string name = (directory_ / ".tdm-spill.XXXXXX").string();
  fd_ = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd_ < 0) fail("create", std::strerror(errno));
  ::unlink(name.c_str());
}

std::uint64_t SpillFile::append(std::string_view bytes) {
  if (fd_ < 0) open();
  const std::uint64_t offset = size_;
  if (!write_all_at(fd_, bytes, static_cast<off_t>(offset))) fail("write", std::strerror(errno));
  size_ += bytes.size();
  return offset;
}

void SpillFile::read(std::uint64_t offset, std::size_t bytes, std::string& out) const {
  out.resize(bytes);
  ssize_t got = read_fully_at(fd_, out.data(), bytes, static_cast<off_t>(offset));
  if (got < 0) fail("read", std::strerror(errno));
  if (static_cast<std::size_t>(got) != bytes) fail("read", "it ended early");
}

void SpillFile::fail(const std::string& action, const std::string& reason) const {
  throw Error(ExitCode::kSnapshot,
              "cannot " + action + " a temporary file for rows read ahead in " +
                  directory_.string() + " (" + reason + ")",
              "check that the directory is writable and has room: while it runs, a capture may "
              "need up to its payload's size again there");
}

}  // namespace tdm
