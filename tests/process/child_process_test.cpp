#include "process/child_process.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ChildProcess, ReturnsTheExitCodeAndPassesEnvironmentChanges) {
  std::string out = testing::temporary_directory() + "/out.txt";
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "echo \"$TDM_PROBE|${HOME:-unset}\"; exit 3"};
  spec.environment = {{"TDM_PROBE", "hello"}, {"HOME", ""}};
  spec.stdout_path = out;
  EXPECT_EQ(run_to_completion(spec), 3);
  EXPECT_EQ(read_all(out), "hello|unset\n");
}

TEST(ChildProcess, RunsInTheWorkingDirectory) {
  std::string dir = testing::temporary_directory();
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "pwd > where.txt"};
  spec.working_directory = dir;
  EXPECT_EQ(run_to_completion(spec), 0);
  EXPECT_EQ(read_all(dir + "/where.txt"), dir + "\n");
}

TEST(ChildProcess, AMissingProgramIsAClearError) {
  ProcessSpec spec;
  spec.argv = {"tdm-no-such-program"};
  try {
    run_to_completion(spec);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kInvalidInput);
    EXPECT_NE(std::string(error.what()).find("cannot run 'tdm-no-such-program'"),
              std::string::npos);
  }
}

TEST(ChildProcess, ASignalIsReportedAs128PlusItsNumber) {
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "kill -TERM $$"};
  EXPECT_EQ(run_to_completion(spec), 128 + 15);
}

TEST(ChildProcess, TheDestructorTerminatesAChildStillRunning) {
  pid_t pid = 0;
  {
    ProcessSpec spec;
    spec.argv = {"sleep", "30"};
    ChildProcess child(spec);
    pid = child.pid();
    EXPECT_TRUE(process_alive(pid));
  }
  EXPECT_FALSE(process_alive(pid));
}

}  // namespace
}  // namespace tdm
