#include "engine/capture/chunk_exchange.hpp"

#include <utility>

namespace tdm {

ChunkExchange::ChunkExchange(std::size_t tables, std::size_t buffer_bytes)
    : buffer_bytes_(buffer_bytes), slots_(tables) {}

std::optional<std::size_t> ChunkExchange::start_next_table() {
  std::lock_guard lock(mutex_);
  if (stopped_ || started_ == slots_.size()) return std::nullopt;
  return started_++;
}

bool ChunkExchange::push(std::size_t table, RowsChunk& chunk) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return stopped_ || table == written_ || buffered_ < buffer_bytes_; });
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

bool ChunkExchange::writer_can_take() const {
  if (written_ == started_) return false;  // its reader has not started it yet
  const Slot& slot = slots_[written_];
  return slot.ended || !slot.chunks.empty();
}

std::optional<ChunkExchange::Event> ChunkExchange::next() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return stopped_ || written_ == slots_.size() || writer_can_take(); });
  if (stopped_ || written_ == slots_.size()) return std::nullopt;
  Slot& slot = slots_[written_];
  Event event{written_, slot.chunks.empty(), {}};
  if (event.table_ended) {
    ++written_;
  } else {
    event.chunk = std::move(slot.chunks.front());
    slot.chunks.pop_front();
    buffered_ -= event.chunk.text.size();
  }
  changed_.notify_all();  // readers waiting for room, or for their table's turn
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
