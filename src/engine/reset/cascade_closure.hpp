#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "connection/connection.hpp"

namespace tdm {

// Rows InnoDB changes by itself: deleting (or updating the key of) a parent row deletes or
// updates the child rows of a foreign key ON DELETE (ON UPDATE) CASCADE, SET NULL or SET
// DEFAULT. Those changes reach neither the binary log nor the user statistics, so a parent
// that may have lost or changed rows makes those children suspect too.
using CascadeMap = std::multimap<std::string, std::string>;  // parent -> child

struct Cascades {
  CascadeMap on_delete;
  CascadeMap on_update;
  // Of on_delete, the foreign keys that delete the child rows (ON DELETE CASCADE) rather than
  // change them (SET NULL, SET DEFAULT).
  CascadeMap deleting;
};

// Whether a foreign key's DELETE_RULE or UPDATE_RULE changes child rows (CASCADE, SET NULL,
// SET DEFAULT) rather than refusing (RESTRICT, NO ACTION).
bool rule_cascades(std::string_view rule);

// The cascading foreign keys between tables of `database`.
Cascades read_cascades(Connection& connection, const std::string& database);

// What a table may have gone through, as far as cascades care (inserts never cascade).
struct CascadeTrigger {
  bool deletes = true;
  bool updates = true;
};

// The tables cascades can reach from `changed`, transitively; a reached table counts as
// deleted from and updated both, having been changed in ways nothing recorded.
std::set<std::string> cascaded_tables(const std::map<std::string, CascadeTrigger>& changed,
                                      const Cascades& cascades);

}  // namespace tdm
