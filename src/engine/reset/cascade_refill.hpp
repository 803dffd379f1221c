#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "connection/connection.hpp"
#include "engine/reset/binlog_script.hpp"
#include "snapshot/payload/reader.hpp"

namespace tdm {

// Rows put back into a table: its payload lines, each ended by '\n', in the payload's layout.
struct PutBackRows {
  TableDataLayout layout;
  std::string lines;
};

// What refill_cascaded_rows did.
struct Refill {
  enum class Outcome {
    kPutBack,  // `rows` are back: the table is the payload's again
    kWaiting,  // a parent's rows are still to be put back: try again after it
    kRefused,  // not a proof, or the server refused a row: reload the table
  };
  Outcome outcome = Outcome::kRefused;
  PutBackRows rows;
};

// Puts back the rows an ON DELETE CASCADE took from `child` (Suspects::removed_by_cascade),
// instead of reloading the whole table: the payload's rows of `child` whose foreign key names
// the key of a parent row deleted. The binary log never holds the rows a cascade deletes, but
// it holds the parent's deleted rows whole (`undo`), and the payload holds the child rows that
// referenced them. A parent that lost rows to a cascade itself (`losing`, the tables of
// removed_by_cascade) deleted the rows this reset put back into it (`put_back`): its children
// wait for it (kWaiting) until they are there, and are refused once it is not among them.
//
// Only where that is a proof that the table is the payload's again: the table has no trigger
// (inserting would fire it) nor a cascading foreign key into another database, every key of
// those foreign keys can be read exactly (the log's images, the lines put back), the payload
// holds as many such rows as the modifications InnoDB counted beyond the log (`removed`: those
// rows were there and nothing else changed), and the server stores every one of them as new,
// without a warning (a row still there is a duplicate: then the cascade did not remove it).
// kRefused otherwise, the table then perhaps holding some of those rows: the caller reloads
// it. The table is analysed after its rows are back.
//
// `session` is a restore session that logs nothing (session_settings.hpp); rows go in through
// LOAD DATA LOCAL INFILE from memory. The payload is read by up to `threads` threads.
Refill refill_cascaded_rows(Connection& session, const std::string& database,
                            const std::string& child, std::uint64_t removed, const UndoScript& undo,
                            const std::set<std::string>& losing,
                            const std::map<std::string, PutBackRows>& put_back,
                            const PayloadFile& file, const PayloadIndex& index, unsigned threads);

}  // namespace tdm
