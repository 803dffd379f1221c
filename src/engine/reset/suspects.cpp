#include "engine/reset/suspects.hpp"

namespace tdm {

namespace {

bool fully_logged(const std::string& table, const DatabaseSignals& baseline,
                  const DatabaseSignals& now, const LoggedRows& logged) {
  auto before = baseline.find(table);
  auto after = now.find(table);
  if (before == baseline.end() || after == now.end() || logged.total() == 0) return false;
  const TableSignals& was = before->second;
  const TableSignals& is = after->second;
  return !is.always_check && is.table_id == was.table_id && is.rows_changed >= was.rows_changed &&
         is.rows_changed - was.rows_changed == logged.total() &&
         is.modified_counter <= was.modified_counter + logged.total();
}

}  // namespace

Suspects assess_suspects(const DatabaseSignals& baseline, const DatabaseSignals& now,
                         bool restarted, const std::set<std::string>& all_tables,
                         const UndoScript* undo, const Cascades& cascades) {
  Suspects result;
  result.tables = restarted ? all_tables : tables_changed_since(baseline, now);
  if (undo) {
    for (const auto& [table, logged] : undo->rows) {
      if (all_tables.count(table)) result.tables.insert(table);
    }
  }
  std::map<std::string, CascadeTrigger> changed;
  for (const std::string& table : result.tables) {
    const LoggedRows* logged = nullptr;
    if (undo) {
      auto found = undo->rows.find(table);
      if (found != undo->rows.end()) logged = &found->second;
    }
    if (!restarted && logged && fully_logged(table, baseline, now, *logged)) {
      result.explained.insert(table);
      changed[table] = CascadeTrigger{logged->deletes > 0, logged->updates > 0};
    } else {
      changed[table] = CascadeTrigger{};
    }
  }
  for (const std::string& table : cascaded_tables(changed, cascades)) {
    if (!all_tables.count(table)) continue;
    result.tables.insert(table);
    result.explained.erase(table);
  }
  return result;
}

}  // namespace tdm
