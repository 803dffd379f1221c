#include "engine/capture/chunk_exchange.hpp"

#include <utility>

namespace tdm {

ChunkExchange::ChunkExchange(std::vector<std::size_t> hand_out, std::size_t buffer_bytes)
    : hand_out_(std::move(hand_out)), buffer_bytes_(buffer_bytes), slots_(hand_out_.size()) {}

std::optional<std::size_t> ChunkExchange::start_next_table() {
  std::lock_guard lock(mutex_);
  if (stopped_ || started_ == hand_out_.size()) return std::nullopt;
  return hand_out_[started_++];
}

ChunkExchange::Push ChunkExchange::push(std::size_t table, RowsChunk& chunk) {
  std::unique_lock lock(mutex_);
  Slot& slot = slots_[table];
  if (table == written_) {
    // Only while this table has chunks in memory: room that other tables' chunks fill is
    // freed once this table is written, so waiting for it would never end.
    taken_.wait(lock,
                [&] { return stopped_ || buffered_ < buffer_bytes_ || slot.bytes_in_memory == 0; });
  }
  if (stopped_) return Push::kStopped;
  if (table != written_ && buffered_ >= buffer_bytes_) return Push::kNoRoom;
  buffered_ += chunk.text.size();
  slot.bytes_in_memory += chunk.text.size();
  slot.chunks.push_back(Queued{std::move(chunk), std::nullopt});
  chunk.text.clear();  // moved from: valid, and empty once cleared
  if (!free_buffers_.empty()) {
    chunk.text.swap(free_buffers_.back());
    free_buffers_.pop_back();
  }
  changed_.notify_all();
  return Push::kTaken;
}

bool ChunkExchange::push_spilled(std::size_t table, const RowsChunk& chunk, SpilledText where) {
  std::lock_guard lock(mutex_);
  if (stopped_) return false;
  slots_[table].chunks.push_back(Queued{RowsChunk{{}, chunk.rows, chunk.field_bytes}, where});
  changed_.notify_all();
  return true;
}

void ChunkExchange::give_back(std::string buffer) {
  buffer.clear();
  std::lock_guard lock(mutex_);
  free_buffers_.push_back(std::move(buffer));
}

void ChunkExchange::end_table(std::size_t table) {
  std::lock_guard lock(mutex_);
  slots_[table].ended = true;
  changed_.notify_all();
}

bool ChunkExchange::writer_can_take() const {
  const Slot& slot = slots_[written_];
  return slot.ended || !slot.chunks.empty();
}

std::optional<ChunkExchange::Event> ChunkExchange::next() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return stopped_ || written_ == slots_.size() || writer_can_take(); });
  if (stopped_ || written_ == slots_.size()) return std::nullopt;
  Slot& slot = slots_[written_];
  Event event{written_, slot.chunks.empty(), {}, std::nullopt};
  if (event.table_ended) {
    ++written_;
  } else {
    Queued& queued = slot.chunks.front();
    buffered_ -= queued.chunk.text.size();
    slot.bytes_in_memory -= queued.chunk.text.size();
    if (!queued.spilled) taken_.notify_all();
    event.chunk = std::move(queued.chunk);
    event.spilled = queued.spilled;
    slot.chunks.pop_front();
  }
  return event;
}

void ChunkExchange::fail(std::exception_ptr failure) {
  std::lock_guard lock(mutex_);
  if (!failure_) failure_ = std::move(failure);
  stopped_ = true;
  changed_.notify_all();
  taken_.notify_all();
}

void ChunkExchange::stop() {
  std::lock_guard lock(mutex_);
  stopped_ = true;
  changed_.notify_all();
  taken_.notify_all();
}

void ChunkExchange::rethrow_failure() {
  std::lock_guard lock(mutex_);
  if (failure_) std::rethrow_exception(failure_);
}

}  // namespace tdm
