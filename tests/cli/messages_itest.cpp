// How `tdm` words its errors: bytes from a corrupt file reach stderr escaped, as one line of
// valid text.
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
