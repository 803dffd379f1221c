#include "state/bookkeeping.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "support/error_code.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

TEST(Bookkeeping, RecordsThatWorkStartedAndOnlyThenThatItFinished) {
  Connection connection(testing::test_server());
  std::string database = testing::database_name_for_current_test();
  Bookkeeping bookkeeping(connection);
  bookkeeping.forget(database);
  EXPECT_FALSE(bookkeeping.read(database).has_value());

  bookkeeping.begin(database, DatabaseState::kRestoring, "app-1.0.0-abc", "hash1");
  auto started = bookkeeping.read(database);
  ASSERT_TRUE(started.has_value());
  EXPECT_EQ(started->state, DatabaseState::kRestoring);
  EXPECT_FALSE(started->complete());
  EXPECT_TRUE(started->finished_at.empty());

  bookkeeping.finish(database, DatabaseState::kRestored, "app-1.0.0-abc", "hash1");
  auto finished = bookkeeping.read(database);
  EXPECT_TRUE(finished->complete());
  EXPECT_EQ(finished->snapshot, "app-1.0.0-abc");
  EXPECT_EQ(finished->data_model_hash, "hash1");
  EXPECT_FALSE(finished->finished_at.empty());
  EXPECT_EQ(finished->started_at, started->started_at);

  // A new attempt makes the database untrusted again until it finishes.
  bookkeeping.begin(database, DatabaseState::kSeeding, "", "hash2");
  EXPECT_FALSE(bookkeeping.read(database)->complete());
  bookkeeping.forget(database);
}

TEST(Bookkeeping, LivesInItsOwnSchemaNotTheUsersDatabase) {
  Connection connection(testing::test_server());
  std::string database = testing::fresh_database(connection);
  Bookkeeping bookkeeping(connection);
  bookkeeping.finish(database, DatabaseState::kSeeded, "", "h");
  EXPECT_EQ(connection.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE "
                              "TABLE_SCHEMA = " +
                              connection.quote(database)),
            "0");
  bookkeeping.forget(database);
}

// A capture checks the record before reading; an account that may only read must be able to.
TEST(Bookkeeping, ALookupNeedsOnlySelectAndIsRefusedWithoutIt) {
  Connection connection(testing::test_server());
  std::string database = testing::database_name_for_current_test();
  Bookkeeping(connection).finish(database, DatabaseState::kRestored, "app-1.0.0-abc", "h");
  testing::TemporaryAccount account(database.substr(0, 24) + "_r", "reader-pw",
                                    "IDENTIFIED BY 'reader-pw'");
  {
    Connection unprivileged(account.params());
    EXPECT_THROW(Bookkeeping::lookup(unprivileged, database), Error)
        << "an unreadable record must not pass for no record";
  }
  connection.execute("GRANT SELECT ON _tdm.* TO " + account.account());
  Connection reader(account.params());
  auto record = Bookkeeping::lookup(reader, database);
  auto other = Bookkeeping::lookup(reader, database + "_other");
  Bookkeeping(connection).forget(database);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->state, DatabaseState::kRestored);
  EXPECT_FALSE(other.has_value());
}

// The key column holds 64 characters, and the sessions' sql_mode does not stop the server from
// cutting a longer value to fit: a 65-character name must never reach it, or it would name the
// record of the 64-character database it starts with.
TEST(Bookkeeping, RefusesANameLongerThanTheKeyInsteadOfCuttingIt) {
  Connection connection(testing::test_server());
  connection.execute("SET SESSION sql_mode = ''");
  Bookkeeping bookkeeping(connection);
  std::string base = testing::database_name_for_current_test();
  std::string neighbour =
      base.substr(0, base.size() - 5) + std::string(64 - base.size(), 'x') + "_test";
  ASSERT_EQ(neighbour.size(), 64u);
  bookkeeping.finish(neighbour, DatabaseState::kRestored, "snap", "hash");

  std::string longer = neighbour + "z";
  EXPECT_EQ(testing::error_code_of(
                [&] { bookkeeping.begin(longer, DatabaseState::kRestoring, "other", "hash2"); }),
            ExitCode::kInvalidInput);
  EXPECT_EQ(testing::error_code_of([&] { bookkeeping.forget(longer); }), ExitCode::kInvalidInput);
  EXPECT_EQ(testing::error_code_of([&] { Bookkeeping::lookup(connection, longer); }),
            ExitCode::kInvalidInput);

  auto record = bookkeeping.read(neighbour);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->state, DatabaseState::kRestored);
  EXPECT_EQ(record->snapshot, "snap");
  bookkeeping.forget(neighbour);
}

}  // namespace
}  // namespace tdm
