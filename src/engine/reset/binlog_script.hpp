#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tdm {

// The rows a test's statements changed in one table, as the binary log recorded them.
struct LoggedRows {
  std::uint64_t inserts = 0;
  std::uint64_t updates = 0;
  std::uint64_t deletes = 0;

  std::uint64_t total() const { return inserts + updates + deletes; }
};

// What `mariadb-binlog --flashback --verbose` printed for one database: the statements that
// undo the logged row changes (BINLOG '<base64 events>' with the row images swapped, newest
// change first, between the session settings the tool sets), the tables those events touch,
// and per table the rows changed (from the "### INSERT INTO `db`.`t`" lines of --verbose,
// which show the inverse: an undone DELETE reads as an INSERT).
struct UndoScript {
  std::vector<std::string> statements;     // in order, without their delimiter
  std::set<std::string> tables;            // of `database`, from the "Table_map:" comments
  std::map<std::string, LoggedRows> rows;  // of `database`, the test's changes
};

// Splits the tool's output the way the `mariadb` client would: '#' comment lines between
// statements, `DELIMITER` lines, statements ending with the delimiter in force at a line's
// end (BINLOG's base64 text holds neither). Client commands ("/*!\C utf8mb4 */") are left
// out. Only the tool's own output format is supported. The tool skips DDL (TRUNCATE, ALTER):
// only its session context remains, so such changes must be found otherwise.
UndoScript parse_undo_script(std::string_view output, std::string_view database);

// The script's statements as the round trips that run them, in order: each BINLOG statement
// alone, and every run of statements between two of them (session settings, START
// TRANSACTION, COMMIT) joined into one, separated by ';'. The whole script in one round trip
// left rows other than logged on MariaDB 10.11 without an error, so no BINLOG shares one.
std::vector<std::string> undo_round_trips(const UndoScript& script);

}  // namespace tdm
