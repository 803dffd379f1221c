#pragma once

#include "connection/connection.hpp"
#include "core/error.hpp"

namespace tdm {

// Rolls the session's transaction back when it leaves its scope uncommitted, also when an error
// does: the session goes on serving the command (a full restore after a failed reset, say) and
// must neither keep the rows it wrote locked nor commit half of what it meant to.
class RollbackUnlessCommitted {
 public:
  explicit RollbackUnlessCommitted(Connection& connection) : connection_(connection) {}
  ~RollbackUnlessCommitted() {
    if (committed_) return;
    try {
      connection_.execute("ROLLBACK");
    } catch (const Error&) {
      // Only a lost session fails to roll back, and losing it rolls the transaction back.
    }
  }
  RollbackUnlessCommitted(const RollbackUnlessCommitted&) = delete;
  RollbackUnlessCommitted& operator=(const RollbackUnlessCommitted&) = delete;

  void committed() { committed_ = true; }

 private:
  Connection& connection_;
  bool committed_ = false;
};

}  // namespace tdm
