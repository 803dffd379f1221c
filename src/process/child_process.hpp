#pragma once

#include <sys/types.h>

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

// A child process owned by this object: the destructor terminates and reaps it unless it was
// waited for or released (daemons that must outlive tdm are released).
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
  // Blocks until the child exits; returns its exit code, or 128+signal when it was killed.
  int wait();
  // Exit code if the child has exited, nullopt while it is still running.
  std::optional<int> poll();
  // Gives up ownership: the child keeps running after this object is gone.
  pid_t release();

 private:
  pid_t pid_ = -1;
};

// Runs a command to completion and returns its exit code.
int run_to_completion(const ProcessSpec& spec);

// True when a process with this PID exists (signal 0 succeeds or is denied).
bool process_alive(pid_t pid);

}  // namespace tdm
