#include "engine/reset/suspects.hpp"

#include <algorithm>

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

bool has_edge(const CascadeMap& edges, const std::string& parent, const std::string& child) {
  auto [first, last] = edges.equal_range(parent);
  for (auto it = first; it != last; ++it) {
    if (it->second == child) return true;
  }
  return false;
}

std::size_t edges_between(const CascadeMap& edges, const std::string& parent,
                          const std::string& child) {
  auto [first, last] = edges.equal_range(parent);
  return static_cast<std::size_t>(
      std::count_if(first, last, [&](const auto& edge) { return edge.second == child; }));
}

// Whether a cascade from another suspect can have deleted (updated) rows of `table`.
bool may_lose_rows_unlogged(const std::string& table, const std::set<std::string>& suspects,
                            const Cascades& cascades) {
  return std::any_of(suspects.begin(), suspects.end(), [&](const std::string& parent) {
    return has_edge(cascades.deleting, parent, table);
  });
}
bool may_change_rows_unlogged(const std::string& table, const std::set<std::string>& suspects,
                              const Cascades& cascades) {
  return std::any_of(suspects.begin(), suspects.end(), [&](const std::string& parent) {
    return has_edge(cascades.on_update, parent, table) ||
           edges_between(cascades.on_delete, parent, table) >
               edges_between(cascades.deleting, parent, table);
  });
}

struct Accounted {
  Accounting accounting = Accounting::kUnknown;
  LoggedRows logged;
};

// Whether every cascade that can have changed `child` started from rows the reset knows, and
// some did: then the child's changed rows are among the payload's rows naming those rows' keys.
// Each parent that changed (a suspect) either lost or changed rows to such cascades alone
// itself (in `losing`: which rows, the reset knows once it put them back); or had every change
// logged and lost no row to a cascade, and where its key's updates cascade to `child`,
// updated nothing, logged or not (a logged delete's keys are in the log).
bool only_known_rows_cascaded(const std::string& child, const std::set<std::string>& suspects,
                              const std::map<std::string, Accounted>& accounted,
                              const Cascades& cascades, const std::set<std::string>& losing) {
  bool some_known = false;
  for (const std::string& parent : suspects) {
    bool deletes_reach = has_edge(cascades.on_delete, parent, child);
    bool updates_reach = has_edge(cascades.on_update, parent, child);
    if (!deletes_reach && !updates_reach) continue;
    if (parent == child) return false;
    if (losing.count(parent)) {
      some_known = true;
      continue;
    }
    const Accounted& was = accounted.at(parent);
    if (was.accounting != Accounting::kLogged) return false;
    if (may_lose_rows_unlogged(parent, suspects, cascades)) return false;
    if (updates_reach &&
        (was.logged.updates > 0 || may_change_rows_unlogged(parent, suspects, cascades))) {
      return false;
    }
    some_known = some_known || (deletes_reach && was.logged.deletes > 0);
  }
  return some_known;
}

// Of `candidates` (changed by a cascade, no row of them logged), those that only cascades from
// rows the reset knows changed: each candidate that fails takes out with it those whose rows it
// would have told.
std::set<std::string> changed_by_known_cascades(std::set<std::string> candidates,
                                                const std::set<std::string>& suspects,
                                                const std::map<std::string, Accounted>& accounted,
                                                const Cascades& cascades) {
  for (bool dropped = true; dropped;) {
    dropped = false;
    for (auto it = candidates.begin(); it != candidates.end();) {
      if (only_known_rows_cascaded(*it, suspects, accounted, cascades, candidates)) {
        ++it;
      } else {
        it = candidates.erase(it);
        dropped = true;
      }
    }
  }
  return candidates;
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
  std::map<std::string, Accounted> accounted;
  for (const std::string& table : result.tables) {
    const LoggedRows* logged = nullptr;
    if (undo) {
      auto found = undo->rows.find(table);
      if (found != undo->rows.end()) logged = &found->second;
    }
    Accounting accounting = restarted
                                ? Accounting::kUnknown
                                : account_for(table, baseline, now, logged ? logged->total() : 0);
    accounted[table] = Accounted{accounting, logged ? *logged : LoggedRows{}};
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
    accounted.try_emplace(table);
  }
  std::set<std::string> candidates;
  for (const std::string& table : result.changed_by_cascade) {
    if (accounted[table].logged.total() == 0) candidates.insert(table);
  }
  result.changed_by_known_cascades =
      changed_by_known_cascades(candidates, result.tables, accounted, cascades);
  result.cascades = cascades;
  return result;
}

}  // namespace tdm
