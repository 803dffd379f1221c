#include "diff/row_diff.hpp"

#include <unordered_map>

#include "hashing/sha256.hpp"
#include "snapshot/payload/load_data_text.hpp"

namespace tdm {

namespace {

// The key fields of a row as readable text: "1" or "1, 'x'", NULL spelled out, shortened.
std::string readable_key(const std::vector<std::optional<std::string>>& fields,
                         const std::vector<std::size_t>& positions) {
  std::string text;
  for (std::size_t position : positions) {
    if (!text.empty()) text += ", ";
    const auto& field = fields[position];
    text += field ? *field : "NULL";
  }
  return text.size() > 80 ? text.substr(0, 77) + "..." : text;
}

std::string readable_row(std::string_view line) {
  std::string text(line.substr(0, 80));
  for (char& c : text) {
    if (c == '\t') c = '|';
  }
  return line.size() > 80 ? text + "..." : text;
}

void note(std::vector<std::string>& examples, std::size_t limit, std::string text) {
  if (examples.size() < limit) examples.push_back(std::move(text));
}

RowDiff diff_keyed(const PayloadFile& file_a, const TableData& a, const PayloadFile& file_b,
                   const TableData& b, const std::vector<std::size_t>& key, std::size_t limit) {
  RowDiff diff;
  diff.keyed = true;
  // exact key -> digest of the row and the key as shown; the exact key tells NULL from 'NULL'.
  struct Seen {
    std::string digest;
    std::string shown;
  };
  std::unordered_map<std::string, Seen> rows_a;
  auto exact_key = [&](const std::vector<std::optional<std::string>>& fields) {
    std::string text;
    for (std::size_t position : key) {
      const auto& field = fields[position];
      text += field ? "v" + std::to_string(field->size()) + ":" + *field : "n";
    }
    return text;
  };
  for_each_row(file_a, a, [&](std::string_view line) {
    auto fields = parse_load_data_line(line);
    rows_a.emplace(exact_key(fields), Seen{sha256_hex(line), readable_key(fields, key)});
  });
  for_each_row(file_b, b, [&](std::string_view line) {
    auto fields = parse_load_data_line(line);
    auto found = rows_a.find(exact_key(fields));
    if (found == rows_a.end()) {
      ++diff.added;
      note(diff.added_examples, limit, readable_key(fields, key));
      return;
    }
    if (found->second.digest != sha256_hex(line)) {
      ++diff.changed;
      note(diff.changed_examples, limit, readable_key(fields, key));
    }
    rows_a.erase(found);
  });
  diff.removed = rows_a.size();
  for (const auto& [exact, seen] : rows_a) note(diff.removed_examples, limit, seen.shown);
  return diff;
}

RowDiff diff_unkeyed(const PayloadFile& file_a, const TableData& a, const PayloadFile& file_b,
                     const TableData& b, std::size_t limit) {
  RowDiff diff;
  std::unordered_map<std::string, std::uint64_t> counts;  // row digest -> occurrences in a
  std::unordered_map<std::string, std::string> samples;   // digest -> readable row of a
  for_each_row(file_a, a, [&](std::string_view line) {
    std::string digest = sha256_hex(line);
    if (++counts[digest] == 1 && samples.size() < 10000) samples[digest] = readable_row(line);
  });
  for_each_row(file_b, b, [&](std::string_view line) {
    auto found = counts.find(sha256_hex(line));
    if (found == counts.end() || found->second == 0) {
      ++diff.added;
      note(diff.added_examples, limit, readable_row(line));
    } else {
      --found->second;
    }
  });
  for (const auto& [digest, count] : counts) {
    diff.removed += count;
    if (count > 0 && samples.count(digest)) note(diff.removed_examples, limit, samples[digest]);
  }
  return diff;
}

}  // namespace

RowDiff diff_rows(const PayloadFile& file_a, const TableData& a, const PayloadFile& file_b,
                  const TableData& b, const std::optional<std::vector<std::size_t>>& key,
                  std::size_t examples) {
  return key ? diff_keyed(file_a, a, file_b, b, *key, examples)
             : diff_unkeyed(file_a, a, file_b, b, examples);
}

}  // namespace tdm
