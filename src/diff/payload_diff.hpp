#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "diff/row_diff.hpp"

namespace tdm {

// A table, sequence, view, routine, trigger or event whose definition differs.
struct DefinitionChange {
  std::string object;                  // "TABLE `t`", "VIEW `v`", ...
  std::vector<std::string> only_in_a;  // lines of the definition (SHOW CREATE text)
  std::vector<std::string> only_in_b;
};

struct TableDiff {
  std::string table;
  std::uint64_t rows_a = 0;
  std::uint64_t rows_b = 0;
  RowDiff rows;
  std::string note;  // why rows were not compared, when they were not
};

// Everything that differs between two payloads: objects on one side only, definitions, and
// per table present on both sides the row counts and added/removed/changed rows.
struct PayloadDiff {
  std::vector<std::string> only_in_a;  // "TABLE `t`", ...
  std::vector<std::string> only_in_b;
  std::vector<DefinitionChange> definitions;
  std::vector<TableDiff> tables;  // only tables whose rows differ
  std::size_t tables_compared = 0;

  bool equal() const {
    return only_in_a.empty() && only_in_b.empty() && definitions.empty() && tables.empty();
  }
};

// Compares the payloads at `a` and `b`, which the caller has verified. Table definitions are
// compared without their AUTO_INCREMENT counter (it follows the data, whose differences are
// reported as rows). Rows are compared only where both layouts carry the same columns.
PayloadDiff diff_payloads(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace tdm
