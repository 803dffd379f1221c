#include "seed/seed_command_runner.hpp"

#include <filesystem>
#include <system_error>

#include "config/connection_resolver.hpp"
#include "core/error.hpp"
#include "process/child_process.hpp"

namespace tdm {

namespace {

int run(const SeedCommand& command, const ConnectionParams& target) {
  ProcessSpec spec;
  spec.argv = command.argv;
  spec.environment = connection_environment(target);
  spec.working_directory = command.working_directory;
  try {
    return run_to_completion(spec);
  } catch (const Error& error) {
    if (error.code() != ExitCode::kInvalidInput) throw;
    // Not found or not executable: still "the seed failed" to whoever runs tdm seed.
    throw Error(ExitCode::kSeed, std::string("seed command: ") + error.what());
  }
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
              "seed command '" + describe_command(command.argv) + "' exited with code " +
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
