#include "migration/migration_check.hpp"

#include "core/error.hpp"
#include "core/stopwatch.hpp"
#include "diff/diff_report.hpp"
#include "diff/diff_side.hpp"
#include "migration/data_census.hpp"
#include "migration/schema_diff.hpp"
#include "snapshot/payload/verification.hpp"
#include "snapshot_ops/scratch_databases.hpp"
#include "snapshot_ops/snapshot_restore.hpp"

namespace tdm {

namespace {

constexpr std::pair<MigrationStep, const char*> kStepNames[] = {
    {MigrationStep::kForward, "forward"},
    {MigrationStep::kPreservation, "preservation"},
    {MigrationStep::kIdempotency, "idempotency"},
    {MigrationStep::kRollback, "rollback"}};

// "1" of "1.4.2-rc.1".
std::string major_of(const std::string& version) {
  return version.substr(0, version.find('.'));
}

// The scratch database as the old version's snapshot left it, and the commands to run in it.
class MigrationRun {
 public:
  MigrationRun(const ConnectionParams& server, const MigrationCheckRequest& request,
               const TestDatabaseRule& rule)
      : server_(server.with_database("")),
        request_(request),
        scratch_(server_, {request.scratch_database}, rule, "check a migration in") {
    RestoreRequest restore;
    static_cast<PayloadTarget&>(restore) = payload_target(request.from, request.scratch_database);
    restore_snapshot(server_, restore, request.lock_timeout, rule);
  }

  void run(const SeedCommand& command) const {
    run_seed_command(command, server_.with_database(request_.scratch_database));
  }
  DiffSide capture() const { return DiffSide::live(server_, request_.scratch_database); }
  DataCensus census() const {
    return take_census(server_, request_.scratch_database, request_.options.ignore);
  }

 private:
  ConnectionParams server_;
  const MigrationCheckRequest& request_;
  ScratchDatabases scratch_;
};

void fail(MigrationCheck& check, std::string finding) {
  check.passed = false;
  check.findings.push_back(std::move(finding));
}

// "the migrate command 'npx knex migrate:latest'".
std::string described(const SeedCommand& command) {
  return "the " + command.role + " '" + describe_command(command.argv) + "'";
}

void check_forward(const MigrationCheckRequest& request, const MigrationRun& run,
                   MigrationCheck& check) {
  const SchemaSource& current = request.current;
  verify_payload(current.payload, current.payload_sha256);
  run.run(request.migrate);
  DiffSide migrated = run.capture();
  check.diff = schema_part(diff_payloads(migrated.payload(), current.payload, request.options));
  if (!check.diff.equal()) {
    fail(check, "after " + described(request.migrate) + " the schema differs from " +
                    current.label + "'s: " + summary_line(check.diff));
  }
  PayloadDiff between_versions =
      schema_part(diff_payloads(request.from.payload_path, current.payload, request.options));
  check.changes = classify_schema_changes(between_versions);
  std::string violation =
      major_version_violation(request.from.metadata->version, current.version, check.changes);
  if (!violation.empty()) fail(check, violation);
}

void check_preservation(const MigrationCheckRequest& request, const MigrationRun& run,
                        MigrationCheck& check) {
  DataCensus before = run.census();
  run.run(request.migrate);
  for (std::string& lost : data_lost(before, run.census())) {
    fail(check, "lost by " + described(request.migrate) + ": " + lost);
  }
}

void check_idempotency(const MigrationCheckRequest& request, const MigrationRun& run,
                       MigrationCheck& check) {
  run.run(request.migrate);
  DiffSide once = run.capture();
  run.run(request.migrate);
  DiffSide twice = run.capture();
  check.diff = diff_payloads(once.payload(), twice.payload(), request.options);
  if (!check.diff.equal()) {
    fail(check, "running " + described(request.migrate) +
                    " a second time changed the data: " + summary_line(check.diff));
  }
}

void check_rollback(const MigrationCheckRequest& request, const MigrationRun& run,
                    MigrationCheck& check) {
  run.run(request.migrate);
  run.run(request.rollback);
  DiffSide rolled_back = run.capture();
  check.diff =
      schema_part(diff_payloads(request.from.payload_path, rolled_back.payload(), request.options));
  if (!check.diff.equal()) {
    fail(check, "after " + described(request.migrate) + " and " + described(request.rollback) +
                    " the schema differs from version " + request.from.metadata->version +
                    "'s: " + summary_line(check.diff));
  }
}

}  // namespace

MigrationStep migration_step_from_string(const std::string& text) {
  for (const auto& [step, name] : kStepNames) {
    if (text == name) return step;
  }
  throw Error(ExitCode::kUsage, "unknown migration check step '" + text + "'",
              "use forward, preservation, idempotency or rollback");
}

std::string to_string(MigrationStep step) {
  for (const auto& [known, name] : kStepNames) {
    if (known == step) return name;
  }
  return "?";
}

std::string migration_database(const std::string& database, MigrationStep step) {
  switch (step) {
    case MigrationStep::kForward:
      return database + "_mig_forward";
    case MigrationStep::kPreservation:
      return database + "_mig_keep";
    case MigrationStep::kIdempotency:
      return database + "_mig_again";
    case MigrationStep::kRollback:
      return database + "_mig_back";
  }
  return database + "_mig";
}

std::string major_version_violation(const std::string& from_version,
                                    const std::string& current_version,
                                    const std::vector<SchemaChange>& changes) {
  std::string major = major_of(from_version);
  if (from_version.empty() || major != major_of(current_version)) return "";
  std::string breaking;
  for (const SchemaChange& change : changes) {
    if (change.compatibility != Compatibility::kBreaking) continue;
    breaking += (breaking.empty() ? "" : ", ") + change.description;
  }
  if (breaking.empty()) return "";
  return "breaking change under unchanged major version " + major + ": " + breaking +
         "; fix: bump VERSION to " + std::to_string(std::stoull(major) + 1) +
         ".0.0 or make the change non-breaking";
}

MigrationCheck check_migration(const ConnectionParams& server, const MigrationCheckRequest& request,
                               const TestDatabaseRule& rule) {
  if (request.step == MigrationStep::kRollback && request.rollback.argv.empty()) {
    throw Error(ExitCode::kUsage, "a rollback check needs a rollback command",
                "give it after the migrate command, following --rollback-command "
                "(ROLLBACK_COMMAND of tdm_add_migration_check)");
  }
  check_seed_command(request.migrate);
  Stopwatch stopwatch;
  MigrationCheck check;
  check.step = request.step;
  MigrationRun run(server, request, rule);
  switch (request.step) {
    case MigrationStep::kForward:
      check_forward(request, run, check);
      break;
    case MigrationStep::kPreservation:
      check_preservation(request, run, check);
      break;
    case MigrationStep::kIdempotency:
      check_idempotency(request, run, check);
      break;
    case MigrationStep::kRollback:
      check_rollback(request, run, check);
      break;
  }
  check.seconds = stopwatch.seconds();
  return check;
}

}  // namespace tdm
