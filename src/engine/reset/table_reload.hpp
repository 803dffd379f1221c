#pragma once

#include <set>
#include <string>

#include "connection/connection.hpp"
#include "engine/restore/parallel_load.hpp"
#include "snapshot/payload/reader.hpp"

namespace tdm {

// Brings whole tables of a database back to the payload's state, for tables whose definition
// is still the payload's: each is dropped (with its triggers), created from its definition,
// filled like a full restore fills it (its tablespace copy when the server can take it, its
// rows otherwise; see parallel_load.hpp), and its triggers are created again in their order.
// Tables referencing it need nothing: foreign keys name tables, and foreign-key checks are off.
// `session` is a restore session (session_settings.hpp) whose current database is the target;
// `target` the parameters for the loading connections. Returns what filling them loaded and
// imported (parallel_load.hpp).
LoadResult reload_tables(const ConnectionParams& target, Connection& session,
                         const PayloadFile& file, const PayloadIndex& index,
                         const std::set<std::string>& tables, unsigned threads);

}  // namespace tdm
