#include "connection/connection.hpp"

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "connection/lost_session.hpp"
#include "core/error.hpp"

namespace tdm {

namespace {

const char* or_null(const std::string& value) {
  return value.empty() ? nullptr : value.c_str();
}

void apply_options(MYSQL* mysql, const ConnectionParams& params) {
  if (params.read_option_files) mysql_options(mysql, MYSQL_READ_DEFAULT_GROUP, "client");
  mysql_options(mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  unsigned timeout_seconds = 10;
  mysql_options(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &timeout_seconds);
  if (!params.ssl_ca.empty() || !params.ssl_cert.empty() || !params.ssl_key.empty()) {
    mysql_ssl_set(mysql, or_null(params.ssl_key), or_null(params.ssl_cert), or_null(params.ssl_ca),
                  nullptr, nullptr);
    my_bool verify = params.ssl_verify_server_cert ? 1 : 0;
    mysql_options(mysql, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
  }
}

std::string where(const ConnectionParams& params) {
  std::string host = params.host.empty() ? std::string("localhost") : params.host;
  return params.port ? host + ":" + std::to_string(params.port) : host;
}

// The fix for a failed connect, by the client's or the server's error number: each cause has
// its own, so that a TLS or DNS problem is not answered with "start the server".
std::string connect_fix(unsigned code, const ConnectionParams& params) {
  bool embedded = !params.read_option_files;
  switch (code) {
    case CR_SSL_CONNECTION_ERROR:
      return "check the TLS settings: ssl-ca" +
             (params.ssl_ca.empty() ? std::string() : " (" + params.ssl_ca + ")") +
             " must be the CA that signed the server's certificate, which must be issued for "
             "the host '" +
             (params.host.empty() ? std::string("localhost") : params.host) +
             "', and the server must have TLS enabled (ssl_cert and ssl_key in its "
             "configuration); check ssl-cert/ssl-key in the URL too";
    case CR_UNKNOWN_HOST:
      return "check the host name '" + params.host +
             "' in TDM_DATABASE_URL or --url: it does not resolve (DNS, /etc/hosts)";
    case CR_CONN_HOST_ERROR:
    case CR_CONNECTION_ERROR:
      // The client reports a refused TCP connect as either; "localhost" means the socket.
      if (!params.host.empty() && params.host != "localhost") {
        return "start the server, or check the host and port (" + where(params) +
               ") in TDM_DATABASE_URL or --url and that no firewall is in the way";
      }
      if (embedded) {
        return "start the server: 'tdm server start --dir DIR' (the directory whose socket this "
               "is)";
      }
      return "start the server, or check the socket path (?socket= in TDM_DATABASE_URL, "
             "MYSQL_UNIX_PORT, or the socket in ~/.my.cnf; host localhost means the unix "
             "socket, 127.0.0.1 means TCP)";
    case CR_SERVER_LOST:
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_HANDSHAKE_ERR:
      return "the server dropped the connection while it was being set up: check that " +
             where(params) + " is a MariaDB/MySQL server and read its error log";
    case ER_ACCESS_DENIED_ERROR:
    case ER_ACCESS_DENIED_NO_PASSWORD_ERROR:
      return "check the user (in TDM_DATABASE_URL or --url) and the password in MYSQL_PWD or "
             "the [client] group of ~/.my.cnf";
    case ER_DBACCESS_DENIED_ERROR:
      return "grant the user access to the database '" + params.database +
             "' (GRANT ALL ON ... TO ...), or connect as a user who has it";
    case ER_HOST_NOT_PRIVILEGED:
      return "create or grant the user for the host you connect from (CREATE USER "
             "'user'@'this-host' ...)";
    case ER_HOST_IS_BLOCKED:
      return "run FLUSH HOSTS on the server (too many failed connects from this host), or "
             "raise max_connect_errors";
    case ER_CON_COUNT_ERROR:
    case ER_TOO_MANY_USER_CONNECTIONS:
    case ER_USER_LIMIT_REACHED:
      return "the server has no connection to spare: wait for other clients to disconnect, or "
             "raise max_connections (or the user's limit) on the server";
    case ER_MUST_CHANGE_PASSWORD_LOGIN:
      return "the user's password has expired: set a new one (ALTER USER ... IDENTIFIED BY ...)";
#ifdef ER_ACCOUNT_HAS_BEEN_LOCKED
    case ER_ACCOUNT_HAS_BEEN_LOCKED:
      return "the account is locked: ALTER USER ... ACCOUNT UNLOCK, or use another user";
#endif
    case CR_AUTH_PLUGIN_CANNOT_LOAD:
    case CR_AUTH_PLUGIN_ERR:
      return "the server asks for an authentication plugin this client cannot use: give the "
             "user a mysql_native_password or ed25519 password";
    case ER_SERVER_SHUTDOWN:
      return "the server is shutting down: start it again and retry";
    case ER_BAD_DB_ERROR:
      return "create the database '" + params.database + "' or name an existing one";
    default:
      return "check that " + where(params) +
             " is a reachable MariaDB/MySQL server and the connection settings (TDM_DATABASE_URL "
             "or --url, MYSQL_PWD, ~/.my.cnf)";
  }
}

Error connect_error(const Refusal& refusal, const ConnectionParams& params) {
  ExitCode exit = refusal.error == ER_BAD_DB_ERROR ? ExitCode::kDatabase : ExitCode::kServer;
  return Error(exit, refusal.message, connect_fix(refusal.error, params));
}

bool is_expected(unsigned error, ExpectedErrors expected) {
  return std::find(expected.begin(), expected.end(), error) != expected.end();
}

// The client library's local-infile callbacks, which hand the work to the LocalInfileSource
// registered as their user data.
int local_infile_init(void** state, const char* /*file name*/, void* source) {
  *state = source;
  return 0;
}

int local_infile_read(void* source, char* buffer, unsigned length) {
  return static_cast<LocalInfileSource*>(source)->read(buffer, length);
}

void local_infile_end(void* /*source*/) {}

int local_infile_error(void* source, char* message, unsigned length) {
  std::string failure = static_cast<LocalInfileSource*>(source)->failure();
  if (length > 0) {
    std::size_t copied = std::min<std::size_t>(failure.size(), length - 1);
    std::memcpy(message, failure.data(), copied);
    message[copied] = '\0';
  }
  return CR_UNKNOWN_ERROR;
}

}  // namespace

Connection::Connection(const ConnectionParams& params) : params_(params) {
  if (auto refusal = open()) throw connect_error(*refusal, params_);
}

Connection::Connection(const ConnectionParams& params, Unopened) : params_(params) {}

Attempt<Connection> Connection::try_open(const ConnectionParams& params, ExpectedErrors expected) {
  Connection connection(params, Unopened{});
  auto refusal = connection.open();
  if (!refusal) return connection;
  if (is_expected(refusal->error, expected)) return std::move(*refusal);
  throw connect_error(*refusal, params);
}

std::optional<Refusal> Connection::open() {
  mysql_ = mysql_init(nullptr);
  if (!mysql_) throw Error(ExitCode::kInternal, "mysql_init failed: out of memory");
  apply_options(mysql_, params_);
  const char* password = params_.password ? params_.password->c_str() : nullptr;
  if (mysql_real_connect(mysql_, or_null(params_.host), or_null(params_.user), password,
                         or_null(params_.database), params_.port, or_null(params_.socket),
                         CLIENT_LOCAL_FILES | CLIENT_MULTI_STATEMENTS)) {
    return std::nullopt;
  }
  unsigned code = mysql_errno(mysql_);
  Refusal refusal{code, "cannot connect to MariaDB as " + params_.describe() + ": " +
                            mysql_error(mysql_) + " (error " + std::to_string(code) + ")"};
  mysql_close(mysql_);
  mysql_ = nullptr;
  return refusal;
}

Connection::~Connection() {
  if (mysql_) mysql_close(mysql_);
}

Connection::Connection(Connection&& other) noexcept
    : params_(std::move(other.params_)), mysql_(std::exchange(other.mysql_, nullptr)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (mysql_) mysql_close(mysql_);
    params_ = std::move(other.params_);
    mysql_ = std::exchange(other.mysql_, nullptr);
  }
  return *this;
}

std::string Connection::describe_failure(std::string_view sql) {
  constexpr std::size_t kShown = 200;
  std::string shown(sql.substr(0, kShown));
  if (sql.size() > kShown) shown += "...";
  return "MariaDB error " + std::to_string(mysql_errno(mysql_)) + " (" + mysql_error(mysql_) +
         ") in: " + shown;
}

void Connection::fail(std::string_view sql) {
  throw Error(exit_code_of_failure(mysql_errno(mysql_)), describe_failure(sql));
}

Refusal Connection::refusal_or_fail(std::string_view sql, ExpectedErrors expected) {
  if (!is_expected(mysql_errno(mysql_), expected)) fail(sql);
  return Refusal{mysql_errno(mysql_), describe_failure(sql)};
}

// False when the statement failed; mysql_errno then says why.
bool Connection::run_and_drain(std::string_view sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) return false;
  // Drain every result so the session is ready for the next statement.
  do {
    if (MYSQL_RES* result = mysql_store_result(mysql_))
      mysql_free_result(result);
    else if (mysql_field_count(mysql_) != 0)
      return false;
  } while (mysql_more_results(mysql_) && mysql_next_result(mysql_) == 0);
  return mysql_errno(mysql_) == 0;
}

// Nullopt when the statement failed; mysql_errno then says why.
std::optional<Result> Connection::run_for_result(std::string_view sql, bool streaming) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) return std::nullopt;
  MYSQL_RES* result = streaming ? mysql_use_result(mysql_) : mysql_store_result(mysql_);
  if (!result && mysql_field_count(mysql_) != 0) return std::nullopt;
  return Result(mysql_, result);
}

void Connection::execute(std::string_view sql) {
  if (!run_and_drain(sql)) fail(sql);
}

Attempt<> Connection::try_execute(std::string_view sql, ExpectedErrors expected) {
  if (!run_and_drain(sql)) return refusal_or_fail(sql, expected);
  return {};
}

Result Connection::query(std::string_view sql) {
  std::optional<Result> result = run_for_result(sql, /*streaming=*/false);
  if (!result) fail(sql);
  return std::move(*result);
}

Attempt<Result> Connection::try_query(std::string_view sql, ExpectedErrors expected) {
  std::optional<Result> result = run_for_result(sql, /*streaming=*/false);
  if (!result) return refusal_or_fail(sql, expected);
  return std::move(*result);
}

Result Connection::stream(std::string_view sql) {
  std::optional<Result> result = run_for_result(sql, /*streaming=*/true);
  if (!result) fail(sql);
  return std::move(*result);
}

std::vector<Result> Connection::query_all(std::string_view sql) {
  std::optional<Refusal> refusal;
  return try_query_all(sql, {}, refusal);
}

std::vector<Result> Connection::try_query_all(std::string_view sql, ExpectedErrors expected,
                                              std::optional<Refusal>& refusal) {
  refusal.reset();
  std::vector<Result> results;
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
    refusal = refusal_or_fail(sql, expected);
    return results;
  }
  for (;;) {
    MYSQL_RES* result = mysql_store_result(mysql_);
    if (!result && mysql_field_count(mysql_) != 0) fail(sql);
    // Buffered whole, so reading it needs no session: after a refusal the session's error
    // stays the refused statement's, which a Result reading from it would take for its own.
    results.emplace_back(nullptr, result);
    int next = mysql_next_result(mysql_);
    if (next < 0) return results;  // that was the last result
    if (next > 0) {                // the next statement failed; the server ran no more
      refusal = refusal_or_fail(sql, expected);
      return results;
    }
  }
}

std::optional<std::string> Connection::scalar(std::string_view sql) {
  Result result = query(sql);
  auto row = result.next();
  if (!row || row->size() == 0 || row->is_null(0)) return std::nullopt;
  return row->str(0);
}

std::string Connection::quote(std::string_view value) {
  std::string out(value.size() * 2 + 3, '\0');
  out[0] = '\'';
  unsigned long written = mysql_real_escape_string(mysql_, out.data() + 1, value.data(),
                                                   static_cast<unsigned long>(value.size()));
  out.resize(written + 1);
  out += '\'';
  return out;
}

std::string Connection::quote_table(std::string_view database, std::string_view table) {
  std::string quoted = quote_identifier(table);
  return database.empty() ? quoted : quote_identifier(database) + "." + quoted;
}

std::string Connection::quote_identifier(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  out += '`';
  return out;
}

std::string Connection::server_version() {
  return mysql_get_server_info(mysql_);
}

unsigned long long Connection::affected_rows() {
  return mysql_affected_rows(mysql_);
}

unsigned Connection::warning_count() {
  return mysql_warning_count(mysql_);
}

std::optional<StatementFailure> Connection::execute_multi(std::string_view sql) {
  auto failure_at = [this](std::size_t index) {
    return StatementFailure{index, mysql_errno(mysql_), mysql_error(mysql_)};
  };
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) return failure_at(0);
  for (std::size_t index = 0;; ++index) {
    if (MYSQL_RES* result = mysql_store_result(mysql_))
      mysql_free_result(result);
    else if (mysql_field_count(mysql_) != 0)
      return failure_at(index);  // a result set that could not be read
    int next = mysql_next_result(mysql_);
    if (next < 0) return std::nullopt;  // that was the last result
    if (next > 0) return failure_at(index + 1);
  }
}

void Connection::serve_local_infile(LocalInfileSource* source) {
  // The client must offer LOCAL INFILE itself; the server still has to allow it.
  unsigned int enable = source ? 1 : 0;
  mysql_options(mysql_, MYSQL_OPT_LOCAL_INFILE, &enable);
  if (source) {
    mysql_set_local_infile_handler(mysql_, local_infile_init, local_infile_read, local_infile_end,
                                   local_infile_error, source);
  } else {
    mysql_set_local_infile_default(mysql_);
  }
}

void Connection::abandon_stream() {
  ::shutdown(static_cast<int>(mysql_get_socket(mysql_)), SHUT_RDWR);
}

}  // namespace tdm
