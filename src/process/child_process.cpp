#include "process/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <utility>

#include "core/error.hpp"

namespace tdm {

namespace {

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

void redirect(const std::string& path, int target_fd) {
  if (path.empty()) return;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0 || ::dup2(fd, target_fd) < 0) _exit(126);
  ::close(fd);
}

// The child's environment: ours with the spec's changes, built before fork so that the child
// only does async-signal-safe work.
std::vector<std::string> child_environment(const std::map<std::string, std::string>& changes) {
  std::vector<std::string> entries;
  for (char** entry = environ; *entry; ++entry) {
    std::string_view text(*entry);
    std::string name(text.substr(0, text.find('=')));
    if (!changes.count(name)) entries.emplace_back(text);
  }
  for (const auto& [name, value] : changes) {
    if (!value.empty()) entries.push_back(name + "=" + value);
  }
  return entries;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (auto& text : strings) result.push_back(text.data());
  result.push_back(nullptr);
  return result;
}

// Runs in the child between fork and exec: only async-signal-safe work until execvpe.
[[noreturn]] void exec_child(const ProcessSpec& spec, std::vector<char*>& argv,
                             std::vector<char*>& envp, int report_fd) {
  if (spec.new_session) {
    ::setsid();
    // A daemon must not hold its parent's terminal or pipes (CTest waits for those to close).
    int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
  }
  if (!spec.working_directory.empty() && ::chdir(spec.working_directory.c_str()) != 0) {
    int error = errno;
    (void)!::write(report_fd, &error, sizeof error);
    _exit(127);
  }
  redirect(spec.stdout_path, STDOUT_FILENO);
  redirect(spec.stderr_path, STDERR_FILENO);
  ::execvpe(argv[0], argv.data(), envp.data());
  int error = errno;
  (void)!::write(report_fd, &error, sizeof error);
  _exit(127);
}

}  // namespace

ChildProcess::ChildProcess(const ProcessSpec& spec) {
  if (spec.argv.empty()) throw Error(ExitCode::kInternal, "ChildProcess: empty command");
  std::vector<std::string> arguments = spec.argv;
  std::vector<char*> argv = pointers(arguments);
  std::vector<std::string> environment = child_environment(spec.environment);
  std::vector<char*> envp = pointers(environment);

  // A CLOEXEC pipe tells the parent whether exec succeeded: it closes silently on success.
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) {
    throw Error(ExitCode::kInternal, std::string("pipe2 failed: ") + std::strerror(errno));
  }
  pid_ = ::fork();
  if (pid_ < 0) {
    ::close(report[0]);
    ::close(report[1]);
    throw Error(ExitCode::kInternal, std::string("fork failed: ") + std::strerror(errno));
  }
  if (pid_ == 0) {
    ::close(report[0]);
    exec_child(spec, argv, envp, report[1]);
  }
  ::close(report[1]);
  int child_errno = 0;
  ssize_t got = ::read(report[0], &child_errno, sizeof child_errno);
  ::close(report[0]);
  if (got == sizeof child_errno) {
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
    std::string where = spec.working_directory.empty() ? "" : " in " + spec.working_directory;
    throw Error(ExitCode::kInvalidInput,
                "cannot run '" + spec.argv[0] + "'" + where + ": " + std::strerror(child_errno),
                "check that the program is installed and on PATH");
  }
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept : pid_(std::exchange(other.pid_, -1)) {}

int ChildProcess::wait() {
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) {
      pid_ = -1;
      throw Error(ExitCode::kInternal, std::string("waitpid failed: ") + std::strerror(errno));
    }
  }
  pid_ = -1;
  return decode_status(status);
}

std::optional<int> ChildProcess::poll() {
  int status = 0;
  pid_t done = ::waitpid(pid_, &status, WNOHANG);
  if (done == 0) return std::nullopt;
  pid_ = -1;
  return done < 0 ? 1 : decode_status(status);
}

pid_t ChildProcess::release() {
  return std::exchange(pid_, -1);
}

int run_to_completion(const ProcessSpec& spec) {
  return ChildProcess(spec).wait();
}

bool process_alive(pid_t pid) {
  if (pid <= 0) return false;
  return ::kill(pid, 0) == 0 || errno == EPERM;
}

}  // namespace tdm
