#include "seed/statement_batches.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace tdm {

namespace {

// First words whose statements cannot contain a compound body and return one result.
constexpr std::array<std::string_view, 20> kBatchableVerbs = {
    "INSERT", "REPLACE", "UPDATE", "DELETE",  "DROP",     "TRUNCATE", "RENAME",
    "LOCK",   "UNLOCK",  "START",  "COMMIT",  "ROLLBACK", "USE",      "SELECT",
    "WITH",   "GRANT",   "REVOKE", "ANALYZE", "OPTIMIZE", "SET"};

// What CREATE and ALTER may create or change and still be batched: no routine, trigger or
// event (their bodies may hold statements), nor DEFINER= (which routines and triggers start with).
constexpr std::array<std::string_view, 8> kBatchableObjects = {
    "TABLE", "DATABASE", "SCHEMA", "INDEX", "SEQUENCE", "VIEW", "USER", "ROLE"};

// Words between CREATE/ALTER and the kind of object.
constexpr std::array<std::string_view, 8> kObjectModifiers = {
    "OR", "REPLACE", "TEMPORARY", "ONLINE", "IGNORE", "UNIQUE", "FULLTEXT", "SPATIAL"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// The upper-cased leading words of a statement; a leading executable-comment marker such as
// "/*!40101" (mysqldump's) is skipped, since the server runs what follows it.
std::vector<std::string> leading_words(std::string_view text, std::size_t how_many) {
  for (std::string_view marker : {"/*!", "/*M!"}) {
    if (text.starts_with(marker)) {
      text.remove_prefix(marker.size());
      while (!text.empty() && std::isdigit(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
      break;
    }
  }
  std::vector<std::string> words;
  std::size_t pos = 0;
  while (words.size() < how_many) {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    std::string word;
    while (pos < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[pos])) || text[pos] == '_')) {
      word += static_cast<char>(std::toupper(static_cast<unsigned char>(text[pos++])));
    }
    if (word.empty()) break;  // punctuation: stop, the statement is classified by what we have
    words.push_back(std::move(word));
  }
  return words;
}

bool batchable_create_or_alter(const std::vector<std::string>& words) {
  for (std::size_t i = 1; i < words.size(); ++i) {
    if (contains(kObjectModifiers, words[i])) continue;
    return contains(kBatchableObjects, words[i]);
  }
  return false;
}

}  // namespace

bool batchable(const SqlStatement& statement) {
  if (statement.delimiter != ";") return false;
  std::vector<std::string> words = leading_words(statement.text, 6);
  if (words.empty()) return false;
  const std::string& verb = words[0];
  if (verb == "CREATE" || verb == "ALTER") return batchable_create_or_alter(words);
  // SET STATEMENT ... FOR <any statement>, which may be a CALL.
  if (verb == "SET" && words.size() > 1 && words[1] == "STATEMENT") return false;
  return contains(kBatchableVerbs, verb);
}

std::vector<StatementBatch> batch_statements(const std::vector<SqlStatement>& statements,
                                             std::size_t max_bytes) {
  std::vector<StatementBatch> batches;
  bool open = false;  // whether the last batch may take more statements
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const SqlStatement& statement = statements[i];
    bool groupable = batchable(statement);
    bool fits = open && batches.back().sql.size() + 2 + statement.text.size() <= max_bytes;
    if (groupable && fits) {
      StatementBatch& batch = batches.back();
      batch.sql += ";\n";
      batch.sql += statement.text;
      ++batch.count;
      continue;
    }
    batches.push_back({i, 1, statement.text});
    open = groupable;
  }
  return batches;
}

}  // namespace tdm
