#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "connection/connection_params.hpp"
#include "diff/payload_diff.hpp"
#include "lock/lock_timeout.hpp"
#include "migration/schema_changes.hpp"
#include "safety/test_database_rule.hpp"
#include "seed/seed_command_runner.hpp"
#include "snapshot/store.hpp"

namespace tdm {

// What a migration check verifies, each its own test:
//   forward       MIGRATE turns the old version's data into the current version's schema (and
//                 the schema changes between the versions respect the major version)
//   preservation  MIGRATE loses no rows of a table and no non-NULL value of a column that
//                 both versions have
//   idempotency   MIGRATE a second time changes nothing, schema or rows
//   rollback      ROLLBACK after MIGRATE gives back the old version's schema
enum class MigrationStep { kForward, kPreservation, kIdempotency, kRollback };

// "forward", ...; Error(kUsage) naming the four for anything else.
MigrationStep migration_step_from_string(const std::string& text);
std::string to_string(MigrationStep step);

// A verified payload and what it is, for messages.
struct SchemaSource {
  std::filesystem::path payload;
  std::string payload_sha256;
  std::string label;    // "app@1.1.0:minimal (app-minimal-1.1.0-3f2a...)"
  std::string version;  // semantic version; "" when unknown
};

struct MigrationCheckRequest {
  MigrationStep step = MigrationStep::kForward;
  StoredSnapshot from;     // the old version's snapshot (from_snapshot.hpp finds it)
  SchemaSource current{};  // the current version's fresh snapshot: forward only
  std::string scratch_database;
  SeedCommand migrate;
  SeedCommand rollback{};  // rollback only
  DiffOptions options{};   // what not to compare (a migration tool's run timestamps)
  std::chrono::seconds lock_timeout = kDefaultLockTimeout;
};

struct MigrationCheck {
  MigrationStep step = MigrationStep::kForward;
  bool passed = true;
  // One line per problem: "users.email: 120 non-NULL values before, 0 after", or the
  // major-version rule's verdict.
  std::vector<std::string> findings;
  PayloadDiff diff;                   // what differs (schema only for forward and rollback)
  std::vector<SchemaChange> changes;  // forward: from the old version's schema to the current
  double seconds = 0;
};

// Restores `request.from` into the scratch test database (the same restore as every other),
// runs the migrate command against it with the connection a seed command gets, and checks
// `request.step`. The scratch database is dropped again whatever happens. Throws Error(kRefused)
// for a scratch database the rule does not allow (before anything is touched), Error(kSeed)
// when a command fails, Error(kUsage) for a rollback check without a rollback command.
MigrationCheck check_migration(const ConnectionParams& server, const MigrationCheckRequest& request,
                               const TestDatabaseRule& rule);

// The scratch test database of one step's check of `database`, beside it (so that the four
// checks of one fixture can run at once): "<database>_mig_forward", ...
std::string migration_database(const std::string& database, MigrationStep step);

// The major version rule: a breaking change needs a new major version. The finding when
// `from_version` and `current_version` share their major version and `changes` hold a breaking
// one: "breaking change under unchanged major version 1: column users.email dropped; fix: bump
// VERSION to 2.0.0 or make the change non-breaking"; "" otherwise.
std::string major_version_violation(const std::string& from_version,
                                    const std::string& current_version,
                                    const std::vector<SchemaChange>& changes);

}  // namespace tdm
