#include "engine/capture/parallel_capture.hpp"

#include <optional>
#include <thread>

#include "engine/capture/chunk_exchange.hpp"
#include "engine/capture/table_data_capture.hpp"

namespace tdm {

namespace {

// One reader thread's work: tables from the exchange until none is left.
void read_tables(Connection& reader, const std::vector<TableInfo>& tables, std::size_t chunk_bytes,
                 ChunkExchange& exchange) {
  try {
    while (std::optional<std::size_t> table = exchange.start_next_table()) {
      auto push = [&](RowsChunk& chunk) { return exchange.push(*table, chunk); };
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
                  PayloadWriter& writer, ProgressReporter* progress,
                  std::vector<TableStats>& stats) {
  std::optional<std::size_t> open;
  while (std::optional<ChunkExchange::Event> event = exchange.next()) {
    if (open != event->table) writer.begin_data(table_data_layout(tables[event->table]));
    open = event->table;
    if (event->table_ended) {
      stats[event->table].rows = writer.end_data();
      open.reset();
      continue;
    }
    writer.append_rows_chunk(event->chunk.text, event->chunk.rows);
    if (progress) progress->add(event->chunk.field_bytes, event->chunk.rows);
  }
}

}  // namespace

std::vector<TableStats> capture_tables_in_parallel(const std::vector<Connection*>& readers,
                                                   const std::vector<TableInfo>& tables,
                                                   PayloadWriter& writer, std::size_t chunk_bytes,
                                                   ProgressReporter* progress,
                                                   std::size_t read_ahead_bytes) {
  std::vector<TableStats> stats;
  for (const TableInfo& table : tables) stats.push_back(TableStats{table.name, 0});
  ChunkExchange exchange(tables.size(), read_ahead_bytes);
  {
    ReaderThreads threads(exchange);
    for (Connection* reader : readers) {
      threads.start([&, reader] { read_tables(*reader, tables, chunk_bytes, exchange); });
    }
    try {
      write_tables(exchange, tables, writer, progress, stats);
    } catch (...) {
      exchange.fail(std::current_exception());
    }
  }
  exchange.rethrow_failure();
  return stats;
}

}  // namespace tdm
