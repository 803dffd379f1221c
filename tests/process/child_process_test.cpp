#include "process/child_process.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "process/interruption.hpp"
#include "support/processes.hpp"
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

TEST(ChildProcess, TheChildGetsNoDescriptorOfOursButStdio) {
  // Opened without O_CLOEXEC, as the client library opens its server socket.
  int leaked = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(leaked, 3);
  std::string out = testing::temporary_directory() + "/fds.txt";
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "ls /proc/$$/fd"};
  spec.stdout_path = out;
  EXPECT_EQ(run_to_completion(spec), 0);
  ::close(leaked);
  EXPECT_EQ(read_all(out), "0\n1\n2\n");
}

TEST(ChildProcess, TheChildRunsInAProcessGroupOfItsOwn) {
  ProcessSpec spec;
  spec.argv = {"sleep", "30"};
  ChildProcess child(spec);
  EXPECT_NE(::getpgid(child.pid()), ::getpgrp());
  EXPECT_EQ(::getpgid(child.pid()), child.group());
}

TEST(ChildProcess, TheDestructorEndsWhatTheChildStartedToo) {
  std::string dir = testing::temporary_directory();
  std::optional<pid_t> grandchild;
  {
    ProcessSpec spec;
    spec.argv = {"sh", "-c", "sleep 300 & echo $! > grandchild.pid; wait"};
    spec.working_directory = dir;
    ChildProcess child(spec);
    grandchild = testing::pid_from_file(dir + "/grandchild.pid", std::chrono::seconds(30));
    ASSERT_TRUE(grandchild);
  }
  EXPECT_TRUE(testing::process_gone_within(*grandchild, std::chrono::seconds(3)));
  testing::kill_if_running(grandchild);
}

TEST(ChildProcess, WaitForGivesUpAfterItsTimeoutAndEndStopsTheChild) {
  ProcessSpec spec;
  spec.argv = {"sleep", "30"};
  ChildProcess child(spec);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(child.wait_for(std::chrono::milliseconds(200)), std::nullopt);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(200));
  EXPECT_EQ(child.end(), 128 + SIGTERM);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST(ChildProcess, WaitForReturnsTheExitCodeOfAChildThatEndsInTime) {
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "exit 4"};
  ChildProcess child(spec);
  EXPECT_EQ(child.wait_for(std::chrono::seconds(30)), 4);
}

TEST(ChildProcess, EndKillsAChildThatIgnoresSigtermAfterTheGrace) {
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "trap '' TERM; echo ready; sleep 300"};
  std::string out = testing::temporary_directory() + "/out.txt";
  spec.stdout_path = out;
  ChildProcess child(spec);
  while (read_all(out).empty()) ::usleep(10'000);  // the trap is set
  EXPECT_EQ(child.end(), 128 + SIGKILL);
}

TEST(Interruption, TheLineSaysWhatIsLeftAndFallsBackToAGenericOne) {
  EXPECT_EQ(interruption_line(SIGTERM),
            "tdm: interrupted by SIGTERM before it finished; anything it was writing is left "
            "unfinished and will not be trusted: run the command again");
  {
    InterruptNote outer("while doing x; fix: y");
    {
      InterruptNote inner("while seeding 'a_test'; it is marked 'seeding'");
      EXPECT_EQ(interruption_line(SIGINT),
                "tdm: interrupted by SIGINT while seeding 'a_test'; it is marked 'seeding'");
    }
    EXPECT_EQ(interruption_line(SIGHUP), "tdm: interrupted by SIGHUP while doing x; fix: y");
  }
  EXPECT_NE(interruption_line(SIGTERM).find("before it finished"), std::string::npos);
}

}  // namespace
}  // namespace tdm
