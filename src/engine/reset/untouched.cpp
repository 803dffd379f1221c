#include "engine/reset/untouched.hpp"

#include <mysqld_error.h>

#include <future>
#include <map>
#include <set>

#include "engine/common/session_settings.hpp"
#include "engine/reset/change_signals.hpp"
#include "engine/reset/schema_match.hpp"

namespace tdm {

namespace {

// Why `tables` of `database` do not all have the CHECKSUM TABLE they had when restored from the
// payload (`pristine`), in one statement; empty when they do.
std::string why_checksums_differ(Connection& control, ResetRecords& records,
                                 const PayloadTarget& target, const std::set<std::string>& tables) {
  if (tables.empty()) return {};
  const std::string& database = target.target_database;
  const std::map<std::string, std::string> pristine =
      records.pristine_checksums(target.expected_sha256);
  std::string list;
  for (const std::string& table : tables) {
    if (!pristine.count(table)) return "no checksum of table `" + table + "` was recorded";
    list += std::string(list.empty() ? "" : ", ") + Connection::quote_identifier(database) + "." +
            Connection::quote_identifier(table);
  }
  Result result = control.query("CHECKSUM TABLE " + list);
  const std::string prefix = database + ".";
  while (auto row = result.next()) {
    std::string table = row->str(0);
    if (table.rfind(prefix, 0) == 0) table.erase(0, prefix.size());
    auto expected = pristine.find(table);
    if (expected == pristine.end() || expected->second != row->optional(1).value_or("NULL")) {
      return "table `" + table + "` changed since it was restored (its checksum)";
    }
  }
  return {};
}

struct SignalsNow {
  bool user_statistics = false;
  std::string incarnation;
  DatabaseSignals tables;
};

SignalsNow signals_now(const ConnectionParams& params, const std::string& database) {
  Connection session(params.with_database(""));
  prepare_capture_session(session);  // as a reset reads them
  SignalsNow now;
  now.user_statistics = user_statistics_enabled(session);
  now.incarnation = server_incarnation(session);
  now.tables = read_database_signals(session, database);
  return now;
}

}  // namespace

std::string why_not_resettable(const std::optional<StateRecord>& state,
                               const std::optional<ResetPoint>& point,
                               const PayloadTarget& target) {
  if (!state) return "first use";
  if (state->state != DatabaseState::kRestored) {
    return "its last restore or reset did not finish (" + to_string(state->state) + ")";
  }
  if (!point) return "no reset baseline recorded";
  if (point->payload_sha256 != target.expected_sha256) return "it holds another payload";
  if (point->restored_at != state->started_at) {
    return "another command restored or seeded it since";
  }
  return {};
}

std::string why_not_untouched(const ConnectionParams& params, Connection& control,
                              ResetRecords& records, const PayloadTarget& target,
                              const PayloadIndex& index) {
  const std::string& database = target.target_database;
  // What the server says now, read on a session of its own while the records and the
  // definitions are compared here: the proof is on a restore's critical path.
  std::future<SignalsNow> signals = std::async(
      std::launch::async, [&params, &database] { return signals_now(params, database); });
  std::optional<ResetPoint> point = records.read_point(database);
  std::string reason = why_not_resettable(Bookkeeping::lookup(control, database), point, target);
  if (!reason.empty()) return reason;
  Attempt<Connection> inspect =
      Connection::try_open(params.with_database(database), {ER_BAD_DB_ERROR});
  if (!inspect) return "it cannot be opened (" + inspect.message() + ")";
  prepare_capture_session(*inspect);
  SchemaComparison schema = compare_schema(*inspect, database, index);
  if (schema.difference) return *schema.difference;
  if (!schema.counters_moved.empty()) {
    return "the AUTO_INCREMENT counter of `" + *schema.counters_moved.begin() + "` moved";
  }
  if (!schema.sequences_moved.empty()) {
    return "sequence `" + schema.sequences_moved.front().name + "` moved";
  }
  SignalsNow read = signals.get();
  if (!read.user_statistics) return "the server keeps no user statistics (--userstat=1)";
  if (!same_incarnation(point->server_incarnation, read.incarnation)) {
    return "the server restarted since it was restored";
  }
  const DatabaseSignals& now = read.tables;
  std::set<std::string> unsignalled;  // tables no signal covers: compared by their checksum
  for (const std::string& table : tables_changed_since(records.read_baseline(database), now)) {
    auto signals = now.find(table);
    if (signals == now.end() || !signals->second.always_check) {
      return "table `" + table + "` changed since it was restored";
    }
    unsignalled.insert(table);
  }
  return why_checksums_differ(control, records, target, unsignalled);
}

}  // namespace tdm
