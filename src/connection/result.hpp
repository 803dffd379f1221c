#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The client library's types, kept out of every header but this layer's own .cpp files.
struct st_mysql;
struct st_mysql_res;

namespace tdm {

// One row of a result: views into the client library's buffer, valid until the next fetch.
class Row {
 public:
  Row(char** row, const unsigned long* lengths, unsigned count)
      : row_(row), lengths_(lengths), count_(count) {}

  unsigned size() const { return count_; }
  bool is_null(unsigned i) const { return row_[i] == nullptr; }
  std::string_view view(unsigned i) const {
    return row_[i] ? std::string_view(row_[i], lengths_[i]) : std::string_view();
  }
  std::string str(unsigned i) const { return std::string(view(i)); }
  std::optional<std::string> optional(unsigned i) const {
    return is_null(i) ? std::nullopt : std::optional<std::string>(str(i));
  }

 private:
  char** row_;
  const unsigned long* lengths_;
  unsigned count_;
};

// Owns a MYSQL_RES. Buffered (mysql_store_result) or streaming (mysql_use_result); a streaming
// result must be read to the end or destroyed before the connection runs another statement.
class Result {
 public:
  Result() = default;
  // `connection`: the session whose error a missing row is checked against (a streaming read
  // that broke); nullptr for a buffered result read after its session ran other statements.
  Result(st_mysql* connection, st_mysql_res* result) : connection_(connection), result_(result) {}
  ~Result();
  Result(Result&& other) noexcept;
  Result& operator=(Result&& other) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;

  explicit operator bool() const { return result_ != nullptr; }
  unsigned field_count() const;
  std::string field_name(unsigned i) const;

  // Next row, or nullopt at the end; throws Error(kDatabase) when the stream broke.
  std::optional<Row> next();

  // All rows' first column (convenience for SHOW/SELECT lists).
  std::vector<std::string> first_column();

 private:
  st_mysql* connection_ = nullptr;
  st_mysql_res* result_ = nullptr;
};

}  // namespace tdm
