// How `tdm` words its errors: an unknown verb is named with the ones there are, and bytes from
// a corrupt file reach stderr escaped, as one line of valid text.
#include <gtest/gtest.h>

#include <string>

#include "cli_input.hpp"
#include "support/test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

using testing::clean_environment;
using testing::lines;
using testing::run_tdm;

using testing::printable_lines;

TEST(CliMessages, AnUnknownVerbIsNamedWithTheVerbsThatExist) {
  auto unknown = run_tdm({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(lines(unknown.err), 1u) << unknown.err;
  for (const char* text : {"'frobnicate'", "server", "snapshot", "bootstrap", "diff"}) {
    EXPECT_NE(unknown.err.find(text), std::string::npos) << text << ": " << unknown.err;
  }
  auto nested = run_tdm({"snapshot", "frobnicate", "--dir", "x"});
  EXPECT_EQ(nested.exit_code, 2);
  for (const char* text : {"'frobnicate'", "tdm snapshot", "restore", "verify"}) {
    EXPECT_NE(nested.err.find(text), std::string::npos) << text << ": " << nested.err;
  }
  auto none = run_tdm({});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("snapshot"), std::string::npos) << none.err;
  EXPECT_EQ(run_tdm({"server", "--help"}).exit_code, 0);
}

TEST(CliMessages, BytesFromACorruptFileAreEscapedOnStderr) {
  std::string dir = testing::temporary_directory();
  // The statement the import refuses is quoted in the message.
  testing::write_test_file(dir + "/dump.sql",
                           "CREATE TABLE t (id INT);\nUSE `\x1b[2J\xff\xfe\x07`;\n");
  auto result = run_tdm({"snapshot", "import", "--file", dir + "/dump.sql", "--name", "x", "--dir",
                         dir + "/snaps", "--server-dir", testing::test_server_dir()},
                        clean_environment());
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_TRUE(printable_lines(result.err)) << result.err;
  EXPECT_NE(result.err.find("USE `\\x1B[2J\\xFF\\xFE\\x07`"), std::string::npos) << result.err;

  auto path = run_tdm({"run", "--fixture-file", dir + "/gone\x1b]0;\xc0.json", "--", "true"},
                      clean_environment());
  EXPECT_EQ(path.exit_code, 3) << path.err;
  EXPECT_TRUE(printable_lines(path.err)) << path.err;
  EXPECT_EQ(lines(path.err), 1u) << path.err;
}

}  // namespace
}  // namespace tdm
