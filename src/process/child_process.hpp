#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tdm {

// What to run. The environment is the parent's plus `environment` (an empty value unsets).
struct ProcessSpec {
  std::vector<std::string> argv;
  std::map<std::string, std::string> environment;
  std::string working_directory;  // empty: inherit
  std::string stdout_path;        // empty: inherit; otherwise appended to
  std::string stderr_path;        // empty: inherit; otherwise appended to
  bool new_session = false;       // detach from our terminal and process group (daemons)
};

// A child process owned by this object.
//
// Whatever it is, the child inherits no descriptor of tdm's but stdin, stdout and stderr (not
// the server connections, whose sessions hold tdm's locks, nor lock or snapshot files).
//
// Unless it is a daemon (`new_session`), the child and everything it starts die with tdm:
// - it runs in a process group of its own, which a watchdog process anchors (so that the
//   group's number cannot be reused while tdm may still signal it);
// - the watchdog ends the whole group with SIGKILL as soon as tdm is gone, even by kill -9;
// - the child itself gets SIGKILL when the thread that started it ends (PR_SET_PDEATHSIG);
//   start it from a thread that outlives it;
// - a SignalWatcher ends the group when tdm is interrupted.
// Being in a group of its own, it cannot read from the terminal: when tdm's stdin is a
// terminal, the child's stdin is /dev/null (a prompt sees end of input instead of hanging).
// Processes it leaves running after it exited by itself are left alone.
//
// The destructor ends a child still running (its whole group: SIGTERM, then SIGKILL after a
// grace of two seconds) and reaps it, unless it was waited for or released (daemons that must
// outlive tdm are released).
class ChildProcess {
 public:
  // Throws Error(kInvalidInput) when the program cannot be started (not found, not executable).
  explicit ChildProcess(const ProcessSpec& spec);
  ~ChildProcess();
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // The child's process group (0 for a daemon, which has a session of its own).
  pid_t group() const { return watchdog_; }
  // Blocks until the child exits; returns its exit code, or 128+signal when it was killed.
  int wait();
  // Like wait(), but gives up after `timeout` and returns nullopt; the child keeps running.
  std::optional<int> wait_for(std::chrono::milliseconds timeout);
  // Exit code if the child has exited, nullopt while it is still running.
  std::optional<int> poll();
  // Ends the child and its process group (SIGTERM, SIGKILL after a grace of two seconds) and
  // reaps it; returns its exit code (128+signal when a signal ended it).
  int end();
  // Gives up ownership: the child keeps running after this object is gone.
  pid_t release();

 private:
  // Reaps the child, waiting at most `timeout` (none: as long as it takes); nullopt when it is
  // still running then.
  std::optional<int> reap(std::optional<std::chrono::milliseconds> timeout);
  // After the child was reaped: forgets its group and lets the watchdog go, leaving the rest of
  // the group alone (`done`) or killing it (end of file on its pipe).
  void close_group(bool done);

  pid_t pid_ = -1;
  pid_t watchdog_ = 0;    // leader of the child's process group; 0: none (a daemon)
  int watchdog_fd_ = -1;  // its pipe: a byte means "done"; end of file means "tdm is gone"
};

// Runs a command to completion and returns its exit code.
int run_to_completion(const ProcessSpec& spec);

// True when a process with this PID exists (signal 0 succeeds or is denied).
bool process_alive(pid_t pid);

}  // namespace tdm
