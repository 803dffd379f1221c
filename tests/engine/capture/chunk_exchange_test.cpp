#include "engine/capture/chunk_exchange.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace tdm {
namespace {

RowsChunk chunk_of(std::string text) {
  return RowsChunk{std::move(text), 1, 0};
}

std::vector<std::size_t> in_order(std::size_t tables) {
  std::vector<std::size_t> order(tables);
  std::iota(order.begin(), order.end(), std::size_t{0});
  return order;
}

// Stands in for a reader's spill file: the texts of the chunks it had no room for, by number.
struct Spilled {
  std::mutex mutex;
  std::deque<std::string> texts;

  SpilledText keep(std::size_t reader, const std::string& text) {
    std::lock_guard lock(mutex);
    texts.push_back(text);
    return SpilledText{reader, texts.size() - 1, text.size()};
  }
  std::string text_of(const ChunkExchange::Event& event) {
    if (!event.spilled) return event.chunk.text;
    std::lock_guard lock(mutex);
    return texts.at(event.spilled->offset);
  }
};

// Reads the tables the exchange hands out as a reader thread does, each `chunks` chunks of
// "<table>:<i>\n", spilling those it has no room for.
void produce(ChunkExchange& exchange, Spilled& spilled, std::size_t reader, int chunks) {
  while (auto table = exchange.start_next_table()) {
    for (int i = 0; i < chunks; ++i) {
      RowsChunk chunk = chunk_of(std::to_string(*table) + ":" + std::to_string(i) + "\n");
      ChunkExchange::Push pushed = exchange.push(*table, chunk);
      if (pushed == ChunkExchange::Push::kStopped) return;
      if (pushed == ChunkExchange::Push::kNoRoom &&
          !exchange.push_spilled(*table, chunk, spilled.keep(reader, chunk.text)))
        return;
    }
    exchange.end_table(*table);
  }
}

// Two readers taking the tables last first, a cap of one byte (a reader ahead of its table's
// turn spills nearly every chunk): every table is written whole, once, and in the order of its
// index, whichever reader is quicker.
TEST(ChunkExchange, WritesEachTableWholeOnceInTheOrderOfItsIndex) {
  ChunkExchange exchange({3, 2, 1, 0}, 1);
  Spilled spilled;
  std::thread first(produce, std::ref(exchange), std::ref(spilled), 0, 50);
  std::thread second(produce, std::ref(exchange), std::ref(spilled), 1, 50);
  std::vector<std::size_t> written;
  std::optional<std::size_t> open;
  std::size_t expected_chunk = 0;
  while (auto event = exchange.next()) {
    if (open) {
      EXPECT_EQ(event->table, *open) << "another table's chunk inside table " << *open;
    }
    open = event->table;
    if (event->table_ended) {
      EXPECT_EQ(expected_chunk, 50u) << "table " << event->table;
      written.push_back(event->table);
      expected_chunk = 0;
      open.reset();
      continue;
    }
    EXPECT_EQ(spilled.text_of(*event),
              std::to_string(event->table) + ":" + std::to_string(expected_chunk++) + "\n");
  }
  first.join();
  second.join();
  EXPECT_EQ(written, (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_FALSE(spilled.texts.empty()) << "nothing was read ahead of its turn";
  EXPECT_NO_THROW(exchange.rethrow_failure());
}

TEST(ChunkExchange, HandsTablesOutInTheOrderItWasGiven) {
  ChunkExchange exchange({2, 0, 1}, 1 << 20);
  EXPECT_EQ(exchange.start_next_table(), 2u);
  EXPECT_EQ(exchange.start_next_table(), 0u);
  EXPECT_EQ(exchange.start_next_table(), 1u);
  EXPECT_FALSE(exchange.start_next_table().has_value());
}

TEST(ChunkExchange, ATableReadWholeAheadWaitsForItsTurn) {
  ChunkExchange exchange(in_order(2), 1 << 20);
  ASSERT_EQ(exchange.start_next_table(), 0u);
  ASSERT_EQ(exchange.start_next_table(), 1u);
  RowsChunk ahead = chunk_of("ahead\n"), first = chunk_of("first\n");
  ASSERT_EQ(exchange.push(1, ahead), ChunkExchange::Push::kTaken);
  exchange.end_table(1);
  ASSERT_EQ(exchange.push(0, first), ChunkExchange::Push::kTaken);
  exchange.end_table(0);
  auto event = exchange.next();
  EXPECT_EQ(event->table, 0u);
  EXPECT_EQ(event->chunk.text, "first\n");
  EXPECT_TRUE(exchange.next()->table_ended);
  event = exchange.next();
  EXPECT_EQ(event->table, 1u);
  EXPECT_EQ(event->chunk.text, "ahead\n");
}

// The writer waits for the table whose turn it is, even when its reader has not started it.
TEST(ChunkExchange, TheWriterWaitsForTheNextTableToBeStarted) {
  ChunkExchange exchange(in_order(2), 1 << 20);
  ASSERT_EQ(exchange.start_next_table(), 0u);
  exchange.end_table(0);
  EXPECT_TRUE(exchange.next()->table_ended);
  std::atomic<bool> taken{false};
  std::optional<ChunkExchange::Event> event;
  std::thread writer([&] {
    event = exchange.next();
    taken = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(taken) << "the writer went on without the next table";
  ASSERT_EQ(exchange.start_next_table(), 1u);
  RowsChunk chunk = chunk_of("late\n");
  ASSERT_EQ(exchange.push(1, chunk), ChunkExchange::Push::kTaken);
  writer.join();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->table, 1u);
  EXPECT_EQ(event->chunk.text, "late\n");
}

// Past the room for chunks read ahead, a reader is told to spill rather than made to wait; the
// spilled chunk keeps its place among its table's chunks.
TEST(ChunkExchange, AChunkReadAheadPastTheRoomIsSpilledInItsPlace) {
  ChunkExchange exchange(in_order(2), 1);
  ASSERT_EQ(exchange.start_next_table(), 0u);
  ASSERT_EQ(exchange.start_next_table(), 1u);
  RowsChunk kept = chunk_of("kept\n"), spilled = chunk_of("spilled\n"), last = chunk_of("last\n");
  ASSERT_EQ(exchange.push(1, kept), ChunkExchange::Push::kTaken);  // fills the room
  ASSERT_EQ(exchange.push(1, spilled), ChunkExchange::Push::kNoRoom);
  EXPECT_EQ(spilled.text, "spilled\n") << "a chunk without room must be left to its reader";
  ASSERT_TRUE(exchange.push_spilled(1, spilled, SpilledText{1, 4096, spilled.text.size()}));
  exchange.end_table(0);
  EXPECT_TRUE(exchange.next()->table_ended);
  EXPECT_EQ(exchange.next()->chunk.text, "kept\n");
  auto event = exchange.next();
  ASSERT_TRUE(event->spilled.has_value());
  EXPECT_EQ(event->spilled->file, 1u);
  EXPECT_EQ(event->spilled->offset, 4096u);
  EXPECT_EQ(event->spilled->bytes, 8u);
  EXPECT_EQ(event->chunk.rows, 1u);
  ASSERT_EQ(exchange.push(1, last), ChunkExchange::Push::kTaken);  // its turn: never refused
  exchange.end_table(1);
  EXPECT_EQ(exchange.next()->chunk.text, "last\n");
  EXPECT_TRUE(exchange.next()->table_ended);
}

TEST(ChunkExchange, AFailureStopsTheReadersAndTheWriterAndIsRethrown) {
  ChunkExchange exchange(in_order(2), 1);
  ASSERT_EQ(exchange.start_next_table(), 0u);
  std::optional<ChunkExchange::Event> event{ChunkExchange::Event{9, false, {}, std::nullopt}};
  std::thread writer([&] { event = exchange.next(); });  // table 0 has nothing yet: waits
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  exchange.fail(std::make_exception_ptr(std::runtime_error("reading `t` failed")));
  writer.join();
  EXPECT_FALSE(event.has_value());
  RowsChunk chunk = chunk_of("late\n");
  EXPECT_EQ(exchange.push(0, chunk), ChunkExchange::Push::kStopped);
  EXPECT_FALSE(exchange.push_spilled(0, chunk, SpilledText{}));
  EXPECT_FALSE(exchange.start_next_table().has_value());
  try {
    exchange.rethrow_failure();
    FAIL() << "no failure rethrown";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "reading `t` failed");
  }
}

// Chunks of other tables filling the room never hold up the table being written: only the
// writer taking its chunks could free room.
TEST(ChunkExchange, TheTableBeingWrittenIsTakenWhileOtherTablesFillTheRoom) {
  ChunkExchange exchange(in_order(2), 1);
  ASSERT_EQ(exchange.start_next_table(), 0u);
  ASSERT_EQ(exchange.start_next_table(), 1u);
  RowsChunk ahead = chunk_of("ahead\n");
  ASSERT_EQ(exchange.push(1, ahead), ChunkExchange::Push::kTaken);  // the room is full from here
  for (int i = 0; i < 3; ++i) {
    RowsChunk chunk = chunk_of("now\n");
    ASSERT_EQ(exchange.push(0, chunk), ChunkExchange::Push::kTaken);
    EXPECT_EQ(exchange.next()->chunk.text, "now\n");
  }
  exchange.end_table(0);
  EXPECT_TRUE(exchange.next()->table_ended);
  EXPECT_EQ(exchange.next()->chunk.text, "ahead\n");
}

// A writer behind the table it writes holds up that table's reader once the room is full,
// rather than letting its chunks pile up in memory without bound.
TEST(ChunkExchange, TheReaderOfTheTableBeingWrittenWaitsForTheWriterWhenTheRoomIsFull) {
  ChunkExchange exchange(in_order(1), 1);
  ASSERT_EQ(exchange.start_next_table(), 0u);
  RowsChunk first = chunk_of("first\n");
  ASSERT_EQ(exchange.push(0, first), ChunkExchange::Push::kTaken);  // fills the room
  std::atomic<bool> returned{false};
  ChunkExchange::Push pushed = ChunkExchange::Push::kStopped;
  std::thread reader([&] {
    RowsChunk second = chunk_of("second\n");
    pushed = exchange.push(0, second);
    returned = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(returned) << "the reader went on with the room full of its table's chunks";
  EXPECT_EQ(exchange.next()->chunk.text, "first\n");
  reader.join();
  EXPECT_EQ(pushed, ChunkExchange::Push::kTaken);
  EXPECT_EQ(exchange.next()->chunk.text, "second\n");
}

TEST(ChunkExchange, StoppingReleasesAReaderWaitingForTheWriter) {
  ChunkExchange exchange(in_order(1), 1);
  ASSERT_EQ(exchange.start_next_table(), 0u);
  RowsChunk first = chunk_of("first\n");
  ASSERT_EQ(exchange.push(0, first), ChunkExchange::Push::kTaken);
  ChunkExchange::Push pushed = ChunkExchange::Push::kTaken;
  std::thread reader([&] {
    RowsChunk second = chunk_of("second\n");
    pushed = exchange.push(0, second);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  exchange.stop();
  reader.join();
  EXPECT_EQ(pushed, ChunkExchange::Push::kStopped);
}

TEST(ChunkExchange, AReaderRefillsTheBuffersTheWriterGaveBack) {
  ChunkExchange exchange(in_order(1), 1 << 20);
  ASSERT_EQ(exchange.start_next_table(), 0u);
  RowsChunk chunk;
  chunk.text.reserve(4096);
  chunk.text = "rows\n";
  ASSERT_EQ(exchange.push(0, chunk), ChunkExchange::Push::kTaken);
  EXPECT_TRUE(chunk.text.empty());
  auto event = exchange.next();
  const char* buffer = event->chunk.text.data();
  exchange.give_back(std::move(event->chunk.text));
  chunk.text = "more\n";
  ASSERT_EQ(exchange.push(0, chunk), ChunkExchange::Push::kTaken);
  EXPECT_TRUE(chunk.text.empty()) << "the buffer left in place holds the written chunk's rows";
  EXPECT_EQ(chunk.text.data(), buffer) << "not the buffer the writer gave back";
  EXPECT_GE(chunk.text.capacity(), 4096u);
}

}  // namespace
}  // namespace tdm
