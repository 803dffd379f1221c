#include "engine/capture/spill_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "support/test_files.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

TEST(SpillFile, GivesBackWhatWasAppendedAndLeavesNoFileBehind) {
  fs::path directory = testing::make_unique_directory("tdm-spill");
  std::string read;
  {
    SpillFile spill(directory);
    EXPECT_TRUE(fs::is_empty(directory)) << "opened before anything was spilled";
    std::uint64_t first = spill.append("first\n");
    std::uint64_t second = spill.append(std::string(300000, 'x') + "\n");
    EXPECT_EQ(first, 0u);
    EXPECT_EQ(second, 6u);
    spill.read(second, 300001, read);
    EXPECT_EQ(read, std::string(300000, 'x') + "\n");
    spill.read(first, 6, read);
    EXPECT_EQ(read, "first\n");
    EXPECT_TRUE(fs::is_empty(directory)) << "the spill file has a name";
  }
  EXPECT_TRUE(fs::is_empty(directory));
  fs::remove_all(directory);
}

TEST(SpillFile, ADirectoryItCannotWriteInFailsByName) {
  fs::path missing = fs::path(testing::make_unique_directory("tdm-spill")) / "gone";
  SpillFile spill(missing);
  try {
    spill.append("rows\n");
    FAIL() << "appended in a directory that does not exist";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kSnapshot);
    EXPECT_NE(std::string(error.what()).find(missing.string()), std::string::npos) << error.what();
  }
  fs::remove_all(missing.parent_path());
}

}  // namespace
}  // namespace tdm
