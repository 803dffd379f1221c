#include <gtest/gtest.h>

#include "snapshot_ops/snapshot_restore.hpp"
#include "support/error_code.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

using testing::error_code_of;

TEST(SnapshotChoice, NamesNoneOrOneTheStoreDoesNotHave) {
  SnapshotStore store(testing::temporary_directory());
  EXPECT_EQ(error_code_of([&] { chosen_snapshot(store, {}); }), ExitCode::kUsage);
  EXPECT_EQ(error_code_of([&] { chosen_snapshot(store, {.name = "app"}); }), ExitCode::kSnapshot);
  EXPECT_EQ(error_code_of([&] { chosen_snapshot(store, {.id = "app-1-abc"}); }),
            ExitCode::kSnapshot);
}

}  // namespace
}  // namespace tdm
