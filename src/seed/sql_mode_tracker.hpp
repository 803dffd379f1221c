#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tdm {

namespace sql_mode_detail {
enum class TokenKind { kWord, kVariable, kString, kSymbol };
struct Token {
  TokenKind kind;
  std::string text;  // a string's value; a word or variable as written
};
}  // namespace sql_mode_detail

// The two parts of a session's sql_mode that change how a script splits into statements.
struct QuotingModes {
  bool no_backslash_escapes = false;  // a backslash inside '...' and "..." is an ordinary byte
  bool ansi_quotes = false;           // "..." is an identifier: no backslash escapes in it
};

// Follows the `SET sql_mode` statements of a script the way the server would, so that the
// splitter knows the quoting rules in force for the next statement, as the `mariadb` client
// learns them from the server after each statement. Understands what dump tools write:
//   SET sql_mode = '...', SET SESSION / LOCAL sql_mode, SET @@sql_mode, @@SESSION.sql_mode,
//   @@LOCAL.sql_mode, `:=`, several assignments in one SET, executable comments
//   (/*!40101 SET SQL_MODE=... */), user variables that save and restore the mode
//   (SET @OLD_SQL_MODE=@@SQL_MODE ... SET SQL_MODE=@OLD_SQL_MODE), DEFAULT and numeric modes.
// A value it cannot evaluate (an expression) leaves the modes as they were. GLOBAL and
// SET STATEMENT ... FOR do not change the session the script runs in.
class SqlModeTracker {
 public:
  // `statement` as the splitter collected it (comments removed, executable ones kept).
  void observe(std::string_view statement);
  QuotingModes modes() const { return modes_of(sql_mode_); }

  static QuotingModes modes_of(std::string_view sql_mode);

 private:
  void assign(const std::string& target, std::optional<std::string> value);
  std::optional<std::string> value_of(const sql_mode_detail::Token& token) const;

  std::string sql_mode_;                               // the session's, upper case
  std::map<std::string, std::string> user_variables_;  // lower-case name -> sql_mode text
};

}  // namespace tdm
