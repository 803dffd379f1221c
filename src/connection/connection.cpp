#include "connection/connection.hpp"

#include <errmsg.h>
#include <mysqld_error.h>

#include <utility>

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

std::string connect_fix(unsigned code, const ConnectionParams& params) {
  switch (code) {
    case ER_ACCESS_DENIED_ERROR:
    case ER_DBACCESS_DENIED_ERROR:
      return "check the user in TDM_DATABASE_URL and the password in MYSQL_PWD or your option "
             "file";
    case ER_BAD_DB_ERROR:
      return "create the database '" + params.database + "' or name an existing one";
    default:
      return "start the server (for the embedded one: 'tdm server start --dir DIR') or point "
             "TDM_DATABASE_URL at a running one";
  }
}

}  // namespace

Connection::Connection(const ConnectionParams& params) : params_(params) {
  mysql_ = mysql_init(nullptr);
  if (!mysql_) throw Error(ExitCode::kInternal, "mysql_init failed: out of memory");
  apply_options(mysql_, params_);
  const char* password = params_.password ? params_.password->c_str() : nullptr;
  if (!mysql_real_connect(mysql_, or_null(params_.host), or_null(params_.user), password,
                          or_null(params_.database), params_.port, or_null(params_.socket),
                          CLIENT_LOCAL_FILES | CLIENT_MULTI_STATEMENTS)) {
    unsigned code = mysql_errno(mysql_);
    std::string message =
        "cannot connect to MariaDB as " + params_.describe() + ": " + mysql_error(mysql_);
    mysql_close(mysql_);
    mysql_ = nullptr;
    ExitCode exit = code == ER_BAD_DB_ERROR ? ExitCode::kDatabase : ExitCode::kServer;
    throw Error(exit, message, connect_fix(code, params_));
  }
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

void Connection::fail(std::string_view sql) {
  constexpr std::size_t kShown = 200;
  std::string shown(sql.substr(0, kShown));
  if (sql.size() > kShown) shown += "...";
  unsigned code = mysql_errno(mysql_);
  ExitCode exit =
      (code == CR_SERVER_GONE_ERROR || code == CR_SERVER_LOST || code == CR_CONNECTION_ERROR)
          ? ExitCode::kServer
          : ExitCode::kDatabase;
  throw Error(exit, "MariaDB error " + std::to_string(code) + " (" + mysql_error(mysql_) +
                        ") in: " + shown);
}

void Connection::execute(std::string_view sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) fail(sql);
  // Drain every result so the session is ready for the next statement.
  do {
    if (MYSQL_RES* result = mysql_store_result(mysql_))
      mysql_free_result(result);
    else if (mysql_field_count(mysql_) != 0)
      fail(sql);
  } while (mysql_more_results(mysql_) && mysql_next_result(mysql_) == 0);
  if (mysql_errno(mysql_) != 0) fail(sql);
}

Result Connection::query(std::string_view sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) fail(sql);
  MYSQL_RES* result = mysql_store_result(mysql_);
  if (!result && mysql_field_count(mysql_) != 0) fail(sql);
  return Result(mysql_, result);
}

Result Connection::stream(std::string_view sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) fail(sql);
  MYSQL_RES* result = mysql_use_result(mysql_);
  if (!result && mysql_field_count(mysql_) != 0) fail(sql);
  return Result(mysql_, result);
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

}  // namespace tdm
