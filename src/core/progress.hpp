#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "core/environment.hpp"

namespace tdm {

// How far a capture or restore has got, as the engine reports it. Counts are cumulative
// within a phase; a new phase starts again from zero.
struct ProgressUpdate {
  std::string_view phase;  // "verifying", "loading", "reading rows", ...
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_total = 0;  // 0: unknown
  std::uint64_t rows_done = 0;
  std::uint64_t rows_total = 0;  // 0: unknown
  bool estimated = false;        // the totals are the server's estimates, not exact
  bool finished = false;         // the phase is over (or failed): take its line away
};

// Called by the engine as work proceeds, never by two threads at once. Empty: nobody listens.
// The engine knows nothing about terminals; ProgressDisplay decides what, if anything, to show.
using ProgressObserver = std::function<void(const ProgressUpdate&)>;

// The text of one progress line (no line ending), e.g.
//   "tdm: restore: loading 25% 12.3 / 50.1 MB, 8.1 MB/s, ETA 5 s, 12000 / 48000 rows"
// `elapsed` is the time spent in the update's phase, for the rate and the ETA.
std::string format_progress(std::string_view label, const ProgressUpdate& update,
                            std::chrono::duration<double> elapsed);

enum class ProgressStyle {
  kSilent,    // nothing (CI logs stay clean)
  kTerminal,  // one line, overwritten in place with "\r"
  kLines,     // plain lines, at most one per second (TDM_PROGRESS=1 in CI)
};

// kTerminal when the log is a terminal, else kSilent; TDM_PROGRESS=1 asks for kLines where
// there is no terminal, TDM_PROGRESS=0 silences a terminal too.
ProgressStyle progress_style(bool log_is_terminal, const Environment& env);

// Shows a long operation's progress on `out` (stderr). Quiet for the first second, so quick
// captures and restores print nothing extra; redraws a terminal line a few times a second at
// most. Not thread-safe: the engine serialises its calls (see ProgressObserver).
class ProgressDisplay {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  static constexpr std::chrono::milliseconds kQuietStart{1000};
  static constexpr std::chrono::milliseconds kTerminalInterval{200};
  static constexpr std::chrono::milliseconds kLineInterval{1000};

  // `columns`: the terminal's width, when known; a longer line is cut so that "\r" can still
  // overwrite it (a wrapped line would leave its first row behind).
  ProgressDisplay(std::ostream& out, ProgressStyle style, std::string label,
                  std::size_t columns = 0, Clock clock = &std::chrono::steady_clock::now);
  ~ProgressDisplay() { finish(); }
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  void update(const ProgressUpdate& update);
  // Clears the terminal line, so the next log line (the command's summary, a decision) takes
  // its place. A finished phase does the same.
  void finish();

  // An observer that forwards to this display, which must outlive it.
  ProgressObserver observer() {
    return [this](const ProgressUpdate& progress) { update(progress); };
  }

 private:
  std::ostream& out_;
  ProgressStyle style_;
  std::string label_;
  std::size_t columns_;
  Clock clock_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point phase_started_;
  std::chrono::steady_clock::time_point last_shown_;
  std::string phase_;
  std::size_t shown_width_ = 0;  // of the terminal line on screen, 0 when none
  bool shown_once_ = false;
};

}  // namespace tdm
