#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <vector>

#include "engine/table_data_capture.hpp"

namespace tdm {

// Hands chunks of rows from the threads that read tables to the one thread that writes the
// payload, where a table's chunks must follow each other in one data section. Tables are
// written in the order they were handed out; chunks of a table read ahead of its turn wait
// here, at most about `buffer_bytes` of them: its reader then waits, while the reader of the
// table being written never does, so the writer always has something to wait for.
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
    bool ended = false;
  };

  bool writing(std::size_t table) const;  // needs mutex_

  std::mutex mutex_;
  std::condition_variable changed_;
  const std::vector<std::size_t> order_;
  const std::size_t buffer_bytes_;
  std::vector<Slot> slots_;   // by table index
  std::size_t started_ = 0;   // order_[0, started_) are handed out
  std::size_t written_ = 0;   // order_[0, written_) are written; order_[written_] is next
  std::size_t buffered_ = 0;  // text bytes waiting in slots_
  bool stopped_ = false;
  std::exception_ptr failure_;
};

}  // namespace tdm
