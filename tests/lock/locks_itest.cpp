#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/error.hpp"
#include "lock/database_lock.hpp"
#include "lock/file_lock.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

using namespace std::chrono_literals;

TEST(FileLock, ASecondHolderWaitsThenGivesUpNamingTheHolder) {
  std::string path = testing::temporary_directory() + "/.tdm.lock";
  FileLock held(path, 1s);
  // flock is per open file description: a second open in this process contends like another
  // process would.
  try {
    FileLock second(path, 100ms);
    FAIL() << "expected the lock to be busy";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kBusy);
    EXPECT_NE(std::string(error.what()).find("pid " + std::to_string(::getpid())),
              std::string::npos);
  }
}

TEST(FileLock, AKilledHolderLeavesNoStaleLock) {
  std::string path = testing::temporary_directory() + "/.tdm.lock";
  pid_t child = ::fork();
  if (child == 0) {
    FileLock held(path, 1s);
    ::pause();  // killed below while holding the lock
    _exit(0);
  }
  ::usleep(200'000);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  FileLock mine(path, 1s);  // must not throw
  SUCCEED();
}

TEST(DatabaseLock, SerialisesSessionsOnTheSameDatabase) {
  Connection first(testing::test_server());
  Connection second(testing::test_server());
  std::string database = testing::database_name_for_current_test();
  {
    DatabaseLock held(first, database, 1s);
    EXPECT_THROW(DatabaseLock(second, database, 0s), Error);
    DatabaseLock other_database(second, database + "_other", 0s);  // independent
  }
  DatabaseLock after_release(second, database, 0s);
}

TEST(DatabaseLock, IfFreeTakesOnlyALockNoOneHoldsAndNeverWaits) {
  Connection first(testing::test_server());
  Connection second(testing::test_server());
  std::string database = testing::database_name_for_current_test();
  {
    DatabaseLock held(first, database, 1s);
    auto started = std::chrono::steady_clock::now();
    DatabaseLock refused(second, database, DatabaseLock::IfFree{});
    EXPECT_FALSE(refused.held());
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  }
  DatabaseLock taken(second, database, DatabaseLock::IfFree{});
  EXPECT_TRUE(taken.held());
  // Held: the waiting kind gives up, as for any other holder.
  EXPECT_THROW(DatabaseLock(first, database, 0s), Error);
}

}  // namespace
}  // namespace tdm
