#pragma once

// How tdm ends when it is told to stop (SIGINT, SIGTERM, SIGHUP).
//
// The one piece of process-wide state in tdm lives in interruption.cpp: the process groups of
// the children running right now and the notes on what an interruption would leave behind. A
// signal is addressed to the process as a whole, so the thread that handles it cannot be
// handed these through arguments; ChildProcess and InterruptNote keep them up to date and
// SignalWatcher reads them. Nothing else is shared.

#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <string>
#include <thread>

namespace tdm {

// How long a process group told to end (SIGTERM) has before it is killed (SIGKILL).
inline constexpr std::chrono::milliseconds kTerminationGrace{2000};

// Installed once, by main(), before any other thread starts. It blocks SIGINT, SIGTERM and
// SIGHUP in every thread (leaving alone those already ignored when tdm started, as under
// `nohup` or `cmd &`) and waits for them on a thread of its own. When one arrives it ends the
// process group of every running child (SIGTERM, then SIGKILL after a grace of two seconds),
// writes one line to `log_fd` saying what tdm leaves behind, e.g.
//   tdm: interrupted by SIGTERM while seeding 'app_test'; it is marked 'seeding' and will not
//   be trusted: ...
// and ends tdm with exit code 128 + the signal's number. Destroying the watcher stops its
// thread and restores the signal mask (a signal still pending then ends tdm as it would have
// without the watcher).
class SignalWatcher {
 public:
  explicit SignalWatcher(int log_fd = 2);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  void watch();

  int log_fd_;
  sigset_t watched_;
  sigset_t previous_mask_;
  int signal_fd_ = -1;
  int stop_fd_ = -1;
  std::thread thread_;
};

// While alive, an interruption's line says `what_is_left` after "tdm: interrupted by SIGx "
// instead of the generic text. Say what was going on, what state it leaves and what to do,
// e.g. "while seeding 'app_test'; it is marked 'seeding' and will not be trusted: seed it
// again". Notes nest: the newest one alive wins.
class InterruptNote {
 public:
  explicit InterruptNote(std::string what_is_left);
  ~InterruptNote();
  InterruptNote(const InterruptNote&) = delete;
  InterruptNote& operator=(const InterruptNote&) = delete;

 private:
  std::size_t depth_;
};

// The line an interruption by `signal_number` prints now, without the newline.
std::string interruption_line(int signal_number);

// For ChildProcess: the process groups the watcher ends.
namespace interruption {

// Records the process group of a running child (`child`: the process tdm waits for).
void add_group(pid_t group, pid_t child);
// Forgets the group and returns true, unless an interruption is already being handled: then
// the group is left recorded, the watcher is ending it and tdm, and the caller must call
// wait_for_the_end() without touching the group again.
bool remove_group(pid_t group);
// Blocks the calling thread until the watcher has ended the process.
[[noreturn]] void wait_for_the_end();

}  // namespace interruption

}  // namespace tdm
