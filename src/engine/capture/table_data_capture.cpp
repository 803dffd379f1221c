#include "engine/capture/table_data_capture.hpp"

#include <string>
#include <vector>

#include "core/error.hpp"
#include "snapshot/payload/load_data_text.hpp"

namespace tdm {

namespace {

struct SelectedColumn {
  std::string expression;
  DataColumn column;
};

SelectedColumn select_column(const ColumnInfo& info) {
  std::string quoted = Connection::quote_identifier(info.name);
  if (info.data_type == "bit") return {quoted + "+0", {info.name, ColumnEncoding::kUnsigned}};
  // ENUM and SET travel as what the server stores, index and bit mask: a permissive sql_mode
  // stores ENUM index 0 for a string outside the list, whose text '' would load as the member
  // '' where the list has one.
  if (info.data_type == "enum" || info.data_type == "set") {
    return {quoted + "+0", {info.name, ColumnEncoding::kUnsigned}};
  }
  // Types stored as fixed binary (UUID, INET4, INET6) take their binary form from a LOAD DATA
  // CHARACTER SET binary, and reject their text there.
  if (info.data_type == "uuid" || info.data_type == "inet6" || info.data_type == "inet4") {
    return {"CAST(" + quoted + " AS BINARY)", {info.name, ColumnEncoding::kText}};
  }
  if (info.data_type == "float") {
    return {"CAST(" + quoted + " AS DOUBLE)", {info.name, ColumnEncoding::kText}};
  }
  return {quoted, {info.name, ColumnEncoding::kText}};
}

// A system-versioned table's period columns, carried so that its history rows keep their
// periods: named ones where the table declares them, else the implicit ROW_START/ROW_END.
// A table versioned by transaction id has periods no other table can take: refused.
std::vector<SelectedColumn> period_columns(const TableInfo& table) {
  std::vector<SelectedColumn> periods;
  for (const ColumnInfo& info : table.columns) {
    if (info.period.empty()) continue;
    if (info.data_type == "bigint") {
      throw Error(ExitCode::kDatabase,
                  "table `" + table.name +
                      "` is system-versioned by transaction id: its history rows cannot be "
                      "inserted anywhere else, so a snapshot would lose them",
                  "version it by time (ROW START/END columns of type TIMESTAMP(6)), or remove "
                  "its history (ALTER TABLE ... DROP SYSTEM VERSIONING) before capturing");
    }
    periods.push_back(
        {Connection::quote_identifier(info.name), {info.name, ColumnEncoding::kText}});
  }
  if (periods.empty()) {
    for (const char* implicit : {"ROW_START", "ROW_END"}) {
      periods.push_back({implicit, {implicit, ColumnEncoding::kText}});
    }
  }
  return periods;
}

// The columns a capture reads, in payload order: every stored column, then the periods of a
// system-versioned table.
std::vector<SelectedColumn> captured_columns(const TableInfo& table) {
  std::vector<SelectedColumn> columns;
  for (const ColumnInfo& info : table.columns) {
    if (!info.generated) columns.push_back(select_column(info));
  }
  if (table.system_versioned) {
    for (SelectedColumn& period : period_columns(table)) columns.push_back(std::move(period));
  }
  return columns;
}

std::string select_statement(const TableInfo& table) {
  std::string select_list;
  for (const SelectedColumn& column : captured_columns(table)) {
    select_list += (select_list.empty() ? "" : ", ") + column.expression;
  }
  // Every row the table keeps, its history too.
  return "SELECT " + select_list + " FROM " + Connection::quote_identifier(table.name) +
         (table.system_versioned ? " FOR SYSTEM_TIME ALL" : "");
}

void append_row(RowsChunk& chunk, const Row& row) {
  for (unsigned i = 0; i < row.size(); ++i) {
    if (i > 0) chunk.text += '\t';
    if (row.is_null(i)) {
      append_null_field(chunk.text);
    } else {
      std::string_view field = row.view(i);
      chunk.field_bytes += field.size();
      append_escaped_field(chunk.text, field);
    }
  }
  chunk.text += '\n';
  ++chunk.rows;
}

}  // namespace

TableDataLayout table_data_layout(const TableInfo& table) {
  TableDataLayout layout{table.name, {}};
  for (const SelectedColumn& column : captured_columns(table)) {
    layout.columns.push_back(column.column);
  }
  return layout;
}

std::optional<std::uint64_t> read_table_rows(Connection& connection, const TableInfo& table,
                                             std::size_t chunk_bytes,
                                             const ChunkConsumer& consume) {
  if (table.rows_elsewhere || table_data_layout(table).columns.empty()) return 0;
  // Room for the row that crosses chunk_bytes, so the buffer is not reallocated to twice it.
  const std::size_t reserved = chunk_bytes + chunk_bytes / 8;
  std::uint64_t rows = 0;
  RowsChunk chunk;
  chunk.text.reserve(reserved);
  Result result = connection.stream(select_statement(table));
  while (auto row = result.next()) {
    append_row(chunk, *row);
    if (chunk.text.size() < chunk_bytes) continue;
    rows += chunk.rows;
    if (!consume(chunk)) {
      connection.abandon_stream();  // not drained: the connection is unusable afterwards
      return std::nullopt;
    }
    chunk.text.clear();  // keeps its buffer unless `consume` took it
    chunk.text.reserve(reserved);
    chunk.rows = chunk.field_bytes = 0;
  }
  rows += chunk.rows;
  if (chunk.rows > 0 && !consume(chunk)) return std::nullopt;
  return rows;
}

std::uint64_t capture_table_data(Connection& connection, const TableInfo& table,
                                 std::size_t chunk_bytes, PayloadWriter& writer,
                                 ProgressReporter* progress) {
  writer.begin_data(table_data_layout(table));
  read_table_rows(connection, table, chunk_bytes, [&](RowsChunk& chunk) {
    writer.append_rows_chunk(chunk.text, chunk.rows);
    if (progress) progress->add(chunk.field_bytes, chunk.rows);
    return true;
  });
  return writer.end_data();
}

}  // namespace tdm
