// The text report: what a terminal or a CI log shows.
#include "diff/diff_report.hpp"
#include "diff/unified_diff.hpp"
#include "diff/value_text.hpp"

namespace tdm {

namespace {

void add_one_side_objects(const PayloadDiff& diff, std::string& out) {
  if (diff.only_in_a.empty() && diff.only_in_b.empty()) return;
  out += "\nObjects on one side only:\n";
  for (const std::string& object : diff.only_in_a) out += "  - " + object + " (only in a)\n";
  for (const std::string& object : diff.only_in_b) out += "  + " + object + " (only in b)\n";
}

void add_definitions(const PayloadDiff& diff, std::string& out) {
  if (diff.definitions.empty()) return;
  out += "\nDefinitions that differ:\n";
  for (const DefinitionChange& change : diff.definitions) {
    out += "  " + change.object + "\n    --- a\n    +++ b\n";
    for (const std::string& line : unified_diff(change.a, change.b)) out += "    " + line + "\n";
  }
}

void add_properties(const PayloadDiff& diff, std::string& out) {
  if (diff.properties.empty()) return;
  out += "\nProperties that differ:\n";
  for (const PropertyChange& change : diff.properties) {
    out += "  " + change.object + " " + change.property + ": " + value_text(change.a) + " -> " +
           value_text(change.b) + "\n";
  }
}

void add_counters(const PayloadDiff& diff, std::string& out) {
  if (diff.counters.empty()) return;
  out += "\nAUTO_INCREMENT counters that differ:\n";
  for (const CounterChange& counter : diff.counters) {
    out += "  TABLE `" + counter.table + "`: " + counter_text(counter.a) + " -> " +
           counter_text(counter.b) + "\n";
  }
}

// "    ... and 480 more" when the report holds fewer rows than the count.
void add_more(std::uint64_t count, std::size_t shown, std::string& out) {
  if (count > shown) out += "    ... and " + std::to_string(count - shown) + " more\n";
}

void add_rows(const TableDiff& table, std::string& out) {
  const RowDiff& rows = table.rows;
  out += "  TABLE `" + table.table + "`: " + std::to_string(table.rows_a) + " rows in a, " +
         std::to_string(table.rows_b) + " in b";
  if (!table.note.empty()) {
    out += " (" + table.note + ")\n";
    return;
  }
  std::string key;
  for (const std::string& column : rows.key_columns) key += (key.empty() ? "" : ", ") + column;
  out += rows.keyed() ? ", matched by primary key (" + key + ")" : ", no primary key: whole rows";
  out += ": +" + std::to_string(rows.added) + " -" + std::to_string(rows.removed) + " ~" +
         std::to_string(rows.changed) + "\n";
  for (const RowValues& row : rows.added_rows)
    out += "    + " + named_values(rows.columns, row) + "\n";
  add_more(rows.added, rows.added_rows.size(), out);
  for (const RowValues& row : rows.removed_rows) {
    out += "    - " + named_values(rows.columns, row) + "\n";
  }
  add_more(rows.removed, rows.removed_rows.size(), out);
  for (const ChangedRow& row : rows.changed_rows) {
    out += "    ~ " + named_values(rows.key_columns, row.key) + ":";
    for (const ColumnChange& change : row.changes) {
      out += (&change == &row.changes.front() ? " " : ", ") + change.column + " " +
             value_text(change.a) + " -> " + value_text(change.b);
    }
    out += "\n";
  }
  add_more(rows.changed, rows.changed_rows.size(), out);
}

}  // namespace

std::string render_diff_text(const PayloadDiff& diff, const DiffLabels& labels) {
  std::string out =
      "tdm diff: " + summary_line(diff) + "\n  a: " + labels.a + "\n  b: " + labels.b + "\n";
  if (!diff.ignored.empty()) {
    out += "  ignored (not compared):";
    for (const IgnoreRule& rule : diff.ignored) out += " " + to_string(rule);
    out += "\n";
  }
  add_one_side_objects(diff, out);
  add_definitions(diff, out);
  add_properties(diff, out);
  add_counters(diff, out);
  if (!diff.tables.empty()) {
    out += "\nRows that differ (at most " + std::to_string(diff.max_rows) +
           " of each kind per table):\n";
    for (const TableDiff& table : diff.tables) add_rows(table, out);
  }
  return out;
}

}  // namespace tdm
