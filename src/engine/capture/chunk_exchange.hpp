#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <vector>

#include "engine/capture/table_data_capture.hpp"

namespace tdm {

// Where the text of a chunk went that was read too far ahead of its table's turn to be kept in
// memory: `bytes` at `offset` of the spill file numbered `file` (the reader's).
struct SpilledText {
  std::size_t file = 0;
  std::uint64_t offset = 0;
  std::size_t bytes = 0;
};

// Hands chunks of rows from the threads that read tables to the one thread that writes the
// payload, where a table's chunks must follow each other in one data section. Tables are
// written in the order of their indexes, whatever order they are handed out in and whichever
// reader is quicker: the payload's layout then follows from the data alone, so capturing the
// same data writes the same bytes (and names the same payload). The table being written streams
// from its reader. Chunks of tables read ahead of their turn wait here, about `buffer_bytes` of
// them at most; beyond that their readers spill them to a file and hand over where they went.
// No reader ever waits for the writer, so the readers stay busy to the end even when a big
// table is handed out long before its turn.
class ChunkExchange {
 public:
  struct Event {
    std::size_t table;         // index of the table, in 0 .. tables - 1
    bool table_ended = false;  // else `chunk` is the table's next chunk
    RowsChunk chunk;           // its text empty when it was spilled
    std::optional<SpilledText> spilled;
  };

  enum class Push { kTaken, kNoRoom, kStopped };

  // Tables are handed out in the order of `hand_out`, a permutation of 0 .. n - 1.
  ChunkExchange(std::vector<std::size_t> hand_out, std::size_t buffer_bytes);

  // Reader side. The next table to read, nullopt when none is left or the exchange stopped.
  std::optional<std::size_t> start_next_table();
  // Takes the text of `chunk` (kTaken), or leaves it when it is not its table's turn and the
  // memory for chunks read ahead is full (kNoRoom: spill it and call push_spilled).
  Push push(std::size_t table, RowsChunk& chunk);
  // Takes the counts of `chunk`, whose text is at `where`; false when the exchange stopped.
  bool push_spilled(std::size_t table, const RowsChunk& chunk, SpilledText where);
  void end_table(std::size_t table);
  // Records the first failure (later ones are consequences) and stops the exchange.
  void fail(std::exception_ptr failure);

  // Writer side. Waits for the next chunk or end of the table whose turn it is, tables in order;
  // nullopt when every table is written or the exchange stopped.
  std::optional<Event> next();
  // Wakes and releases the writer for good; readers quit at their next chunk.
  void stop();
  // Rethrows the first failure, if any.
  void rethrow_failure();

 private:
  struct Queued {
    RowsChunk chunk;
    std::optional<SpilledText> spilled;
  };
  struct Slot {
    std::deque<Queued> chunks;
    bool ended = false;
  };

  // Needs mutex_: whether the table whose turn it is has a chunk or its end to give.
  bool writer_can_take() const;

  std::mutex mutex_;
  std::condition_variable changed_;
  const std::vector<std::size_t> hand_out_;
  const std::size_t buffer_bytes_;
  std::vector<Slot> slots_;   // by table index
  std::size_t started_ = 0;   // hand_out_[0, started_) are handed out
  std::size_t written_ = 0;   // tables [0, written_) are written whole; written_ is being written
  std::size_t buffered_ = 0;  // text bytes waiting in memory in slots_
  bool stopped_ = false;
  std::exception_ptr failure_;
};

}  // namespace tdm
