#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>

#include "process/child_process.hpp"

namespace tdm {

// Long-lived processes that tdm starts and leaves running after it exits (the app and browser
// servers of a test slot): each in a session and process group of its own, with stdin from
// /dev/null and its output in a log file (CTest waits for a test's pipes to close), and known
// only by its pid file, "<pid> <start time>\n". The start time (clock ticks since boot, from
// /proc/<pid>/stat) tells the process tdm started from a later one that got its PID: a pid file
// whose process is gone or another one is stale, and is removed without signalling anyone.

// Starts `spec` as a daemon (its `new_session` set) and writes its pid file before returning,
// so that a kill of tdm right after leaves nothing that the pid file does not name.
pid_t start_daemon(ProcessSpec spec, const std::filesystem::path& pid_file);

// The PID of the daemon `pid_file` names, when that very process still runs.
std::optional<pid_t> running_daemon(const std::filesystem::path& pid_file);

// Ends the daemon `pid_file` names and its whole process group (SIGTERM, then SIGKILL after
// `grace`), waits until it is gone and removes the pid file. A stale pid file is only removed.
// Returns whether a running daemon was stopped.
bool stop_daemon(const std::filesystem::path& pid_file,
                 std::chrono::milliseconds grace = std::chrono::seconds(5));

// stop_daemon() for every "*.pid" file below `dir`; returns how many daemons ran.
std::size_t stop_daemons_below(const std::filesystem::path& dir);

}  // namespace tdm
