#include "engine/reset/payload_triggers.hpp"

#include <algorithm>

namespace tdm {

std::vector<StoredObject> payload_triggers_on(Connection& session, const std::string& database,
                                              const PayloadIndex& index,
                                              const std::set<std::string>& tables) {
  std::vector<StoredObject> triggers;
  bool any = std::any_of(index.objects.begin(), index.objects.end(),
                         [](const StoredObject& object) { return object.type == "TRIGGER"; });
  if (!any || tables.empty()) return triggers;
  std::string listed;
  for (const std::string& table : tables) {
    listed += (listed.empty() ? "" : ", ") + session.quote(table);
  }
  // IN narrows the read (information_schema compares names without case); the exact names
  // are compared here.
  std::set<std::string> names;
  Result result = session.query(
      "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS"
      " WHERE TRIGGER_SCHEMA = " +
      session.quote(database) + " AND EVENT_OBJECT_TABLE IN (" + listed + ")");
  while (auto row = result.next()) {
    if (tables.count(row->str(1))) names.insert(row->str(0));
  }
  for (const StoredObject& object : index.objects) {
    if (object.type == "TRIGGER" && names.count(object.name)) triggers.push_back(object);
  }
  return triggers;
}

}  // namespace tdm
