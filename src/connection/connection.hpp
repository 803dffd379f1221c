#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connection/attempt.hpp"
#include "connection/connection_params.hpp"
#include "connection/result.hpp"

// The client library's session, kept out of every header but this layer's own .cpp files.
struct st_mysql;

namespace tdm {

// What LOAD DATA LOCAL INFILE reads on a connection that serves it (serve_local_infile), in
// place of a client file: the file name in the statement is ignored.
class LocalInfileSource {
 public:
  virtual ~LocalInfileSource() = default;
  // Copies the next bytes, at most `length`, into `buffer` and returns how many (0: the end),
  // or -1 to fail the load, which then reports failure().
  virtual int read(char* buffer, unsigned length) = 0;
  // Why read() failed.
  virtual std::string failure() const = 0;
};

// Why a multi-statement round trip stopped: the server runs the statements in order and stops
// at the first that fails, so the failing result's index tells which statement it was.
struct StatementFailure {
  std::size_t result_index = 0;  // 0-based among the results the round trip produced
  unsigned code = 0;             // MariaDB (or client library) error number
  std::string message;
};

// Owns one client session. Every failure throws tdm::Error naming the server and the fix;
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
  // Runs `sql`, statements separated by ';', in one round trip and buffers every statement's
  // result, in order (an empty Result for a statement without rows). Throws as query() for the
  // first statement that fails.
  std::vector<Result> query_all(std::string_view sql);
  // As query_all, but a statement refused with one of `expected` ends the round trip without
  // throwing: the results of the statements before it come back, and `refusal` tells why the
  // list is short (it stays empty when every statement ran).
  std::vector<Result> try_query_all(std::string_view sql, ExpectedErrors expected,
                                    std::optional<Refusal>& refusal);
  // First column of the first row, nullopt for no row or NULL.
  std::optional<std::string> scalar(std::string_view sql);

  // Sends `sql` (statements separated by ';') in one round trip and reads and discards every
  // result. Returns the failure instead of throwing, as only the caller knows which file and
  // line the failing result stands for.
  std::optional<StatementFailure> execute_multi(std::string_view sql);

  // Serves every LOAD DATA LOCAL INFILE of this session from `source` (which must outlive its
  // use here) until called with nullptr, which turns LOCAL INFILE off again. The server still
  // has to allow it (ER_LOAD_INFILE_CAPABILITY_DISABLED otherwise).
  void serve_local_infile(LocalInfileSource* source);

  // Ends a streaming read part-way by shutting the socket down: freeing its Result then stops
  // at once instead of reading the rest (all of a large table). The session is unusable after.
  void abandon_stream();

  // 'value' with the server's escaping, ready to splice into SQL.
  std::string quote(std::string_view value);
  // `name` with backticks doubled.
  static std::string quote_identifier(std::string_view name);
  // `database`.`table` quoted; `table` alone when `database` is empty (the session's own).
  static std::string quote_table(std::string_view database, std::string_view table);

  std::string server_version();
  unsigned long long affected_rows();
  // Warnings of the last statement (SHOW WARNINGS lists them).
  unsigned warning_count();
  const ConnectionParams& params() const { return params_; }

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
  st_mysql* mysql_ = nullptr;
};

}  // namespace tdm
