#pragma once

#include <string>
#include <vector>

#include "connection/connection_params.hpp"
#include "safety/test_database_rule.hpp"
#include "snapshot/payload/contents.hpp"

namespace tdm {

// Test databases a check works in for its duration (the runs of a determinism check, a golden
// baseline loaded for comparison): refused up front unless the rule allows every name, and
// dropped, with their bookkeeping and reset records, when the check ends, however it ends.
class ScratchDatabases {
 public:
  // Throws Error(kRefused) naming the first name the rule does not allow; touches nothing.
  ScratchDatabases(const ConnectionParams& server, std::vector<std::string> names,
                   const TestDatabaseRule& rule, const std::string& purpose);
  ~ScratchDatabases();
  ScratchDatabases(const ScratchDatabases&) = delete;
  ScratchDatabases& operator=(const ScratchDatabases&) = delete;

  const std::vector<std::string>& names() const { return names_; }
  // Drops `name` when it is there and creates it empty, with `like`'s character set, collation
  // and comment where given (else the server's defaults).
  void create_empty(const std::string& name, const DatabaseDefinition& like = {}) const;

 private:
  ConnectionParams server_;
  std::vector<std::string> names_;
};

}  // namespace tdm
