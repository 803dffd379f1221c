#include "seed/multi_statement.hpp"

namespace tdm {

namespace {

StatementFailure failure_at(MYSQL* mysql, std::size_t index) {
  return {index, mysql_errno(mysql), mysql_error(mysql)};
}

}  // namespace

std::optional<StatementFailure> run_multi_statement(Connection& connection, std::string_view sql) {
  MYSQL* mysql = connection.handle();
  if (mysql_real_query(mysql, sql.data(), sql.size()) != 0) return failure_at(mysql, 0);
  for (std::size_t index = 0;; ++index) {
    if (MYSQL_RES* result = mysql_store_result(mysql))
      mysql_free_result(result);
    else if (mysql_field_count(mysql) != 0)
      return failure_at(mysql, index);  // a result set that could not be read
    int next = mysql_next_result(mysql);
    if (next < 0) return std::nullopt;  // that was the last result
    if (next > 0) return failure_at(mysql, index + 1);
  }
}

}  // namespace tdm
