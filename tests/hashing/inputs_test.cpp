#include "hashing/inputs.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "hashing_test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;
using Names = std::vector<std::string>;

Names names_of(const InputSet& inputs) {
  Names names;
  for (const InputFile& file : inputs.files) names.push_back(file.name);
  return names;
}

bool contains(const std::vector<fs::path>& directories, const fs::path& directory) {
  return std::find(directories.begin(), directories.end(), directory) != directories.end();
}

// A small Laravel-like tree.
class CollectInputs : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name :
         {"migrations/2024_01_create_users.php", "migrations/2024_02_create_roles.php",
          "seeders/UserSeeder.php", "seeders/RoleSeeder.php", "seeders/README.md",
          "seeders/nested/deep/TeamSeeder.php", "seeders/.git/HEAD", "seeders/a1.sql",
          "seeders/b2.sql", "factories/UserFactory.php"}) {
      testing::write_test_file(base / name, name);
    }
  }

  fs::path base = testing::temporary_directory();
};

TEST_F(CollectInputs, LiteralFile) {
  InputSet inputs = collect_inputs({"seeders/UserSeeder.php"}, base);
  EXPECT_EQ(names_of(inputs), Names{"seeders/UserSeeder.php"});
  EXPECT_EQ(inputs.files[0].path, base / "seeders/UserSeeder.php");
  EXPECT_TRUE(inputs.directories.empty());
}

TEST_F(CollectInputs, DirectoryIsRecursiveAndSkipsGit) {
  InputSet inputs = collect_inputs({"seeders"}, base);
  EXPECT_EQ(names_of(inputs),
            (Names{"seeders/README.md", "seeders/RoleSeeder.php", "seeders/UserSeeder.php",
                   "seeders/a1.sql", "seeders/b2.sql", "seeders/nested/deep/TeamSeeder.php"}));
  EXPECT_EQ(inputs.directories, (std::vector<fs::path>{base / "seeders", base / "seeders/nested",
                                                       base / "seeders/nested/deep"}));
}

TEST_F(CollectInputs, TrailingSlashAndDotSegmentsNameTheSameFiles) {
  EXPECT_EQ(collect_inputs({"seeders/"}, base).files.size(), 6u);
  EXPECT_EQ(names_of(collect_inputs({"./seeders/../seeders/UserSeeder.php"}, base)),
            Names{"seeders/UserSeeder.php"});
  EXPECT_EQ(names_of(collect_inputs({"seeders/UserSeeder.php"}, base.string() + "/")),
            Names{"seeders/UserSeeder.php"});
}

TEST_F(CollectInputs, GlobWithinOneDirectory) {
  InputSet inputs = collect_inputs({"seeders/*.php"}, base);
  EXPECT_EQ(names_of(inputs), (Names{"seeders/RoleSeeder.php", "seeders/UserSeeder.php"}));
  EXPECT_TRUE(contains(inputs.directories, base / "seeders"));
}

TEST_F(CollectInputs, QuestionMarkAndBracketClasses) {
  EXPECT_EQ(names_of(collect_inputs({"seeders/?1.sql"}, base)), Names{"seeders/a1.sql"});
  EXPECT_EQ(names_of(collect_inputs({"seeders/[b-z]*.sql"}, base)), Names{"seeders/b2.sql"});
}

TEST_F(CollectInputs, DoubleStarMatchesAnyNumberOfDirectories) {
  InputSet inputs = collect_inputs({"seeders/**/*.php"}, base);
  EXPECT_EQ(names_of(inputs), (Names{"seeders/RoleSeeder.php", "seeders/UserSeeder.php",
                                     "seeders/nested/deep/TeamSeeder.php"}));
  EXPECT_TRUE(contains(inputs.directories, base / "seeders/nested/deep"));
  EXPECT_FALSE(contains(inputs.directories, base / "seeders/.git"));
}

TEST_F(CollectInputs, LeadingDoubleStarSearchesTheWholeBase) {
  EXPECT_EQ(names_of(collect_inputs({"**/*Factory.php"}, base)),
            Names{"factories/UserFactory.php"});
}

TEST_F(CollectInputs, TrailingDoubleStarIsEveryFileBelow) {
  EXPECT_EQ(names_of(collect_inputs({"seeders/**"}, base)),
            names_of(collect_inputs({"seeders"}, base)));
}

TEST_F(CollectInputs, GlobMatchingADirectoryTakesItsFiles) {
  EXPECT_EQ(names_of(collect_inputs({"seeders/nest*"}, base)),
            Names{"seeders/nested/deep/TeamSeeder.php"});
}

TEST_F(CollectInputs, GlobMatchingNothingIsEmpty) {
  InputSet inputs = collect_inputs({"seeders/*.rb", "nowhere/*.php"}, base);
  EXPECT_TRUE(inputs.files.empty());
  // Creating the missing directory later must be noticed by the build.
  EXPECT_TRUE(contains(inputs.directories, base));
}

TEST_F(CollectInputs, SortedAndDeduplicatedWhateverTheSpecOrder) {
  Names forward = names_of(collect_inputs({"migrations", "seeders/*.php", "seeders"}, base));
  Names backward = names_of(collect_inputs({"seeders", "seeders/*.php", "migrations"}, base));
  EXPECT_EQ(forward, backward);
  EXPECT_TRUE(std::is_sorted(forward.begin(), forward.end()));
  EXPECT_EQ(forward.size(), 8u);
}

TEST_F(CollectInputs, FileOutsideBaseKeepsItsAbsolutePath) {
  fs::path outside = base / "factories/UserFactory.php";
  InputSet inputs = collect_inputs({outside.string()}, base / "seeders");
  EXPECT_EQ(names_of(inputs), Names{outside.string()});
}

TEST_F(CollectInputs, MissingLiteralInputNamesIt) {
  try {
    collect_inputs({"seeders", "seeders/Gone.php"}, base);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kInvalidInput);
    EXPECT_NE(std::string(error.what()).find("input 'seeders/Gone.php' does not exist"),
              std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("fix:"), std::string::npos) << error.what();
  }
}

TEST_F(CollectInputs, LiteralNameWithGlobCharactersIsTakenLiterally) {
  testing::write_test_file(base / "odd/data[1].sql", "x");
  testing::write_test_file(base / "odd/data1.sql", "y");
  EXPECT_EQ(names_of(collect_inputs({"odd/data[1].sql"}, base)), Names{"odd/data[1].sql"});
}

TEST_F(CollectInputs, SymlinkedFilesCountSymlinkedDirectoriesAreNotFollowed) {
  fs::create_symlink(base / "seeders/UserSeeder.php", base / "factories/Linked.php");
  fs::create_directory_symlink(base / "seeders", base / "factories/loop");
  EXPECT_EQ(names_of(collect_inputs({"factories"}, base)),
            (Names{"factories/Linked.php", "factories/UserFactory.php"}));
}

}  // namespace
}  // namespace tdm
