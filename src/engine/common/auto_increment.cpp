#include "engine/common/auto_increment.hpp"

#include <map>

namespace tdm {

std::vector<std::string> restore_auto_increments(Connection& connection,
                                                 const std::string& database,
                                                 const PayloadIndex& index) {
  std::map<std::string, std::string> live;  // tables with a counter at all
  Result result = connection.query(
      "SELECT TABLE_NAME, AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
      connection.quote(database) + " AND AUTO_INCREMENT IS NOT NULL");
  while (auto row = result.next()) live[row->str(0)] = row->str(1);

  std::vector<std::string> set;
  for (const TableDefinition& table : index.tables) {
    auto counter = live.find(table.name);
    if (counter == live.end()) continue;
    std::string wanted =
        std::to_string(declared_auto_increment(table.create_statement).value_or(1));
    if (counter->second == wanted) continue;
    connection.execute("ALTER TABLE " + Connection::quote_identifier(database) + "." +
                       Connection::quote_identifier(table.name) + " AUTO_INCREMENT = " + wanted);
    set.push_back(table.name);
  }
  return set;
}

}  // namespace tdm
