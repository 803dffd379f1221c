#include "lock/lock_timeout.hpp"

#include <charconv>

#include "core/error.hpp"

namespace tdm {

std::chrono::seconds lock_timeout(const Environment& env) {
  auto text = env.get("TDM_LOCK_TIMEOUT");
  if (!text) return kDefaultLockTimeout;
  unsigned seconds = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), seconds);
  if (error != std::errc() || end != text->data() + text->size()) {
    throw Error(ExitCode::kInvalidInput, "TDM_LOCK_TIMEOUT='" + *text + "' is not a number",
                "set it to a number of seconds or unset it");
  }
  return std::chrono::seconds(seconds);
}

}  // namespace tdm
