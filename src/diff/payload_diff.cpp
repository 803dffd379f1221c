#include "diff/payload_diff.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "core/error.hpp"
#include "diff/primary_key.hpp"
#include "diff/row_diff.hpp"
#include "snapshot/payload/reader.hpp"

namespace tdm {

namespace {

bool table_ignored(const DiffOptions& options, const std::string& table) {
  return std::any_of(options.ignore.begin(), options.ignore.end(), [&](const IgnoreRule& rule) {
    return rule.table == table && rule.column.empty();
  });
}

bool column_ignored(const DiffOptions& options, const std::string& table,
                    const std::string& column) {
  return std::any_of(options.ignore.begin(), options.ignore.end(), [&](const IgnoreRule& rule) {
    return rule.table == table && rule.column == column;
  });
}

const std::regex& auto_increment_option() {
  static const std::regex option(" AUTO_INCREMENT=([0-9]+)");
  return option;
}

std::string without_auto_increment(const std::string& create_table) {
  return std::regex_replace(create_table, auto_increment_option(), "");
}

std::string auto_increment_of(const std::string& create_table) {
  std::smatch match;
  return std::regex_search(create_table, match, auto_increment_option()) ? match[1].str() : "";
}

// Every compared definition of a payload keyed by "TYPE `name`", in a stable order. Table
// definitions leave out their AUTO_INCREMENT counter, compared on its own.
std::map<std::string, std::string> definitions_of(const PayloadIndex& index,
                                                  const DiffOptions& options) {
  std::map<std::string, std::string> definitions;
  for (const TableDefinition& table : index.tables) {
    if (table_ignored(options, table.name)) continue;
    definitions["TABLE `" + table.name + "`"] = without_auto_increment(table.create_statement);
  }
  for (const SequenceDefinition& sequence : index.sequences) {
    if (table_ignored(options, sequence.name)) continue;
    definitions["SEQUENCE `" + sequence.name + "`"] = sequence.create_statement;
  }
  for (const StoredObject& object : index.objects) {
    definitions[object.type + " `" + object.name + "`"] = object.create_statement;
  }
  return definitions;
}

void compare_definitions(const PayloadIndex& a, const PayloadIndex& b, const DiffOptions& options,
                         PayloadDiff& diff) {
  auto defs_a = definitions_of(a, options);
  auto defs_b = definitions_of(b, options);
  for (const auto& [object, text] : defs_a) {
    auto found = defs_b.find(object);
    if (found == defs_b.end()) {
      diff.only_in_a.push_back(object);
    } else if (found->second != text) {
      diff.definitions.push_back({object, text, found->second});
    }
  }
  for (const auto& [object, text] : defs_b) {
    if (!defs_a.count(object)) diff.only_in_b.push_back(object);
  }
}

// Properties of a payload keyed by (object, property), in a stable order.
using Properties = std::map<std::pair<std::string, std::string>, std::string>;

// "BEFORE INSERT ON `t`": the triggers that fire on one event, in their action order.
std::string trigger_event_of(const std::string& create_trigger) {
  static const std::regex event(R"(\b(BEFORE|AFTER)\s+(INSERT|UPDATE|DELETE)\s+ON\s+(\S+))",
                                std::regex::icase);
  std::smatch match;
  if (!std::regex_search(create_trigger, match, event)) return "";
  std::string timing = match[1].str() + " " + match[2].str();
  std::transform(timing.begin(), timing.end(), timing.begin(), ::toupper);
  return timing + " ON " + match[3].str();
}

void add_object_properties(const StoredObject& object, Properties& properties) {
  std::string name = object.type + " `" + object.name + "`";
  properties[{name, "sql_mode"}] = object.sql_mode;
  properties[{name, "character_set_client"}] = object.character_set_client;
  properties[{name, "collation_connection"}] = object.collation_connection;
  if (object.type == "EVENT") properties[{name, "time_zone"}] = object.time_zone;
  if (object.type != "VIEW") properties[{name, "database collation"}] = object.database_collation;
}

Properties properties_of(const PayloadIndex& index, const DiffOptions& options) {
  Properties properties;
  properties[{"DATABASE", "character set"}] = index.database.charset;
  properties[{"DATABASE", "collation"}] = index.database.collation;
  properties[{"DATABASE", "comment"}] = index.database.comment;
  for (const SequenceDefinition& sequence : index.sequences) {
    if (table_ignored(options, sequence.name)) continue;
    std::string name = "SEQUENCE `" + sequence.name + "`";
    properties[{name, "next value"}] = sequence.next_value;
    // Payloads written before the cycle count was recorded leave it out: not compared then.
    if (!sequence.cycle_count.empty()) properties[{name, "cycle count"}] = sequence.cycle_count;
  }
  // Triggers are stored in their action order per table and event: their position there is it.
  std::map<std::string, int> triggers_per_event;
  for (const StoredObject& object : index.objects) {
    add_object_properties(object, properties);
    if (object.type != "TRIGGER") continue;
    int position = ++triggers_per_event[trigger_event_of(object.create_statement)];
    properties[{"TRIGGER `" + object.name + "`", "action order"}] = std::to_string(position);
  }
  return properties;
}

void compare_properties(const PayloadIndex& a, const PayloadIndex& b, const DiffOptions& options,
                        PayloadDiff& diff) {
  Properties props_a = properties_of(a, options);
  Properties props_b = properties_of(b, options);
  for (const auto& [key, value] : props_a) {
    auto found = props_b.find(key);
    // An object on one side only is reported as such; a property recorded on one side only
    // (an older payload) cannot be compared.
    if (found != props_b.end() && found->second != value) {
      diff.properties.push_back({key.first, key.second, value, found->second});
    }
  }
}

void compare_counters(const PayloadIndex& a, const PayloadIndex& b, const DiffOptions& options,
                      PayloadDiff& diff) {
  for (const TableDefinition& table_a : a.tables) {
    if (table_ignored(options, table_a.name)) continue;
    for (const TableDefinition& table_b : b.tables) {
      if (table_b.name != table_a.name) continue;
      std::string counter_a = auto_increment_of(table_a.create_statement);
      std::string counter_b = auto_increment_of(table_b.create_statement);
      if (counter_a != counter_b) diff.counters.push_back({table_a.name, counter_a, counter_b});
    }
  }
}

std::vector<std::string> compared_columns(const TableDataLayout& layout,
                                          const DiffOptions& options) {
  std::vector<std::string> names;
  for (const DataColumn& column : layout.columns) {
    if (!column_ignored(options, layout.table, column.name)) names.push_back(column.name);
  }
  return names;
}

std::optional<std::size_t> position_in(const TableDataLayout& layout, const std::string& name) {
  for (std::size_t i = 0; i < layout.columns.size(); ++i) {
    if (layout.columns[i].name == name) return i;
  }
  return std::nullopt;
}

// The columns both sides carry (ignored ones aside), matched by name; nullopt when the sides
// carry different columns. Rows are keyed when every key column is compared.
std::optional<ColumnMapping> column_mapping(const TableData& a, const TableData& b,
                                            const std::vector<std::string>& key_columns,
                                            const DiffOptions& options) {
  ColumnMapping mapping;
  mapping.names = compared_columns(a.layout, options);
  std::vector<std::string> names_b = compared_columns(b.layout, options);
  if (std::set(mapping.names.begin(), mapping.names.end()) !=
      std::set(names_b.begin(), names_b.end())) {
    return std::nullopt;
  }
  for (const std::string& name : mapping.names) {
    mapping.in_a.push_back(*position_in(a.layout, name));
    mapping.in_b.push_back(*position_in(b.layout, name));
  }
  for (const std::string& column : key_columns) {
    auto found = std::find(mapping.names.begin(), mapping.names.end(), column);
    if (found == mapping.names.end()) {
      mapping.key.clear();  // a generated or ignored key column: match whole rows
      break;
    }
    mapping.key.push_back(static_cast<std::size_t>(found - mapping.names.begin()));
  }
  return mapping;
}

void compare_rows(const PayloadFile& file_a, const PayloadIndex& a, const PayloadFile& file_b,
                  const PayloadIndex& b, const DiffOptions& options, PayloadDiff& diff) {
  for (const TableDefinition& table : a.tables) {
    if (table_ignored(options, table.name)) continue;
    const TableData* data_a = a.data_of(table.name);
    const TableData* data_b = b.data_of(table.name);
    if (!data_a || !data_b) continue;  // on one side only: reported with the definitions
    ++diff.tables_compared;
    TableDiff table_diff{table.name, data_a->rows, data_b->rows, {}, {}};
    // Keyed by side a's primary key (a changed key shows as a definition difference).
    std::vector<std::string> key = row_identity_columns(table.create_statement);
    // History rows share their current row's key; the period's end tells them apart.
    std::string history = history_key_column(table.create_statement);
    if (!key.empty() && !history.empty() && position_in(data_a->layout, history)) {
      key.push_back(history);
    }
    auto mapping = column_mapping(*data_a, *data_b, key, options);
    if (mapping) {
      mapping->labels_a = member_labels(data_a->layout, table.create_statement);
      mapping->labels_b = member_labels(data_b->layout, b.create_statement_of(table.name));
    }
    if (!mapping) {
      table_diff.note = "columns differ: rows not compared";
      diff.tables.push_back(std::move(table_diff));
      continue;
    }
    table_diff.rows = diff_rows(file_a, *data_a, file_b, *data_b, *mapping, options.max_rows);
    if (!table_diff.rows.empty()) diff.tables.push_back(std::move(table_diff));
  }
}

}  // namespace

IgnoreRule parse_ignore_rule(const std::string& text) {
  std::size_t dot = text.find('.');
  IgnoreRule rule{text.substr(0, dot), dot == std::string::npos ? "" : text.substr(dot + 1)};
  if (rule.table.empty() || (dot != std::string::npos && rule.column.empty())) {
    throw Error(ExitCode::kUsage, "cannot ignore '" + text + "': it names no table or column",
                "give TABLE or TABLE.COLUMN");
  }
  return rule;
}

std::string to_string(const IgnoreRule& rule) {
  return rule.column.empty() ? rule.table : rule.table + "." + rule.column;
}

DiffSummary PayloadDiff::summary() const {
  DiffSummary summary;
  std::set<std::string> tables_changed;
  auto note_object = [&](const std::string& object) {
    if (object.rfind("TABLE `", 0) == 0) tables_changed.insert(object);
  };
  for (const std::string& object : only_in_a) note_object(object);
  for (const std::string& object : only_in_b) note_object(object);
  for (const DefinitionChange& change : definitions) note_object(change.object);
  for (const CounterChange& counter : counters) note_object("TABLE `" + counter.table + "`");
  for (const TableDiff& table : tables) {
    note_object("TABLE `" + table.table + "`");
    summary.rows_added += table.rows.added;
    summary.rows_removed += table.rows.removed;
    summary.rows_changed += table.rows.changed;
  }
  summary.tables_changed = tables_changed.size();
  return summary;
}

PayloadDiff diff_payloads(const std::filesystem::path& a, const std::filesystem::path& b,
                          const DiffOptions& options) {
  PayloadFile file_a(a);
  PayloadFile file_b(b);
  PayloadIndex index_a = read_payload_index(file_a);
  PayloadIndex index_b = read_payload_index(file_b);
  PayloadDiff diff;
  diff.ignored = options.ignore;
  diff.max_rows = options.max_rows;
  compare_definitions(index_a, index_b, options, diff);
  compare_properties(index_a, index_b, options, diff);
  compare_counters(index_a, index_b, options, diff);
  compare_rows(file_a, index_a, file_b, index_b, options, diff);
  return diff;
}

}  // namespace tdm
