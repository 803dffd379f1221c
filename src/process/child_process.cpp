#include "process/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <utility>

#include "core/error.hpp"
#include "process/interruption.hpp"

namespace tdm {

namespace {

using Clock = std::chrono::steady_clock;

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

// What the child needs to know, worked out before fork (after it, only async-signal-safe
// calls are allowed: tdm has threads).
struct ChildSetup {
  pid_t parent = 0;                // tdm
  pid_t group = 0;                 // the process group to join (0: a daemon)
  bool stdin_is_terminal = false;  // a background process group must not read it
  unsigned descriptor_limit = 0;   // for closing descriptors where close_range is missing
};

unsigned descriptor_limit() {
  long limit = ::sysconf(_SC_OPEN_MAX);
  constexpr long kMost = 1 << 20;
  return static_cast<unsigned>(limit > 0 && limit < kMost ? limit : kMost);
}

// Closes the descriptors first..last (async-signal-safe).
void close_descriptors(unsigned first, unsigned last, unsigned limit) {
  if (first > last) return;
  if (::close_range(first, last, 0) == 0) return;
  for (unsigned fd = first; fd <= last && fd < limit; ++fd) ::close(static_cast<int>(fd));
}

// Closes every descriptor from `first` up except `keep` (async-signal-safe).
void close_descriptors_except(unsigned first, int keep, unsigned limit) {
  unsigned kept = static_cast<unsigned>(keep);
  if (keep < 0 || kept < first) {
    close_descriptors(first, ~0U, limit);
    return;
  }
  if (kept > first) close_descriptors(first, kept - 1, limit);
  close_descriptors(kept + 1, ~0U, limit);
}

void stdin_from_dev_null() {
  int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd < 0) return;
  ::dup2(null_fd, STDIN_FILENO);
  if (null_fd != STDIN_FILENO) ::close(null_fd);
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

[[noreturn]] void report_and_exit(int report_fd) {
  int error = errno;
  (void)!::write(report_fd, &error, sizeof error);
  _exit(127);
}

// Runs in the child between fork and exec: only async-signal-safe work until execvpe.
[[noreturn]] void exec_child(const ProcessSpec& spec, const ChildSetup& setup,
                             std::vector<char*>& argv, std::vector<char*>& envp, int report_fd) {
  // The signal watcher blocks these in tdm; the mask would survive exec.
  sigset_t none;
  sigemptyset(&none);
  ::pthread_sigmask(SIG_SETMASK, &none, nullptr);
  if (spec.new_session) {
    ::setsid();
    // A daemon must not hold its parent's terminal or pipes (CTest waits for those to close).
    stdin_from_dev_null();
  } else {
    if (::setpgid(0, setup.group) != 0) report_and_exit(report_fd);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != setup.parent) _exit(127);  // tdm is gone already: no signal will come
    if (setup.stdin_is_terminal) stdin_from_dev_null();
  }
  // Nothing of tdm's but stdin, stdout and stderr: an inherited server connection would keep
  // tdm's locks held for as long as the command (or anything it left running) lives.
  close_descriptors_except(3, report_fd, setup.descriptor_limit);
  if (!spec.working_directory.empty() && ::chdir(spec.working_directory.c_str()) != 0) {
    report_and_exit(report_fd);
  }
  redirect(spec.stdout_path, STDOUT_FILENO);
  redirect(spec.stderr_path, STDERR_FILENO);
  ::execvpe(argv[0], argv.data(), envp.data());
  report_and_exit(report_fd);
}

// The watchdog: leader of the child's process group, so the group's number stays taken while
// it lives. It waits on a pipe only tdm can write to: a byte says tdm is done with the group;
// end of file says tdm is gone (however it ended), and then it kills the group, itself last.
[[noreturn]] void run_watchdog(int read_fd, unsigned limit) {
  ::setpgid(0, 0);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU}) {
    ::sigaction(signal_number, &ignore, nullptr);
  }
  close_descriptors_except(0, read_fd, limit);
  char byte = 0;
  ssize_t got = 0;
  do {
    got = ::read(read_fd, &byte, 1);
  } while (got < 0 && errno == EINTR);
  if (got == 1) _exit(0);
  ::kill(0, SIGKILL);
  _exit(0);
}

void wait_for_exit(pid_t pid) {
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

// A pidfd, to sleep until a child exits or a deadline passes; -1 where the kernel has none.
class ExitWatch {
 public:
  explicit ExitWatch(pid_t pid) : fd_(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0))) {}
  ~ExitWatch() {
    if (fd_ >= 0) ::close(fd_);
  }
  ExitWatch(const ExitWatch&) = delete;
  ExitWatch& operator=(const ExitWatch&) = delete;

  void sleep_at_most(std::chrono::milliseconds time) const {
    time = std::min(time, std::chrono::milliseconds(std::chrono::hours(1)));  // fits poll's int
    if (fd_ >= 0) {
      pollfd watch{fd_, POLLIN, 0};
      ::poll(&watch, 1, static_cast<int>(time.count()));
    } else {
      ::usleep(static_cast<useconds_t>(std::min<long long>(time.count(), 20) * 1000));
    }
  }

 private:
  int fd_;
};

}  // namespace

ChildProcess::ChildProcess(const ProcessSpec& spec) {
  if (spec.argv.empty()) throw Error(ExitCode::kInternal, "ChildProcess: empty command");
  std::vector<std::string> arguments = spec.argv;
  std::vector<char*> argv = pointers(arguments);
  std::vector<std::string> environment = child_environment(spec.environment);
  std::vector<char*> envp = pointers(environment);
  ChildSetup setup;
  setup.parent = ::getpid();
  setup.stdin_is_terminal = !spec.new_session && ::isatty(STDIN_FILENO) == 1;
  setup.descriptor_limit = descriptor_limit();

  if (!spec.new_session) {
    int watch[2];
    if (::pipe2(watch, O_CLOEXEC) != 0) {
      throw Error(ExitCode::kInternal, std::string("pipe2 failed: ") + std::strerror(errno));
    }
    watchdog_ = ::fork();
    if (watchdog_ < 0) {
      ::close(watch[0]);
      ::close(watch[1]);
      watchdog_ = 0;
      throw Error(ExitCode::kInternal, std::string("fork failed: ") + std::strerror(errno));
    }
    if (watchdog_ == 0) run_watchdog(watch[0], setup.descriptor_limit);
    ::close(watch[0]);
    watchdog_fd_ = watch[1];
    ::setpgid(watchdog_, watchdog_);  // the child joins this group: it must exist first
    setup.group = watchdog_;
  }

  // A CLOEXEC pipe tells the parent whether exec succeeded: it closes silently on success.
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) {
    int error = errno;
    close_group(false);
    throw Error(ExitCode::kInternal, std::string("pipe2 failed: ") + std::strerror(error));
  }
  pid_ = ::fork();
  if (pid_ < 0) {
    int error = errno;
    ::close(report[0]);
    ::close(report[1]);
    close_group(false);
    throw Error(ExitCode::kInternal, std::string("fork failed: ") + std::strerror(error));
  }
  if (pid_ == 0) {
    ::close(report[0]);
    exec_child(spec, setup, argv, envp, report[1]);
  }
  if (watchdog_ > 0) {
    ::setpgid(pid_, watchdog_);  // also done by the child; whichever comes first
    interruption::add_group(watchdog_, pid_);
  }
  ::close(report[1]);
  int child_errno = 0;
  ssize_t got = ::read(report[0], &child_errno, sizeof child_errno);
  ::close(report[0]);
  if (got == sizeof child_errno) {
    wait_for_exit(pid_);
    pid_ = -1;
    close_group(true);
    std::string where = spec.working_directory.empty() ? "" : " in " + spec.working_directory;
    throw Error(ExitCode::kInvalidInput,
                "cannot run '" + spec.argv[0] + "'" + where + ": " + std::strerror(child_errno),
                "check that the program is installed and on PATH");
  }
}

ChildProcess::~ChildProcess() {
  if (pid_ <= 0 && watchdog_ <= 0) return;
  try {
    if (pid_ > 0) {
      end();
    } else {
      close_group(true);
    }
  } catch (const Error&) {
    // Nothing more to do: the watchdog ends the group when tdm exits.
  }
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      watchdog_(std::exchange(other.watchdog_, 0)),
      watchdog_fd_(std::exchange(other.watchdog_fd_, -1)) {}

std::optional<int> ChildProcess::reap(std::optional<std::chrono::milliseconds> timeout) {
  std::optional<ExitWatch> watch;
  auto deadline = Clock::now() + timeout.value_or(std::chrono::milliseconds(0));
  for (;;) {
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, timeout ? WNOHANG : 0);
    if (done == pid_) {
      pid_ = -1;
      return decode_status(status);
    }
    if (done < 0) {
      if (errno == EINTR) continue;
      int error = errno;
      pid_ = -1;
      throw Error(ExitCode::kInternal, std::string("waitpid failed: ") + std::strerror(error));
    }
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    if (!watch) watch.emplace(pid_);
    watch->sleep_at_most(left);
  }
}

int ChildProcess::wait() {
  int code = *reap(std::nullopt);
  close_group(true);
  return code;
}

std::optional<int> ChildProcess::wait_for(std::chrono::milliseconds timeout) {
  std::optional<int> code = reap(timeout);
  if (code) close_group(true);
  return code;
}

std::optional<int> ChildProcess::poll() {
  return wait_for(std::chrono::milliseconds(0));
}

int ChildProcess::end() {
  if (watchdog_ > 0) {
    ::kill(-watchdog_, SIGTERM);
  } else {
    ::kill(pid_, SIGTERM);
  }
  std::optional<int> code = reap(kTerminationGrace);
  // Whatever of the group is still there (the child, what it started) is killed; the
  // watchdog, which ignores SIGTERM, too.
  if (watchdog_ > 0) {
    ::kill(-watchdog_, SIGKILL);
  } else if (!code) {
    ::kill(pid_, SIGKILL);
  }
  if (!code) code = reap(std::nullopt);
  close_group(false);
  return *code;
}

pid_t ChildProcess::release() {
  close_group(true);
  return std::exchange(pid_, -1);
}

void ChildProcess::close_group(bool done) {
  if (watchdog_ <= 0) return;
  // Forget the group before the watchdog can go: its number may be reused once it is reaped.
  if (!interruption::remove_group(watchdog_)) interruption::wait_for_the_end();
  if (done) {
    char byte = 'd';
    (void)!::write(watchdog_fd_, &byte, 1);
  }
  ::close(watchdog_fd_);
  wait_for_exit(watchdog_);
  watchdog_ = 0;
  watchdog_fd_ = -1;
}

int run_to_completion(const ProcessSpec& spec) {
  return ChildProcess(spec).wait();
}

bool process_alive(pid_t pid) {
  if (pid <= 0) return false;
  return ::kill(pid, 0) == 0 || errno == EPERM;
}

}  // namespace tdm
