#include "migration/migration_check.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "diff/diff_report.hpp"
#include "exchange/sql_export.hpp"
#include "migration/from_snapshot.hpp"
#include "seed/seeder.hpp"
#include "snapshot_ops/snapshot_capture.hpp"
#include "storage/remote_stores.hpp"
#include "storage/store_location.hpp"
#include "support/error_code.hpp"
#include "support/test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;
using testing::error_code_of;

// Version 1.0.0 of a small shop: users and their orders, a few rows with NULLs among them.
constexpr const char* kVersion1 =
    "CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(191) NOT NULL,\n"
    "  note VARCHAR(20) NULL);\n"
    "CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, user_id INT NOT NULL,\n"
    "  KEY orders_user (user_id), CONSTRAINT orders_user FOREIGN KEY (user_id)\n"
    "  REFERENCES users (id));\n"
    "INSERT INTO users VALUES (1, 'a@example.com', 'x'), (2, 'b@example.com', NULL);\n"
    "INSERT INTO orders (user_id) VALUES (1), (1), (2);\n";

// A non-breaking migration that can run any number of times: a nullable column, a table.
constexpr const char* kAddNickname =
    "ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname VARCHAR(64) NULL;\n"
    "CREATE TABLE IF NOT EXISTS labels (id INT PRIMARY KEY, name VARCHAR(32) NOT NULL);\n";
constexpr const char* kRemoveNickname =
    "DROP TABLE IF EXISTS labels;\n"
    "ALTER TABLE users DROP COLUMN IF EXISTS nickname;\n";

// Migration checks of the shop: snapshots captured from SQL seeds, migrations run by the stock
// client (`mariadb`) with the connection the check hands to every command. Budget: about a
// second per test, under 30 s for the file.
class MigrationCheckTest : public ::testing::Test {
 protected:
  // Seeds `sql` files (applied in order) into a database of its own and captures it as
  // shop@version; returns the snapshot.
  StoredSnapshot snapshot_of(const std::string& version, const std::vector<std::string>& sql) {
    fs::path sql_dir = dir / ("seed-" + version);
    fs::create_directories(sql_dir);
    for (std::size_t i = 0; i < sql.size(); ++i) {
      std::ofstream(sql_dir / (std::to_string(i) + ".sql")) << sql[i];
    }
    SeedRequest seed;
    seed.database = testing::database_name_for_current_test("v" + std::to_string(seeds++));
    seed.sql_dirs = {sql_dir};
    seed_database(testing::test_server(), seed, rule);
    Manifest manifest;
    manifest.digests[version] = version;
    StoredSnapshot snapshot =
        capture_snapshot(testing::test_server().with_database(seed.database), store,
                         {seed.database, "shop", version, manifest, "cli", ""});
    connection.execute("DROP DATABASE " + Connection::quote_identifier(seed.database));
    return snapshot;
  }

  // `mariadb` applying `sql` to the database the check names in TDM_DATABASE.
  SeedCommand sql_command(const std::string& name, const std::string& sql) {
    fs::path file = dir / (name + ".sql");
    std::ofstream(file) << sql;
    return {
        .argv = {"/bin/sh", "-c",
                 "exec mariadb --no-defaults ${TDM_DB_SOCKET:+--socket=\"$TDM_DB_SOCKET\"} "
                 "${TDM_DB_HOST:+--host=\"$TDM_DB_HOST\"} ${TDM_DB_PORT:+--port=\"$TDM_DB_PORT\"} "
                 "${TDM_DB_USER:+--user=\"$TDM_DB_USER\"} \"$TDM_DATABASE\" < \"$0\"",
                 file.string()},
        .working_directory = "",
        .role = name + " command"};
  }

  MigrationCheck check(MigrationStep step, const std::string& migrate,
                       const std::string& rollback = kRemoveNickname) {
    MigrationCheckRequest request;
    request.step = step;
    request.from = from;
    request.current = {current.payload_path, current.metadata->payload_sha256,
                       "shop@" + current.metadata->version, current.metadata->version};
    request.scratch_database = migration_database(testing::database_name_for_current_test(), step);
    request.migrate = sql_command("migrate", migrate);
    request.rollback = sql_command("rollback", rollback);
    return check_migration(testing::test_server(), request, rule);
  }

  std::size_t scratch_databases_left() {
    return connection
        .query("SHOW DATABASES LIKE " +
               connection.quote(testing::database_name_for_current_test() + "\\_mig\\_%"))
        .first_column()
        .size();
  }

  fs::path dir = testing::temporary_directory();
  SnapshotStore store{dir / "snapshots"};
  Connection connection{testing::test_server()};
  TestDatabaseRule rule;
  int seeds = 0;
  StoredSnapshot from = snapshot_of("1.0.0", {kVersion1});
  StoredSnapshot current = snapshot_of("1.1.0", {kVersion1, kAddNickname});
};

TEST_F(MigrationCheckTest, ANonBreakingMigrationPassesEveryStepAndLeavesNothingBehind) {
  for (MigrationStep step : {MigrationStep::kForward, MigrationStep::kPreservation,
                             MigrationStep::kIdempotency, MigrationStep::kRollback}) {
    MigrationCheck result = check(step, kAddNickname);
    EXPECT_TRUE(result.passed) << to_string(step) << ": "
                               << (result.findings.empty() ? "" : result.findings[0]);
  }
  MigrationCheck forward = check(MigrationStep::kForward, kAddNickname);
  std::vector<std::string> changes;
  for (const SchemaChange& change : forward.changes) changes.push_back(to_string(change));
  EXPECT_EQ(changes, (std::vector<std::string>{"non-breaking: table labels added",
                                               "non-breaking: column users.nickname added "
                                               "(nullable)"}));
  EXPECT_EQ(scratch_databases_left(), 0u);
}

TEST_F(MigrationCheckTest, ABreakingChangeUnderTheSameMajorVersionFailsNamingIt) {
  const std::string drop_note = "ALTER TABLE users DROP COLUMN IF EXISTS note;\n";
  current = snapshot_of("1.2.0", {kVersion1, drop_note});
  MigrationCheck result = check(MigrationStep::kForward, drop_note);
  EXPECT_FALSE(result.passed);
  EXPECT_TRUE(result.diff.equal()) << "the schema itself is the current one";
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0],
            "breaking change under unchanged major version 1: column users.note dropped; fix: "
            "bump VERSION to 2.0.0 or make the change non-breaking");

  // The same change under a new major version is allowed.
  current = snapshot_of("2.0.0", {kVersion1, drop_note});
  EXPECT_TRUE(check(MigrationStep::kForward, drop_note).passed);
}

TEST_F(MigrationCheckTest, AForwardMigrationThatMissesPartOfTheSchemaFailsWithItsSchemaDiff) {
  MigrationCheck result = check(MigrationStep::kForward,
                                "ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname VARCHAR(32);");
  EXPECT_FALSE(result.passed);
  EXPECT_EQ(result.diff.only_in_b, std::vector<std::string>{"TABLE `labels`"});
  ASSERT_EQ(result.diff.definitions.size(), 1u);
  EXPECT_EQ(result.diff.definitions[0].object, "TABLE `users`");
  EXPECT_TRUE(result.diff.tables.empty()) << "rows are not schema";
  std::string report = render_diff_text(result.diff, {"migrated", "shop@1.1.0"});
  EXPECT_NE(report.find("varchar(32)"), std::string::npos) << report;
  EXPECT_NE(report.find("varchar(64)"), std::string::npos) << report;
  EXPECT_NE(result.findings[0].find("the schema differs from shop@1.1.0's"), std::string::npos)
      << result.findings[0];
}

TEST_F(MigrationCheckTest, PreservationCatchesDeletedRowsAndEmptiedColumns) {
  MigrationCheck result =
      check(MigrationStep::kPreservation, std::string(kAddNickname) +
                                              "DELETE FROM orders WHERE id > 1;\n"
                                              "UPDATE users SET note = NULL;\n");
  EXPECT_FALSE(result.passed);
  std::vector<std::string> losses;
  for (const std::string& finding : result.findings) {
    EXPECT_EQ(finding.rfind("lost by the migrate command '/bin/sh -c ", 0), 0u) << finding;
    losses.push_back(finding.substr(finding.find("': ") + 3));
  }
  EXPECT_EQ(losses, (std::vector<std::string>{"orders: 3 rows before, 1 after",
                                              "orders.id: 3 non-NULL values before, 1 after",
                                              "orders.user_id: 3 non-NULL values before, 1 after",
                                              "users.note: 1 non-NULL values before, 0 after"}));
}

TEST_F(MigrationCheckTest, IdempotencyCatchesAMigrationThatInsertsAgain) {
  MigrationCheck result =
      check(MigrationStep::kIdempotency,
            std::string(kAddNickname) + "INSERT INTO orders (user_id) VALUES (2);\n");
  EXPECT_FALSE(result.passed);
  ASSERT_EQ(result.diff.tables.size(), 1u);
  EXPECT_NE(result.diff.tables[0].table.find("orders"), std::string::npos);
  EXPECT_EQ(result.diff.tables[0].rows.added, 1u);
}

TEST_F(MigrationCheckTest, RollbackCatchesADownThatLeavesAColumn) {
  MigrationCheck result =
      check(MigrationStep::kRollback, kAddNickname, "DROP TABLE IF EXISTS labels;\n");
  EXPECT_FALSE(result.passed);
  ASSERT_EQ(result.diff.definitions.size(), 1u);
  EXPECT_EQ(result.diff.definitions[0].object, "TABLE `users`");
  EXPECT_NE(result.diff.definitions[0].b.find("nickname"), std::string::npos);
}

TEST_F(MigrationCheckTest, AFailingMigrateCommandIsASeedFailureNamingIt) {
  try {
    check(MigrationStep::kForward, "ALTER TABLE no_such_table ADD COLUMN x INT;");
    FAIL() << "expected the migrate command to fail";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kSeed);
    EXPECT_NE(std::string(error.what()).find("migrate command '/bin/sh"), std::string::npos)
        << error.what();
  }
  EXPECT_EQ(scratch_databases_left(), 0u);
}

// Where the old version's snapshot comes from.
class FromSnapshotTest : public MigrationCheckTest {
 protected:
  FromSnapshotRequest request_for(const fs::path& from_export) {
    return {.selector = {"shop", "1.0.0", ""},
            .from_export = from_export,
            .base = dir,
            .scratch_database = testing::database_name_for_current_test("import")};
  }
};

TEST_F(FromSnapshotTest, TheStoreComesFirst) {
  FromSnapshot found = locate_from_snapshot(testing::test_server(), store, request_for(""), rule);
  EXPECT_EQ(found.snapshot.id, from.id);
  EXPECT_NE(found.origin.find("snapshot store"), std::string::npos);
}

TEST_F(FromSnapshotTest, AnEmptyStoreImportsTheCommittedExportAndKeepsIt) {
  fs::path exported = dir / "shop-1.0.0.sql";
  export_snapshot(from, exported);
  SnapshotStore fresh(dir / "fresh-runner");
  FromSnapshot imported =
      locate_from_snapshot(testing::test_server(), fresh, request_for(exported), rule);
  EXPECT_NE(imported.origin.find("imported from"), std::string::npos);
  EXPECT_EQ(imported.snapshot.metadata->version, "1.0.0");
  EXPECT_EQ(imported.snapshot.metadata->total_rows(), from.metadata->total_rows());
  ASSERT_TRUE(fresh.latest("shop", "1.0.0"));

  // And it migrates as the original does.
  this->from = imported.snapshot;
  MigrationCheck forward = check(MigrationStep::kForward, kAddNickname);
  EXPECT_TRUE(forward.passed) << forward.findings[0] << "\n"
                              << render_diff_text(forward.diff, {"migrated", "current"});
}

// A fresh runner whose stores are shared: the remote snapshot comes before the export (which
// would be another snapshot id), and a store that is down before it costs a warning only.
TEST_F(FromSnapshotTest, AnEmptyStoreFetchesFromTheRemoteStoresBeforeImportingTheExport) {
  fs::path exported = dir / "shop-1.0.0.sql";
  export_snapshot(from, exported);
  storage::RemoteStorageSettings settings;
  settings.stores =
      storage::parse_store_locations("http://127.0.0.1:1/down file://" + (dir / "shared").string());
  std::ostringstream log;
  storage::RemoteStores remote = storage::RemoteStores::open(settings, log);
  {
    storage::RemoteStorageSettings file_only;
    file_only.stores = storage::parse_store_locations("file://" + (dir / "shared").string());
    std::ostringstream push_log;
    storage::RemoteStores::open(file_only, push_log).push(from);
  }

  SnapshotStore fresh(dir / "fresh-runner");
  FromSnapshotRequest request = request_for(exported);
  request.remote = &remote;
  FromSnapshot found = locate_from_snapshot(testing::test_server(), fresh, request, rule);
  EXPECT_EQ(found.snapshot.id, from.id);
  EXPECT_EQ(found.origin, "remote snapshot stores");
  EXPECT_NE(log.str().find("tdm: warning: remote store http://127.0.0.1:1/down"), std::string::npos)
      << log.str();
  EXPECT_NE(log.str().find("tdm: fetched " + from.id + " from file://"), std::string::npos)
      << log.str();
  EXPECT_TRUE(fresh.find(from.id));

  // Neither there nor anywhere else: the message says the stores were asked too.
  SnapshotStore other(dir / "other-runner");
  FromSnapshotRequest missing = request_for(dir / "missing.sql");
  missing.selector.version = "0.9.0";
  missing.remote = &remote;
  try {
    locate_from_snapshot(testing::test_server(), other, missing, rule);
    FAIL() << "expected Error(kSnapshot)";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kSnapshot);
    EXPECT_NE(std::string(error.what()).find(" or the remote stores"), std::string::npos)
        << error.what();
  }
}

TEST_F(FromSnapshotTest, NeitherStoreNorExportSaysWhatIsMissingAndHowToMakeIt) {
  SnapshotStore fresh(dir / "fresh-runner");
  try {
    locate_from_snapshot(testing::test_server(), fresh, request_for(dir / "missing.sql"), rule);
    FAIL() << "expected Error(kSnapshot)";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kSnapshot);
    std::string message = error.what();
    EXPECT_NE(message.find("no snapshot of shop@1.0.0 in "), std::string::npos) << message;
    EXPECT_NE(message.find("missing.sql does not exist"), std::string::npos) << message;
    EXPECT_NE(message.find("tdm snapshot export --snapshot shop@1.0.0"), std::string::npos)
        << message;
  }
}

// The same checks as `tdm migration check` runs them: exit codes and what a user reads.
class MigrationCommandTest : public MigrationCheckTest {
 protected:
  testing::CommandResult tdm_check(const std::string& step, const std::string& version,
                                   const std::vector<std::string>& commands,
                                   const fs::path& snapshot_dir = {}) {
    std::vector<std::string> args{"migration",
                                  "check",
                                  "--name",
                                  "shop",
                                  "--from",
                                  "1.0.0",
                                  "--step",
                                  step,
                                  "--version",
                                  version,
                                  "--dir",
                                  (snapshot_dir.empty() ? store.dir() : snapshot_dir).string(),
                                  "--server-dir",
                                  testing::test_server_dir(),
                                  "--database",
                                  testing::database_name_for_current_test(),
                                  "--"};
    args.insert(args.end(), commands.begin(), commands.end());
    return testing::run_tdm(args);
  }
  std::vector<std::string> argv_of(const std::string& name, const std::string& sql) {
    return sql_command(name, sql).argv;
  }
};

TEST_F(MigrationCommandTest, ABreakingChangeUnderTheSameMajorVersionFailsWithExitOne) {
  const std::string drop_note = "ALTER TABLE users DROP COLUMN IF EXISTS note;\n";
  snapshot_of("1.2.0", {kVersion1, drop_note});
  testing::CommandResult result = tdm_check("forward", "1.2.0", argv_of("migrate", drop_note));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("  breaking: column users.note dropped\n"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("breaking change under unchanged major version 1: column "
                            "users.note dropped; fix: bump VERSION to 2.0.0"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.err.find("tdm: migration forward: FAILED for shop@1.0.0"), std::string::npos)
      << result.err;
}

TEST_F(MigrationCommandTest, TheRollbackCommandFollowsTheMigrateCommand) {
  std::vector<std::string> commands = argv_of("migrate", kAddNickname);
  commands.push_back("--rollback-command");
  for (const std::string& arg : argv_of("rollback", kRemoveNickname)) commands.push_back(arg);
  testing::CommandResult result = tdm_check("rollback", "1.1.0", commands);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.err.find("tdm: migration rollback: passed"), std::string::npos) << result.err;

  // Without a rollback command there is nothing to check: a usage error.
  result = tdm_check("rollback", "1.1.0", argv_of("migrate", kAddNickname));
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("a rollback check needs a rollback command"), std::string::npos)
      << result.err;
}

// Two runners checking migrations on one server: with a run id the scratch databases are the
// run's own, "<database>_<run id>_mig_<step>", as its fixture database is.
TEST_F(MigrationCommandTest, TheScratchDatabasesCarryTheRunId) {
  fs::path seen = dir / "seen-database";
  std::vector<std::string> migrate = argv_of("migrate", kAddNickname);
  migrate[2] = "echo \"$TDM_DATABASE\" >> " + seen.string() + " && " + migrate[2];
  std::vector<std::string> args{"migration",
                                "check",
                                "--name",
                                "shop",
                                "--from",
                                "1.0.0",
                                "--step",
                                "preservation",
                                "--dir",
                                store.dir().string(),
                                "--server-dir",
                                testing::test_server_dir(),
                                "--database",
                                testing::database_name_for_current_test(),
                                "--"};
  args.insert(args.end(), migrate.begin(), migrate.end());
  testing::CommandResult by_env = testing::run_tdm(args, {{"TDM_RUN_ID", "ci_7"}});
  EXPECT_EQ(by_env.exit_code, 0) << by_env.err;
  args.insert(args.begin() + 2, {"--run-id", "ci_8"});
  testing::CommandResult by_flag = testing::run_tdm(args, {{"TDM_RUN_ID", "ci_7"}});
  EXPECT_EQ(by_flag.exit_code, 0) << by_flag.err;
  const std::string database = testing::database_name_for_current_test();
  EXPECT_EQ(testing::read_bytes(seen),
            database + "_ci_7_mig_keep\n" + database + "_ci_8_mig_keep\n");
}

TEST_F(MigrationCommandTest, AMissingOldSnapshotIsExitSix) {
  testing::CommandResult result =
      tdm_check("preservation", "1.1.0", argv_of("migrate", kAddNickname), dir / "empty");
  EXPECT_EQ(result.exit_code, 6) << result.err;
  EXPECT_NE(result.err.find("no snapshot of shop@1.0.0 in "), std::string::npos) << result.err;
}

}  // namespace
}  // namespace tdm
