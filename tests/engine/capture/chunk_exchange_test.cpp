#include "engine/capture/chunk_exchange.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace tdm {
namespace {

RowsChunk chunk_of(std::string text) {
  return RowsChunk{std::move(text), 1, 0};
}

// Reads tables 0..n-1 from the exchange as a reader thread does, each `chunks` chunks of
// "<table>:<i>\n".
void produce(ChunkExchange& exchange, int chunks) {
  while (auto table = exchange.start_next_table()) {
    for (int i = 0; i < chunks; ++i) {
      RowsChunk chunk = chunk_of(std::to_string(*table) + ":" + std::to_string(i) + "\n");
      if (!exchange.push(*table, chunk)) return;
    }
    exchange.end_table(*table);
  }
}

// Two readers, a cap of one byte (a reader ahead of its table's turn always waits): every table
// is written whole, once, and in the order of its index, whichever reader is quicker.
TEST(ChunkExchange, WritesEachTableWholeOnceInTheOrderOfItsIndex) {
  ChunkExchange exchange(4, 1);
  std::thread first(produce, std::ref(exchange), 50);
  std::thread second(produce, std::ref(exchange), 50);
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
    EXPECT_EQ(event->chunk.text,
              std::to_string(event->table) + ":" + std::to_string(expected_chunk++) + "\n");
  }
  first.join();
  second.join();
  EXPECT_EQ(written, (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_NO_THROW(exchange.rethrow_failure());
}

TEST(ChunkExchange, ATableReadWholeAheadWaitsForItsTurn) {
  ChunkExchange exchange(2, 1 << 20);
  ASSERT_EQ(exchange.start_next_table(), 0u);
  ASSERT_EQ(exchange.start_next_table(), 1u);
  RowsChunk ahead = chunk_of("ahead\n"), first = chunk_of("first\n");
  ASSERT_TRUE(exchange.push(1, ahead));
  exchange.end_table(1);
  ASSERT_TRUE(exchange.push(0, first));
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
  ChunkExchange exchange(2, 1 << 20);
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
  ASSERT_TRUE(exchange.push(1, chunk));
  writer.join();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->table, 1u);
  EXPECT_EQ(event->chunk.text, "late\n");
}

TEST(ChunkExchange, AFailureStopsAReaderWaitingForRoomAndIsRethrown) {
  ChunkExchange exchange(2, 1);
  ASSERT_EQ(exchange.start_next_table(), 0u);
  ASSERT_EQ(exchange.start_next_table(), 1u);
  RowsChunk ahead = chunk_of("ahead\n");
  ASSERT_TRUE(exchange.push(1, ahead));  // fills the room while it is table 0's turn
  std::atomic<bool> pushed{false}, result{true};
  std::thread waiting([&] {
    RowsChunk more = chunk_of("more\n");
    result = exchange.push(1, more);
    pushed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(pushed) << "a reader ahead of its turn must wait while the room is full";
  exchange.fail(std::make_exception_ptr(std::runtime_error("reading `t` failed")));
  waiting.join();
  EXPECT_FALSE(result);
  EXPECT_FALSE(exchange.next().has_value());
  EXPECT_FALSE(exchange.start_next_table().has_value());
  try {
    exchange.rethrow_failure();
    FAIL() << "no failure rethrown";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "reading `t` failed");
  }
}

TEST(ChunkExchange, TheTableBeingWrittenNeverWaitsForRoom) {
  ChunkExchange exchange(2, 1);
  ASSERT_EQ(exchange.start_next_table(), 0u);
  ASSERT_EQ(exchange.start_next_table(), 1u);
  RowsChunk ahead = chunk_of("ahead\n");
  ASSERT_TRUE(exchange.push(1, ahead));  // the room is full from here on
  for (int i = 0; i < 3; ++i) {          // would block for ever if it waited
    RowsChunk chunk = chunk_of("now\n");
    ASSERT_TRUE(exchange.push(0, chunk));
  }
  exchange.end_table(0);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(exchange.next()->chunk.text, "now\n");
  EXPECT_TRUE(exchange.next()->table_ended);
  EXPECT_EQ(exchange.next()->chunk.text, "ahead\n");
}

}  // namespace
}  // namespace tdm
