#pragma once

#include <future>
#include <optional>
#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "connection/connection_params.hpp"
#include "snapshot/payload/contents.hpp"

namespace tdm {

// What a capture reading on several connections needs besides its own connection, all
// prepared like it (prepare_capture_session) and in the captured database.
struct CaptureConnections {
  std::vector<Connection> readers;
  std::optional<Connection> locker;  // holds the tables while the snapshots start
};

// Opens `readers` reader connections and a lock connection on a thread of their own: round
// trips, which so overlap the capture's own inventory queries instead of following them. The
// future rethrows what failed; destroying it waits for the thread.
std::future<CaptureConnections> open_capture_connections(const ConnectionParams& params,
                                                         const std::string& database,
                                                         unsigned readers);

// Lists the stored objects of `database` and reads their definitions (in restore order) on
// `connection`, prepared for capture and in the database, on a thread of its own: they are
// written after the rows, so they are read while the rows are. As above for failures.
std::future<std::vector<StoredObject>> read_stored_objects_aside(Connection connection,
                                                                 const std::string& database);

// The same on `connection`, here and now.
std::vector<StoredObject> read_stored_objects(Connection& connection, const std::string& database);

}  // namespace tdm
