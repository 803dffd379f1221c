#pragma once

#include <string>

#include "connection/connection.hpp"

namespace tdm {

// The session settings capture and restore rely on. Both sides pin the time zone, so
// TIMESTAMP values travel as the same text whatever the server's or client's zone.

// A consistent, unconverted read: REPEATABLE READ with a consistent snapshot taken separately
// (see capture.cpp), results as raw bytes (character_set_results = binary), sql_mode '' and
// quoted identifiers so SHOW CREATE output reads back under the restore's sql_mode.
void prepare_capture_session(Connection& connection);
// Its statements (two, separated by ';'), for a round trip shared with other statements.
std::string capture_session_statements();

// A fast, faithful load: no foreign-key, unique or CHECK validation (the data was valid when
// captured, and InnoDB bulk-loads empty tables only without them), and the payload's load
// sql_mode (kLoadSqlMode), under which every value the server stored loads back as it was. TDM's
// own writes stay out of the binary log where the account may (see stop_binary_logging).
// One round trip when the server takes every setting, as it usually does.
void prepare_restore_session(Connection& connection);

// Lets the session insert the history rows of system-versioned tables with their periods
// (ROW_START/ROW_END), where the server allows it (MariaDB 10.11+, secure_timestamp not YES).
void allow_history_inserts(Connection& connection);

// Keeps this session's writes out of the binary log, where the account may (SUPER or BINLOG
// ADMIN; the embedded server's root may). Restores and resets are TDM rewriting a test
// database from a payload: logged row by row, ten minutes of restores of a ~90 MB database
// left gigabytes of logs, and no reset needs them (a reset undoes only what happened after
// its restore finished). Without the privilege the writes are logged, harmlessly.
void stop_binary_logging(Connection& connection);

}  // namespace tdm
