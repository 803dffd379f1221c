// Fidelity: the awkward database (history rows of system-versioned tables, values only a
// permissive sql_mode stores, objects made under NO_BACKSLASH_ESCAPES and ANSI_QUOTES, a
// database whose own character set, collation and comment are not the server's, routines,
// triggers and events made under another database collation) comes back
// equal through every way tdm makes a copy, driven as a user drives the `tdm` binary:
//   1. the first restore of a snapshot (rows loaded, tablespace cache built),
//   2. a later restore (tables imported from that cache),
//   3. `snapshot restore --rows-only` (the logical path of an external server),
//   4. `snapshot export`, loaded with the stock `mariadb` client,
//   5. `mariadb-dump`, turned into a snapshot by `snapshot import`, restored.
// Each copy is compared with the source by `tdm diff` (exit 0, "no differences") and by the
// tests' own fingerprint (CHECKSUM TABLE, SHOW CREATE, information_schema, sequence state,
// history rows). Budget: ~5 s for both tests (2.4 s and 1.7 s under CTest at load average 5;
// 32 s at load average 9): one capture, one export, one dump and import, five restores, five
// diffs of a database of ~550 rows.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "engine/awkward_database.hpp"
#include "engine/database_fingerprint.hpp"
#include "exchange/mariadb_client.hpp"
#include "support/test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDatabaseDefaults = "latin1 latin1_swedish_ci awkward défauts ✓";

class Fidelity : public ::testing::Test {
 protected:
  void SetUp() override {
    connection_.emplace(testing::test_server());
    source_ = testing::database_name_for_current_test("source");
    connection_->execute("DROP DATABASE IF EXISTS " + Connection::quote_identifier(source_));
    // Defaults that are not the server's (utf8mb4_general_ci): the tables, routines, triggers
    // and events made below inherit them, and every copy must have them too.
    connection_->execute("CREATE DATABASE " + Connection::quote_identifier(source_) +
                         " CHARACTER SET latin1 COLLATE latin1_swedish_ci"
                         " COMMENT 'awkward défauts ✓'");
    Connection filler(testing::test_server().with_database(source_));
    for (const std::string& statement : testing::awkward_database_statements()) {
      filler.execute(statement);
    }
    // A routine, a trigger and an event made while the database's default collation was
    // another one: each keeps it as its "Database Collation", which its string values take.
    filler.execute("ALTER DATABASE COLLATE utf8mb4_unicode_ci");
    filler.execute("CREATE TABLE collated_note (id INT PRIMARY KEY, note VARCHAR(20))");
    filler.execute(
        "CREATE FUNCTION collated_greeting() RETURNS VARCHAR(20) DETERMINISTIC RETURN 'Grüße'");
    filler.execute(
        "CREATE TRIGGER collated_note_mark BEFORE INSERT ON collated_note FOR EACH ROW"
        " SET NEW.note = CONCAT(NEW.note, '·')");
    filler.execute(
        "CREATE EVENT collated_tick ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 04:00:00'"
        " DISABLE DO DELETE FROM collated_note WHERE note = 'Ä'");
    filler.execute("ALTER DATABASE CHARACTER SET latin1 COLLATE latin1_swedish_ci");
    original_ = testing::database_fingerprint(*connection_, source_);
    ASSERT_EQ(original_["database"], kDatabaseDefaults);
  }

  testing::CommandResult tdm(std::vector<std::string> args) {
    args.insert(args.end(), {"--dir", dir_ + "/snaps"});
    // Export reads the snapshot only; every other verb here reaches the server.
    if (args[1] != "export") args.insert(args.end(), {"--server-dir", testing::test_server_dir()});
    return testing::run_tdm(args);
  }

  // `tdm snapshot restore --name NAME [extra]` into a database that does not exist yet;
  // returns its name and what tdm said.
  std::string restore(const std::string& name, const std::string& suffix,
                      std::vector<std::string> extra, std::string& said) {
    std::string target = testing::database_name_for_current_test(suffix);
    connection_->execute("DROP DATABASE IF EXISTS " + Connection::quote_identifier(target));
    std::vector<std::string> args = {"snapshot", "restore", "--name", name, "--database", target};
    args.insert(args.end(), extra.begin(), extra.end());
    auto restored = tdm(args);
    EXPECT_EQ(restored.exit_code, 0) << restored.err;
    said = restored.err;
    return target;
  }

  // `tdm diff` says the copy equals the source, and so does the fingerprint. `ignore`: what
  // diff leaves out (--ignore TABLE[.COLUMN]); `unequal`: the fingerprint's keys not compared.
  void expect_equal(const std::string& copy, const std::string& path,
                    const std::vector<std::string>& ignore = {},
                    const std::set<std::string>& unequal = {}) {
    SCOPED_TRACE(path);
    std::vector<std::string> args = {"diff", "db:" + source_, "db:" + copy};
    for (const std::string& rule : ignore) args.insert(args.end(), {"--ignore", rule});
    auto diff = tdm(args);
    EXPECT_EQ(diff.exit_code, 0) << diff.err << diff.out;
    EXPECT_NE(diff.out.find("no differences ("), std::string::npos) << diff.out;

    auto copied = testing::database_fingerprint(*connection_, copy);
    for (const auto& [key, value] : original_) {
      if (unequal.contains(key)) continue;
      auto found = copied.find(key);
      if (found == copied.end()) {
        ADD_FAILURE() << key << " is missing from the copy";
        continue;
      }
      EXPECT_EQ(found->second, value) << key;
    }
    EXPECT_EQ(copied.size(), original_.size());
  }

  std::optional<Connection> connection_;
  std::string source_;
  std::string dir_ = testing::temporary_directory();
  std::map<std::string, std::string> original_;
};

TEST_F(Fidelity, EveryPathGivesBackAnEqualDatabase) {
  auto created = tdm(
      {"snapshot", "create", "--name", "fidelity", "--version", "1.0.0", "--database", source_});
  ASSERT_EQ(created.exit_code, 0) << created.err;

  std::string said;
  std::string first = restore("fidelity", "first", {}, said);
  EXPECT_NE(said.find("rows loaded, tablespace cache built"), std::string::npos) << said;
  expect_equal(first, "first restore");

  std::string cached = restore("fidelity", "cached", {}, said);
  EXPECT_NE(said.find("imported from the tablespace cache"), std::string::npos) << said;
  expect_equal(cached, "restore through the tablespace cache");

  std::string rows = restore("fidelity", "rows", {"--rows-only"}, said);
  EXPECT_EQ(said.find("tablespace cache"), std::string::npos) << said;
  expect_equal(rows, "--rows-only");

  fs::path exported = fs::path(dir_) / "fidelity.sql";
  auto export_run =
      tdm({"snapshot", "export", "--name", "fidelity", "--output", exported.string()});
  ASSERT_EQ(export_run.exit_code, 0) << export_run.err;
  // A database as a user makes one, with the server's defaults: the file sets its own.
  std::string client_copy = testing::fresh_database(*connection_, "client");
  std::string err;
  EXPECT_EQ(testing::run_client_tool("mariadb", testing::shell_quoted(client_copy),
                                     exported.string(), "", err),
            0)
      << err;
  expect_equal(client_copy, "export, then the stock client");
}

TEST_F(Fidelity, ADumpImportedAndRestoredGivesBackAnEqualDatabase) {
  // --dump-history: the history rows of system-versioned tables, with their periods.
  // --skip-add-locks: mariadb-dump 10.11 locks the rows of a table whose DEFAULT takes NEXT
  // VALUE FOR a sequence without the sequence, which not even the stock client loads.
  fs::path dump = fs::path(dir_) / "dump.sql";
  std::string err;
  ASSERT_EQ(testing::run_client_tool("mariadb-dump",
                                     "--routines --events --triggers --dump-history "
                                     "--skip-add-locks " +
                                         testing::shell_quoted(source_),
                                     "", dump.string(), err),
            0)
      << err;
  // A dump of one database does not hold the database's own defaults (only a --databases
  // dump's CREATE DATABASE does, and the import takes one database's dump only): the user
  // puts them first, as an ALTER DATABASE without a name, which the import applies to the
  // database it loads the dump into.
  std::string text = testing::read_bytes(dump);
  testing::write_test_file(dump,
                           "ALTER DATABASE CHARACTER SET latin1 COLLATE latin1_swedish_ci"
                           " COMMENT 'awkward défauts ✓';\n" +
                               text);
  auto imported = tdm(
      {"snapshot", "import", "--file", dump.string(), "--name", "dumped", "--version", "1.0.0"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  std::string said;
  std::string copy = restore("dumped", "dumped", {}, said);
  // What the dump itself does not carry, so no tool loading it can give it back:
  //  - FLOAT values: it writes their shortest decimal text, which does not always read back as
  //    the same float (awkward.ratio);
  //  - dates only ALLOW_INVALID_DATES stores ('2004-02-31'): it writes them as they are and sets
  //    a sql_mode without ALLOW_INVALID_DATES, so they load as zero dates (permissive.day,
  //    permissive.moment); the stock client does the same;
  //  - a sequence's cycles done and the table options SHOW CREATE SEQUENCE leaves out
  //    (MIN_ROWS, MAX_ROWS): it writes SHOW CREATE SEQUENCE and SETVAL without the round
  //    (wheel);
  //  - ENUM index 0 where the list has a member '' (permissive.blank_choice): it writes both as
  //    '', which loads as the member.
  expect_equal(
      copy, "mariadb-dump, then snapshot import and restore",
      {"awkward.ratio", "permissive.day", "permissive.moment", "permissive.blank_choice", "wheel"},
      {"checksum awkward", "checksum permissive", "create SEQUENCE wheel", "options SEQUENCE wheel",
       "state SEQUENCE wheel"});
  // The rest of those tables is equal.
  Connection use(testing::test_server());
  auto differing = [&](const std::string& table, const std::string& same) {
    return use.scalar("SELECT COUNT(*) FROM " + Connection::quote_identifier(source_) + "." +
                      table + " a JOIN " + Connection::quote_identifier(copy) + "." + table +
                      " b USING (id) WHERE NOT (" + same + ")");
  };
  EXPECT_EQ(differing("awkward",
                      "a.body <=> b.body AND a.exact <=> b.exact AND a.raw <=> b.raw AND "
                      "a.blob_value <=> b.blob_value AND a.precise <=> b.precise AND a.doc <=> "
                      "b.doc AND a.at <=> b.at AND a.stamped <=> b.stamped AND a.money <=> "
                      "b.money AND a.bit64 <=> b.bit64 AND a.uuid_value <=> b.uuid_value AND "
                      "a.place <=> b.place AND a.flags <=> b.flags"),
            "0");
  // Not blank_choice either: ENUM index 0 (a value outside the list) and the member '' are
  // both '' in the dump, and load as the member.
  EXPECT_EQ(differing("permissive",
                      "a.choice + 0 <=> b.choice + 0 AND a.flags + 0 <=> b.flags + 0 AND a.stamp "
                      "<=> b.stamp AND a.tiny <=> b.tiny AND a.small_unsigned <=> "
                      "b.small_unsigned AND a.money <=> b.money AND a.short_text <=> "
                      "b.short_text AND a.fixed <=> b.fixed AND a.year_value <=> b.year_value"),
            "0");
}

}  // namespace
}  // namespace tdm
