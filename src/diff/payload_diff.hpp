#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tdm {

// The data model of a comparison between two payloads, side a and side b. It is the stable
// core every caller shares (`tdm diff`, golden baselines, determinism and migration checks);
// renderers (diff/diff_report.hpp) turn it into text, JSON or HTML.

// A field's exact bytes as the payload carries them; nullopt is NULL.
using FieldValue = std::optional<std::string>;
using RowValues = std::vector<FieldValue>;

// What a caller asks not to compare: a whole table (empty `column`) or one column's values.
struct IgnoreRule {
  std::string table;
  std::string column;
};

// "table" or "table.column". Throws Error(kUsage) when a part is empty.
IgnoreRule parse_ignore_rule(const std::string& text);
std::string to_string(const IgnoreRule& rule);

struct DiffOptions {
  std::vector<IgnoreRule> ignore;
  std::size_t max_rows = 20;  // rows kept per table and kind; the counts stay exact
};

// One column of a changed row: its value in a and in b.
struct ColumnChange {
  std::string column;
  FieldValue a;
  FieldValue b;
};

struct ChangedRow {
  RowValues key;  // the values of RowDiff::key_columns
  std::vector<ColumnChange> changes;
};

// How the rows of one table differ.
struct RowDiff {
  std::vector<std::string> key_columns;  // primary key; empty: rows matched as whole rows
  std::vector<std::string> columns;      // the compared columns, the order of a row's values
  std::uint64_t added = 0;               // in b only
  std::uint64_t removed = 0;             // in a only
  std::uint64_t changed = 0;             // same key, other values (keyed tables only)
  // The first DiffOptions::max_rows of each kind: added in b's order, removed in a's.
  std::vector<RowValues> added_rows;
  std::vector<RowValues> removed_rows;
  std::vector<ChangedRow> changed_rows;
  // Per column, how many of the `changed` rows differ in it: all of them, not only those shown.
  std::map<std::string, std::uint64_t> changed_columns;

  bool keyed() const { return !key_columns.empty(); }
  bool empty() const { return added == 0 && removed == 0 && changed == 0; }
};

struct TableDiff {
  std::string table;
  std::uint64_t rows_a = 0;
  std::uint64_t rows_b = 0;
  RowDiff rows;
  std::string note;  // why rows were not compared, when they were not
};

// A table, sequence, view, routine, trigger or event whose definition text differs.
struct DefinitionChange {
  std::string object;  // "TABLE `t`", "VIEW `v`", ...
  std::string a;       // the whole definition on each side (SHOW CREATE text)
  std::string b;
};

// A property restore preserves beside an object's definition: the database's collation, a
// sequence's next value, a trigger's action order, the sql_mode an object was made under, ...
struct PropertyChange {
  std::string object;    // "DATABASE", "SEQUENCE `s`", "TRIGGER `t`", ...
  std::string property;  // "collation", "next value", "action order", "sql_mode", ...
  std::string a;
  std::string b;
};

// A table's AUTO_INCREMENT counter; empty when the definition carries none.
struct CounterChange {
  std::string table;
  std::string a;
  std::string b;
};

struct DiffSummary {
  std::size_t tables_changed = 0;  // tables with any difference, or on one side only
  std::uint64_t rows_added = 0;
  std::uint64_t rows_removed = 0;
  std::uint64_t rows_changed = 0;
};

// Everything that differs between two payloads.
struct PayloadDiff {
  std::vector<std::string> only_in_a;  // "TABLE `t`", ...
  std::vector<std::string> only_in_b;
  std::vector<DefinitionChange> definitions;
  std::vector<PropertyChange> properties;
  std::vector<CounterChange> counters;
  std::vector<TableDiff> tables;  // only tables whose rows differ
  std::size_t tables_compared = 0;
  std::vector<IgnoreRule> ignored;  // what the caller asked not to compare
  std::size_t max_rows = 0;

  bool equal() const {
    return only_in_a.empty() && only_in_b.empty() && definitions.empty() && properties.empty() &&
           counters.empty() && tables.empty();
  }
  DiffSummary summary() const;
};

// Compares the payloads at `a` and `b`, which the caller has verified: definitions, the
// properties beside them, AUTO_INCREMENT counters (not part of the table definitions compared)
// and rows, skipping what `options.ignore` names. Rows are compared only where both sides carry
// the same columns (ignored ones aside). Throws Error(kSnapshot) for an unreadable payload.
PayloadDiff diff_payloads(const std::filesystem::path& a, const std::filesystem::path& b,
                          const DiffOptions& options = {});

}  // namespace tdm
