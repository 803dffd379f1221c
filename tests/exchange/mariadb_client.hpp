#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "support/test_server.hpp"

namespace tdm::testing {

// Quotes `text` for /bin/sh.
inline std::string shell_quoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Runs the stock client or dump tool against the test server, as a user would:
// `<tool> --no-defaults --socket=... -u<user> <args>`, with stdin/stdout redirected from/to
// files when given. Returns the exit status; what the tool printed on stderr goes to `err`.
inline int run_client_tool(const std::string& tool, const std::string& args,
                           const std::string& stdin_file, const std::string& stdout_file,
                           std::string& err) {
  const ConnectionParams& server = test_server();
  // Beside the test's files, not in temporary_directory(): that would empty the directory.
  std::string err_file = (std::filesystem::temp_directory_path() /
                          ("tdm-client-" + std::to_string(::getpid()) + ".err"))
                             .string();
  std::string command = tool + " --no-defaults --socket=" + shell_quoted(server.socket) + " -u" +
                        shell_quoted(server.user.empty() ? "root" : server.user) + " " + args;
  if (!stdin_file.empty()) command += " < " + shell_quoted(stdin_file);
  if (!stdout_file.empty()) command += " > " + shell_quoted(stdout_file);
  command += " 2> " + shell_quoted(err_file);
  int status = std::system(command.c_str());
  std::ifstream in(err_file);
  std::stringstream text;
  text << in.rdbuf();
  err = text.str();
  std::filesystem::remove(err_file);
  return status;
}

}  // namespace tdm::testing
