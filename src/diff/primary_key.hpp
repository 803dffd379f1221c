#pragma once

#include <string>
#include <vector>

namespace tdm {

// The primary key's columns as SHOW CREATE TABLE spells them ("  PRIMARY KEY (`a`,`b`)"), in
// key order; empty when the table has none.
std::vector<std::string> primary_key_columns(const std::string& create_table);

// The columns that tell a table's current rows apart: the primary key without the ROW END
// column of a system-versioned table, which the server adds to the key and which is the same
// for every current row (and is not carried in the payload's rows).
std::vector<std::string> row_identity_columns(const std::string& create_table);

// The column that tells a system-versioned table's history rows apart from its current row of
// the same key, as a payload carries it: the declared ROW END column, or the implicit
// "ROW_END"; "" for a table without system versioning.
std::string history_key_column(const std::string& create_table);

}  // namespace tdm
