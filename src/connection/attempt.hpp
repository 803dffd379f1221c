#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

namespace tdm {

// Server error numbers a caller takes for an answer rather than a failure, from mysqld_error.h
// (ER_...) or errmsg.h (CR_...): e.g. {ER_NO_SUCH_TABLE} for "is the table there?".
using ExpectedErrors = std::initializer_list<unsigned>;

// The expected error a statement (or a connection) was refused with.
struct Refusal {
  unsigned error = 0;   // the server's (or client library's) error number
  std::string message;  // the line an Error would have carried, naming the statement
};

// What came of an attempt that the server may refuse in an expected way: success, or the
// Refusal. Only expected errors come back here; every other failure, a lost connection
// included, throws Error as the plain call does, so it is never mistaken for a "no".
class AttemptOutcome {
 public:
  AttemptOutcome() = default;
  AttemptOutcome(Refusal refusal) : refusal_(std::move(refusal)) {}  // NOLINT: implicit

  bool succeeded() const { return !refusal_; }
  explicit operator bool() const { return succeeded(); }
  // The expected error number it was refused with; 0 when it succeeded.
  unsigned error() const { return refusal_ ? refusal_->error : 0; }
  // The refusal as an Error would have described it; empty when it succeeded.
  std::string message() const { return refusal_ ? refusal_->message : std::string(); }

 private:
  std::optional<Refusal> refusal_;
};

// An attempt that gives a value when it succeeds (a Result, a Connection).
template <typename T = void>
class Attempt : public AttemptOutcome {
 public:
  Attempt(T value) : value_(std::move(value)) {}                    // NOLINT: implicit
  Attempt(Refusal refusal) : AttemptOutcome(std::move(refusal)) {}  // NOLINT: implicit

  // The value; only for an attempt that succeeded (std::bad_optional_access otherwise).
  T& value() { return value_.value(); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }

 private:
  std::optional<T> value_;
};

// An attempt that gives nothing but its outcome (a statement without a result).
template <>
class Attempt<void> : public AttemptOutcome {
 public:
  using AttemptOutcome::AttemptOutcome;
};

}  // namespace tdm
