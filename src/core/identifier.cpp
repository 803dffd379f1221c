#include "core/identifier.hpp"

#include <string>

#include "core/display.hpp"
#include "core/error.hpp"

namespace tdm {

namespace {

// A per-test copy tdm named itself ("<name>__s<N>", as a test's TDM_DATABASE and
// DATABASE_URL give it to a tdm the test runs): its length is that of <name>.
std::string_view without_slot_suffix(std::string_view name) {
  std::size_t marker = name.rfind("__s");
  if (marker == std::string_view::npos || marker == 0) return name;
  std::string_view number = name.substr(marker + 3);
  if (number.empty() || number.size() > 3 || number.front() == '0') return name;
  for (char c : number) {
    if (c < '0' || c > '9') return name;
  }
  return name.substr(0, marker);
}

}  // namespace

std::size_t utf8_characters(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) {
    if (!is_utf8_continuation(c)) ++count;
  }
  return count;
}

void validate_database_name(std::string_view name, std::string_view origin) {
  std::string where = origin.empty() ? std::string() : " (" + std::string(origin) + ")";
  std::string quoted = "'" + std::string(name) + "'";
  auto refuse = [&](const std::string& why, const std::string& fix) {
    throw Error(ExitCode::kInvalidInput, "database name " + quoted + where + " " + why, fix);
  };
  if (name.empty()) {
    refuse("is empty", "name a database, e.g. app_test");
  }
  if (escape_unprintable(name) != name) {
    refuse("contains control characters or bytes that are not UTF-8",
           "use letters, digits and '_', e.g. app_test");
  }
  for (unsigned char c : name) {
    if (c >= 0xF0) {
      refuse("contains a character beyond U+FFFF, which MariaDB does not allow in names",
             "use letters, digits and '_', e.g. app_test");
    }
  }
  if (name.back() == ' ') {
    refuse("ends with a space, which MariaDB does not allow", "drop the trailing space");
  }
  std::size_t length = utf8_characters(name);
  if (utf8_characters(without_slot_suffix(name)) > kDatabaseNameLimit) {
    refuse("is " + std::to_string(length) + " characters long; tdm allows at most " +
               std::to_string(kDatabaseNameLimit) +
               ", so that its per-test copies (<name>__s<N>) fit MariaDB's 64",
           "choose a name of at most " + std::to_string(kDatabaseNameLimit) + " characters");
  }
}

std::string read_quoted_identifier(std::string_view text, std::size_t& at) {
  std::string name;
  if (at >= text.size() || text[at] != '`') return name;
  for (++at; at < text.size(); ++at) {
    if (text[at] != '`') {
      name += text[at];
    } else if (at + 1 < text.size() && text[at + 1] == '`') {
      name += '`';
      ++at;
    } else {
      ++at;
      break;
    }
  }
  return name;
}

namespace {

// Index just past the quoted token that starts at `start` (a backtick identifier or a '...' or
// "..." literal), following doubled quotes and backslash escapes; the end for an open token.
std::size_t end_of_quoted(std::string_view text, std::size_t start) {
  char quote = text[start];
  for (std::size_t i = start + 1; i < text.size(); ++i) {
    if (text[i] == '\\' && quote != '`') {
      ++i;
    } else if (text[i] == quote) {
      if (i + 1 < text.size() && text[i + 1] == quote) {
        ++i;  // a doubled quote stands for itself
      } else {
        return i + 1;
      }
    }
  }
  return text.size();
}

}  // namespace

std::string without_database_qualifier(std::string_view statement, std::string_view database) {
  std::string out;
  out.reserve(statement.size());
  std::size_t i = 0;
  while (i < statement.size()) {
    char c = statement[i];
    if (c != '`' && c != '\'' && c != '"') {
      out += c;
      ++i;
      continue;
    }
    std::size_t end = end_of_quoted(statement, i);
    std::string_view token = statement.substr(i, end - i);
    std::size_t after_name = i;
    bool qualifier = c == '`' && end < statement.size() && statement[end] == '.' &&
                     read_quoted_identifier(statement, after_name) == database;
    if (qualifier) {
      i = end + 1;  // drop `database` and its dot
    } else {
      out.append(token);
      i = end;
    }
  }
  return out;
}

}  // namespace tdm
