#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/environment.hpp"

namespace tdm {

// Which databases TDM may drop or overwrite: a name matching one of the patterns
// (fnmatch, default "*_test*") or named in the allow-list. Server schemas and TDM's own
// bookkeeping schema are never allowed, whatever the patterns say.
class TestDatabaseRule {
 public:
  TestDatabaseRule();  // the default pattern only
  TestDatabaseRule(std::vector<std::string> patterns, std::vector<std::string> allowed);

  // $TDM_TEST_DB_PATTERNS (comma-separated fnmatch patterns, replaces the default) and
  // $TDM_TEST_DATABASES (comma-separated names, added to the allow-list).
  static TestDatabaseRule from_environment(const Environment& env);

  bool allows(std::string_view database) const;
  // "patterns: *_test*; allowed: a, b"
  std::string describe() const;

  // Throws Error(kRefused) naming the database, the action and how to mark it as a test
  // database, unless allows(database).
  void require(std::string_view database, std::string_view action) const;

 private:
  std::vector<std::string> patterns_;
  std::vector<std::string> allowed_;
};

}  // namespace tdm
