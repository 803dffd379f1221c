#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>

#include "cli/context.hpp"
#include "config/connection_resolver.hpp"
#include "connection/connection_params.hpp"

namespace tdm::cli {

// The connection flags every database verb shares: --url, --server-dir, --database.
void add_connection_options(CLI::App& verb, ConnectionFlags& flags);

// A resolved connection. When it names an embedded server directory whose server is not
// running, the server is started for this command and stopped again when the session ends,
// so `tdm seed --server-dir build/tdm-server ...` works on its own.
class DatabaseSession {
 public:
  DatabaseSession(const ConnectionFlags& flags, Context& context);
  ~DatabaseSession();
  DatabaseSession(const DatabaseSession&) = delete;
  DatabaseSession& operator=(const DatabaseSession&) = delete;

  const ConnectionParams& params() const { return params_; }
  // The target database (--database, URL, $TDM_DATABASE); throws Error(kUsage) when none.
  const std::string& database() const;

 private:
  ConnectionParams params_;
  std::string started_server_dir_;  // non-empty: this session started it and stops it
  Context& context_;
};

}  // namespace tdm::cli
