#pragma once

#include <set>
#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "snapshot/payload/reader.hpp"

namespace tdm {

// The payload's triggers on `tables`, in payload (= firing) order. Which table a trigger is
// on is read from the live database, whose triggers the caller found equal to the payload's;
// the server is not asked when the payload has no trigger at all.
std::vector<StoredObject> payload_triggers_on(Connection& session, const std::string& database,
                                              const PayloadIndex& index,
                                              const std::set<std::string>& tables);

}  // namespace tdm
