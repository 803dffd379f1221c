#include "diff/payload_diff.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "diff/primary_key.hpp"

namespace tdm {

namespace {

std::string without_auto_increment(const std::string& create_table) {
  static const std::regex counter(" AUTO_INCREMENT=[0-9]+");
  return std::regex_replace(create_table, counter, "");
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  // Without SHOW CREATE's indentation: the report indents them itself.
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line.substr(std::min(line.find_first_not_of(' '), line.size())));
  }
  return lines;
}

// Lines of `from` that `other` lacks (as a multiset), in `from`'s order.
std::vector<std::string> lines_missing_from(const std::vector<std::string>& from,
                                            const std::vector<std::string>& other) {
  std::multiset<std::string> remaining(other.begin(), other.end());
  std::vector<std::string> missing;
  for (const std::string& line : from) {
    auto found = remaining.find(line);
    if (found == remaining.end()) {
      missing.push_back(line);
    } else {
      remaining.erase(found);
    }
  }
  return missing;
}

// Every definition of a payload keyed by "TYPE `name`", in a stable order.
std::map<std::string, std::string> definitions_of(const PayloadIndex& index) {
  std::map<std::string, std::string> definitions;
  for (const TableDefinition& table : index.tables) {
    definitions["TABLE `" + table.name + "`"] = without_auto_increment(table.create_statement);
  }
  for (const SequenceDefinition& sequence : index.sequences) {
    definitions["SEQUENCE `" + sequence.name + "`"] = sequence.create_statement;
  }
  for (const StoredObject& object : index.objects) {
    definitions[object.type + " `" + object.name + "`"] = object.create_statement;
  }
  return definitions;
}

void compare_definitions(const PayloadIndex& a, const PayloadIndex& b, PayloadDiff& diff) {
  auto defs_a = definitions_of(a);
  auto defs_b = definitions_of(b);
  for (const auto& [object, text] : defs_a) {
    auto found = defs_b.find(object);
    if (found == defs_b.end()) {
      diff.only_in_a.push_back(object);
    } else if (found->second != text) {
      auto lines_a = lines_of(text);
      auto lines_b = lines_of(found->second);
      diff.definitions.push_back(
          {object, lines_missing_from(lines_a, lines_b), lines_missing_from(lines_b, lines_a)});
    }
  }
  for (const auto& [object, text] : defs_b) {
    if (!defs_a.count(object)) diff.only_in_b.push_back(object);
  }
}

const TableData* data_of(const PayloadIndex& index, const std::string& table) {
  for (const TableData& data : index.data) {
    if (data.layout.table == table) return &data;
  }
  return nullptr;
}

bool same_columns(const TableDataLayout& a, const TableDataLayout& b) {
  if (a.columns.size() != b.columns.size()) return false;
  for (std::size_t i = 0; i < a.columns.size(); ++i) {
    if (a.columns[i].name != b.columns[i].name) return false;
  }
  return true;
}

}  // namespace

PayloadDiff diff_payloads(const std::filesystem::path& a, const std::filesystem::path& b) {
  PayloadFile file_a(a);
  PayloadFile file_b(b);
  PayloadIndex index_a = read_payload_index(file_a);
  PayloadIndex index_b = read_payload_index(file_b);
  PayloadDiff diff;
  compare_definitions(index_a, index_b, diff);

  for (const TableDefinition& table : index_a.tables) {
    const TableData* data_a = data_of(index_a, table.name);
    const TableData* data_b = data_of(index_b, table.name);
    if (!data_a || !data_b) continue;  // on one side only: reported above
    ++diff.tables_compared;
    TableDiff table_diff{table.name, data_a->rows, data_b->rows, {}, {}};
    if (!same_columns(data_a->layout, data_b->layout)) {
      table_diff.note = "columns differ: rows not compared";
      diff.tables.push_back(std::move(table_diff));
      continue;
    }
    // Keyed by the primary key of side a's definition (the same columns on both sides).
    auto key = key_positions(data_a->layout, primary_key_columns(table.create_statement));
    table_diff.rows = diff_rows(file_a, *data_a, file_b, *data_b, key);
    if (!table_diff.rows.empty()) diff.tables.push_back(std::move(table_diff));
  }
  return diff;
}

}  // namespace tdm
