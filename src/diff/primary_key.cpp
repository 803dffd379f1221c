#include "diff/primary_key.hpp"

namespace tdm {

std::vector<std::string> primary_key_columns(const std::string& create_table) {
  std::vector<std::string> columns;
  std::size_t at = create_table.find("\n  PRIMARY KEY (");
  if (at == std::string::npos) return columns;
  std::size_t i = create_table.find('(', at) + 1;
  // `name` tokens up to the closing parenthesis; `` inside a name stands for one backtick,
  // a prefix length "(10)" after a name is skipped.
  while (i < create_table.size() && create_table[i] != ')') {
    if (create_table[i] == '(') {
      i = create_table.find(')', i) + 1;
      continue;
    }
    if (create_table[i] != '`') {
      ++i;
      continue;
    }
    std::string name;
    for (++i; i < create_table.size(); ++i) {
      if (create_table[i] == '`') {
        if (i + 1 < create_table.size() && create_table[i + 1] == '`') {
          name += '`';
          ++i;
          continue;
        }
        ++i;
        break;
      }
      name += create_table[i];
    }
    columns.push_back(name);
  }
  return columns;
}

std::optional<std::vector<std::size_t>> key_positions(const TableDataLayout& layout,
                                                      const std::vector<std::string>& columns) {
  if (columns.empty()) return std::nullopt;
  std::vector<std::size_t> positions;
  for (const std::string& column : columns) {
    std::size_t found = layout.columns.size();
    for (std::size_t i = 0; i < layout.columns.size(); ++i) {
      if (layout.columns[i].name == column) found = i;
    }
    if (found == layout.columns.size()) return std::nullopt;
    positions.push_back(found);
  }
  return positions;
}

}  // namespace tdm
