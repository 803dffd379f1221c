#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "connection/connection.hpp"
#include "engine/reset/binlog_script.hpp"
#include "engine/reset/change_signals.hpp"
#include "engine/reset/suspects.hpp"
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

// What a reset knows when it puts back the rows cascades changed.
struct RefillSources {
  const UndoScript& undo;
  const Suspects& suspects;        // changed_by_known_cascades, and the cascades followed
  const DatabaseSignals& signals;  // read before the reset changed anything
  const PayloadFile& file;
  const PayloadIndex& index;  // its definitions are the database's (schema_match.hpp)
  unsigned threads;           // that read the payload
};

// Puts back the rows cascades changed in `child` (Suspects::changed_by_known_cascades) instead
// of reloading the whole table: the binary log never holds the rows ON DELETE CASCADE deletes
// or SET NULL changes, but it holds the parent's deleted rows whole (`undo`), and the payload
// holds the child rows that named them. A parent that cascades changed itself (in that set)
// had the rows this reset put back into it (`put_back`) changed: its children wait for it
// (kWaiting) until they are there, and are refused once it is not among them.
//
// The payload's child lines whose keys may name one of those parent keys (cascade_refill.cpp
// says how keys compare: every row that does name one is among them, maybe more) go in by
// LOAD DATA LOCAL INFILE ... REPLACE: a row a cascade deleted comes back, one it changed is
// replaced by the payload's, one it did not touch is replaced by itself. The table is then the
// payload's: the suspects found that no statement changed it and that only cascades from those
// rows can have. Refused (the caller reloads the table, which may then hold some of those
// rows) when the table has a trigger (replacing rows would fire it) or a cascading foreign key
// into another database, when a key cannot be read exactly, or when the server warns.
//
// The table is analysed afterwards when InnoDB's count of its modifications comes near the
// point where InnoDB would recalculate its statistics by itself (statistics_recalculation_near):
// during a later test that would set the count below the reset's baseline, and the table would
// then be compared whole. Further away the count is left to grow (an ANALYZE is ~1 ms).
//
// `session` is a restore session that logs nothing and checks no foreign key (a replaced row's
// own children stay as they are: session_settings.hpp).
Refill refill_cascaded_rows(Connection& session, const std::string& database,
                            const std::string& child, const RefillSources& sources,
                            const std::map<std::string, PutBackRows>& put_back);

// Whether `counter`, InnoDB's count of a table's modifications since its statistics were last
// calculated, has reached half of where InnoDB recalculates them by itself: a tenth of the
// table's `rows` (persistent statistics), or 16 and a sixteenth (transient ones).
bool statistics_recalculation_near(std::uint64_t counter, std::uint64_t rows);

}  // namespace tdm
