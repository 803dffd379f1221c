#pragma once

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
    kRefused,  // the rows cannot be known, or the server refused one: reload the table
  };
  Outcome outcome = Outcome::kRefused;
  PutBackRows rows;
};

// Puts back the rows cascades changed in `child` (Suspects::changed_by_known_cascades) instead
// of reloading the whole table: the binary log never holds the rows ON DELETE CASCADE deletes
// or SET NULL changes, but it holds the parent's deleted rows whole (`undo`), and the payload
// holds the child rows that named them. A parent that cascades changed itself (`cascaded`,
// that set) had the rows this reset put back into it (`put_back`) changed: its children wait
// for it (kWaiting) until they are there, and are refused once it is not among them.
//
// The payload's child lines whose keys may name one of those parent keys (cascade_refill.cpp
// says how keys compare: every row that does name one is among them, maybe more) go in by
// LOAD DATA LOCAL INFILE ... REPLACE: a row a cascade deleted comes back, one it changed is
// replaced by the payload's, one it did not touch is replaced by itself. The table is then the
// payload's: the suspects found that no statement changed it and that only cascades from those
// rows can have. Refused (the caller reloads the table, which may then hold some of those
// rows) when the table has a trigger (replacing rows would fire it) or a cascading foreign key
// into another database, when a key cannot be read exactly, or when the server warns. The
// table is analysed afterwards (its count of modifications back to 0, its statistics fresh).
//
// `session` is a restore session that logs nothing and checks no foreign key (a replaced row's
// own children stay as they are: session_settings.hpp). The payload is read by up to `threads`
// threads.
Refill refill_cascaded_rows(Connection& session, const std::string& database,
                            const std::string& child, const UndoScript& undo,
                            const std::set<std::string>& cascaded,
                            const std::map<std::string, PutBackRows>& put_back,
                            const PayloadFile& file, const PayloadIndex& index, unsigned threads);

}  // namespace tdm
