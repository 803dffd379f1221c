// The HTML report: one self-contained page a CI keeps as an artifact. Inline style, no
// scripts, every value escaped.
#include <cctype>
#include <map>

#include "diff/diff_report.hpp"
#include "diff/unified_diff.hpp"
#include "diff/value_text.hpp"

namespace tdm {

namespace {

constexpr const char* kStyle = R"(
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre, td.value { font-family: ui-monospace, monospace; white-space: pre-wrap; }
pre { background: #f8f8f8; padding: 0.5em; overflow-x: auto; }
.add { background: #e6ffec; } .del { background: #ffebe9; } .hunk { color: #6a737d; }
.verdict { font-size: 1.2em; font-weight: bold; }
)";

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string cell(const std::string& text, const std::string& cls = "") {
  return (cls.empty() ? "<td>" : "<td class=\"" + cls + "\">") + escaped(text) + "</td>";
}

std::string header_row(const std::vector<std::string>& names) {
  std::string out = "<tr>";
  for (const std::string& name : names) out += "<th>" + escaped(name) + "</th>";
  return out + "</tr>\n";
}

// An id for a table's section: letters and digits kept, every other byte spelled out.
std::string anchor(const std::string& table) {
  std::string id = "table-";
  for (unsigned char c : table) {
    id += std::isalnum(c) ? std::string(1, static_cast<char>(c)) : "_" + std::to_string(c);
  }
  return id;
}

std::string table_name_of(const std::string& object) {
  if (object.rfind("TABLE `", 0) != 0) return "";
  return object.substr(7, object.size() - 8);
}

// Per table with any difference: its row comparison, if it differs, and what else changed.
struct TableSummary {
  const TableDiff* rows = nullptr;
  std::vector<std::string> also;
};

std::map<std::string, TableSummary> table_summaries(const PayloadDiff& diff) {
  std::map<std::string, TableSummary> tables;
  auto note = [&](const std::string& object, const std::string& what) {
    if (std::string name = table_name_of(object); !name.empty()) tables[name].also.push_back(what);
  };
  for (const std::string& object : diff.only_in_a) note(object, "only in a");
  for (const std::string& object : diff.only_in_b) note(object, "only in b");
  for (const DefinitionChange& change : diff.definitions) note(change.object, "definition");
  for (const CounterChange& counter : diff.counters) {
    tables[counter.table].also.push_back("AUTO_INCREMENT " + counter_text(counter.a) + " -> " +
                                         counter_text(counter.b));
  }
  for (const TableDiff& table : diff.tables) {
    tables[table.table].rows = &table;
    if (!table.note.empty()) tables[table.table].also.push_back(table.note);
  }
  return tables;
}

void add_summary_table(const PayloadDiff& diff, std::string& out) {
  out += "<table id=\"summary\"><thead>" +
         header_row({"table", "rows in a", "rows in b", "added", "removed", "changed", "also"}) +
         "</thead><tbody>\n";
  for (const auto& [name, summary] : table_summaries(diff)) {
    out += "<tr><td><a href=\"#" + anchor(name) + "\">" + escaped(name) + "</a></td>";
    for (const TableDiff* rows = summary.rows;
         std::uint64_t count :
         {rows ? rows->rows_a : 0, rows ? rows->rows_b : 0, rows ? rows->rows.added : 0,
          rows ? rows->rows.removed : 0, rows ? rows->rows.changed : 0}) {
      out += cell(rows ? std::to_string(count) : "", "num");
    }
    std::string also;
    for (const std::string& item : summary.also) also += (also.empty() ? "" : "; ") + item;
    out += cell(also) + "</tr>\n";
  }
  out += "</tbody></table>\n";
}

std::string unified_html(const DefinitionChange& change) {
  std::string out = "<pre class=\"diff\">";
  for (const std::string& line : unified_diff(change.a, change.b)) {
    const char* cls = line[0] == '+'   ? "add"
                      : line[0] == '-' ? "del"
                      : line[0] == '@' ? "hunk"
                                       : "";
    out += "<span class=\"" + std::string(cls) + "\">" + escaped(line) + "</span>\n";
  }
  return out + "</pre>\n";
}

void add_objects(const PayloadDiff& diff, std::string& out) {
  if (!diff.only_in_a.empty() || !diff.only_in_b.empty()) {
    out += "<section id=\"one-side\"><h2>Objects on one side only</h2><ul>\n";
    for (const std::string& object : diff.only_in_a) {
      out += "<li class=\"del\">" + escaped(object) + " (only in a)</li>\n";
    }
    for (const std::string& object : diff.only_in_b) {
      out += "<li class=\"add\">" + escaped(object) + " (only in b)</li>\n";
    }
    out += "</ul></section>\n";
  }
  // Tables' definitions are shown in their own sections.
  std::string definitions;
  for (const DefinitionChange& change : diff.definitions) {
    if (!table_name_of(change.object).empty()) continue;
    definitions += "<h3>" + escaped(change.object) + "</h3>\n" + unified_html(change);
  }
  if (!definitions.empty()) {
    out += "<section id=\"definitions\"><h2>Definitions that differ</h2>\n" + definitions +
           "</section>\n";
  }
  if (!diff.properties.empty()) {
    out += "<section id=\"properties\"><h2>Properties that differ</h2><table>" +
           header_row({"object", "property", "a", "b"});
    for (const PropertyChange& change : diff.properties) {
      out += "<tr>" + cell(change.object) + cell(change.property) + cell(change.a, "value") +
             cell(change.b, "value") + "</tr>\n";
    }
    out += "</table></section>\n";
  }
}

void add_row_table(const std::string& title, const std::vector<std::string>& columns,
                   const std::vector<RowValues>& rows, std::uint64_t count, const char* cls,
                   std::string& out) {
  if (count == 0) return;
  out += "<h3>" + title + " (" + std::to_string(count) +
         (count > rows.size() ? ", first " + std::to_string(rows.size()) + " shown" : "") +
         ")</h3>\n<table class=\"" + cls + "\">" + header_row(columns);
  for (const RowValues& row : rows) {
    out += "<tr>";
    for (const FieldValue& value : row) out += cell(value_text(value), "value");
    out += "</tr>\n";
  }
  out += "</table>\n";
}

void add_changed_rows(const RowDiff& rows, std::string& out) {
  if (rows.changed == 0) return;
  out += "<h3>changed (" + std::to_string(rows.changed) +
         (rows.changed > rows.changed_rows.size()
              ? ", first " + std::to_string(rows.changed_rows.size()) + " shown"
              : "") +
         ")</h3>\n<table class=\"changed\">" + header_row({"key", "column", "a", "b"});
  for (const ChangedRow& row : rows.changed_rows) {
    for (const ColumnChange& change : row.changes) {
      out += "<tr>" + cell(named_values(rows.key_columns, row.key), "value") + cell(change.column) +
             cell(value_text(change.a), "value del") + cell(value_text(change.b), "value add") +
             "</tr>\n";
    }
  }
  out += "</table>\n";
}

void add_table_section(const std::string& name, const TableSummary& summary,
                       const PayloadDiff& diff, std::string& out) {
  out +=
      "<section class=\"table\" id=\"" + anchor(name) + "\"><h2>TABLE " + escaped(name) + "</h2>\n";
  for (const std::string& item : summary.also) out += "<p>" + escaped(item) + "</p>\n";
  for (const DefinitionChange& change : diff.definitions) {
    if (table_name_of(change.object) == name) out += unified_html(change);
  }
  if (const TableDiff* table = summary.rows; table && table->note.empty()) {
    const RowDiff& rows = table->rows;
    std::string key;
    for (const std::string& column : rows.key_columns) key += (key.empty() ? "" : ", ") + column;
    out += "<p>" + std::to_string(table->rows_a) + " rows in a, " + std::to_string(table->rows_b) +
           " in b; " +
           (rows.keyed() ? "matched by primary key (" + escaped(key) + ")"
                         : std::string("no primary key: matched as whole rows")) +
           "</p>\n";
    add_row_table("added", rows.columns, rows.added_rows, rows.added, "add", out);
    add_row_table("removed", rows.columns, rows.removed_rows, rows.removed, "del", out);
    add_changed_rows(rows, out);
  }
  out += "</section>\n";
}

}  // namespace

std::string render_diff_html(const PayloadDiff& diff, const DiffLabels& labels) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>tdm diff</title><style>" +
      std::string(kStyle) + "</style></head><body>\n<h1>tdm diff</h1>\n<p>a: " + escaped(labels.a) +
      "<br>b: " + escaped(labels.b) + "</p>\n<p class=\"verdict\">" + escaped(summary_line(diff)) +
      "</p>\n";
  if (!diff.ignored.empty()) {
    out += "<p id=\"ignored\">Ignored (not compared):";
    for (const IgnoreRule& rule : diff.ignored)
      out += " <code>" + escaped(to_string(rule)) + "</code>";
    out += "</p>\n";
  }
  add_summary_table(diff, out);
  add_objects(diff, out);
  for (const auto& [name, summary] : table_summaries(diff)) {
    add_table_section(name, summary, diff, out);
  }
  return out + "</body></html>\n";
}

}  // namespace tdm
