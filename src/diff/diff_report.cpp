#include "diff/diff_report.hpp"

namespace tdm {

namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : "; ") + item;
  return text;
}

void add_examples(std::string& out, const char* what, std::uint64_t count,
                  const std::vector<std::string>& examples) {
  if (count == 0) return;
  out += "    " + std::to_string(count) + " " + what;
  if (!examples.empty()) {
    out += ": " + joined(examples) + (count > examples.size() ? "; ..." : "");
  }
  out += "\n";
}

}  // namespace

std::string render_diff_report(const PayloadDiff& diff, const std::string& a,
                               const std::string& b) {
  std::string out = "tdm diff\n  a: " + a + "\n  b: " + b + "\n\n";
  if (diff.equal()) {
    return out + "no differences (" + std::to_string(diff.tables_compared) +
           " tables compared: schema, objects and rows)\n";
  }
  if (!diff.only_in_a.empty() || !diff.only_in_b.empty()) {
    out += "Objects on one side only:\n";
    for (const std::string& object : diff.only_in_a) out += "  - " + object + " (only in a)\n";
    for (const std::string& object : diff.only_in_b) out += "  + " + object + " (only in b)\n";
    out += "\n";
  }
  if (!diff.definitions.empty()) {
    out += "Definitions that differ:\n";
    for (const DefinitionChange& change : diff.definitions) {
      out += "  " + change.object + "\n";
      for (const std::string& line : change.only_in_a) out += "    - " + line + "\n";
      for (const std::string& line : change.only_in_b) out += "    + " + line + "\n";
    }
    out += "\n";
  }
  if (!diff.tables.empty()) {
    out += "Rows that differ:\n";
    for (const TableDiff& table : diff.tables) {
      out += "  TABLE `" + table.table + "`: " + std::to_string(table.rows_a) + " rows in a, " +
             std::to_string(table.rows_b) + " in b";
      if (!table.note.empty()) {
        out += " (" + table.note + ")\n";
        continue;
      }
      out += table.rows.keyed ? " (matched by primary key)\n" : " (no primary key: whole rows)\n";
      add_examples(out, "added", table.rows.added, table.rows.added_examples);
      add_examples(out, "removed", table.rows.removed, table.rows.removed_examples);
      add_examples(out, "changed", table.rows.changed, table.rows.changed_examples);
    }
  }
  return out;
}

}  // namespace tdm
