#include "exchange/dump_preflight.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/files.hpp"
#include "core/format.hpp"
#include "core/identifier.hpp"
#include "seed/sql_script.hpp"

namespace tdm {

namespace {

// The statement's words in upper case with executable-comment markers ("/*!40000 ", "/*M! ")
// and surrounding blanks removed: enough to recognise the first two keywords.
std::string leading_words(std::string_view text) {
  std::string words;
  std::size_t i = 0;
  while (i < text.size() && words.size() < 40) {
    if (text.substr(i, 3) == "/*!" || text.substr(i, 4) == "/*M!") {
      i += text[i + 2] == 'M' ? 4 : 3;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
      continue;
    }
    char c = text[i++];
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!words.empty() && words.back() != ' ') words += ' ';
    } else {
      words += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return words;
}

bool names_a_database(const std::string& words) {
  for (std::string_view prefix :
       {"USE ", "USE`", "CREATE DATABASE", "CREATE SCHEMA", "DROP DATABASE", "DROP SCHEMA"}) {
    if (words.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

}  // namespace

void require_single_database_dump(const std::filesystem::path& dump) {
  if (!std::filesystem::is_regular_file(dump)) {
    throw Error(ExitCode::kInvalidInput, "dump file " + dump.string() + " does not exist",
                "pass the path of a mysqldump/mariadb-dump .sql file with --file");
  }
  auto statements = split_sql_script(read_file(dump), dump.string());
  if (statements.empty()) {
    throw Error(ExitCode::kInvalidInput, dump.string() + " holds no SQL statement",
                "pass a mysqldump/mariadb-dump .sql file");
  }
  for (const SqlStatement& statement : statements) {
    if (!names_a_database(leading_words(statement.text))) continue;
    throw Error(ExitCode::kInvalidInput,
                dump.string() + ":" + std::to_string(statement.line) +
                    ": the dump selects, creates or drops a database of its own (" +
                    statement.text.substr(0, 60) + ")",
                "dump one database without --databases/--all-databases (mariadb-dump DB > "
                "FILE), or delete those statements");
  }
}

namespace {

// The ALTER DATABASE options that may follow the keyword directly, when no name is given.
bool is_option_word(std::string_view upper_word) {
  for (std::string_view option : {"CHARACTER", "CHARSET", "COLLATE", "COMMENT", "DEFAULT"}) {
    if (upper_word == option) return true;
  }
  return false;
}

bool is_word_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

void drop_database_name_from_alter(SqlStatement& statement) {
  const std::string& text = statement.text;
  std::size_t at = 0;
  auto skip_blanks = [&] {
    while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
  };
  auto next_word = [&] {
    skip_blanks();
    std::size_t start = at;
    while (at < text.size() && is_word_character(text[at])) ++at;
    return ascii_upper(std::string_view(text).substr(start, at - start));
  };
  if (next_word() != "ALTER") return;
  std::string kind = next_word();
  if (kind != "DATABASE" && kind != "SCHEMA") return;
  std::size_t name_start = at;
  skip_blanks();
  if (at < text.size() && text[at] == '`') {
    const std::size_t quote = at;
    std::string name = read_quoted_identifier(text, at);
    // Not closed (its quoted form is longer than what was read): the server will say so.
    const std::size_t doubled = static_cast<std::size_t>(std::count(name.begin(), name.end(), '`'));
    if (at - quote != name.size() + doubled + 2) return;
  } else {
    std::string word = next_word();
    if (word.empty() || is_option_word(word)) return;  // no name: the current database already
  }
  statement.text.erase(name_start, at - name_start);
}

std::optional<std::string> dumped_database_name(const std::filesystem::path& dump) {
  std::ifstream in(dump);
  std::string line;
  // mariadb-dump and mysqldump write it on the third line, after the version lines.
  for (int i = 0; i < 10 && std::getline(in, line); ++i) {
    if (line.rfind("-- Host: ", 0) != 0) continue;
    constexpr std::string_view kDatabase = "Database: ";
    std::size_t at = line.find(kDatabase);
    if (at == std::string::npos) return std::nullopt;
    std::string name = line.substr(at + kDatabase.size());
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
    if (name.empty()) return std::nullopt;
    return name;
  }
  return std::nullopt;
}

void drop_dumped_database_qualifier(SqlStatement& statement, const std::string& dumped_database) {
  if (leading_words(statement.text).rfind("CREATE TABLE", 0) != 0) return;
  statement.text = without_database_qualifier(statement.text, dumped_database);
}

}  // namespace tdm
