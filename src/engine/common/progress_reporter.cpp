#include "engine/common/progress_reporter.hpp"

namespace tdm {

ProgressReporter::ProgressReporter(const ProgressObserver& observer, std::string phase,
                                   std::uint64_t bytes_total, std::uint64_t rows_total,
                                   bool estimated)
    : observer_(observer), phase_(std::move(phase)) {
  update_.phase = phase_;
  update_.bytes_total = bytes_total;
  update_.rows_total = rows_total;
  update_.estimated = estimated;
  if (observer_) observer_(update_);  // the phase starts now
}

ProgressReporter::~ProgressReporter() {
  if (!observer_) return;
  update_.finished = true;
  try {
    observer_(update_);
  } catch (...) {  // a display that cannot write must not turn into a second failure
  }
}

void ProgressReporter::add(std::uint64_t bytes, std::uint64_t rows) {
  if (!observer_) return;
  std::lock_guard lock(mutex_);
  update_.bytes_done += bytes;
  update_.rows_done += rows;
  observer_(update_);
}

}  // namespace tdm
