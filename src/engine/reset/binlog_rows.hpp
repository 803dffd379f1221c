#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/reset/binlog_events.hpp"

namespace tdm {

// A table map event: which table a row event's table id stands for, and its columns' types as
// logged (with the metadata that sizes their values).
struct TableMap {
  struct Column {
    std::uint8_t type = 0;
    std::uint16_t metadata = 0;
  };
  std::uint64_t table_id = 0;
  std::string database;
  std::string table;
  std::vector<Column> columns;
  // False when a column's type is one whose values this reader cannot size (a compressed
  // column, a type it does not know): `columns` is then incomplete, and the table's rows
  // cannot be split.
  bool sizable = false;
};

// nullopt when the event is cut short.
std::optional<TableMap> parse_table_map(std::string_view event, const LogExcerpt& log);

// The table id a row event names; nullopt when it is cut short.
std::optional<std::uint64_t> rows_table_id(std::string_view event, const LogExcerpt& log);

// A row event in its parts. `rows` are the images in order: one per row for inserts and
// deletes, two per row (before, after) for updates; none in an event that only ends a
// statement.
struct RowsEvent {
  std::string head;  // header, post-header, column count and the column bitmap(s)
  std::size_t bitmap_size = 0;
  std::vector<std::string_view> rows;
  // Which columns each kind of image carries: one bitmap, or (before, after) for updates.
  std::vector<std::vector<bool>> present;
};

// Splits an uncompressed version 1 row event into its images, sizing every value by the
// columns of `map` exactly as the server unpacks them. nullopt when the images do not end
// exactly where the event does, or a value cannot be sized: then nothing is trusted.
std::optional<RowsEvent> split_rows_event(std::string_view event, const TableMap& map,
                                          const LogExcerpt& log);

// The bytes one value of `column` takes at the start of `data`; nullopt when it cannot be
// sized or runs past the end.
std::optional<std::size_t> logged_value_size(const TableMap::Column& column, std::string_view data);

// A key column's value in a row image: an integer, or the bytes of a CHAR, BINARY, VARCHAR or
// VARBINARY as stored (a CHAR without the trailing spaces the server strips).
struct LoggedKeyValue {
  enum class Kind { kNull, kInteger, kBytes };
  Kind kind = Kind::kNull;
  std::uint64_t integer = 0;
  std::string_view bytes;  // into the image
};

// The value of `column` in `image` (`present`: the columns the image carries); nullopt when the
// image does not carry the column, the column is of another type, or an integer's top bit is
// set: the log does not say whether a column is signed, so such a value could be negative.
std::optional<LoggedKeyValue> logged_key_value(const TableMap& map,
                                               const std::vector<bool>& present,
                                               std::string_view image, std::size_t column);

}  // namespace tdm
