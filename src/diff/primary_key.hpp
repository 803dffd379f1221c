#pragma once

#include <optional>
#include <string>
#include <vector>

#include "snapshot/payload/contents.hpp"

namespace tdm {

// The primary key's columns as SHOW CREATE TABLE spells them ("  PRIMARY KEY (`a`,`b`)"), in
// key order; empty when the table has none.
std::vector<std::string> primary_key_columns(const std::string& create_table);

// Positions of `columns` in the payload's row layout, or nullopt when one is not carried there
// (a generated column in the key): rows are then told apart by their whole content.
std::optional<std::vector<std::size_t>> key_positions(const TableDataLayout& layout,
                                                      const std::vector<std::string>& columns);

}  // namespace tdm
