#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "connection/connection.hpp"

namespace tdm {

// What the server tells, cheaply and without reading any rows, about the changes made to each
// table of a database. None of these is enough alone (measured on MariaDB 10.11):
//  - user statistics (--userstat=1) count every row written, updated or deleted through the
//    SQL layer (LOAD DATA, triggers, REPLACE included) and survive ANALYZE, but miss TRUNCATE
//    and the rows InnoDB changes itself for ON DELETE/UPDATE CASCADE or SET NULL, and are lost
//    on a server restart or FLUSH TABLE_STATISTICS;
//  - InnoDB's table id changes with TRUNCATE and with every rebuild (DROP/CREATE, most ALTERs);
//  - InnoDB's modified counter and update time see cascaded changes too, but the counter
//    drops to 0 whenever the table's statistics are recalculated (ANALYZE, or by itself after
//    10% of the rows changed) and both are lost when the table leaves the dictionary cache;
//    the update time has whole seconds only.
// So a table counts as changed when ANY signal moved away from the baseline taken right after
// the table was last brought to the snapshot state.
struct TableSignals {
  std::uint64_t rows_changed = 0;         // user statistics; 0 when the table has no entry
  std::optional<std::uint64_t> table_id;  // InnoDB's; nullopt when not known
  std::uint64_t modified_counter = 0;     // InnoDB's; 0 when not in the dictionary cache
  std::string update_time;                // InnoDB's; empty when not known
  // Not an InnoDB table with a plain file name, or partitioned: the InnoDB signals do not
  // cover it, so it is checked on every reset.
  bool always_check = false;
  // The table's AUTO_INCREMENT counter, when it has one (clean_proof.hpp); not a change
  // signal, and not kept in the baseline.
  std::optional<std::uint64_t> auto_increment;
  // InnoDB's estimate of the table's rows, when it has one (cascade_refill.hpp); not a change
  // signal, and not kept in the baseline.
  std::optional<std::uint64_t> estimated_rows;
};

using DatabaseSignals = std::map<std::string, TableSignals>;  // by table name

// The signals of every base table of `database`, in information_schema queries sent in one
// round trip.
DatabaseSignals read_database_signals(Connection& connection, const std::string& database);

// A counter as the server's tables show it (decimal digits); 0 for anything else.
std::uint64_t counter_from_text(std::string_view text);

// read_database_signals in parts, for a round trip shared with other reads: its statements,
// to be sent last, with try_query_all expecting innodb_dictionary_refusals() (InnoDB's
// dictionary cannot be read without the PROCESS privilege, or on another make of server); ...
ExpectedErrors innodb_dictionary_refusals();
std::vector<std::string> database_signals_statements(Connection& connection,
                                                     const std::string& database);
// How many statements that is for a database whose name is its file name (fewer otherwise).
constexpr std::size_t kDatabaseSignalsStatements = 3;
// ... Error(kDatabase) unless the statements before InnoDB's (two) all ran ...
void require_signals_read(std::size_t results, const std::optional<Refusal>& refused);
// ... and the signals from their results (two when InnoDB's dictionary was refused: every
// table is then checked).
DatabaseSignals database_signals_from(std::span<Result> results);

// Whether the server counts rows per table (@@userstat), which resetting relies on.
bool user_statistics_enabled(Connection& connection);
// The same in parts, for a round trip shared with other reads: the statement, and the answer
// from its result.
std::string user_statistics_statement();
bool user_statistics_enabled_from(Result& result);

// Stands for one run of the server process: its start time (from the uptime, to the second)
// and the random part of its UUIDs. A restart empties the user statistics, so a baseline
// taken under another incarnation cannot be compared with.
std::string server_incarnation(Connection& connection);
// The incarnation as an SQL expression over `uptime`, an expression giving the server's Uptime.
std::string server_incarnation_expression(std::string_view uptime);

// Whether `now` differs from the start time recorded in `recorded` by more than the second
// the uptime's rounding allows, or the random parts differ.
bool same_incarnation(const std::string& recorded, const std::string& now);

// Tables whose signals moved away from `baseline`, or that are missing from either side, or
// must always be checked.
std::set<std::string> tables_changed_since(const DatabaseSignals& baseline,
                                           const DatabaseSignals& now);

}  // namespace tdm
