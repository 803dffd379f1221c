#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "connection/connection.hpp"
#include "engine/restore/local_infile_feed.hpp"
#include "snapshot/payload/reader.hpp"

namespace tdm {

// What LOAD DATA does with a row whose key is taken: what LOCAL does by default (skip it, with a
// warning), or replace the row.
enum class LoadDuplicates { kWarn, kReplace };

// The LOAD DATA LOCAL INFILE statement for one table's data: raw bytes (CHARACTER SET
// binary), the payload's text format, and BIT columns through a user variable. The table is
// named within `database` when one is given, else within the session's current database.
std::string load_data_statement(const TableDataLayout& layout, std::string_view database = {},
                                LoadDuplicates duplicates = LoadDuplicates::kWarn);

// Loads one table's data on a restore session (its current database is the target) and
// checks that the server took every row unchanged: the row count must match and there must be
// no warning (LOCAL loads turn errors such as duplicate keys or truncation into warnings) but
// the one each ENUM field at index 0 raises.
// Returns the rows loaded. Throws Error(kDatabase), naming the table, otherwise.
std::uint64_t load_table(Connection& connection, LocalInfileFeed& feed, const TableData& data);

}  // namespace tdm
