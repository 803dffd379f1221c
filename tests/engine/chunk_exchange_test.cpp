#include "engine/chunk_exchange.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
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

TEST(ChunkExchange, WritesEachTableWholeInTheOrderTheyWereStarted) {
  ChunkExchange exchange({2, 0, 1, 3}, 1);  // a cap of one byte: readers ahead always wait
  std::thread first(produce, std::ref(exchange), 50);
  std::thread second(produce, std::ref(exchange), 50);
  std::vector<std::size_t> written;
  std::size_t expected_chunk = 0;
  while (auto event = exchange.next()) {
    if (event->table_ended) {
      EXPECT_EQ(expected_chunk, 50u) << "table " << event->table;
      written.push_back(event->table);
      expected_chunk = 0;
      continue;
    }
    EXPECT_EQ(event->chunk.text,
              std::to_string(event->table) + ":" + std::to_string(expected_chunk++) + "\n");
  }
  first.join();
  second.join();
  EXPECT_EQ(written, (std::vector<std::size_t>{2, 0, 1, 3}));
  EXPECT_NO_THROW(exchange.rethrow_failure());
}

TEST(ChunkExchange, AFailureStopsAReaderWaitingForRoomAndIsRethrown) {
  ChunkExchange exchange({0, 1}, 1);
  ASSERT_EQ(exchange.start_next_table(), 0u);  // table 0 is the one being written
  ASSERT_EQ(exchange.start_next_table(), 1u);
  RowsChunk ahead = chunk_of("ahead\n");
  ASSERT_TRUE(exchange.push(1, ahead));  // fills the room for tables ahead of their turn
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
  RowsChunk ahead = chunk_of("ahead\n");
  ASSERT_TRUE(exchange.push(1, ahead));
  for (int i = 0; i < 3; ++i) {  // would block for ever if it waited
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
