#include "engine/reset/binlog_rows.hpp"

#include <mysql.h>

namespace tdm {

namespace {

using binlog::kChecksumSize;
using binlog::kHeaderSize;
using binlog::read_le;

constexpr std::size_t kTableIdSize = 6;  // of a post-header of 8: table id, then flags

// Reads forward through an event's bytes; every read checks the bytes are there.
class Cursor {
 public:
  explicit Cursor(std::string_view bytes, std::size_t at = 0) : bytes_(bytes), at_(at) {}

  std::size_t at() const { return at_; }
  std::size_t left() const { return at_ <= bytes_.size() ? bytes_.size() - at_ : 0; }

  std::optional<std::uint64_t> integer(std::size_t width) {
    if (left() < width) return std::nullopt;
    std::uint64_t value = read_le(bytes_, at_, width);
    at_ += width;
    return value;
  }

  std::optional<std::string_view> bytes(std::size_t count) {
    if (left() < count) return std::nullopt;
    std::string_view taken = bytes_.substr(at_, count);
    at_ += count;
    return taken;
  }

  // The protocol's length-encoded integer: one byte below 251, else 2, 3 or 8 bytes after a
  // marker byte (251 stands for NULL, which no count is).
  std::optional<std::uint64_t> packed_integer() {
    auto first = integer(1);
    if (!first || *first == 251 || *first == 255) return std::nullopt;
    if (*first < 251) return first;
    return integer(*first == 252 ? 2 : *first == 253 ? 3 : 8);
  }

 private:
  std::string_view bytes_;
  std::size_t at_;
};

// The metadata bytes a column type carries in a table map, in the order the server reads
// them into one number; nullopt for a type this reader cannot size.
std::optional<std::uint16_t> read_metadata(std::uint8_t type, Cursor& cursor) {
  switch (type) {
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_BLOB:
    case MYSQL_TYPE_GEOMETRY:
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE:
    case MYSQL_TYPE_TIMESTAMP2:
    case MYSQL_TYPE_DATETIME2:
    case MYSQL_TYPE_TIME2:
      return cursor.integer(1);
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_BIT:  // bits beyond whole bytes, then whole bytes: little-endian as well
      return cursor.integer(2);
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_ENUM:
    case MYSQL_TYPE_SET:
    case MYSQL_TYPE_NEWDECIMAL: {  // (real type, length) or (precision, scale): big-endian
      auto high = cursor.integer(1);
      auto low = cursor.integer(1);
      if (!high || !low) return std::nullopt;
      return static_cast<std::uint16_t>(*high << 8 | *low);
    }
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_YEAR:
    case MYSQL_TYPE_NULL:
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_NEWDATE:
    case MYSQL_TYPE_TIME:
    case MYSQL_TYPE_TIMESTAMP:
    case MYSQL_TYPE_DATETIME:
      return 0;
    default:
      return std::nullopt;
  }
}

// The bytes of a DECIMAL(precision, scale) in the server's binary form: four bytes per nine
// digits on each side of the point, fewer for the digits left over.
std::size_t decimal_size(unsigned precision, unsigned scale) {
  static constexpr std::size_t kLeftOverDigits[] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
  unsigned integral = precision - scale;
  return integral / 9 * 4 + kLeftOverDigits[integral % 9] + scale / 9 * 4 +
         kLeftOverDigits[scale % 9];
}

// The declared byte length of a CHAR or BINARY: its two high bits are folded into the type
// byte of the metadata (inverted), so that lengths up to 1023 fit.
unsigned declared_char_length(std::uint16_t metadata) {
  return (((metadata >> 4) & 0x300) ^ 0x300) + (metadata & 0xff);
}

// A value written as its length (`length_bytes` of it) and then that many bytes.
std::optional<std::size_t> length_prefixed(std::size_t length_bytes, std::string_view data) {
  if (data.size() < length_bytes) return std::nullopt;
  return length_bytes + read_le(data, 0, length_bytes);
}

std::optional<std::size_t> fixed_value_size(std::uint8_t type, std::uint16_t metadata) {
  switch (type) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_YEAR:
      return 1;
    case MYSQL_TYPE_SHORT:
      return 2;
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_NEWDATE:
    case MYSQL_TYPE_TIME:
      return 3;
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_TIMESTAMP:
      return 4;
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_DATETIME:
      return 8;
    case MYSQL_TYPE_NULL:
      return 0;
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE:
      return metadata;      // 4 or 8
    case MYSQL_TYPE_TIME2:  // the fraction's digits in `metadata`, two to a byte
      return 3 + (metadata + 1) / 2;
    case MYSQL_TYPE_TIMESTAMP2:
      return 4 + (metadata + 1) / 2;
    case MYSQL_TYPE_DATETIME2:
      return 5 + (metadata + 1) / 2;
    case MYSQL_TYPE_NEWDECIMAL:
      return decimal_size(metadata >> 8, metadata & 0xff);
    case MYSQL_TYPE_BIT:
      return (metadata >> 8) + ((metadata & 0xff) > 0 ? 1 : 0);
    default:
      return std::nullopt;
  }
}

std::optional<std::size_t> value_size(const TableMap::Column& column, std::string_view data) {
  switch (column.type) {
    case MYSQL_TYPE_VARCHAR:  // the declared byte length in `metadata`
      return length_prefixed(column.metadata > 255 ? 2 : 1, data);
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_BLOB:
    case MYSQL_TYPE_GEOMETRY:  // the length's own size in `metadata`
      if (column.metadata < 1 || column.metadata > 4) return std::nullopt;
      return length_prefixed(column.metadata, data);
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_ENUM:
    case MYSQL_TYPE_SET: {
      unsigned real_type = column.metadata >> 8;
      if (real_type == MYSQL_TYPE_ENUM || real_type == MYSQL_TYPE_SET) {
        return column.metadata & 0xff;  // 1 or 2 bytes: the member's number or the bits
      }
      return length_prefixed(declared_char_length(column.metadata) > 255 ? 2 : 1, data);
    }
    default:
      return fixed_value_size(column.type, column.metadata);
  }
}

// Walks one row image at the start of `data`: a bitmap of which of the present columns are
// NULL, then the values of the others. Calls `on_value(column, offset, is_null)` for each
// present column in order, stopping when it returns false. Returns where the image ends (or
// where the walk stopped); nullopt when a value cannot be sized.
template <typename OnValue>
std::optional<std::size_t> walk_image(const TableMap& map, const std::vector<bool>& present,
                                      std::string_view data, OnValue on_value) {
  std::size_t present_count = 0;
  for (bool is : present) present_count += is ? 1 : 0;
  std::size_t at = (present_count + 7) / 8;
  if (data.size() < at) return std::nullopt;
  std::size_t nth = 0;  // among the present columns
  for (std::size_t column = 0; column < map.columns.size(); ++column) {
    if (!present[column]) continue;
    bool is_null = (static_cast<unsigned char>(data[nth / 8]) >> (nth % 8)) & 1;
    ++nth;
    if (!on_value(column, at, is_null)) return at;
    if (is_null) continue;
    auto size = logged_value_size(map.columns[column], data.substr(at));
    if (!size) return std::nullopt;
    at += *size;
  }
  return at;
}

std::optional<std::size_t> image_size(const TableMap& map, const std::vector<bool>& present,
                                      std::string_view data) {
  return walk_image(map, present, data, [](std::size_t, std::size_t, bool) { return true; });
}

// The bytes of an integer column's value; 0 for any other type.
std::size_t integer_width(std::uint8_t type) {
  switch (type) {
    case MYSQL_TYPE_TINY:
      return 1;
    case MYSQL_TYPE_SHORT:
      return 2;
    case MYSQL_TYPE_INT24:
      return 3;
    case MYSQL_TYPE_LONG:
      return 4;
    case MYSQL_TYPE_LONGLONG:
      return 8;
    default:
      return 0;
  }
}

// The bytes of the length before a CHAR, BINARY, VARCHAR or VARBINARY value; nullopt for any
// other type (ENUM and SET among them).
std::optional<std::size_t> string_length_prefix(const TableMap::Column& column) {
  if (column.type == MYSQL_TYPE_VARCHAR) return column.metadata > 255 ? 2 : 1;
  if (column.type != MYSQL_TYPE_STRING) return std::nullopt;
  unsigned real_type = column.metadata >> 8;
  if (real_type == MYSQL_TYPE_ENUM || real_type == MYSQL_TYPE_SET) return std::nullopt;
  return declared_char_length(column.metadata) > 255 ? 2 : 1;
}

std::vector<bool> bitmap_bits(std::string_view bitmap, std::size_t count) {
  std::vector<bool> bits(count);
  for (std::size_t i = 0; i < count; ++i) {
    bits[i] = (static_cast<unsigned char>(bitmap[i / 8]) >> (i % 8)) & 1;
  }
  return bits;
}

}  // namespace

std::optional<std::size_t> logged_value_size(const TableMap::Column& column,
                                             std::string_view data) {
  auto size = value_size(column, data);
  if (!size || *size > data.size()) return std::nullopt;
  return size;
}

std::optional<LoggedKeyValue> logged_key_value(const TableMap& map,
                                               const std::vector<bool>& present,
                                               std::string_view image, std::size_t column) {
  if (column >= map.columns.size() || present.size() != map.columns.size() || !present[column]) {
    return std::nullopt;
  }
  const TableMap::Column& type = map.columns[column];
  std::size_t width = integer_width(type.type);
  std::optional<std::size_t> prefix = string_length_prefix(type);
  if (width == 0 && !prefix) return std::nullopt;
  std::optional<LoggedKeyValue> found;
  walk_image(map, present, image, [&](std::size_t at_column, std::size_t at, bool is_null) {
    if (at_column != column) return true;
    if (is_null) {
      found = LoggedKeyValue{};
      return false;
    }
    std::optional<std::size_t> size = logged_value_size(type, image.substr(at));
    if (!size) return false;
    if (prefix) {
      found = LoggedKeyValue{LoggedKeyValue::Kind::kBytes, 0,
                             image.substr(at + *prefix, *size - *prefix)};
    } else if (std::uint64_t value = read_le(image, at, width); !(value >> (8 * width - 1))) {
      found = LoggedKeyValue{LoggedKeyValue::Kind::kInteger, value, {}};
    }
    return false;
  });
  return found;
}

std::optional<TableMap> parse_table_map(std::string_view event, const LogExcerpt& log) {
  if (log.post_header_size(binlog::kTableMap) != kTableIdSize + 2) return std::nullopt;
  std::size_t end = event.size() - (log.checksums ? kChecksumSize : 0);
  Cursor cursor(event.substr(0, end), kHeaderSize);
  TableMap map;
  auto id = cursor.integer(kTableIdSize);
  if (!id || !cursor.integer(2)) return std::nullopt;
  map.table_id = *id;
  for (std::string* name : {&map.database, &map.table}) {
    auto length = cursor.integer(1);
    if (!length) return std::nullopt;
    auto text = cursor.bytes(*length + 1);  // and its terminating NUL
    if (!text) return std::nullopt;
    name->assign(text->substr(0, *length));
  }
  auto count = cursor.packed_integer();
  if (!count) return std::nullopt;
  auto types = cursor.bytes(*count);
  auto metadata_size = cursor.packed_integer();
  if (!types || !metadata_size) return std::nullopt;
  auto metadata = cursor.bytes(*metadata_size);
  if (!metadata) return std::nullopt;
  Cursor metadata_cursor(*metadata);
  for (char type : *types) {
    TableMap::Column column;
    column.type = static_cast<std::uint8_t>(type);
    auto value = read_metadata(column.type, metadata_cursor);
    if (!value) return map;
    column.metadata = *value;
    map.columns.push_back(column);
  }
  map.sizable = metadata_cursor.left() == 0;  // else a type read with the wrong size
  return map;
}

std::optional<std::uint64_t> rows_table_id(std::string_view event, const LogExcerpt& log) {
  if (log.post_header_size(static_cast<std::uint8_t>(event[4])) < kTableIdSize + 2) {
    return std::nullopt;
  }
  Cursor cursor(event, kHeaderSize);
  return cursor.integer(kTableIdSize);
}

std::optional<RowsEvent> split_rows_event(std::string_view event, const TableMap& map,
                                          const LogExcerpt& log) {
  auto type = static_cast<std::uint8_t>(event[4]);
  if (type < binlog::kWriteRowsV1 || type > binlog::kDeleteRowsV1 ||
      log.post_header_size(type) != kTableIdSize + 2) {
    return std::nullopt;
  }
  std::size_t end = event.size() - (log.checksums ? kChecksumSize : 0);
  Cursor cursor(event.substr(0, end), kHeaderSize + kTableIdSize + 2);
  auto count = cursor.packed_integer();
  if (!map.sizable || !count || *count != map.columns.size()) return std::nullopt;
  RowsEvent rows;
  rows.bitmap_size = (*count + 7) / 8;
  std::size_t images_per_row = type == binlog::kUpdateRowsV1 ? 2 : 1;
  std::vector<std::vector<bool>> present;
  for (std::size_t i = 0; i < images_per_row; ++i) {
    auto bitmap = cursor.bytes(rows.bitmap_size);
    if (!bitmap) return std::nullopt;
    present.push_back(bitmap_bits(*bitmap, *count));
  }
  rows.head = std::string(event.substr(0, cursor.at()));
  rows.present = present;
  while (cursor.left() > 0) {
    for (std::size_t i = 0; i < images_per_row; ++i) {
      std::string_view rest = event.substr(cursor.at(), cursor.left());
      auto size = image_size(map, present[i], rest);
      if (!size) return std::nullopt;
      rows.rows.push_back(rest.substr(0, *size));
      cursor.bytes(*size);
    }
  }
  return rows;
}

}  // namespace tdm
