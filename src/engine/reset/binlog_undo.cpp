#include "engine/reset/binlog_undo.hpp"

#include <mysqld_error.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <string_view>
#include <vector>

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

// The log's file names from `first` to `last`, in order; empty when `first` is gone or the
// account may not list them (BINLOG MONITOR).
std::vector<std::string> files_between(Connection& connection, const std::string& first,
                                       const std::string& last) {
  Attempt<Result> logs =
      connection.try_query("SHOW BINARY LOGS", {ER_SPECIFIC_ACCESS_DENIED_ERROR});
  if (!logs) return {};
  std::vector<std::string> between;
  for (std::string& name : logs->first_column()) {
    if (name == first || !between.empty()) between.push_back(std::move(name));
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

// The directory of the log's files when the log serves undos: applying one must neither skip
// rows it cannot find (IDEMPOTENT) nor fire triggers, whose own changes nothing would undo;
// and this process must be able to read its files. nullopt otherwise.
std::optional<fs::path> log_directory_serving_undos(Connection& connection) {
  // A server without one of these variables (another make or version) keeps no such log.
  Attempt<Result> settings = connection.try_query(
      "SELECT @@global.log_bin, @@global.binlog_format, @@global.binlog_row_image,"
      " @@global.log_bin_basename, @@global.slave_exec_mode,"
      " @@global.slave_run_triggers_for_rbr",
      {ER_UNKNOWN_SYSTEM_VARIABLE});
  if (!settings) return std::nullopt;
  auto row = settings->next();
  if (!row || row->view(0) != "1" || row->view(1) != "ROW" || row->view(2) != "FULL" ||
      row->is_null(3) || row->view(4) != "STRICT" || row->view(5) != "NO" ||
      !is_local_server(connection.params())) {
    return std::nullopt;
  }
  fs::path directory = fs::path(row->str(3)).parent_path();
  if (::access(directory.c_str(), R_OK | X_OK) != 0) return std::nullopt;
  return directory;
}

// Where the log ends, and its files' directory, when it serves undos.
struct UsableLog {
  BinlogPosition end;
  fs::path directory;
};

std::optional<UsableLog> usable_log(Connection& connection) {
  std::optional<fs::path> directory = log_directory_serving_undos(connection);
  if (!directory) return std::nullopt;
  // The account may not see where the log stands (BINLOG MONITOR).
  Attempt<Result> status =
      connection.try_query("SHOW MASTER STATUS", {ER_SPECIFIC_ACCESS_DENIED_ERROR});
  if (!status) return std::nullopt;
  auto row = status->next();
  if (!row || row->size() < 2) return std::nullopt;
  std::optional<std::uint64_t> position = parse_position(row->view(1));
  if (!position) return std::nullopt;
  return UsableLog{BinlogPosition{row->str(0), *position}, std::move(*directory)};
}

}  // namespace

std::optional<BinlogPosition> usable_binlog_position(Connection& connection) {
  std::optional<UsableLog> log = usable_log(connection);
  if (!log) return std::nullopt;
  return log->end;
}

std::size_t purge_binary_logs_before(Connection& connection,
                                     const std::optional<BinlogPosition>& end,
                                     const std::optional<std::string>& oldest_needed) {
  if (!end) return 0;
  std::string keep_from = end->file;
  if (oldest_needed && *oldest_needed < keep_from) keep_from = *oldest_needed;
  Attempt<Result> logs =
      connection.try_query("SHOW BINARY LOGS", {ER_SPECIFIC_ACCESS_DENIED_ERROR});
  if (!logs) return 0;
  std::vector<std::string> files = logs->first_column();
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
  const BinlogPosition& to = now->end;
  if (to.file == from.file && to.position == from.position) return UndoScript{};
  std::vector<std::string> files = files_between(connection, from.file, to.file);
  if (files.empty()) return std::nullopt;
  std::optional<LogExcerpt> log =
      read_log_excerpt(now->directory, files, from.position, to.position, kMaxUndoLog);
  if (!log) return std::nullopt;
  return flashback_script(*log, database);
}

Attempt<> apply_undo_script(Connection& connection, const UndoScript& script) {
  for (const std::string& statement : script.statements) {
    // Rows not as logged, a foreign key unmet, an engine that takes no logged rows (SEQUENCE:
    // ER_ILLEGAL_HA), or no BINLOG REPLAY privilege.
    Attempt<> applied = connection.try_execute(
        statement, {ER_KEY_NOT_FOUND, ER_DUP_ENTRY, ER_NO_REFERENCED_ROW_2, ER_ROW_IS_REFERENCED_2,
                    ER_ILLEGAL_HA, ER_SPECIFIC_ACCESS_DENIED_ERROR});
    if (!applied) return applied;
  }
  return {};
}

}  // namespace tdm
