#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "connection/connection_params.hpp"
#include "diff/payload_diff.hpp"

namespace tdm {

// How much data one table holds: its rows, and per column the values that are not NULL.
struct TableCensus {
  std::uint64_t rows = 0;
  std::map<std::string, std::uint64_t> non_null;
};

// Table name -> its census.
using DataCensus = std::map<std::string, TableCensus>;

// Counts, in the base tables of `database`, the rows and each column's non-NULL values (one
// COUNT query per table), leaving out what `ignore` names.
DataCensus take_census(const ConnectionParams& server, const std::string& database,
                       const std::vector<IgnoreRule>& ignore);

// What `after` lost against `before`, one line each: a table both have with fewer rows
// ("orders: 50 rows before, 45 after"), a column both have with fewer non-NULL values
// ("users.email: 120 non-NULL values before, 0 after"). Tables and columns one side lacks are
// schema changes, not losses of data.
std::vector<std::string> data_lost(const DataCensus& before, const DataCensus& after);

}  // namespace tdm
