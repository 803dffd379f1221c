#pragma once

#include <chrono>
#include <string>

#include "connection/connection.hpp"

namespace tdm {

// Drops `database` when it exists. Other sessions' metadata locks on its tables (an app's or a
// test's open transaction, the statements of a killed tdm that still finish on the server) make
// DROP DATABASE wait: at most `timeout` (the server's own default is a day), after which
// Error(kBusy) names those sessions and how to end them. Sets the session's
// lock_wait_timeout to `timeout`, so what `connection` runs next waits no longer either. The
// caller has checked the test-database rule.
void drop_database(Connection& connection, const std::string& database,
                   std::chrono::seconds timeout);

}  // namespace tdm
