#pragma once

#include <chrono>
#include <filesystem>

namespace tdm {

// An exclusive advisory lock (flock) on a file, held for this object's lifetime. The kernel
// drops it when the process dies, so a killed tdm never leaves a stale lock behind.
class FileLock {
 public:
  // Waits up to `timeout`; throws Error(kBusy) naming the holder's PID when still taken.
  FileLock(const std::filesystem::path& path, std::chrono::milliseconds timeout);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace tdm
