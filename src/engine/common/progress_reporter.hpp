#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "core/progress.hpp"

namespace tdm {

// One phase of a capture or restore as the observer sees it: adds up the work the engine's
// threads report and forwards the running totals, one call at a time (ProgressObserver's
// promise). Costs a branch when nobody observes.
class ProgressReporter {
 public:
  ProgressReporter(const ProgressObserver& observer, std::string phase, std::uint64_t bytes_total,
                   std::uint64_t rows_total, bool estimated = false);
  // Tells the observer the phase is over, also when it ends by an exception.
  ~ProgressReporter();
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  // Safe from any thread.
  void add(std::uint64_t bytes, std::uint64_t rows);

 private:
  const ProgressObserver& observer_;
  std::string phase_;
  std::mutex mutex_;
  ProgressUpdate update_;
};

}  // namespace tdm
