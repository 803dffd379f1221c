#pragma once

#include <mysql.h>

#include <optional>
#include <string>
#include <string_view>

#include "connection/attempt.hpp"
#include "connection/connection_params.hpp"
#include "connection/result.hpp"

namespace tdm {

// Owns one MYSQL* session. Every failure throws tdm::Error naming the server and the fix;
// nothing here ever prints the password. The try_ calls return the errors the caller expects,
// by number, and throw every other like the plain calls.
class Connection {
 public:
  // Connects with utf8mb4 as the session character set. Throws Error(kServer) when the server
  // cannot be reached or refuses the credentials, Error(kDatabase) for an unknown database.
  explicit Connection(const ConnectionParams& params);
  // Connects as the constructor does, returning the refusal when it is one of `expected`
  // (e.g. CR_CONNECTION_ERROR while a server starts, ER_BAD_DB_ERROR).
  static Attempt<Connection> try_open(const ConnectionParams& params, ExpectedErrors expected);
  ~Connection();
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement and discards any result.
  void execute(std::string_view sql);
  Attempt<> try_execute(std::string_view sql, ExpectedErrors expected);
  // Runs one statement and buffers its result set.
  Result query(std::string_view sql);
  Attempt<Result> try_query(std::string_view sql, ExpectedErrors expected);
  // Runs one statement and streams its result set row by row (constant memory).
  Result stream(std::string_view sql);
  // First column of the first row, nullopt for no row or NULL.
  std::optional<std::string> scalar(std::string_view sql);

  // 'value' with the server's escaping, ready to splice into SQL.
  std::string quote(std::string_view value);
  // `name` with backticks doubled.
  static std::string quote_identifier(std::string_view name);

  std::string server_version();
  unsigned long long affected_rows();
  const ConnectionParams& params() const { return params_; }
  MYSQL* handle() { return mysql_; }

 private:
  struct Unopened {};
  Connection(const ConnectionParams& params, Unopened);
  std::optional<Refusal> open();
  bool run_and_drain(std::string_view sql);
  std::optional<Result> run_for_result(std::string_view sql, bool streaming);
  Refusal refusal_or_fail(std::string_view sql, ExpectedErrors expected);
  std::string describe_failure(std::string_view sql);
  [[noreturn]] void fail(std::string_view sql);

  ConnectionParams params_;
  MYSQL* mysql_ = nullptr;
};

}  // namespace tdm
