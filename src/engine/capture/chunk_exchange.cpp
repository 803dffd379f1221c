#include "engine/capture/chunk_exchange.hpp"

#include <algorithm>
#include <utility>

namespace tdm {

ChunkExchange::ChunkExchange(std::vector<std::size_t> order, std::size_t buffer_bytes)
    : order_(std::move(order)), buffer_bytes_(buffer_bytes) {
  std::size_t tables = 0;
  for (std::size_t table : order_) tables = std::max(tables, table + 1);
  slots_.resize(tables);
}

std::optional<std::size_t> ChunkExchange::start_next_table() {
  std::lock_guard lock(mutex_);
  if (stopped_ || started_ == order_.size()) return std::nullopt;
  return order_[started_++];
}

bool ChunkExchange::push(std::size_t table, RowsChunk& chunk) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return stopped_ || writing_ == table || buffered_ < buffer_bytes_; });
  if (stopped_) return false;
  buffered_ += chunk.text.size();
  slots_[table].bytes += chunk.text.size();
  slots_[table].chunks.push_back(std::move(chunk));
  changed_.notify_all();
  return true;
}

void ChunkExchange::end_table(std::size_t table) {
  std::lock_guard lock(mutex_);
  slots_[table].ended = true;
  changed_.notify_all();
}

bool ChunkExchange::any_to_take() const {
  for (std::size_t i = 0; i < started_; ++i) {
    const Slot& slot = slots_[order_[i]];
    if (!slot.written && has_data(slot)) return true;
  }
  return false;
}

std::size_t ChunkExchange::table_to_take() const {
  std::optional<std::size_t> ended, fullest, latest;
  for (std::size_t i = 0; i < started_; ++i) {
    std::size_t table = order_[i];
    const Slot& slot = slots_[table];
    if (slot.written) continue;
    if (slot.ended && !ended) ended = table;
    if (!fullest || slot.bytes > slots_[*fullest].bytes) fullest = table;
    latest = table;
  }
  if (ended) return *ended;
  return buffered_ >= buffer_bytes_ ? *fullest : *latest;
}

std::optional<ChunkExchange::Event> ChunkExchange::next() {
  std::unique_lock lock(mutex_);
  auto ready = [&] {
    if (stopped_ || written_ == order_.size()) return true;
    return writing_ ? has_data(slots_[*writing_]) : any_to_take();
  };
  do {
    changed_.wait(lock, ready);
    if (stopped_ || written_ == order_.size()) return std::nullopt;
    if (!writing_) writing_ = table_to_take();  // may have no chunk yet: then wait for it
  } while (!has_data(slots_[*writing_]));
  std::size_t table = *writing_;
  Slot& slot = slots_[table];
  Event event{table, slot.chunks.empty(), {}};
  if (event.table_ended) {
    slot.written = true;
    ++written_;
    writing_.reset();
  } else {
    event.chunk = std::move(slot.chunks.front());
    slot.chunks.pop_front();
    slot.bytes -= event.chunk.text.size();
    buffered_ -= event.chunk.text.size();
  }
  changed_.notify_all();  // the table's reader, or readers waiting for room
  return event;
}

void ChunkExchange::fail(std::exception_ptr failure) {
  std::lock_guard lock(mutex_);
  if (!failure_) failure_ = std::move(failure);
  stopped_ = true;
  changed_.notify_all();
}

void ChunkExchange::stop() {
  std::lock_guard lock(mutex_);
  stopped_ = true;
  changed_.notify_all();
}

void ChunkExchange::rethrow_failure() {
  std::lock_guard lock(mutex_);
  if (failure_) std::rethrow_exception(failure_);
}

}  // namespace tdm
