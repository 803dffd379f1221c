#include "exchange/view_order.hpp"

#include <algorithm>

#include "exchange/sql_literals.hpp"

namespace tdm {

std::vector<const StoredObject*> views_in_dependency_order(
    const std::vector<StoredObject>& objects) {
  std::vector<const StoredObject*> pending;
  for (const StoredObject& object : objects) {
    if (object.type == "VIEW") pending.push_back(&object);
  }
  auto names = [](const StoredObject& view, const StoredObject& other) {
    return &view != &other &&
           view.create_statement.find(quote_sql_identifier(other.name)) != std::string::npos;
  };
  std::vector<const StoredObject*> ordered;
  while (!pending.empty()) {
    std::vector<const StoredObject*> blocked;
    for (const StoredObject* view : pending) {
      bool waits = false;
      for (const StoredObject* other : pending) {
        // Only views still pending (and not emitted in this pass) hold a view back.
        bool emitted = std::find(ordered.begin(), ordered.end(), other) != ordered.end();
        if (!emitted && names(*view, *other)) waits = true;
      }
      if (waits) {
        blocked.push_back(view);
      } else {
        ordered.push_back(view);
      }
    }
    if (blocked.size() == pending.size()) {  // a cycle: keep the captured order
      ordered.insert(ordered.end(), blocked.begin(), blocked.end());
      break;
    }
    pending = std::move(blocked);
  }
  return ordered;
}

}  // namespace tdm
