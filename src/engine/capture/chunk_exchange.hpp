#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
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
// same data writes the same bytes (and names the same payload). About `buffer_bytes` of chunks
// wait here in memory at most. A reader ahead of its table's turn never waits for the writer:
// past that room it spills its chunks to a file and hands over where they went, so the readers
// stay busy to the end even when a big table is handed out long before its turn. The reader of
// the table being written waits instead while its own chunks fill the room: they cannot go out
// any sooner, and spilling them would only add work. The buffers of written chunks come back
// to the readers, so a capture allocates about as many as are ever filled at once (freed by the
// writer, they would stay with the reader thread's malloc arena and add up in the peak memory).
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
  // Takes the text of `chunk` (kTaken: an empty buffer is left in its place, one the writer
  // gave back when there is one), or leaves it when it is not its table's turn and the
  // memory for chunks is full (kNoRoom: spill it and call push_spilled). On its table's turn,
  // waits while the room is full and the writer has chunks of the table still to take.
  Push push(std::size_t table, RowsChunk& chunk);
  // Takes the counts of `chunk`, whose text is at `where`; false when the exchange stopped.
  bool push_spilled(std::size_t table, const RowsChunk& chunk, SpilledText where);
  void end_table(std::size_t table);
  // Records the first failure (later ones are consequences) and stops the exchange.
  void fail(std::exception_ptr failure);

  // Writer side. Waits for the next chunk or end of the table whose turn it is, tables in order;
  // nullopt when every table is written or the exchange stopped.
  std::optional<Event> next();
  // Gives the buffer of a written chunk back for the readers to fill again.
  void give_back(std::string buffer);
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
    std::size_t bytes_in_memory = 0;  // of chunks' text, not counting spilled ones
    bool ended = false;
  };

  // Needs mutex_: whether the table whose turn it is has a chunk or its end to give.
  bool writer_can_take() const;

  std::mutex mutex_;
  std::condition_variable changed_;  // for the writer: chunks and ends handed over
  std::condition_variable taken_;    // for the reader on its table's turn: room made
  const std::vector<std::size_t> hand_out_;
  const std::size_t buffer_bytes_;
  std::vector<Slot> slots_;                // by table index
  std::vector<std::string> free_buffers_;  // given back by the writer, for the readers
  std::size_t started_ = 0;                // hand_out_[0, started_) are handed out
  std::size_t written_ = 0;   // tables [0, written_) are written whole; written_ is being written
  std::size_t buffered_ = 0;  // text bytes waiting in memory in slots_
  bool stopped_ = false;
  std::exception_ptr failure_;
};

}  // namespace tdm
