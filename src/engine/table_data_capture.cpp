#include "engine/table_data_capture.hpp"

#include <string>

namespace tdm {

namespace {

// Rows between progress reports: often enough for a smooth display, rare enough to cost
// nothing next to the rows themselves.
constexpr std::uint64_t kRowsPerReport = 4096;

struct SelectedColumn {
  std::string expression;
  DataColumn column;
};

SelectedColumn select_column(const ColumnInfo& info) {
  std::string quoted = Connection::quote_identifier(info.name);
  if (info.data_type == "bit") return {quoted + "+0", {info.name, ColumnEncoding::kUnsigned}};
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

}  // namespace

std::uint64_t capture_table_data(Connection& connection, const TableInfo& table,
                                 PayloadWriter& writer, ProgressReporter* progress) {
  TableDataLayout layout{table.name, {}};
  std::string select_list;
  for (const ColumnInfo& info : table.columns) {
    if (info.generated) continue;
    SelectedColumn selected = select_column(info);
    select_list += (select_list.empty() ? "" : ", ") + selected.expression;
    layout.columns.push_back(selected.column);
  }
  writer.begin_data(layout);
  if (!layout.columns.empty()) {
    Result rows = connection.stream("SELECT " + select_list + " FROM " +
                                    Connection::quote_identifier(table.name));
    std::uint64_t unreported_rows = 0, unreported_bytes = 0;
    while (auto row = rows.next()) {
      for (unsigned i = 0; i < row->size(); ++i) {
        if (row->is_null(i)) {
          writer.append_null();
        } else {
          std::string_view field = row->view(i);
          unreported_bytes += field.size();
          writer.append_field(field);
        }
      }
      writer.end_row();
      if (progress && ++unreported_rows == kRowsPerReport) {
        progress->add(unreported_bytes, unreported_rows);
        unreported_rows = unreported_bytes = 0;
      }
    }
    if (progress) progress->add(unreported_bytes, unreported_rows);
  }
  return writer.end_data();
}

}  // namespace tdm
