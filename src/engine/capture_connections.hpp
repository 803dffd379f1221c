#pragma once

#include <future>
#include <optional>
#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "connection/connection_params.hpp"
#include "engine/database_inventory.hpp"

namespace tdm {

// What a capture reading on several connections needs besides its own connection.
struct CaptureConnections {
  std::vector<Connection> readers;   // prepared like the capture's, in the database
  std::optional<Connection> locker;  // to hold the tables while the snapshots start
  std::vector<ObjectName> objects;   // the database's stored objects, listed on `locker`
};

// Opens `readers` reader connections and a lock connection, and lists the stored objects of
// `database` on the latter, on a thread of its own: all round trips, which so overlap the
// capture's own inventory queries instead of following them (a few milliseconds of every
// capture). The future rethrows what failed; destroying it waits for the thread.
std::future<CaptureConnections> open_capture_connections(const ConnectionParams& params,
                                                         const std::string& database,
                                                         unsigned readers);

}  // namespace tdm
