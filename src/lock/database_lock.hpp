#pragma once

#include <chrono>
#include <string>

#include "connection/connection.hpp"

namespace tdm {

// A server-side named lock (GET_LOCK) on one database, so tdm processes on different machines
// serialise too. The server releases it when the session ends, so a killed tdm leaves none.
// The connection must outlive the lock.
class DatabaseLock {
 public:
  // Throws Error(kBusy) when another session holds it after `timeout`.
  DatabaseLock(Connection& connection, const std::string& database, std::chrono::seconds timeout);
  ~DatabaseLock();
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;

 private:
  Connection& connection_;
  std::string quoted_name_;
};

}  // namespace tdm
