#include "engine/chunk_exchange.hpp"

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

bool ChunkExchange::writing(std::size_t table) const {
  return written_ < started_ && order_[written_] == table;
}

bool ChunkExchange::push(std::size_t table, RowsChunk& chunk) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return stopped_ || writing(table) || buffered_ < buffer_bytes_; });
  if (stopped_) return false;
  buffered_ += chunk.text.size();
  slots_[table].chunks.push_back(std::move(chunk));
  changed_.notify_all();
  return true;
}

void ChunkExchange::end_table(std::size_t table) {
  std::lock_guard lock(mutex_);
  slots_[table].ended = true;
  changed_.notify_all();
}

std::optional<ChunkExchange::Event> ChunkExchange::next() {
  std::unique_lock lock(mutex_);
  auto ready = [&] {
    if (stopped_ || written_ == order_.size()) return true;
    if (written_ == started_) return false;
    const Slot& slot = slots_[order_[written_]];
    return slot.ended || !slot.chunks.empty();
  };
  changed_.wait(lock, ready);
  if (stopped_ || written_ == order_.size()) return std::nullopt;
  std::size_t table = order_[written_];
  Slot& slot = slots_[table];
  Event event{table, slot.chunks.empty(), {}};
  if (event.table_ended) {
    ++written_;  // the next table's reader need not wait any more
  } else {
    event.chunk = std::move(slot.chunks.front());
    slot.chunks.pop_front();
    buffered_ -= event.chunk.text.size();
  }
  changed_.notify_all();
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
