#include "engine/reset/binlog_flashback.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/reset/binlog_rows.hpp"

namespace tdm {

namespace {

using binlog::kHeaderSize;

constexpr std::size_t kRowsFlagsOffset = kHeaderSize + 6;  // after the table id
constexpr std::uint64_t kStatementEnd = 0x0001;            // STMT_END_F

std::uint8_t inverse_type(std::uint8_t type) {
  if (type == binlog::kWriteRowsV1) return binlog::kDeleteRowsV1;
  if (type == binlog::kDeleteRowsV1) return binlog::kWriteRowsV1;
  return type;
}

// The event undoing `rows`: the inverse type, its rows newest first, an update's images (and
// their column bitmaps) swapped, and the end of a statement.
std::string inverted_event(const RowsEvent& rows, std::uint8_t type, bool checksums) {
  std::string event = rows.head;
  event[4] = static_cast<char>(inverse_type(type));
  binlog::write_le(event, kRowsFlagsOffset, 2,
                   binlog::read_le(event, kRowsFlagsOffset, 2) | kStatementEnd);
  bool update = type == binlog::kUpdateRowsV1;
  if (update) {  // the two bitmaps end the head
    auto after = event.end() - static_cast<std::ptrdiff_t>(rows.bitmap_size);
    std::swap_ranges(after - static_cast<std::ptrdiff_t>(rows.bitmap_size), after, after);
  }
  std::size_t step = update ? 2 : 1;
  for (std::size_t row = rows.rows.size(); row >= step; row -= step) {
    if (update) event.append(rows.rows[row - 1]);  // the after image, now the before
    event.append(rows.rows[row - step]);
  }
  if (checksums) event.append(binlog::kChecksumSize, '\0');
  seal_event(event, checksums);
  return event;
}

void keep_deletes(const RowsEvent& rows, const TableMap& map, UndoScript& script) {
  LoggedDeletes& deletes = script.deleted[map.table].emplace_back();
  deletes.map = map;
  deletes.present = rows.present.front();
  deletes.images.assign(rows.rows.begin(), rows.rows.end());
}

void count_rows(const RowsEvent& rows, std::uint8_t type, LoggedRows& logged) {
  if (type == binlog::kWriteRowsV1) logged.inserts += rows.rows.size();
  if (type == binlog::kUpdateRowsV1) logged.updates += rows.rows.size() / 2;
  if (type == binlog::kDeleteRowsV1) logged.deletes += rows.rows.size();
}

std::string base64(std::string_view bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  text.resize(static_cast<std::size_t>(written));
  return text;
}

// One inverted event and the table map it needs before it.
struct UndoStep {
  std::string table_map;
  std::string event;
};

std::vector<std::string> binlog_statements(const LogExcerpt& log,
                                           const std::vector<UndoStep>& newest_first,
                                           std::size_t budget) {
  std::vector<std::string> statements;
  std::string events;
  auto flush = [&] {
    if (events.empty()) return;
    statements.push_back("BINLOG '" + base64(log.format_description + events) + "'");
    events.clear();
  };
  for (const UndoStep& step : newest_first) {
    std::size_t size = step.table_map.size() + step.event.size();
    if (!events.empty() && events.size() + size > budget) flush();
    events += step.table_map;
    events += step.event;
  }
  flush();
  return statements;
}

}  // namespace

std::optional<UndoScript> flashback_script(const LogExcerpt& log, std::string_view database,
                                           std::size_t statement_budget) {
  UndoScript script;
  std::map<std::uint64_t, std::pair<TableMap, const std::string*>> maps;  // by table id
  std::vector<UndoStep> steps;
  for (const BinlogEvent& event : log.events) {
    if (event.type() == binlog::kTableMap) {
      std::optional<TableMap> map = parse_table_map(event.bytes, log);
      if (!map) return std::nullopt;
      std::uint64_t id = map->table_id;
      maps[id] = {std::move(*map), &event.bytes};
      continue;
    }
    std::optional<std::uint64_t> id = rows_table_id(event.bytes, log);
    if (!id) return std::nullopt;
    auto map = maps.find(*id);
    if (map == maps.end()) return std::nullopt;
    const TableMap& table = map->second.first;
    if (table.database != database) continue;
    std::optional<RowsEvent> rows = split_rows_event(event.bytes, table, log);
    if (!rows) return std::nullopt;
    if (rows->rows.empty()) continue;  // an event that only ends a statement: nothing to undo
    count_rows(*rows, event.type(), script.rows[table.table]);
    if (event.type() == binlog::kDeleteRowsV1) keep_deletes(*rows, table, script);
    script.tables.insert(table.table);
    steps.push_back({*map->second.second, inverted_event(*rows, event.type(), log.checksums)});
  }
  if (steps.empty()) return script;
  std::vector<UndoStep> newest_first(std::make_move_iterator(steps.rbegin()),
                                     std::make_move_iterator(steps.rend()));
  script.statements.push_back("START TRANSACTION");
  for (std::string& statement : binlog_statements(log, newest_first, statement_budget)) {
    script.statements.push_back(std::move(statement));
  }
  script.statements.push_back("COMMIT");
  return script;
}

}  // namespace tdm
