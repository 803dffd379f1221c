#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "engine/reset/binlog_script.hpp"

namespace tdm {

// Undoing a test's row changes from the server's binary log: with row-based logging and full
// row images, every committed INSERT, UPDATE and DELETE is logged with the rows before and
// after, and inverting those events (binlog_flashback.hpp), newest first, undoes them.
// Applying the inverse costs time in proportion to the rows the test changed, not to the size
// of the tables. It cannot undo what was not logged (TRUNCATE and other DDL, cascaded foreign
// key changes, a session with sql_log_bin=0 or binlog_format=STATEMENT): the caller checks the
// result and reloads what the undo did not bring back.

struct BinlogPosition {
  std::string file;  // e.g. "binlog.000003"
  std::uint64_t position = 0;
};

// The binary log as it stands: where it ends, and its files, oldest first.
struct BinaryLog {
  BinlogPosition end;
  std::vector<std::string> files;
};

// The binary log when it can serve undos here: on, ROW format, FULL row images, and its files
// readable by this process (a local server). nullopt otherwise. One round trip.
std::optional<BinaryLog> usable_binary_log(Connection& connection);

// The statements undoing every row change logged for `database` between `from` and the
// current end of the log, read from the log's files. nullopt when that cannot be known: the log
// no longer usable, a file from `from` on already purged, events this process cannot read or
// invert, more than 64 MiB of log to read.
std::optional<UndoScript> read_undo_script(Connection& connection, const std::string& database,
                                           const BinlogPosition& from);

// Deletes the binary log files of `log` before `oldest_needed` (the first file a reset point
// still needs; nullopt: none does), never the file `log` ends in (what usable_binary_log said a
// moment ago: the file being written then) or a later one. Only where the log serves undos here
// (`log` is nullopt otherwise), and only as far as the account may (BINLOG ADMIN / SUPER):
// otherwise the server's own expiry (binlog_expire_logs_seconds) is all there is. Returns how
// many files went.
std::size_t purge_binary_logs_before(Connection& connection, const std::optional<BinaryLog>& log,
                                     const std::optional<std::string>& oldest_needed);

// Runs the undo on `connection`. Each logged event applies under the flags it was logged with
// (foreign key checks included) and leaves the session's own settings as they were, so any
// session will do. Refused, stopping at that statement and rolling back what ran, when rows
// are not as the log says (missing, already there, a foreign key unmet: a cascade or TRUNCATE
// changed them), a table's engine takes no logged rows (a sequence), or the account may not
// replay the log; throws Error for any other failure, also rolled back.
Attempt<> apply_undo_script(Connection& connection, const UndoScript& script);

}  // namespace tdm
