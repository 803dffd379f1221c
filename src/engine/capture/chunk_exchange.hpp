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
// payload, where a table's chunks must follow each other in one data section. Tables are
// handed out and written in one order, the order of their indexes: the payload's layout then
// follows from the data alone, not from which reader was quicker, so capturing the same data
// writes the same bytes (and names the same payload). The table being written streams from its
// reader; chunks of tables read ahead of their turn wait here, at most about `buffer_bytes` of
// them, and then their readers wait. The table being written was handed out before any later
// one, so its reader never waits and the writer always has something to wait for.
class ChunkExchange {
 public:
  struct Event {
    std::size_t table;         // index of the table, in 0 .. tables - 1
    bool table_ended = false;  // else `chunk` is the table's next chunk
    RowsChunk chunk;
  };

  ChunkExchange(std::size_t tables, std::size_t buffer_bytes);

  // Reader side. The next table to read, nullopt when none is left or the exchange stopped.
  std::optional<std::size_t> start_next_table();
  // Takes the text of `chunk`; false when the exchange stopped (the reader should quit).
  bool push(std::size_t table, RowsChunk& chunk);
  void end_table(std::size_t table);
  // Records the first failure (later ones are consequences) and stops the exchange.
  void fail(std::exception_ptr failure);

  // Writer side. Waits for the next chunk or end of the table whose turn it is, tables in order;
  // nullopt when every table is written or the exchange stopped.
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

  // Needs mutex_: whether the table whose turn it is has a chunk or its end to give.
  bool writer_can_take() const;

  std::mutex mutex_;
  std::condition_variable changed_;
  const std::size_t buffer_bytes_;
  std::vector<Slot> slots_;   // by table index
  std::size_t started_ = 0;   // tables [0, started_) are handed out
  std::size_t written_ = 0;   // tables [0, written_) are written whole; written_ is being written
  std::size_t buffered_ = 0;  // text bytes waiting in slots_
  bool stopped_ = false;
  std::exception_ptr failure_;
};

}  // namespace tdm
