#include "engine/reset/cascade_closure.hpp"

#include <vector>

namespace tdm {

bool rule_cascades(std::string_view rule) {
  return rule != "RESTRICT" && rule != "NO ACTION";
}

Cascades read_cascades(Connection& connection, const std::string& database) {
  std::string quoted = connection.quote(database);
  Result result = connection.query(
      "SELECT REFERENCED_TABLE_NAME, TABLE_NAME, DELETE_RULE, UPDATE_RULE"
      " FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = " +
      quoted + " AND UNIQUE_CONSTRAINT_SCHEMA = " + quoted);
  Cascades found;
  while (auto row = result.next()) {
    if (rule_cascades(row->view(2))) found.on_delete.emplace(row->str(0), row->str(1));
    if (row->view(2) == "CASCADE") found.deleting.emplace(row->str(0), row->str(1));
    if (rule_cascades(row->view(3))) found.on_update.emplace(row->str(0), row->str(1));
  }
  return found;
}

std::set<std::string> cascaded_tables(const std::map<std::string, CascadeTrigger>& changed,
                                      const Cascades& cascades) {
  std::set<std::string> reached;
  std::vector<std::pair<std::string, CascadeTrigger>> pending(changed.begin(), changed.end());
  auto follow = [&](const CascadeMap& edges, const std::string& parent) {
    auto [first, last] = edges.equal_range(parent);
    for (auto it = first; it != last; ++it) {
      if (reached.insert(it->second).second) pending.emplace_back(it->second, CascadeTrigger{});
    }
  };
  while (!pending.empty()) {
    auto [table, trigger] = std::move(pending.back());
    pending.pop_back();
    if (trigger.deletes) follow(cascades.on_delete, table);
    if (trigger.updates) follow(cascades.on_update, table);
  }
  return reached;
}

}  // namespace tdm
