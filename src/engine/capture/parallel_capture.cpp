#include "engine/capture/parallel_capture.hpp"

#include <algorithm>
#include <numeric>
#include <optional>
#include <thread>

#include "engine/capture/chunk_exchange.hpp"
#include "engine/capture/spill_file.hpp"
#include "engine/capture/table_data_capture.hpp"

namespace tdm {

namespace {

// The order tables are handed to the readers in: biggest first (ties in index order), so that
// the readers finish close together.
std::vector<std::size_t> biggest_first(const std::vector<TableInfo>& tables) {
  std::vector<std::size_t> order(tables.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return tables[a].estimated_bytes > tables[b].estimated_bytes;
  });
  return order;
}

// Hands `chunk` over, spilled to `spill` (numbered `spill_index`) when there is no room for it.
bool hand_over(ChunkExchange& exchange, std::size_t table, RowsChunk& chunk, SpillFile& spill,
               std::size_t spill_index) {
  switch (exchange.push(table, chunk)) {
    case ChunkExchange::Push::kTaken:
      return true;
    case ChunkExchange::Push::kStopped:
      return false;
    case ChunkExchange::Push::kNoRoom:
      break;
  }
  SpilledText where{spill_index, spill.append(chunk.text), chunk.text.size()};
  return exchange.push_spilled(table, chunk, where);
}

// One reader thread's work: tables from the exchange until none is left.
void read_tables(Connection& reader, const std::vector<TableInfo>& tables, std::size_t chunk_bytes,
                 ChunkExchange& exchange, SpillFile& spill, std::size_t spill_index) {
  try {
    while (std::optional<std::size_t> table = exchange.start_next_table()) {
      auto push = [&](RowsChunk& chunk) {
        return hand_over(exchange, *table, chunk, spill, spill_index);
      };
      if (!read_table_rows(reader, tables[*table], chunk_bytes, push)) return;
      exchange.end_table(*table);
    }
  } catch (...) {
    exchange.fail(std::current_exception());
  }
}

// Joins the reader threads however the writing ends: stopped first, so none waits for ever.
class ReaderThreads {
 public:
  explicit ReaderThreads(ChunkExchange& exchange) : exchange_(exchange) {}
  ~ReaderThreads() {
    exchange_.stop();
    for (std::thread& thread : threads_) thread.join();
  }
  ReaderThreads(const ReaderThreads&) = delete;
  ReaderThreads& operator=(const ReaderThreads&) = delete;

  template <typename Work>
  void start(Work work) {
    threads_.emplace_back(std::move(work));
  }

 private:
  ChunkExchange& exchange_;
  std::vector<std::thread> threads_;
};

// The writer's side: every table's data section, in the order of `tables`.
void write_tables(ChunkExchange& exchange, const std::vector<TableInfo>& tables,
                  const std::vector<SpillFile>& spills, std::size_t chunk_bytes,
                  PayloadWriter& writer, ProgressReporter* progress,
                  std::vector<TableStats>& stats) {
  std::optional<std::size_t> open;
  std::string spilled;  // the text of a spilled chunk, read back
  while (std::optional<ChunkExchange::Event> event = exchange.next()) {
    if (open != event->table) writer.begin_data(table_data_layout(tables[event->table]));
    open = event->table;
    if (event->table_ended) {
      stats[event->table].rows = writer.end_data();
      open.reset();
      continue;
    }
    const std::string* text = &event->chunk.text;
    if (event->spilled) {
      const SpilledText& where = *event->spilled;
      spills[where.file].read(where.offset, where.bytes, spilled);
      text = &spilled;
    }
    writer.append_rows_chunk(*text, event->chunk.rows);
    if (progress) progress->add(event->chunk.field_bytes, event->chunk.rows);
    // A buffer that a row far bigger than a chunk grew is freed rather than kept for reuse.
    if (!event->spilled && event->chunk.text.capacity() <= 2 * chunk_bytes) {
      exchange.give_back(std::move(event->chunk.text));
    }
  }
}

}  // namespace

std::vector<TableStats> capture_tables_in_parallel(const std::vector<Connection*>& readers,
                                                   const std::vector<TableInfo>& tables,
                                                   PayloadWriter& writer, std::size_t chunk_bytes,
                                                   ProgressReporter* progress,
                                                   const std::filesystem::path& spill_directory,
                                                   std::size_t read_ahead_bytes) {
  std::vector<TableStats> stats;
  for (const TableInfo& table : tables) stats.push_back(TableStats{table.name, 0});
  ChunkExchange exchange(biggest_first(tables), read_ahead_bytes);
  std::vector<SpillFile> spills;  // one per reader; outlive the threads
  spills.reserve(readers.size());
  for (std::size_t i = 0; i < readers.size(); ++i) spills.emplace_back(spill_directory);
  {
    ReaderThreads threads(exchange);
    for (std::size_t i = 0; i < readers.size(); ++i) {
      threads.start(
          [&, i] { read_tables(*readers[i], tables, chunk_bytes, exchange, spills[i], i); });
    }
    try {
      write_tables(exchange, tables, spills, chunk_bytes, writer, progress, stats);
    } catch (...) {
      exchange.fail(std::current_exception());
    }
  }
  exchange.rethrow_failure();
  return stats;
}

}  // namespace tdm
