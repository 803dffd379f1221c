#include "engine/common/definition_rewrite.hpp"

namespace tdm {

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

// The name inside a backtick identifier token.
std::string identifier_name(std::string_view token) {
  std::string name;
  for (std::size_t i = 1; i + 1 < token.size(); ++i) {
    name += token[i];
    if (token[i] == '`') ++i;  // `` stands for one backtick
  }
  return name;
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
    bool qualifier = c == '`' && end < statement.size() && statement[end] == '.' &&
                     identifier_name(token) == database;
    if (qualifier) {
      i = end + 1;  // drop `database` and its dot
    } else {
      out.append(token);
      i = end;
    }
  }
  return out;
}

std::string sequence_with_table_options(std::string_view create_sequence,
                                        std::string_view create_table) {
  // SHOW CREATE TABLE ends "\n) ENGINE=... SEQUENCE=1 [COMMENT='...']"; no column comment of a
  // sequence's fixed columns holds "\n) ".
  std::size_t close = create_table.rfind("\n) ");
  if (close == std::string_view::npos) return std::string(create_sequence);
  std::string options(create_table.substr(close + 3));
  // SEQUENCE=1 comes before COMMENT=, so its first occurrence is the option itself.
  std::size_t flag = options.find("SEQUENCE=1");
  if (flag != std::string::npos && (flag == 0 || options[flag - 1] == ' ')) {
    std::size_t end = flag + 10;
    if (end < options.size() && options[end] == ' ') ++end;
    options.erase(flag, end - flag);
  }
  while (!options.empty() && options.back() == ' ') options.pop_back();
  // The sequence's own options hold no quotes: its first " ENGINE=" starts the table options.
  std::size_t engine = create_sequence.find(" ENGINE=");
  std::string_view own = create_sequence.substr(0, engine);
  if (options.empty()) return std::string(own);
  return std::string(own) + " " + options;
}

}  // namespace tdm
