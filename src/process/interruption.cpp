#include "process/interruption.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <vector>

#include "core/error.hpp"

namespace tdm {

namespace {

using Clock = std::chrono::steady_clock;

struct Group {
  pid_t group;
  pid_t child;
};

// The process-wide state (see interruption.hpp): guarded by `mutex`. Once `signal` is set, an
// interruption is being handled and `groups` no longer changes.
struct Registry {
  std::mutex mutex;
  int signal = 0;
  std::vector<Group> groups;
  std::vector<std::string> notes;
};

Registry& registry() {
  static Registry instance;
  return instance;
}

std::string signal_name(int signal_number) {
  switch (signal_number) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "signal " + std::to_string(signal_number);
  }
}

std::string line_for(int signal_number, const std::string& note) {
  std::string what = note.empty() ? "before it finished; anything it was writing is left "
                                    "unfinished and will not be trusted: run the command again"
                                  : note;
  return "tdm: interrupted by " + signal_name(signal_number) + " " + what;
}

// True while `child` has not exited (it may have been reaped by the thread that waits for it:
// then it is gone too). Does not reap.
bool still_running(pid_t child) {
  siginfo_t info;
  std::memset(&info, 0, sizeof info);
  if (::waitid(P_PID, child, &info, WEXITED | WNOHANG | WNOWAIT) != 0) return false;
  return info.si_pid == 0;
}

void write_all(int fd, const std::string& text) {
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    ssize_t written = ::write(fd, data, left);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;
    data += written;
    left -= static_cast<std::size_t>(written);
  }
}

// Ends every child's process group, says what is left, and ends tdm.
[[noreturn]] void end_tdm(int signal_number, int log_fd) {
  std::vector<Group> groups;
  std::string note;
  {
    Registry& state = registry();
    std::lock_guard lock(state.mutex);
    state.signal = signal_number;
    groups = state.groups;
    if (!state.notes.empty()) note = state.notes.back();
  }
  for (const Group& group : groups) ::kill(-group.group, SIGTERM);
  auto deadline = Clock::now() + kTerminationGrace;
  auto any_running = [&groups] {
    return std::any_of(groups.begin(), groups.end(),
                       [](const Group& group) { return still_running(group.child); });
  };
  while (any_running() && Clock::now() < deadline) ::usleep(20'000);
  for (const Group& group : groups) ::kill(-group.group, SIGKILL);
  write_all(log_fd, line_for(signal_number, note) + "\n");
  ::_exit(128 + signal_number);
}

}  // namespace

SignalWatcher::SignalWatcher(int log_fd) : log_fd_(log_fd) {
  sigemptyset(&watched_);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction current {};
    if (::sigaction(signal_number, nullptr, &current) == 0 && current.sa_handler == SIG_IGN) {
      continue;  // ignored by whoever started tdm (nohup, `cmd &`): it stays ignored
    }
    sigaddset(&watched_, signal_number);
  }
  if (int error = ::pthread_sigmask(SIG_BLOCK, &watched_, &previous_mask_); error != 0) {
    throw Error(ExitCode::kInternal,
                std::string("pthread_sigmask failed: ") + std::strerror(error));
  }
  signal_fd_ = ::signalfd(-1, &watched_, SFD_CLOEXEC);
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
  if (signal_fd_ < 0 || stop_fd_ < 0) {
    int error = errno;
    if (signal_fd_ >= 0) ::close(signal_fd_);
    if (stop_fd_ >= 0) ::close(stop_fd_);
    ::pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
    throw Error(ExitCode::kInternal,
                std::string("cannot watch for signals: ") + std::strerror(error));
  }
  thread_ = std::thread([this] { watch(); });
}

SignalWatcher::~SignalWatcher() {
  std::uint64_t one = 1;
  (void)!::write(stop_fd_, &one, sizeof one);
  thread_.join();
  ::close(signal_fd_);
  ::close(stop_fd_);
  ::pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

void SignalWatcher::watch() {
  pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
  for (;;) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    signalfd_siginfo info{};
    if (::read(signal_fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
      end_tdm(static_cast<int>(info.ssi_signo), log_fd_);
    }
  }
}

InterruptNote::InterruptNote(std::string what_is_left) {
  Registry& state = registry();
  std::lock_guard lock(state.mutex);
  depth_ = state.notes.size();
  state.notes.push_back(std::move(what_is_left));
}

InterruptNote::~InterruptNote() {
  Registry& state = registry();
  std::lock_guard lock(state.mutex);
  if (state.notes.size() > depth_) state.notes.resize(depth_);
}

std::string interruption_line(int signal_number) {
  Registry& state = registry();
  std::lock_guard lock(state.mutex);
  return line_for(signal_number, state.notes.empty() ? std::string() : state.notes.back());
}

namespace interruption {

void add_group(pid_t group, pid_t child) {
  Registry& state = registry();
  std::lock_guard lock(state.mutex);
  state.groups.push_back({group, child});
}

bool remove_group(pid_t group) {
  Registry& state = registry();
  std::lock_guard lock(state.mutex);
  if (state.signal != 0) return false;
  auto& groups = state.groups;
  groups.erase(std::remove_if(groups.begin(), groups.end(),
                              [group](const Group& entry) { return entry.group == group; }),
               groups.end());
  return true;
}

void wait_for_the_end() {
  for (;;) ::pause();
}

}  // namespace interruption

}  // namespace tdm
