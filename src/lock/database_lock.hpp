#pragma once

#include <chrono>
#include <string>

#include "connection/connection.hpp"

namespace tdm {

// A server-side named lock (GET_LOCK 'tdm:<database>') on one database, so tdm processes on
// different machines serialise too. The server releases it when the session ends, so a killed
// tdm leaves none. The connection must outlive the lock.
class DatabaseLock {
 public:
  // Waits for the lock: throws Error(kBusy), naming the holder, when another session still
  // holds it after `timeout`.
  DatabaseLock(Connection& connection, const std::string& database, std::chrono::seconds timeout);

  // Takes the lock only when no session holds it now, never waiting: held() says whether it
  // did. For claiming one of several databases (a test slot) or leaving one alone (cleanup).
  struct IfFree {};
  DatabaseLock(Connection& connection, const std::string& database, IfFree);

  ~DatabaseLock();
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;

  bool held() const { return held_; }

 private:
  Connection& connection_;
  std::string quoted_name_;
  bool held_ = false;
};

}  // namespace tdm
