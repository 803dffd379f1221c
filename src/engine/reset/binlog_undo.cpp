#include "engine/reset/binlog_undo.hpp"

#include <mysqld_error.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <string_view>
#include <vector>

#include "connection/rollback_guard.hpp"
#include "engine/reset/binlog_events.hpp"
#include "engine/reset/binlog_flashback.hpp"
#include "engine/tablespace/server_files.hpp"

namespace tdm {

namespace fs = std::filesystem;

namespace {

// The most of the log a reset reads to undo a test's changes: the log, its events and their
// inverse are all in memory at once. A test that changed more is reset by comparing and
// reloading its tables, faster than undoing that many rows anyway.
constexpr std::uint64_t kMaxUndoLog = 64 << 20;

// The log's file names from `first` to `last` among `files`, in order; empty when `first` is
// gone.
std::vector<std::string> files_between(const std::vector<std::string>& files,
                                       const std::string& first, const std::string& last) {
  std::vector<std::string> between;
  for (const std::string& name : files) {
    if (name == first || !between.empty()) between.push_back(name);
    if (!between.empty() && between.back() == last) return between;
  }
  return {};
}

std::optional<std::uint64_t> parse_position(std::string_view text) {
  std::uint64_t position = 0;
  auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), position);
  if (failure != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return position;
}

// The log's settings, where it ends and its files, read in one round trip (this runs twice in
// every reset). A server without one of the variables (another make or version) keeps no such
// log; without the log, or without BINLOG MONITOR, the account cannot see where it stands.
constexpr const char* kLogReads =
    "SELECT @@global.log_bin, @@global.binlog_format, @@global.binlog_row_image,"
    " @@global.log_bin_basename, @@global.slave_exec_mode, @@global.slave_run_triggers_for_rbr;"
    " SHOW MASTER STATUS; SHOW BINARY LOGS";

// The directory of the log's files when its settings (kLogReads' first result) let it serve
// undos: applying one must neither skip rows it cannot find (IDEMPOTENT) nor fire triggers,
// whose own changes nothing would undo; and this process must be able to read its files.
// nullopt otherwise.
std::optional<fs::path> log_directory_serving_undos(Connection& connection, Result& settings) {
  auto row = settings.next();
  if (!row || row->view(0) != "1" || row->view(1) != "ROW" || row->view(2) != "FULL" ||
      row->is_null(3) || row->view(4) != "STRICT" || row->view(5) != "NO" ||
      !is_local_server(connection.params())) {
    return std::nullopt;
  }
  fs::path directory = fs::path(row->str(3)).parent_path();
  if (::access(directory.c_str(), R_OK | X_OK) != 0) return std::nullopt;
  return directory;
}

// The log as it is now, and its files' directory, when it serves undos.
struct UsableLog {
  BinaryLog log;
  fs::path directory;
};

std::optional<UsableLog> usable_log(Connection& connection) {
  std::optional<Refusal> refused;
  std::vector<Result> reads = connection.try_query_all(
      kLogReads,
      {ER_UNKNOWN_SYSTEM_VARIABLE, ER_SPECIFIC_ACCESS_DENIED_ERROR, ER_NO_BINARY_LOGGING}, refused);
  if (reads.size() < 3) return std::nullopt;
  std::optional<fs::path> directory = log_directory_serving_undos(connection, reads[0]);
  if (!directory) return std::nullopt;
  auto row = reads[1].next();
  if (!row || row->size() < 2) return std::nullopt;
  std::optional<std::uint64_t> position = parse_position(row->view(1));
  if (!position) return std::nullopt;
  BinaryLog log{BinlogPosition{row->str(0), *position}, reads[2].first_column()};
  return UsableLog{std::move(log), std::move(*directory)};
}

}  // namespace

std::optional<BinaryLog> usable_binary_log(Connection& connection) {
  std::optional<UsableLog> usable = usable_log(connection);
  if (!usable) return std::nullopt;
  return std::move(usable->log);
}

std::size_t purge_binary_logs_before(Connection& connection, const std::optional<BinaryLog>& log,
                                     const std::optional<std::string>& oldest_needed) {
  if (!log) return 0;
  std::string keep_from = log->end.file;
  if (oldest_needed && *oldest_needed < keep_from) keep_from = *oldest_needed;
  const std::vector<std::string>& files = log->files;
  std::size_t before = 0;
  while (before < files.size() && files[before] < keep_from) ++before;
  if (before == 0 || before == files.size()) return 0;
  // PURGE names a file that exists: the first one kept.
  Attempt<> purged =
      connection.try_execute("PURGE BINARY LOGS TO " + connection.quote(files[before]),
                             {ER_SPECIFIC_ACCESS_DENIED_ERROR, ER_LOG_IN_USE});
  return purged ? before : 0;
}

std::optional<UndoScript> read_undo_script(Connection& connection, const std::string& database,
                                           const BinlogPosition& from) {
  std::optional<UsableLog> now = usable_log(connection);
  if (!now) return std::nullopt;
  const BinlogPosition& to = now->log.end;
  if (to.file == from.file && to.position == from.position) return UndoScript{};
  std::vector<std::string> files = files_between(now->log.files, from.file, to.file);
  if (files.empty()) return std::nullopt;
  std::optional<LogExcerpt> log =
      read_log_excerpt(now->directory, files, from.position, to.position, kMaxUndoLog);
  if (!log) return std::nullopt;
  return flashback_script(*log, database);
}

Attempt<> apply_undo_script(Connection& connection, const UndoScript& script) {
  // A statement at a time: sent in one multi-statement round trip, BINLOG statements left the
  // session out of sync with the server (MariaDB 10.11: "Commands out of sync" next).
  RollbackUnlessCommitted transaction(connection);
  for (const std::string& statement : script.statements) {
    // Rows not as logged, a foreign key unmet, an engine that takes no logged rows (SEQUENCE:
    // ER_ILLEGAL_HA), or no BINLOG REPLAY privilege.
    Attempt<> applied = connection.try_execute(
        statement, {ER_KEY_NOT_FOUND, ER_DUP_ENTRY, ER_NO_REFERENCED_ROW_2, ER_ROW_IS_REFERENCED_2,
                    ER_ILLEGAL_HA, ER_SPECIFIC_ACCESS_DENIED_ERROR});
    if (!applied) return applied;
  }
  transaction.committed();
  return {};
}

}  // namespace tdm
