#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "diff/payload_diff.hpp"
#include "snapshot/payload/member_labels.hpp"
#include "snapshot/payload/reader.hpp"

namespace tdm {

// Which columns of one table are compared, and where each lies in either side's row layout.
struct ColumnMapping {
  std::vector<std::string> names;
  std::vector<std::size_t> in_a;  // position of names[i] in side a's layout
  std::vector<std::size_t> in_b;
  std::vector<std::size_t> key;  // indexes into `names` of the primary key; empty: whole rows
  // Per position of each side's layout: ENUM and SET columns carried as numbers, compared and
  // shown as their labels (as a payload of an older tdm carried them).
  std::vector<std::optional<MemberLabels>> labels_a;
  std::vector<std::optional<MemberLabels>> labels_b;
};

// Compares one table's rows in two payloads, values as exact bytes. Keeps one side's keys and
// row digests in memory, not its rows, and reads side a a second time to show the old values
// of the first `max_rows` changed and removed rows.
RowDiff diff_rows(const PayloadFile& file_a, const TableData& a, const PayloadFile& file_b,
                  const TableData& b, const ColumnMapping& mapping, std::size_t max_rows);

}  // namespace tdm
