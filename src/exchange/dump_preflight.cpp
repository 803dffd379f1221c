#include "exchange/dump_preflight.hpp"

#include <cctype>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/files.hpp"
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

}  // namespace tdm
