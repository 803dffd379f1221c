#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/reset/binlog_rows.hpp"

namespace tdm {

// The rows a test's statements changed in one table, as the binary log recorded them.
struct LoggedRows {
  std::uint64_t inserts = 0;
  std::uint64_t updates = 0;
  std::uint64_t deletes = 0;

  std::uint64_t total() const { return inserts + updates + deletes; }
};

// Rows a test's statements deleted from one table in one event: their images as logged, with the
// table map and the columns the images carry (logged_key_value reads their keys).
struct LoggedDeletes {
  TableMap map;
  std::vector<bool> present;
  std::vector<std::string> images;
};

// The statements that undo the row changes the binary log holds for one database (BINLOG
// '<base64 events>' with the events inverted, newest change first, inside a transaction), the
// tables those events touch, and per table the rows the test changed. Each statement is its
// own round trip: the whole script as one multi-statement query left rows other than logged
// on MariaDB 10.11 without an error.
struct UndoScript {
  std::vector<std::string> statements;     // in order, without their delimiter
  std::set<std::string> tables;            // of `database`, from the table maps
  std::map<std::string, LoggedRows> rows;  // of `database`, the test's changes
  // Of `database`, by table: the rows deleted, whose keys tell which child rows an ON DELETE
  // CASCADE took with them (cascade_refill.hpp).
  std::map<std::string, std::vector<LoggedDeletes>> deleted;
};

}  // namespace tdm
