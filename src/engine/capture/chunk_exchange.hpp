#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <vector>

#include "engine/capture/table_data_capture.hpp"

namespace tdm {

// Hands chunks of rows from the threads that read tables to the one thread that writes the
// payload, where a table's chunks must follow each other in one data section. The writer takes
// one table at a time and, between tables, the one that keeps it least idle at the end: a table
// read whole already, else (room full) the one holding most of the room, else the one started
// last — the smallest, tables being handed out biggest first — so the biggest is written last,
// as it is read, and little is left to write once the readers are done. Chunks of tables not
// being written wait here, at most about `buffer_bytes` of them: their readers then wait, while
// the reader of the table being written never does, so the writer always has something to wait
// for.
class ChunkExchange {
 public:
  struct Event {
    std::size_t table;         // index into the tables the exchange hands out
    bool table_ended = false;  // else `chunk` is the table's next chunk
    RowsChunk chunk;
  };

  // `order`: the table indexes in the order to hand them out.
  ChunkExchange(std::vector<std::size_t> order, std::size_t buffer_bytes);

  // Reader side. The next table to read, nullopt when none is left or the exchange stopped.
  std::optional<std::size_t> start_next_table();
  // Takes the text of `chunk`; false when the exchange stopped (the reader should quit).
  bool push(std::size_t table, RowsChunk& chunk);
  void end_table(std::size_t table);
  // Records the first failure (later ones are consequences) and stops the exchange.
  void fail(std::exception_ptr failure);

  // Writer side. Waits for the next chunk or end of the table being written; nullopt when
  // every table is written or the exchange stopped.
  std::optional<Event> next();
  // Wakes and releases every waiting thread for good (readers quit at their next chunk).
  void stop();
  // Rethrows the first failure, if any.
  void rethrow_failure();

 private:
  struct Slot {
    std::deque<RowsChunk> chunks;
    std::size_t bytes = 0;  // text bytes in `chunks`
    bool ended = false;
    bool written = false;
  };

  bool has_data(const Slot& slot) const { return slot.ended || !slot.chunks.empty(); }
  bool any_to_take() const;           // needs mutex_
  std::size_t table_to_take() const;  // needs mutex_ and any_to_take()

  std::mutex mutex_;
  std::condition_variable changed_;
  const std::vector<std::size_t> order_;
  const std::size_t buffer_bytes_;
  std::vector<Slot> slots_;             // by table index
  std::size_t started_ = 0;             // order_[0, started_) are handed out
  std::size_t written_ = 0;             // how many tables are written whole
  std::optional<std::size_t> writing_;  // the table being written
  std::size_t buffered_ = 0;            // text bytes waiting in slots_
  bool stopped_ = false;
  std::exception_ptr failure_;
};

}  // namespace tdm
