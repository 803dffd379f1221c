#include "engine/parallel_load.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "connection/connection.hpp"
#include "engine/local_infile_feed.hpp"
#include "engine/session_settings.hpp"
#include "engine/table_load.hpp"

namespace tdm {

namespace {

// State shared by the loader threads: a queue of tables and the first failure.
class LoadQueue {
 public:
  explicit LoadQueue(std::vector<const TableData*> tables) : tables_(std::move(tables)) {}

  const TableData* next() {
    std::size_t i = next_.fetch_add(1);
    return i < tables_.size() && !cancelled_.load() ? tables_[i] : nullptr;
  }
  void fail(std::exception_ptr failure) {
    std::lock_guard lock(mutex_);
    if (!failure_) failure_ = failure;
    cancelled_.store(true);
  }
  void rethrow_failure() {
    if (failure_) std::rethrow_exception(failure_);
  }
  const std::atomic<bool>& cancelled() const { return cancelled_; }
  void add_rows(std::uint64_t rows) { rows_.fetch_add(rows); }
  std::uint64_t rows() const { return rows_.load(); }

 private:
  std::vector<const TableData*> tables_;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> cancelled_{false};
  std::atomic<std::uint64_t> rows_{0};
  std::mutex mutex_;
  std::exception_ptr failure_;
};

void load_worker(const ConnectionParams& params, const PayloadFile& file, LoadQueue& queue) {
  try {
    Connection connection(params);
    prepare_restore_session(connection);
    LocalInfileFeed feed(connection, file, queue.cancelled());
    while (const TableData* data = queue.next()) {
      queue.add_rows(load_table(connection, feed, *data));
    }
  } catch (...) {
    queue.fail(std::current_exception());
  }
}

}  // namespace

std::uint64_t load_all_tables(const ConnectionParams& params, const PayloadFile& file,
                              const PayloadIndex& index, unsigned threads) {
  std::vector<const TableData*> tables;
  for (const TableData& data : index.data) {
    if (data.rows > 0) tables.push_back(&data);
  }
  std::stable_sort(tables.begin(), tables.end(),
                   [](const TableData* a, const TableData* b) { return a->bytes > b->bytes; });
  if (tables.empty()) return 0;
  LoadQueue queue(tables);
  std::size_t workers = std::clamp<std::size_t>(threads, 1, tables.size());
  {
    std::vector<std::jthread> pool;
    for (std::size_t i = 0; i < workers; ++i) {
      pool.emplace_back([&] { load_worker(params, file, queue); });
    }
  }  // joined here
  queue.rethrow_failure();
  return queue.rows();
}

}  // namespace tdm
