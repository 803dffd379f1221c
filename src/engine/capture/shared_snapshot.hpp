#pragma once

#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "connection/connection_params.hpp"

namespace tdm {

// Starts the consistent, read-only transaction a capture reads in (session prepared by
// prepare_capture_session: REPEATABLE READ).
void start_snapshot(Connection& reader);

// A connection to read rows on besides the capture's own: prepared like it, in `database`.
Connection open_capture_reader(const ConnectionParams& params, const std::string& database);

// Starts a snapshot on every connection of `readers` such that all show the same data: while
// the snapshots start, `locker` (a connection of its own, reading nothing) holds
// `tables_to_lock` of `database` with LOCK TABLES ... READ, so no transaction
// commits to them in between; an empty list takes none. Returns false, having started nothing,
// when the lock cannot be had within a couple of seconds or at all (writers holding the
// tables, no LOCK TABLES privilege): the caller then reads on one connection. Throws
// Error when a snapshot fails.
bool start_shared_snapshot(Connection& locker, const std::string& database,
                           const std::vector<std::string>& tables_to_lock,
                           const std::vector<Connection*>& readers);

}  // namespace tdm
