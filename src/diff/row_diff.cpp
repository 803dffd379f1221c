#include "diff/row_diff.hpp"

#include <functional>
#include <unordered_map>

#include "core/error.hpp"
#include "hashing/sha256.hpp"
#include "snapshot/payload/load_data_text.hpp"

namespace tdm {

namespace {

// The compared fields of one row, in the mapping's order.
RowValues compared_fields(std::string_view line, const std::vector<std::size_t>& positions,
                          const std::vector<std::optional<MemberLabels>>& labels,
                          const PayloadFile& file) {
  auto fields = parse_load_data_line(line);
  RowValues values;
  values.reserve(positions.size());
  for (std::size_t position : positions) {
    if (position >= fields.size()) {
      throw Error(ExitCode::kSnapshot,
                  "payload " + file.path().string() + " holds a row with too few fields",
                  "capture the snapshot again");
    }
    FieldValue& value = fields[position];
    // ENUM index 0 stays the number: as its label '' it would equal a member ''.
    if (value && position < labels.size() && labels[position] &&
        !labels[position]->is_enum_index_zero(*value)) {
      if (auto label = labels[position]->label(*value)) value = std::move(label);
    }
    values.push_back(std::move(value));
  }
  return values;
}

// An unambiguous encoding of some values (NULL is not 'NULL', "a","b" is not "ab").
std::string exact_text(const RowValues& values) {
  std::string text;
  for (const FieldValue& value : values) {
    text += value ? "v" + std::to_string(value->size()) + ":" + *value : "n";
  }
  return text;
}

RowValues key_of(const RowValues& values, const std::vector<std::size_t>& key) {
  RowValues picked;
  for (std::size_t index : key) picked.push_back(values[index]);
  return picked;
}

std::vector<ColumnChange> column_changes(const RowValues& a, const RowValues& b,
                                         const std::vector<std::string>& names) {
  std::vector<ColumnChange> changes;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (a[i] != b[i]) changes.push_back({names[i], a[i], b[i]});
  }
  return changes;
}

class TableRows {
 public:
  TableRows(const PayloadFile& file_a, const TableData& a, const PayloadFile& file_b,
            const TableData& b, const ColumnMapping& mapping)
      : file_a_(file_a), a_(a), file_b_(file_b), b_(b), mapping_(mapping) {}

  void each_a(const std::function<void(RowValues)>& on_row) const {
    for_each_row(file_a_, a_, [&](std::string_view line) {
      on_row(compared_fields(line, mapping_.in_a, mapping_.labels_a, file_a_));
    });
  }
  void each_b(const std::function<void(RowValues)>& on_row) const {
    for_each_row(file_b_, b_, [&](std::string_view line) {
      on_row(compared_fields(line, mapping_.in_b, mapping_.labels_b, file_b_));
    });
  }

 private:
  const PayloadFile& file_a_;
  const TableData& a_;
  const PayloadFile& file_b_;
  const TableData& b_;
  const ColumnMapping& mapping_;
};

// A row of side a as the keyed comparison keeps it: its digest decides whether the row
// changed; the short per-column hashes only count which columns did, over every changed row.
struct RowFingerprint {
  std::string digest;
  std::vector<std::size_t> columns;
};

std::vector<std::size_t> column_hashes(const RowValues& values) {
  std::vector<std::size_t> hashes;
  hashes.reserve(values.size());
  for (const FieldValue& value : values)
    hashes.push_back(std::hash<std::string>{}(exact_text({value})));
  return hashes;
}

void count_changed_columns(RowDiff& diff, const std::vector<std::size_t>& a, const RowValues& b,
                           const std::vector<std::string>& names) {
  std::vector<std::size_t> hashes_b = column_hashes(b);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (a[i] != hashes_b[i]) ++diff.changed_columns[names[i]];
  }
}

RowDiff diff_keyed(const TableRows& rows, const ColumnMapping& mapping, std::size_t max_rows) {
  RowDiff diff;
  std::unordered_map<std::string, RowFingerprint> digests_a;  // exact key -> the row's
  rows.each_a([&](RowValues values) {
    digests_a.emplace(exact_text(key_of(values, mapping.key)),
                      RowFingerprint{sha256_hex(exact_text(values)), column_hashes(values)});
  });
  std::unordered_map<std::string, std::size_t> shown_changes;  // exact key -> changed_rows index
  std::vector<RowValues> changed_b;
  rows.each_b([&](RowValues values) {
    std::string key = exact_text(key_of(values, mapping.key));
    auto found = digests_a.find(key);
    if (found == digests_a.end()) {
      if (++diff.added <= max_rows) diff.added_rows.push_back(std::move(values));
      return;
    }
    if (found->second.digest != sha256_hex(exact_text(values))) {
      count_changed_columns(diff, found->second.columns, values, mapping.names);
      if (++diff.changed <= max_rows) {
        shown_changes.emplace(key, changed_b.size());
        diff.changed_rows.push_back({key_of(values, mapping.key), {}});
        changed_b.push_back(std::move(values));
      }
    }
    digests_a.erase(found);
  });
  diff.removed = digests_a.size();
  if (shown_changes.empty() && diff.removed == 0) return diff;
  // Side a again, for the old values of the rows shown.
  rows.each_a([&](RowValues values) {
    std::string key = exact_text(key_of(values, mapping.key));
    if (auto shown = shown_changes.find(key); shown != shown_changes.end()) {
      diff.changed_rows[shown->second].changes =
          column_changes(values, changed_b[shown->second], mapping.names);
    } else if (diff.removed_rows.size() < max_rows && digests_a.count(key)) {
      diff.removed_rows.push_back(std::move(values));
    }
  });
  return diff;
}

RowDiff diff_whole_rows(const TableRows& rows, std::size_t max_rows) {
  RowDiff diff;
  std::unordered_map<std::string, std::uint64_t> counts;  // row digest -> occurrences in a
  rows.each_a([&](RowValues values) { ++counts[sha256_hex(exact_text(values))]; });
  rows.each_b([&](RowValues values) {
    auto found = counts.find(sha256_hex(exact_text(values)));
    if (found != counts.end() && found->second > 0) {
      --found->second;
    } else if (++diff.added <= max_rows) {
      diff.added_rows.push_back(std::move(values));
    }
  });
  for (const auto& [digest, count] : counts) diff.removed += count;
  if (diff.removed == 0) return diff;
  // Side a again, for the first rows left unmatched, in a's order.
  rows.each_a([&](RowValues values) {
    if (diff.removed_rows.size() >= max_rows) return;
    auto found = counts.find(sha256_hex(exact_text(values)));
    if (found->second == 0) return;
    --found->second;
    diff.removed_rows.push_back(std::move(values));
  });
  return diff;
}

}  // namespace

RowDiff diff_rows(const PayloadFile& file_a, const TableData& a, const PayloadFile& file_b,
                  const TableData& b, const ColumnMapping& mapping, std::size_t max_rows) {
  TableRows rows(file_a, a, file_b, b, mapping);
  RowDiff diff =
      mapping.key.empty() ? diff_whole_rows(rows, max_rows) : diff_keyed(rows, mapping, max_rows);
  diff.columns = mapping.names;
  for (std::size_t index : mapping.key) diff.key_columns.push_back(mapping.names[index]);
  return diff;
}

}  // namespace tdm
