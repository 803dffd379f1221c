#include "engine/reset/cascade_keys.hpp"

#include <algorithm>
#include <string_view>

#include "snapshot/table_definition.hpp"

namespace tdm {

namespace {

bool integer_type(std::string_view type) {
  std::string_view word = type.substr(0, type.find_first_of("( "));
  return word == "tinyint" || word == "smallint" || word == "mediumint" || word == "int" ||
         word == "bigint";
}

ParentColumns parent_columns(const PayloadIndex& index, const std::string& parent) {
  ParentColumns columns;
  for (const ColumnDefinition& column :
       parse_table_definition(index.create_statement_of(parent)).columns) {
    columns.names.push_back(column.name);
    columns.integer.push_back(integer_type(column.type));
  }
  return columns;
}

// The parents `edges` names for `child`, sorted: one entry per foreign key.
std::vector<std::string> parents_of(const CascadeMap& edges, const std::string& child) {
  std::vector<std::string> parents;
  for (const auto& [parent, reached] : edges) {
    if (reached == child) parents.push_back(parent);
  }
  std::sort(parents.begin(), parents.end());
  return parents;
}

}  // namespace

ChildFacts child_facts_from_payload(const PayloadIndex& index, const std::string& child,
                                    const Cascades& cascades) {
  ChildFacts facts;
  std::vector<std::string> on_delete;
  std::vector<std::string> on_update;
  bool obstacles = false;
  for (const ConstraintDefinition& constraint :
       parse_table_definition(index.create_statement_of(child)).constraints) {
    if (!constraint.foreign_key) continue;
    const ForeignKeyReference& reference = constraint.references;
    bool deletes = rule_cascades(reference.on_delete);
    bool updates = rule_cascades(reference.on_update);
    if (!reference.database.empty()) {
      obstacles = obstacles || deletes || updates;
      continue;
    }
    if (updates) on_update.push_back(reference.table);
    if (!deletes) continue;
    on_delete.push_back(reference.table);
    if (constraint.columns.empty() || constraint.columns.size() != reference.columns.size()) {
      obstacles = true;
    }
    facts.keys.push_back(
        DeletingKey{reference.table, constraint.columns, reference.columns, {}, {}});
  }
  std::sort(on_delete.begin(), on_delete.end());
  std::sort(on_update.begin(), on_update.end());
  // The suspects followed the server's cascades: a parse that saw others is not to be trusted.
  obstacles = obstacles || on_delete != parents_of(cascades.on_delete, child) ||
              on_update != parents_of(cascades.on_update, child);
  for (const DeletingKey& key : facts.keys) {
    if (!facts.parent_columns.count(key.parent)) {
      facts.parent_columns[key.parent] = parent_columns(index, key.parent);
    }
  }
  facts.obstacles = obstacles;
  return facts;
}

}  // namespace tdm
