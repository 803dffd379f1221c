#pragma once

#include <filesystem>
#include <string>

#include "connection/connection_params.hpp"
#include "hashing/manifest.hpp"
#include "safety/test_database_rule.hpp"
#include "snapshot/store.hpp"

namespace tdm {

struct SqlImportRequest {
  std::filesystem::path dump;    // a mysqldump / mariadb-dump file of one database
  std::string scratch_database;  // recreated, filled from the dump, captured, dropped
  std::string name;              // of the snapshot
  std::string version;
  Manifest manifest;  // its data-model hash names the snapshot (the caller picks the inputs)
};

// Turns an existing SQL dump into a snapshot (capturedVia "import"): checks the dump
// (dump_preflight.hpp), refuses a scratch database the rule does not allow (Error(kRefused),
// before anything is touched), recreates it, applies the dump statement by statement as
// `mariadb SCRATCH < DUMP` would (Error(kSeed) "<file>:<line>: ..." for a failing statement),
// captures it into `store` and drops it again, also when a step fails. Locking of the store is
// the caller's.
StoredSnapshot import_sql_dump(const ConnectionParams& server, const SnapshotStore& store,
                               const SqlImportRequest& request, const TestDatabaseRule& rule);

}  // namespace tdm
