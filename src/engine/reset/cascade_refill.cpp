#include "engine/reset/cascade_refill.hpp"

#include <mysqld_error.h>

#include <algorithm>
#include <bitset>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <functional>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "engine/reset/cascade_keys.hpp"
#include "engine/reset/payload_triggers.hpp"
#include "engine/restore/table_load.hpp"
#include "engine/restore/table_statistics.hpp"
#include "snapshot/payload/load_data_text.hpp"

namespace tdm {

namespace {

// Records whether the key's column `at` is an integer; false when its values disagree.
bool set_kind(std::vector<bool>& integer, bool is_integer, std::size_t at) {
  if (integer.size() <= at) integer.resize(at + 1, is_integer);
  return integer[at] == is_integer;
}

std::optional<std::size_t> position_of(const std::vector<std::string>& names,
                                       const std::string& name) {
  auto found = std::find(names.begin(), names.end(), name);
  if (found == names.end()) return std::nullopt;
  return static_cast<std::size_t>(found - names.begin());
}

// Where `columns` are among the fields of `layout`'s lines; nullopt when one is not.
std::optional<std::vector<std::size_t>> field_positions(const TableDataLayout& layout,
                                                        const std::vector<std::string>& columns) {
  std::vector<std::string> names;
  for (const DataColumn& column : layout.columns) names.push_back(column.name);
  std::vector<std::size_t> positions;
  for (const std::string& column : columns) {
    auto position = position_of(names, column);
    if (!position) return std::nullopt;
    positions.push_back(*position);
  }
  return positions;
}

// An ASCII letter in lower case; any other byte as it is.
char folded(char byte) {
  return static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte);
}

// Keys compare as text: an integer as its decimal digits (foreign keys compare integers by
// value); a string by a form that is equal wherever a collation counts two strings equal
// (ASCII letters in one case, trailing spaces dropped). A string holding a byte outside
// printable ASCII has no such form: some collation could count it equal to about anything.
// Comparing so finds every child row a cascade changed, and maybe more, which REPLACE puts
// back as they are.
//
// Writes the form of `bytes` into `text` (its capacity reused across rows); false when it has
// none.
bool string_key_text(std::string_view bytes, std::string& text) {
  text.resize(bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    char byte = bytes[i];
    if (byte < 0x20 || byte > 0x7e) return false;
    text[i] = folded(byte);
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return true;
}

void integer_key_text(std::uint64_t value, std::string& text) {
  char digits[20];
  auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  text.assign(digits, end);
}

// The key text of a logged value; false for a string string_key_text cannot take.
bool key_text(const LoggedKeyValue& value, std::string& text) {
  if (value.kind == LoggedKeyValue::Kind::kBytes) return string_key_text(value.bytes, text);
  integer_key_text(value.integer, text);
  return true;
}

// Fills `key.deleted` from the parent's deleted rows as logged; false when a value cannot be
// read exactly (or the log's table has other columns than the parent has now).
bool read_deleted_keys(DeletingKey& key, const std::vector<LoggedDeletes>& events,
                       const ParentColumns& parent) {
  const std::vector<std::string>& parent_columns = parent.names;
  std::vector<std::size_t> positions;
  for (const std::string& column : key.referenced) {
    auto position = position_of(parent_columns, column);
    if (!position) return false;
    positions.push_back(*position);
  }
  for (const LoggedDeletes& event : events) {
    if (event.map.columns.size() != parent_columns.size()) return false;
    for (const std::string& image : event.images) {
      KeyValues values;
      for (std::size_t position : positions) {
        auto value = logged_key_value(event.map, event.present, image, position);
        if (!value) return false;
        if (value->kind == LoggedKeyValue::Kind::kNull) break;  // referenced by nothing
        if (!set_kind(key.integer, value->kind == LoggedKeyValue::Kind::kInteger, values.size())) {
          return false;
        }
        if (!key_text(*value, values.emplace_back())) return false;
      }
      if (values.size() == positions.size()) key.deleted.insert(std::move(values));
    }
  }
  return true;
}

// The fields of a payload line (LOAD DATA text: a raw tab only ever separates fields) up to
// and including `last`; fewer when the line has fewer.
void split_fields(std::string_view line, std::size_t last, std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t start = 0;
  while (fields.size() <= last) {
    std::size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
}

// Whether every byte is printable ASCII, eight at a time: the child's lines are many.
bool printable_ascii(std::string_view bytes) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
  std::size_t i = 0;
  for (; i + sizeof(std::uint64_t) <= bytes.size(); i += sizeof(std::uint64_t)) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, sizeof word);
    std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighBits;
    std::uint64_t above_tilde = ((word + kOnes) | word) & kHighBits;  // 0x7f and up
    if ((below_space | above_tilde) != 0) return false;
  }
  for (; i < bytes.size(); ++i) {
    auto byte = static_cast<unsigned char>(bytes[i]);
    if (byte < 0x20 || byte > 0x7e) return false;
  }
  return true;
}

// What the deleted values of one string column are told apart by before a field's key text is
// made: their length and first byte in that form. Most lines differ in one or the other, and
// are passed over without making it.
class StringColumnFilter {
 public:
  StringColumnFilter(const std::set<KeyValues>& deleted, std::size_t column) {
    for (const KeyValues& values : deleted) {
      const std::string& text = values[column];
      if (lengths_.size() <= text.size()) lengths_.resize(text.size() + 1);
      lengths_[text.size()] = true;
      if (!text.empty()) first_bytes_.set(static_cast<unsigned char>(text[0]));
    }
  }

  // False only when the field's key text is none of the deleted values' (string_key_text).
  bool may_name(std::string_view field) const {
    if (field.find('\\') != std::string_view::npos) return true;  // escapes: the slow way decides
    std::size_t length = field.find_last_not_of(' ') + 1;         // npos + 1: all spaces
    bool candidate =
        length < lengths_.size() && lengths_[length] &&
        (length == 0 || first_bytes_.test(static_cast<unsigned char>(folded(field[0]))));
    // A byte outside printable ASCII gives no key text: such a field may name any parent.
    return candidate || !printable_ascii(field);
  }

 private:
  std::vector<bool> lengths_;
  std::bitset<256> first_bytes_;
};

// A key of the child and where its columns are in the payload's lines.
struct KeyInLines {
  KeyInLines(const DeletingKey& deleting, std::vector<std::size_t> in_lines)
      : key(&deleting), fields(std::move(in_lines)) {
    for (std::size_t column = 0; column < fields.size(); ++column) {
      if (key->integer[column]) {
        filters.emplace_back();
      } else {
        filters.emplace_back(StringColumnFilter(key->deleted, column));
      }
    }
  }

  const DeletingKey* key = nullptr;
  std::vector<std::size_t> fields;
  std::vector<std::optional<StringColumnFilter>> filters;  // by column: its string columns'
};

// What a payload field is to a key column.
enum class FieldKey {
  kNone,  // NULL, or not an integer where the parent's key is one: names no parent
  kText,  // its key text
  kAny,   // a string string_key_text cannot take: may name any parent
};

FieldKey field_key(std::string_view field, bool integer, std::string& text,
                   std::string& unescaped) {
  if (field == "\\N") return FieldKey::kNone;
  if (integer) {
    std::uint64_t value = 0;
    auto [end, failure] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (failure != std::errc() || end != field.data() + field.size()) return FieldKey::kNone;
    integer_key_text(value, text);
    return FieldKey::kText;
  }
  if (field.find('\\') != std::string_view::npos) {
    unescaped = parse_load_data_line(field).front().value_or("");  // one field, escapes undone
    field = unescaped;
  }
  return string_key_text(field, text) ? FieldKey::kText : FieldKey::kAny;
}

// Finds the payload lines whose deleting keys may name a deleted parent key, with buffers kept
// from line to line: the child's lines are many, the matches few.
class LineMatcher {
 public:
  explicit LineMatcher(std::vector<KeyInLines> keys) : keys_(std::move(keys)) {
    for (const KeyInLines& key : keys_) {
      for (std::size_t field : key.fields) last_ = std::max(last_, field);
    }
  }

  bool matches(std::string_view line) {
    split_fields(line, last_, fields_);
    return std::any_of(keys_.begin(), keys_.end(),
                       [&](const KeyInLines& key) { return names_deleted_parent(key); });
  }

 private:
  bool names_deleted_parent(const KeyInLines& key) {
    values_.resize(key.fields.size());
    bool any = false;
    for (std::size_t column = 0; column < key.fields.size(); ++column) {
      if (key.fields[column] >= fields_.size()) return false;
      std::string_view field = fields_[key.fields[column]];
      const std::optional<StringColumnFilter>& filter = key.filters[column];
      if (filter && !filter->may_name(field)) return false;
      switch (field_key(field, key.key->integer[column], values_[column], unescaped_)) {
        case FieldKey::kNone:
          return false;
        case FieldKey::kAny:
          any = true;
          break;
        case FieldKey::kText:
          break;
      }
    }
    return any || key.key->deleted.count(values_) > 0;
  }

  std::vector<KeyInLines> keys_;
  std::size_t last_ = 0;
  std::vector<std::string_view> fields_;
  KeyValues values_;
  std::string unescaped_;
};

// Fills `key.deleted` from the rows put back into its parent, which a cascade had deleted;
// false when a key cannot be read exactly (a string any key might equal) or the lines lack a
// referenced column.
bool read_put_back_keys(DeletingKey& key, const PutBackRows& rows, const ParentColumns& parent) {
  std::optional<std::vector<std::size_t>> in_lines = field_positions(rows.layout, key.referenced);
  if (!in_lines) return false;
  const std::vector<std::size_t>& fields = *in_lines;
  std::vector<bool> integer;
  for (const std::string& column : key.referenced) {
    auto position = position_of(parent.names, column);
    if (!position) return false;
    integer.push_back(parent.integer[*position]);
  }
  std::size_t last = *std::max_element(fields.begin(), fields.end());
  std::vector<std::string_view> split;
  std::string unescaped;
  std::string_view rest = rows.lines;
  while (!rest.empty()) {
    std::size_t end = rest.find('\n');
    split_fields(rest.substr(0, end), last, split);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    KeyValues values(fields.size());
    bool named = true;
    for (std::size_t column = 0; column < fields.size() && named; ++column) {
      if (fields[column] >= split.size()) return false;
      switch (field_key(split[fields[column]], integer[column], values[column], unescaped)) {
        case FieldKey::kNone:  // NULL: referenced by nothing
          named = false;
          break;
        case FieldKey::kAny:
          return false;
        case FieldKey::kText:
          if (!set_kind(key.integer, integer[column], column)) return false;
          break;
      }
    }
    if (named) key.deleted.insert(std::move(values));
  }
  return true;
}

// Lines that matched, each ended by '\n', and how many.
struct FoundLines {
  std::string text;
  std::uint64_t count = 0;
};

FoundLines matching_lines(const PayloadFile& file, const TableData& data, LineMatcher matcher) {
  FoundLines found;
  for_each_row(file, data, [&](std::string_view line) {
    if (!matcher.matches(line)) return;
    found.text.append(line);
    found.text += '\n';
    ++found.count;
  });
  return found;
}

// `data` with every `parts`th of its chunks from `first` on.
TableData chunks_part(const TableData& data, std::size_t first, std::size_t parts) {
  TableData part;
  part.layout = data.layout;
  for (std::size_t chunk = first; chunk < data.chunks.size(); chunk += parts) {
    part.chunks.push_back(data.chunks[chunk]);
  }
  return part;
}

// The payload lines of `data` whose deleting keys name a deleted parent, read by up to
// `threads` threads (a chunk each in turn: the scan is the reset's biggest cost once the
// table is large); nullopt when the payload's lines lack a key's column.
std::optional<FoundLines> rows_naming_deleted_parents(const PayloadFile& file,
                                                      const TableData& data,
                                                      const std::vector<DeletingKey>& keys,
                                                      unsigned threads) {
  std::vector<KeyInLines> in_lines;
  for (const DeletingKey& key : keys) {
    if (key.deleted.empty()) continue;
    std::optional<std::vector<std::size_t>> fields = field_positions(data.layout, key.columns);
    if (!fields) return std::nullopt;
    in_lines.emplace_back(key, std::move(*fields));
  }
  LineMatcher matcher(std::move(in_lines));
  std::size_t parts = std::min<std::size_t>(threads, data.chunks.size());
  if (parts <= 1) return matching_lines(file, data, matcher);
  std::vector<TableData> split;
  for (std::size_t part = 0; part < parts; ++part) split.push_back(chunks_part(data, part, parts));
  std::vector<std::future<FoundLines>> helpers;
  for (std::size_t part = 1; part < parts; ++part) {
    helpers.push_back(std::async(std::launch::async, matching_lines, std::cref(file),
                                 std::cref(split[part]), matcher));
  }
  FoundLines all = matching_lines(file, split[0], matcher);
  for (std::future<FoundLines>& helper : helpers) {
    FoundLines found = helper.get();
    all.text += found.text;
    all.count += found.count;
  }
  return all;
}

// LOAD DATA LOCAL INFILE served from a string, for as long as it lives.
class BufferedInfile : public LocalInfileSource {
 public:
  BufferedInfile(Connection& connection, std::string_view text)
      : connection_(connection), text_(text) {
    connection_.serve_local_infile(this);
  }
  ~BufferedInfile() override { connection_.serve_local_infile(nullptr); }
  BufferedInfile(const BufferedInfile&) = delete;
  BufferedInfile& operator=(const BufferedInfile&) = delete;

  int read(char* buffer, unsigned length) override {
    std::size_t count = std::min<std::size_t>(length, text_.size() - sent_);
    std::memcpy(buffer, text_.data() + sent_, count);
    sent_ += count;
    return static_cast<int>(count);
  }
  std::string failure() const override { return {}; }

 private:
  Connection& connection_;
  std::string_view text_;
  std::size_t sent_ = 0;
};

}  // namespace

bool statistics_recalculation_near(std::uint64_t counter, std::uint64_t rows) {
  std::uint64_t recalculated_after = std::min(rows / 10, 16 + rows / 16);
  return counter >= recalculated_after / 2;
}

Refill refill_cascaded_rows(Connection& session, const std::string& database,
                            const std::string& child, const RefillSources& sources,
                            const std::map<std::string, PutBackRows>& put_back) {
  Refill refused;
  const TableData* data = sources.index.data_of(child);
  if (!data) return refused;
  ChildFacts facts = child_facts_from_payload(sources.index, child, sources.suspects.cascades);
  if (facts.obstacles || facts.keys.empty()) return refused;
  const std::set<std::string>& cascaded = sources.suspects.changed_by_known_cascades;
  for (DeletingKey& key : facts.keys) {
    const ParentColumns& columns = facts.parent_columns[key.parent];
    if (auto events = sources.undo.deleted.find(key.parent); events != sources.undo.deleted.end()) {
      if (!read_deleted_keys(key, events->second, columns)) return refused;
    } else if (auto rows = put_back.find(key.parent); rows != put_back.end()) {
      if (!read_put_back_keys(key, rows->second, columns)) return refused;
    } else if (cascaded.count(key.parent)) {
      return Refill{Refill::Outcome::kWaiting, {}};
    }  // else the parent deleted nothing
  }
  // Putting rows back would fire a trigger on the child.
  if (!payload_triggers_on(session, database, sources.index, {child}).empty()) return refused;
  std::optional<FoundLines> lines =
      rows_naming_deleted_parents(sources.file, *data, facts.keys, sources.threads);
  if (!lines) return refused;
  BufferedInfile infile(session, lines->text);
  // MariaDB's "local infile disabled" and MySQL's older "command not allowed".
  Attempt<> loaded =
      session.try_execute(load_data_statement(data->layout, database, LoadDuplicates::kReplace),
                          {ER_LOAD_INFILE_CAPABILITY_DISABLED, ER_NOT_ALLOWED_COMMAND});
  // A row inserted counts 1, a row replaced 2.
  if (!loaded || session.affected_rows() < lines->count ||
      session.affected_rows() > 2 * lines->count || session.warning_count() != 0) {
    return refused;
  }
  auto signals = sources.signals.find(child);
  bool counted = signals != sources.signals.end() && signals->second.table_id &&
                 signals->second.estimated_rows;
  // The count grew by at most the rows inserted and replaced (each replaced row a delete and
  // an insert); ANALYZE sets it back to 0.
  if (!counted ||
      statistics_recalculation_near(signals->second.modified_counter + session.affected_rows(),
                                    *signals->second.estimated_rows)) {
    recalculate_statistics(session, child, database);
  }
  return Refill{Refill::Outcome::kPutBack, PutBackRows{data->layout, std::move(lines->text)}};
}

}  // namespace tdm
