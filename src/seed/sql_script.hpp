#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tdm {

// What happens to comments (other than executable ones) inside a statement.
enum class StatementComments {
  kDropped,  // as `mariadb DB < file` sends statements: without them (its default)
  kKept,     // as `mariadb --comments`, so a routine body keeps the comments written in it
};

// One statement of an SQL script, as the `mariadb` client would send it to the server.
struct SqlStatement {
  // Comments removed (unless kept, see split_sql_script; the executable /*! ... */ and /*M! ... */
  // kinds, which are kept as part of the statement), the delimiter removed, surrounding whitespace
  // trimmed. Line breaks are kept, so the server's "at line N" counts from `line`.
  std::string text;
  std::size_t line = 0;         // 1-based line of the statement's first character
  std::string delimiter = ";";  // the delimiter in force when it ended (see DELIMITER)
};

// Splits an SQL script into statements the way the `mariadb` command-line client does:
//   - '...', "..." and `...` quoting, with backslash escapes (not in `...`) and doubled quotes;
//   - the script's own `SET sql_mode` statements (sql_mode_tracker.hpp): under
//     NO_BACKSLASH_ESCAPES a backslash escapes nothing, under ANSI_QUOTES nothing in "...";
//   - "-- " (two dashes and a blank or end of line) and "#" comments to the end of the line,
//     and /* ... */ comments;
//   - the client command `DELIMITER <text>` at the start of a statement, so a script can
//     define triggers and routines (`DELIMITER $$ ... END$$ DELIMITER ;`);
//   - a last statement without a delimiter, and empty statements (";;"), which are dropped.
// A leading UTF-8 byte-order mark is skipped. `source` names the script in error messages.
// Throws Error(kSeed) "<source>:<line>: ..." for an unterminated quote or comment and for a
// DELIMITER command without a delimiter.
//
// Hand-written because no Debian package offers a splitter for the MariaDB dialect (the client
// keeps its own inside `mariadb`, and generic SQL parsers know neither DELIMITER nor /*! */).
// Not supported: the other client commands (SOURCE, \g, ...), and an sql_mode the session had
// before the script started (a script starts under the server's default quoting rules).
// With StatementComments::kKept, comments inside a statement stay in its text (a statement
// ending in a line comment then ends in a line break, so text after it is not commented out);
// comments between statements are dropped either way.
std::vector<SqlStatement> split_sql_script(
    std::string_view script, std::string_view source = "SQL script",
    StatementComments comments = StatementComments::kDropped);

}  // namespace tdm
