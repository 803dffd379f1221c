#include "core/file_io.hpp"

#include <unistd.h>

#include <cerrno>

namespace tdm {

bool write_all_at(int fd, std::string_view bytes, off_t offset) {
  while (!bytes.empty()) {
    ssize_t written = ::pwrite(fd, bytes.data(), bytes.size(), offset);
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(written));
    offset += written;
  }
  return true;
}

ssize_t read_fully_at(int fd, char* out, std::size_t length, off_t offset) {
  std::size_t done = 0;
  while (done < length) {
    ssize_t got = ::pread(fd, out + done, length - done, offset + static_cast<off_t>(done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return -1;
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  return static_cast<ssize_t>(done);
}

}  // namespace tdm
