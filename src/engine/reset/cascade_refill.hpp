#pragma once

#include <cstdint>
#include <string>

#include "connection/connection.hpp"
#include "engine/reset/binlog_script.hpp"
#include "snapshot/payload/reader.hpp"

namespace tdm {

// Puts back the rows an ON DELETE CASCADE took from `child` (Suspects::removed_by_cascade),
// instead of reloading the whole table: the payload's rows of `child` whose foreign key names
// the key of a parent row the log shows deleted. The binary log never holds the rows a cascade
// deletes, but it holds the parent's deleted rows whole, and the payload holds the child rows
// that referenced them.
//
// Only where that is a proof that the table is the payload's again: the table has no trigger
// (inserting would fire it), every key of those foreign keys is an integer the log's images
// tell exactly, the payload holds as many such rows as the modifications InnoDB counted
// beyond the log (`removed`: those rows were there and nothing else changed), and the server
// stores every one of them as new, without a warning (a row still there is a duplicate: then
// the cascade did not remove it). Returns false otherwise, the table then perhaps holding some
// of those rows: the caller reloads it.
//
// `session` is a restore session that logs nothing (session_settings.hpp); rows go in through
// LOAD DATA LOCAL INFILE from memory. The payload is read by up to `threads` threads.
bool refill_cascaded_rows(Connection& session, const std::string& database,
                          const std::string& child, std::uint64_t removed, const UndoScript& undo,
                          const PayloadFile& file, const PayloadIndex& index, unsigned threads);

}  // namespace tdm
