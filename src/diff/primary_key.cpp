#include "diff/primary_key.hpp"

#include <algorithm>

#include "core/identifier.hpp"

namespace tdm {

namespace {

// The name of the column declared "GENERATED ALWAYS AS ROW END", or "".
std::string row_end_column(const std::string& create_table) {
  std::size_t at = create_table.find(" GENERATED ALWAYS AS ROW END");
  if (at == std::string::npos) return "";
  std::size_t line = create_table.rfind("\n  `", at);
  if (line == std::string::npos) return "";
  std::size_t name_start = line + 3;
  return read_quoted_identifier(create_table, name_start);
}

}  // namespace

std::vector<std::string> primary_key_columns(const std::string& create_table) {
  std::vector<std::string> columns;
  std::size_t at = create_table.find("\n  PRIMARY KEY (");
  if (at == std::string::npos) return columns;
  std::size_t i = create_table.find('(', at) + 1;
  // `name` tokens up to the closing parenthesis; a prefix length "(10)" is skipped.
  while (i < create_table.size() && create_table[i] != ')') {
    if (create_table[i] == '(') {
      i = create_table.find(')', i) + 1;
    } else if (create_table[i] == '`') {
      columns.push_back(read_quoted_identifier(create_table, i));
    } else {
      ++i;
    }
  }
  return columns;
}

std::vector<std::string> row_identity_columns(const std::string& create_table) {
  std::vector<std::string> columns = primary_key_columns(create_table);
  std::string row_end = row_end_column(create_table);
  if (!row_end.empty()) std::erase(columns, row_end);
  return columns;
}

std::string history_key_column(const std::string& create_table) {
  std::string row_end = row_end_column(create_table);
  if (!row_end.empty()) return row_end;
  return create_table.find(" WITH SYSTEM VERSIONING") == std::string::npos ? "" : "ROW_END";
}

}  // namespace tdm
