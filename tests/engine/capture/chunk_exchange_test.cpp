#include "engine/capture/chunk_exchange.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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

TEST(ChunkExchange, WritesEachTableWholeAndInOrderOnce) {
  ChunkExchange exchange({2, 0, 1, 3}, 1);  // a cap of one byte: readers ahead always wait
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
  std::sort(written.begin(), written.end());
  EXPECT_EQ(written, (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_NO_THROW(exchange.rethrow_failure());
}

// Tables are handed out biggest first: of those being read, the one started last is the
// smallest and ends soonest, so the biggest is written last, as its reader goes.
TEST(ChunkExchange, OfTablesBeingReadTheOneStartedLastIsWrittenFirst) {
  ChunkExchange exchange({0, 1}, 1 << 20);
  ASSERT_EQ(exchange.start_next_table(), 0u);
  ASSERT_EQ(exchange.start_next_table(), 1u);
  RowsChunk big = chunk_of("big\n"), small = chunk_of("small\n");
  ASSERT_TRUE(exchange.push(0, big));
  ASSERT_TRUE(exchange.push(1, small));
  auto event = exchange.next();
  EXPECT_EQ(event->table, 1u);
  EXPECT_EQ(event->chunk.text, "small\n");
}

TEST(ChunkExchange, ATableReadWholeIsWrittenBeforeOnesStillBeingRead) {
  ChunkExchange exchange({0, 1, 2}, 1 << 20);
  for (int i = 0; i < 3; ++i) exchange.start_next_table();
  RowsChunk whole = chunk_of("whole\n"), partial = chunk_of("partial\n");
  ASSERT_TRUE(exchange.push(0, whole));
  exchange.end_table(0);
  ASSERT_TRUE(exchange.push(2, partial));
  EXPECT_EQ(exchange.next()->chunk.text, "whole\n");
  EXPECT_TRUE(exchange.next()->table_ended);
  EXPECT_EQ(exchange.next()->chunk.text, "partial\n");
}

// When the room is full, readers wait: the table holding most of it goes next, which frees
// the most room.
TEST(ChunkExchange, WithTheRoomFullTheTableHoldingMostOfItIsWrittenFirst) {
  ChunkExchange exchange({0, 1}, 10);
  ASSERT_EQ(exchange.start_next_table(), 0u);
  ASSERT_EQ(exchange.start_next_table(), 1u);
  RowsChunk small = chunk_of("s\n"), large = chunk_of("large chunk\n");
  ASSERT_TRUE(exchange.push(1, small));
  ASSERT_TRUE(exchange.push(0, large));  // the room is now over full
  EXPECT_EQ(exchange.next()->chunk.text, "large chunk\n");
}

TEST(ChunkExchange, AFailureStopsAReaderWaitingForRoomAndIsRethrown) {
  ChunkExchange exchange({0, 1}, 1);
  ASSERT_EQ(exchange.start_next_table(), 0u);
  ASSERT_EQ(exchange.start_next_table(), 1u);
  RowsChunk ahead = chunk_of("ahead\n");
  ASSERT_TRUE(exchange.push(1, ahead));  // fills the room: no table is being written yet
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
  ChunkExchange exchange({0, 1}, 1);
  ASSERT_EQ(exchange.start_next_table(), 0u);
  ASSERT_EQ(exchange.start_next_table(), 1u);
  RowsChunk first = chunk_of("first\n");
  ASSERT_TRUE(exchange.push(0, first));               // the room is full from here on
  EXPECT_EQ(exchange.next()->chunk.text, "first\n");  // table 0 is being written now
  RowsChunk ahead = chunk_of("ahead\n");
  ASSERT_TRUE(exchange.push(1, ahead));  // the room was empty again
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
