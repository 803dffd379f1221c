// The JSON report: a stable document for tools. Keys are only ever added, never renamed.
#include <nlohmann/json.hpp>

#include "diff/diff_report.hpp"
#include "diff/unified_diff.hpp"
#include "diff/value_text.hpp"

namespace tdm {

namespace {

using nlohmann::json;

constexpr int kJsonVersion = 1;

json value_json(const FieldValue& value) {
  ShownValue shown = shown_value(value);
  if (shown.kind == ShownValue::Kind::kNull) return nullptr;
  json out = {{shown.kind == ShownValue::Kind::kText ? "text" : "hex", shown.shown},
              {"bytes", shown.bytes}};
  if (shown.shortened) {
    out["shortened"] = true;
    out["sha256"] = shown.sha256;
  }
  return out;
}

json row_json(const RowValues& row) {
  json out = json::array();
  for (const FieldValue& value : row) out.push_back(value_json(value));
  return out;
}

json rows_json(const std::vector<RowValues>& rows) {
  json out = json::array();
  for (const RowValues& row : rows) out.push_back(row_json(row));
  return out;
}

json changed_rows_json(const std::vector<ChangedRow>& rows) {
  json out = json::array();
  for (const ChangedRow& row : rows) {
    json changes = json::array();
    for (const ColumnChange& change : row.changes) {
      changes.push_back(
          {{"column", change.column}, {"a", value_json(change.a)}, {"b", value_json(change.b)}});
    }
    out.push_back({{"key", row_json(row.key)}, {"changes", changes}});
  }
  return out;
}

json table_json(const TableDiff& table) {
  const RowDiff& rows = table.rows;
  return {{"table", table.table},
          {"rows_a", table.rows_a},
          {"rows_b", table.rows_b},
          {"compared", table.note.empty()},
          {"note", table.note},
          {"key", rows.key_columns},
          {"columns", rows.columns},
          {"added", rows.added},
          {"removed", rows.removed},
          {"changed", rows.changed},
          {"added_rows", rows_json(rows.added_rows)},
          {"removed_rows", rows_json(rows.removed_rows)},
          {"changed_rows", changed_rows_json(rows.changed_rows)}};
}

json optional_text(const std::string& text) {
  return text.empty() ? json(nullptr) : json(text);
}

}  // namespace

std::string render_diff_json(const PayloadDiff& diff, const DiffLabels& labels) {
  DiffSummary summary = diff.summary();
  json out = {{"tdm_diff_version", kJsonVersion},
              {"a", labels.a},
              {"b", labels.b},
              {"equal", diff.equal()},
              {"summary",
               {{"tables_compared", diff.tables_compared},
                {"tables_changed", summary.tables_changed},
                {"rows_added", summary.rows_added},
                {"rows_removed", summary.rows_removed},
                {"rows_changed", summary.rows_changed}}},
              {"max_rows", diff.max_rows},
              {"ignored", json::array()},
              {"only_in_a", diff.only_in_a},
              {"only_in_b", diff.only_in_b},
              {"definitions", json::array()},
              {"properties", json::array()},
              {"auto_increment", json::array()},
              {"tables", json::array()}};
  for (const IgnoreRule& rule : diff.ignored) {
    out["ignored"].push_back({{"table", rule.table}, {"column", optional_text(rule.column)}});
  }
  for (const DefinitionChange& change : diff.definitions) {
    out["definitions"].push_back({{"object", change.object},
                                  {"a", change.a},
                                  {"b", change.b},
                                  {"unified_diff", unified_diff(change.a, change.b)}});
  }
  for (const PropertyChange& change : diff.properties) {
    out["properties"].push_back({{"object", change.object},
                                 {"property", change.property},
                                 {"a", change.a},
                                 {"b", change.b}});
  }
  for (const CounterChange& counter : diff.counters) {
    out["auto_increment"].push_back({{"table", counter.table},
                                     {"a", optional_text(counter.a)},
                                     {"b", optional_text(counter.b)}});
  }
  for (const TableDiff& table : diff.tables) out["tables"].push_back(table_json(table));
  // Definitions and names are the server's bytes: anything not UTF-8 becomes U+FFFD.
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace tdm
