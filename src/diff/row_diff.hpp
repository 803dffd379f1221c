#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "snapshot/payload/reader.hpp"

namespace tdm {

// How the rows of one table differ between two payloads.
struct RowDiff {
  bool keyed = false;         // rows matched by primary key; else by their whole content
  std::uint64_t added = 0;    // in b only
  std::uint64_t removed = 0;  // in a only
  std::uint64_t changed = 0;  // same key, other values (keyed tables only)
  // The first few keys (keyed) or rows (unkeyed) of each kind, readable.
  std::vector<std::string> added_examples, removed_examples, changed_examples;

  bool empty() const { return added == 0 && removed == 0 && changed == 0; }
};

// Compares one table's rows in two payloads whose layouts carry the same columns. `key` are
// positions of the primary key's columns in the layout (nullopt: match whole rows, counting
// duplicates). Holds one side's keys and row digests in memory, not the rows.
RowDiff diff_rows(const PayloadFile& file_a, const TableData& a, const PayloadFile& file_b,
                  const TableData& b, const std::optional<std::vector<std::size_t>>& key,
                  std::size_t examples = 5);

}  // namespace tdm
