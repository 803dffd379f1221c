#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "connection/connection_params.hpp"
#include "hashing/manifest.hpp"
#include "lock/lock_timeout.hpp"
#include "safety/test_database_rule.hpp"
#include "snapshot/store.hpp"

namespace tdm {

struct SqlImportRequest {
  std::filesystem::path dump;    // a mysqldump / mariadb-dump file of one database
  std::string scratch_database;  // recreated, filled from the dump, captured, dropped
  std::string name;              // of the snapshot
  std::string version;
  Manifest manifest;  // its data-model hash names the snapshot (the caller picks the inputs)
  std::chrono::seconds lock_timeout = kDefaultLockTimeout;  // for the store's directory lock
  std::string tier{};  // of the snapshot; "" for a fixture without tiers
};

// Turns an existing SQL dump into a snapshot (capturedVia "import"): checks the dump
// (dump_preflight.hpp), refuses a scratch database the rule does not allow (Error(kRefused),
// before anything is touched), recreates it, applies the dump statement by statement as
// `mariadb SCRATCH < DUMP` would (Error(kSeed) "<file>:<line>: ..." for a failing statement),
// captures it into `store` and drops it again, also when a step fails. Holds the store's
// directory lock throughout, waiting up to `lock_timeout` for another tdm writing there.
StoredSnapshot import_sql_dump(const ConnectionParams& server, const SnapshotStore& store,
                               const SqlImportRequest& request, const TestDatabaseRule& rule);

}  // namespace tdm
