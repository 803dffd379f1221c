#pragma once

#include <chrono>

namespace tdm {

// Wall time since construction, for reports ("restored in 0.4 s"). Steady, so that a clock
// set back while a step runs never makes it look negative.
class Stopwatch {
 public:
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point start_ = Clock::now();
};

// Wall time that `work()` took, in seconds.
template <typename Work>
double seconds_of(Work&& work) {
  Stopwatch watch;
  work();
  return watch.seconds();
}

}  // namespace tdm
