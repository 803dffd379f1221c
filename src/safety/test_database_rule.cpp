#include "safety/test_database_rule.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <array>

#include "core/error.hpp"

namespace tdm {

namespace {

constexpr std::array<std::string_view, 5> kNeverTouched = {"mysql", "information_schema",
                                                           "performance_schema", "sys", "_tdm"};

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) items.push_back(item);
    start = comma + 1;
  }
  return items;
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
  return text;
}

}  // namespace

TestDatabaseRule::TestDatabaseRule() : patterns_{"*_test*"} {}

TestDatabaseRule::TestDatabaseRule(std::vector<std::string> patterns,
                                   std::vector<std::string> allowed)
    : patterns_(std::move(patterns)), allowed_(std::move(allowed)) {}

TestDatabaseRule TestDatabaseRule::from_environment(const Environment& env) {
  TestDatabaseRule rule;
  if (auto patterns = env.get("TDM_TEST_DB_PATTERNS")) rule.patterns_ = split_list(*patterns);
  if (auto names = env.get("TDM_TEST_DATABASES")) rule.allowed_ = split_list(*names);
  return rule;
}

std::string TestDatabaseRule::describe() const {
  return "patterns: " + join(patterns_) + (allowed_.empty() ? "" : "; allowed: " + join(allowed_));
}

bool TestDatabaseRule::allows(std::string_view database) const {
  if (database.empty()) return false;
  std::string name(database);
  std::string lowered = name;
  std::transform(lowered.begin(), lowered.end(), lowered.begin(), ::tolower);
  if (std::find(kNeverTouched.begin(), kNeverTouched.end(), lowered) != kNeverTouched.end()) {
    return false;
  }
  if (std::find(allowed_.begin(), allowed_.end(), name) != allowed_.end()) return true;
  return std::any_of(patterns_.begin(), patterns_.end(), [&](const std::string& pattern) {
    return ::fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
  });
}

void TestDatabaseRule::require(std::string_view database, std::string_view action) const {
  if (allows(database)) return;
  if (database.empty()) {
    throw Error(ExitCode::kUsage, "no database given to " + std::string(action),
                "pass --database NAME or set TDM_DATABASE");
  }
  throw Error(ExitCode::kRefused,
              "refusing to " + std::string(action) + " database '" + std::string(database) +
                  "': it is not marked as a test database (" + describe() + ")",
              "use a database name that matches the patterns (TDM_TEST_DB_PATTERNS; the default "
              "*_test* takes e.g. '" +
                  std::string(database) +
                  "_test'), or list it in "
                  "TDM_TEST_DATABASES if it really is disposable");
}

}  // namespace tdm
