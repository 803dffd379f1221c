#include "hashing/depfile.hpp"

#include <gtest/gtest.h>

#include "hashing_test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

TEST(Depfile, ListsFilesThenScannedDirectories) {
  InputSet inputs;
  inputs.files = {{"a.sql", "/src/db/a.sql"}, {"seeds/b.sql", "/src/db/seeds/b.sql"}};
  inputs.directories = {"/src/db/seeds"};
  EXPECT_EQ(format_depfile("build/app.hash", inputs),
            "build/app.hash: \\\n"
            "  /src/db/a.sql \\\n"
            "  /src/db/seeds/b.sql \\\n"
            "  /src/db/seeds\n");
}

TEST(Depfile, EscapesSpacesHashesAndDollars) {
  InputSet inputs;
  inputs.files = {{"my seeds/$x#1.sql", "/p/my seeds/$x#1.sql"}};
  EXPECT_EQ(format_depfile("out dir/h", inputs),
            "out\\ dir/h: \\\n"
            "  /p/my\\ seeds/$$x\\#1.sql\n");
}

TEST(Depfile, NoInputsIsATargetWithoutDependencies) {
  EXPECT_EQ(format_depfile("h", InputSet{}), "h:\n");
}

TEST(Depfile, CoversEveryDirectoryOfADirectorySpec) {
  fs::path base = testing::temporary_directory();
  testing::write_test_file(base / "seeders/nested/A.php", "a");
  std::string depfile = format_depfile("h", collect_inputs({"seeders"}, base));
  EXPECT_NE(depfile.find("  " + (base / "seeders/nested/A.php").string() + " \\\n"),
            std::string::npos);
  EXPECT_NE(depfile.find("  " + (base / "seeders").string() + " \\\n"), std::string::npos);
  EXPECT_NE(depfile.find("  " + (base / "seeders/nested").string() + "\n"), std::string::npos);
}

}  // namespace
}  // namespace tdm
