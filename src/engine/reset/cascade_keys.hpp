#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/reset/cascade_closure.hpp"
#include "snapshot/payload/reader.hpp"

namespace tdm {

// A key as the refill compares it, a string per column (cascade_refill.cpp).
using KeyValues = std::vector<std::string>;

// A foreign key of the child whose rows a parent's delete changes (ON DELETE CASCADE, SET NULL).
struct DeletingKey {
  std::string parent;
  std::vector<std::string> columns;     // of the child, in the key's order
  std::vector<std::string> referenced;  // of the parent, in the same order
  std::set<KeyValues> deleted;          // the parent keys deleted (filled by the refill)
  std::vector<bool> integer;            // per column: logged as an integer (else a string)
};

// A parent's columns in the table's order, and which are integers.
struct ParentColumns {
  std::vector<std::string> names;
  std::vector<bool> integer;
};

struct ChildFacts {
  std::vector<DeletingKey> keys;
  // A foreign key into another database that cascades (changes the cascades read here do not
  // follow), or definitions that disagree with the server's cascades.
  bool obstacles = true;
  std::map<std::string, ParentColumns> parent_columns;  // of the keys' parents
};

// The child's deleting foreign keys and their parents' columns, from the payload's
// definitions: a reset compares the database's definitions with those before it trusts that
// only rows changed (schema_match.hpp), so they say what information_schema would, without
// the ~1 ms of the server's time those reads cost. The cascades into `child` that `cascades`
// (read from the server) names must be the ones the definitions name, else `obstacles`.
ChildFacts child_facts_from_payload(const PayloadIndex& index, const std::string& child,
                                    const Cascades& cascades);

}  // namespace tdm
