#include "engine/reset/schema_match.hpp"

#include <algorithm>
#include <map>

#include "engine/common/auto_increment.hpp"
#include "engine/common/database_inventory.hpp"
#include "engine/common/object_definitions.hpp"

namespace tdm {

namespace {

template <typename Item, typename Name>
std::vector<std::string> sorted_names(const std::vector<Item>& items, Name name) {
  std::vector<std::string> names;
  for (const Item& item : items) names.push_back(name(item));
  std::sort(names.begin(), names.end());
  return names;
}

// "table `a` was added" / "... dropped" for the first name in only one of the lists.
std::optional<std::string> membership_difference(const std::string& kind,
                                                 const std::vector<std::string>& live,
                                                 const std::vector<std::string>& payload) {
  for (const std::string& name : live) {
    if (!std::binary_search(payload.begin(), payload.end(), name))
      return kind + " `" + name + "` was added";
  }
  for (const std::string& name : payload) {
    if (!std::binary_search(live.begin(), live.end(), name))
      return kind + " `" + name + "` was dropped";
  }
  return std::nullopt;
}

// A payload from before the database collation was recorded says nothing about it.
bool same_object(const StoredObject& live, const StoredObject& payload) {
  return live.create_statement == payload.create_statement && live.sql_mode == payload.sql_mode &&
         live.character_set_client == payload.character_set_client &&
         live.collation_connection == payload.collation_connection &&
         live.time_zone == payload.time_zone &&
         (payload.database_collation.empty() ||
          live.database_collation == payload.database_collation);
}

std::optional<std::string> compare_tables(Connection& connection, const std::string& database,
                                          const DatabaseInventory& inventory,
                                          const PayloadIndex& index, SchemaComparison& result) {
  const std::vector<std::string> payload_tables =
      sorted_names(index.tables, [](const TableDefinition& t) { return t.name; });
  if (auto added = membership_difference(
          "table", sorted_names(inventory.tables, [](const TableInfo& t) { return t.name; }),
          payload_tables)) {
    return added;
  }
  std::vector<TableDefinition> live_tables =
      read_table_definitions(connection, database, payload_tables);
  std::map<std::string, std::string> live_by_name;
  for (TableDefinition& table : live_tables) {
    live_by_name[table.name] = std::move(table.create_statement);
  }
  for (const TableDefinition& payload : index.tables) {
    const std::string& live = live_by_name[payload.name];
    if (live == payload.create_statement) continue;
    if (without_auto_increment(live) != without_auto_increment(payload.create_statement)) {
      return "table `" + payload.name + "` was altered";
    }
    result.counters_moved.insert(payload.name);
  }
  return std::nullopt;
}

std::optional<std::string> compare_sequences(Connection& connection,
                                             const DatabaseInventory& inventory,
                                             const PayloadIndex& index, SchemaComparison& result) {
  std::vector<std::string> live_names = inventory.sequences;
  std::sort(live_names.begin(), live_names.end());
  if (auto added = membership_difference(
          "sequence", live_names,
          sorted_names(index.sequences, [](const SequenceDefinition& s) { return s.name; }))) {
    return added;
  }
  for (const SequenceDefinition& payload : index.sequences) {
    SequenceDefinition live = read_sequence_definition(connection, payload.name);
    if (live.create_statement != payload.create_statement) {
      return "sequence `" + payload.name + "` was altered";
    }
    if (live.next_value != payload.next_value || live.cycle_count != payload.cycle_count) {
      result.sequences_moved.push_back(payload);
    }
  }
  return std::nullopt;
}

// Routines, views, triggers and events: the same list in the same order (a trigger's position
// is its firing order) and the same definitions.
std::optional<std::string> compare_objects(Connection& connection, const std::string& database,
                                           const DatabaseInventory& inventory,
                                           const PayloadIndex& index) {
  bool same_list = inventory.objects.size() == index.objects.size();
  for (std::size_t i = 0; same_list && i < index.objects.size(); ++i) {
    same_list = inventory.objects[i].type == index.objects[i].type &&
                inventory.objects[i].name == index.objects[i].name;
  }
  if (!same_list)
    return std::string("routines, views, triggers or events were added, dropped or reordered");
  for (std::size_t i = 0; i < index.objects.size(); ++i) {
    const StoredObject& payload = index.objects[i];
    if (!same_object(read_object_definition(connection, database, inventory.objects[i]), payload)) {
      return payload.type + " `" + payload.name + "` was redefined";
    }
  }
  return std::nullopt;
}

}  // namespace

SchemaComparison compare_schema(Connection& connection, const std::string& database,
                                const PayloadIndex& index) {
  return compare_schema(connection, database, read_name_inventory(connection, database), index);
}

SchemaComparison compare_schema(Connection& connection, const std::string& database,
                                const DatabaseInventory& inventory, const PayloadIndex& index) {
  SchemaComparison result;
  const DatabaseDefinition& live = inventory.database;
  if (live.charset != index.database.charset || live.collation != index.database.collation ||
      live.comment != index.database.comment) {
    result.difference = "the database's character set, collation or comment changed";
    return result;
  }
  result.difference = compare_tables(connection, database, inventory, index, result);
  if (!result.difference)
    result.difference = compare_sequences(connection, inventory, index, result);
  if (!result.difference)
    result.difference = compare_objects(connection, database, inventory, index);
  return result;
}

}  // namespace tdm
