#include "engine/reset/suspects.hpp"

namespace tdm {

namespace {

// How a table's signals moved against the rows the log holds for it.
enum class Accounting {
  kUnknown,    // signals missing or not covering it, recreated, or statements the log missed
  kLogged,     // InnoDB counted no more than the logged rows
  kBeyondSql,  // InnoDB counted more: rows changed below the SQL layer (a cascade)
};

Accounting account_for(const std::string& table, const DatabaseSignals& baseline,
                       const DatabaseSignals& now, std::uint64_t logged) {
  auto before = baseline.find(table);
  auto after = now.find(table);
  if (before == baseline.end() || after == now.end()) return Accounting::kUnknown;
  const TableSignals& was = before->second;
  const TableSignals& is = after->second;
  if (is.always_check || is.table_id != was.table_id || is.rows_changed < was.rows_changed ||
      is.rows_changed - was.rows_changed != logged) {
    return Accounting::kUnknown;
  }
  return is.modified_counter <= was.modified_counter + logged ? Accounting::kLogged
                                                              : Accounting::kBeyondSql;
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
    Accounting accounting = restarted
                                ? Accounting::kUnknown
                                : account_for(table, baseline, now, logged ? logged->total() : 0);
    if (accounting == Accounting::kBeyondSql) result.changed_by_cascade.insert(table);
    if (accounting == Accounting::kLogged && logged && logged->total() > 0) {
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
