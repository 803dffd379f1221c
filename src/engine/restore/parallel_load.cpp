#include "engine/restore/parallel_load.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "engine/common/progress_reporter.hpp"
#include "engine/common/session_settings.hpp"
#include "engine/restore/local_infile_feed.hpp"
#include "engine/restore/table_load.hpp"
#include "engine/restore/table_statistics.hpp"
#include "engine/tablespace/tablespace_import.hpp"

namespace tdm {

namespace {

// What fills one table: its tablespace copy when usable, else (or when refused) its rows.
struct TableJob {
  const TableDefinition* definition = nullptr;
  const TableData* rows = nullptr;
  const CachedTablespace* tablespace = nullptr;

  std::uint64_t weight() const {
    return tablespace ? tablespace->bytes() : (rows ? rows->bytes : 0);
  }
  std::uint64_t row_count() const { return rows ? rows->rows : 0; }
  const std::string& name() const {
    return definition ? definition->name : tablespace ? tablespace->table : rows->layout.table;
  }
};

std::vector<TableJob> plan_jobs(const PayloadIndex& index, const TablespaceCacheEntry* cache) {
  std::map<std::string, TableJob> by_table;
  for (const TableDefinition& table : index.tables) {
    by_table[table.name].definition = &table;
    if (cache) by_table[table.name].tablespace = cache->find(table.name);
  }
  for (const TableData& data : index.data) by_table[data.layout.table].rows = &data;
  std::vector<TableJob> jobs;
  for (const auto& [name, job] : by_table) {
    if (job.tablespace || (job.rows && job.rows->rows > 0)) jobs.push_back(job);
  }
  std::stable_sort(jobs.begin(), jobs.end(),
                   [](const TableJob& a, const TableJob& b) { return a.weight() > b.weight(); });
  return jobs;
}

// State shared by the loader threads: the jobs, the totals, the progress and the first failure.
class JobQueue {
 public:
  JobQueue(std::vector<TableJob> jobs, const ProgressObserver& observer)
      : jobs_(std::move(jobs)), progress_(observer, "loading", total_weight(), total_rows()) {}

  const TableJob* next() {
    std::size_t i = next_.fetch_add(1);
    return i < jobs_.size() && !cancelled_.load() ? &jobs_[i] : nullptr;
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

  void add_rows(std::uint64_t rows, const CachedTablespace* imported) {
    std::lock_guard lock(mutex_);
    result_.rows += rows;
    if (imported) result_.imported_copies[imported->table] = imported->digest();
  }
  void add_note(std::string note) {
    std::lock_guard lock(mutex_);
    result_.notes.push_back(std::move(note));
  }
  LoadResult result() const { return result_; }
  ProgressReporter& progress() { return progress_; }

 private:
  std::uint64_t total_weight() const {
    std::uint64_t total = 0;
    for (const TableJob& job : jobs_) total += job.weight();
    return total;
  }
  std::uint64_t total_rows() const {
    std::uint64_t total = 0;
    for (const TableJob& job : jobs_) total += job.row_count();
    return total;
  }

  std::vector<TableJob> jobs_;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::exception_ptr failure_;
  LoadResult result_;
  ProgressReporter progress_;  // after jobs_: its totals are computed from them
};

// Imports the table's tablespace copy; on refusal recreates the table empty and returns false.
bool try_import(Connection& connection, const std::filesystem::path& directory, const TableJob& job,
                JobQueue& queue) {
  const std::string& table = job.tablespace->table;
  try {
    import_tablespace(connection, directory, *job.tablespace);
    return true;
  } catch (const Error& refusal) {
    // Broad on purpose: a copy can be refused many ways (files, versions, row formats), and
    // loading the rows is the other way to the same table; should the server be gone, that
    // load fails in its turn and reports it.
    if (queue.cancelled().load() || !job.rows || !job.definition) throw;
    queue.add_note("table `" + table + "`: tablespace copy refused (" + refusal.what() +
                   "); loaded its rows instead");
  }
  // Files first: a kill between the two steps then leaves a table DROP DATABASE can clear,
  // never files of no table, which would make DROP DATABASE fail ("directory not empty").
  remove_tablespace_files(directory, table);
  connection.execute("DROP TABLE IF EXISTS " + Connection::quote_identifier(table));
  connection.execute(job.definition->create_statement);
  return false;
}

void load_worker(const ConnectionParams& params, const PayloadFile& file,
                 const std::optional<TablespaceImport>& tablespaces, JobQueue& queue) {
  try {
    Connection connection(params);
    prepare_restore_session(connection);
    // The feed reports the row bytes as it sends them; rows count when their table is done.
    LocalInfileFeed feed(connection, file, queue.cancelled(), &queue.progress());
    while (const TableJob* job = queue.next()) {
      if (job->tablespace && try_import(connection, tablespaces->directory, *job, queue)) {
        queue.add_rows(job->row_count(), job->tablespace);
        queue.progress().add(job->tablespace->bytes(), job->row_count());
      } else if (job->rows) {
        std::uint64_t rows = load_table(connection, feed, *job->rows);
        queue.add_rows(rows, nullptr);
        queue.progress().add(0, rows);
      }
      recalculate_statistics(connection, job->name());
    }
  } catch (...) {
    queue.fail(std::current_exception());
  }
}

}  // namespace

LoadResult load_all_tables(const ConnectionParams& params, const PayloadFile& file,
                           const PayloadIndex& index, unsigned threads,
                           const std::optional<TablespaceImport>& tablespaces,
                           const ProgressObserver& progress) {
  std::vector<TableJob> planned = plan_jobs(index, tablespaces ? &tablespaces->cache : nullptr);
  if (planned.empty()) return {};
  std::size_t workers = std::clamp<std::size_t>(threads, 1, planned.size());
  JobQueue jobs(std::move(planned), progress);
  {
    std::vector<std::jthread> pool;
    for (std::size_t i = 0; i < workers; ++i) {
      pool.emplace_back([&] { load_worker(params, file, tablespaces, jobs); });
    }
  }  // joined here
  jobs.rethrow_failure();
  return jobs.result();
}

}  // namespace tdm
