#include "seed/seed_command_runner.hpp"

#include <filesystem>
#include <optional>
#include <system_error>

#include "connection/connection_environment.hpp"
#include "core/error.hpp"
#include "policy/settings.hpp"
#include "process/child_process.hpp"

namespace tdm {

namespace {

ChildProcess start(const SeedCommand& command, const ConnectionParams& target) {
  ProcessSpec spec;
  spec.argv = command.argv;
  spec.environment = connection_environment(target);
  if (command.replay_seed) spec.environment["TDM_SEED"] = std::to_string(*command.replay_seed);
  if (!command.tier.empty()) spec.environment["TDM_TIER"] = command.tier;
  spec.working_directory = command.working_directory;
  try {
    return ChildProcess(spec);
  } catch (const Error& error) {
    if (error.code() != ExitCode::kInvalidInput) throw;
    // Not found or not executable: still "the seed failed" to whoever runs tdm seed.
    throw Error(ExitCode::kSeed, command.role + ": " + error.what());
  }
}

int run(const SeedCommand& command, const ConnectionParams& target) {
  ChildProcess child = start(command, target);
  if (command.timeout.count() == 0) return child.wait();
  if (std::optional<int> code = child.wait_for(command.timeout)) return *code;
  child.end();
  throw Error(ExitCode::kSeed,
              command.role + " '" + describe_command(command.argv) + "' did not finish within " +
                  format_duration(command.timeout) + "; it was ended with every process it started",
              "find out why it hangs (run it by hand with the same TDM_* variables, "
              "TDM_DATABASE=" +
                  target.database +
                  "), or allow it longer with --seed-timeout, TDM_SEED_TIMEOUT or SEED_TIMEOUT "
                  "of tdm_add_snapshot (0: no limit)");
}

}  // namespace

void check_seed_command(const SeedCommand& command) {
  if (command.argv.empty()) {
    throw Error(ExitCode::kUsage, "empty seed command", "give the command after '--'");
  }
  const std::string& dir = command.working_directory;
  std::error_code error;
  if (dir.empty() || std::filesystem::is_directory(dir, error)) return;
  throw Error(ExitCode::kInvalidInput, "seed working directory " + dir + " does not exist",
              "check --working-directory (WORKING_DIRECTORY); relative paths start at the "
              "current directory");
}

void run_seed_command(const SeedCommand& command, const ConnectionParams& target) {
  check_seed_command(command);
  int exit_code = run(command, target);
  if (exit_code == 0) return;
  throw Error(ExitCode::kSeed,
              command.role + " '" + describe_command(command.argv) + "' exited with code " +
                  std::to_string(exit_code),
              "run it by hand with the same TDM_* variables (TDM_DATABASE=" + target.database +
                  ") to see why");
}

std::string describe_command(const std::vector<std::string>& argv, std::size_t max_length) {
  std::string text;
  for (const std::string& argument : argv) {
    if (!text.empty()) text += ' ';
    text += argument;
  }
  if (text.size() > max_length) text = text.substr(0, max_length) + "...";
  return text;
}

}  // namespace tdm
