#include "connection/result.hpp"

#include <mysql.h>

#include <utility>

#include "connection/lost_session.hpp"
#include "core/error.hpp"

namespace tdm {

Result::~Result() {
  if (result_) mysql_free_result(result_);
}

Result::Result(Result&& other) noexcept
    : connection_(other.connection_), result_(std::exchange(other.result_, nullptr)) {}

Result& Result::operator=(Result&& other) noexcept {
  if (this != &other) {
    if (result_) mysql_free_result(result_);
    connection_ = other.connection_;
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}

unsigned Result::field_count() const {
  return result_ ? mysql_num_fields(result_) : 0;
}

std::string Result::field_name(unsigned i) const {
  const MYSQL_FIELD& field = mysql_fetch_fields(result_)[i];
  return std::string(field.name, field.name_length);
}

std::optional<Row> Result::next() {
  if (!result_) return std::nullopt;
  MYSQL_ROW row = mysql_fetch_row(result_);
  if (!row) {
    if (connection_ && mysql_errno(connection_) != 0) {
      throw Error(exit_code_of_failure(mysql_errno(connection_)),
                  "reading a result failed: MariaDB error " +
                      std::to_string(mysql_errno(connection_)) + " (" + mysql_error(connection_) +
                      ")");
    }
    return std::nullopt;
  }
  return Row(row, mysql_fetch_lengths(result_), field_count());
}

std::vector<std::string> Result::first_column() {
  std::vector<std::string> values;
  while (auto row = next()) values.push_back(row->str(0));
  return values;
}

}  // namespace tdm
