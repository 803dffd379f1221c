#pragma once

#include <functional>

#include "core/error.hpp"

namespace tdm::testing {

// The exit code of the tdm::Error that `action` throws, or kOk when it throws none.
inline ExitCode error_code_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.code();
  }
  return ExitCode::kOk;
}

}  // namespace tdm::testing
