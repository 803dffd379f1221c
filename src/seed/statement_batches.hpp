#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "seed/sql_script.hpp"

namespace tdm {

// Consecutive statements of one script sent to the server in one multi-statement round trip.
struct StatementBatch {
  std::size_t first = 0;  // index of its first statement in the script
  std::size_t count = 0;
  std::string sql;  // the statements joined by ";\n"
};

// Groups statements into batches for speed, keeping the server's N-th result the batch's N-th
// statement so that an error names the right line. Only statements that the server surely
// parses as one statement and that answer with one result are grouped (INSERT, UPDATE, SET,
// CREATE TABLE, ...); anything else (CALL, routines and triggers, statements under a
// DELIMITER other than ';', ...) is a batch of its own, exactly as the client would send it.
// A batch stays under `max_bytes` unless one statement alone is larger.
std::vector<StatementBatch> batch_statements(const std::vector<SqlStatement>& statements,
                                             std::size_t max_bytes = 1 << 20);

// Whether `statement` may share a round trip with its neighbours (see batch_statements).
bool batchable(const SqlStatement& statement);

}  // namespace tdm
