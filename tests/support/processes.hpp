#pragma once

#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>

#include "support/test_files.hpp"

// Looking at processes a test started indirectly (a command's children), by PID.
namespace tdm::testing {

// True when `pid` no longer runs: it does not exist, or it is a zombie nobody reaped yet.
inline bool process_gone(pid_t pid) {
  std::string stat = read_bytes("/proc/" + std::to_string(pid) + "/stat");
  std::size_t name_end = stat.rfind(')');
  return name_end == std::string::npos || name_end + 2 >= stat.size() || stat[name_end + 2] == 'Z';
}

inline bool process_gone_within(pid_t pid, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!process_gone(pid)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// The PID a command wrote to `path` with `echo $! > path` or `echo $$ > path`, once the line is
// complete; nullopt after `limit`.
inline std::optional<pid_t> pid_from_file(const std::filesystem::path& path,
                                          std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    std::string text = read_bytes(path);
    if (!text.empty() && text.back() == '\n') return static_cast<pid_t>(std::stol(text));
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Kills what a failed test may have left running.
inline void kill_if_running(std::optional<pid_t> pid) {
  if (pid && *pid > 0 && !process_gone(*pid)) ::kill(*pid, SIGKILL);
}

}  // namespace tdm::testing
