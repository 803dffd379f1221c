#include "lock/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <thread>

#include "core/error.hpp"

namespace tdm {

namespace {

constexpr std::size_t kHolderWidth = 12;  // a pid (at most 7 digits), padded, and a newline

std::string read_holder(int fd) {
  char buffer[32] = {};
  ssize_t got = ::pread(fd, buffer, sizeof buffer - 1, 0);
  std::string holder = got > 0 ? std::string(buffer, static_cast<std::size_t>(got)) : "";
  while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
  return holder.empty() ? "unknown" : holder;
}

// Always the same length, so it overwrites the last holder without a truncate (an ext4 journal
// write: 0.2-0.4 ms on every tdm run, twice with the server's start lock).
void write_holder(int fd) {
  std::string pid = std::to_string(::getpid());
  pid.resize(kHolderWidth - 1, ' ');
  pid += '\n';
  (void)!::pwrite(fd, pid.data(), pid.size(), 0);
}

}  // namespace

FileLock::FileLock(const std::filesystem::path& path, std::chrono::milliseconds timeout) {
  if (!path.parent_path().empty()) std::filesystem::create_directories(path.parent_path());
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw Error(ExitCode::kInvalidInput,
                "cannot open lock file " + path.string() + ": " + std::strerror(errno),
                "check that the directory is writable");
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      ::close(fd_);
      throw Error(ExitCode::kInternal, "flock " + path.string() + ": " + std::strerror(errno));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      std::string holder = read_holder(fd_);
      ::close(fd_);
      throw Error(ExitCode::kBusy,
                  "another tdm (pid " + holder + ") holds " + path.string() + " for " +
                      std::to_string(timeout.count() / 1000) + " s",
                  "wait for it to finish, or raise TDM_LOCK_TIMEOUT (seconds)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  write_holder(fd_);
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace tdm
