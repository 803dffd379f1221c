#include "core/environment.hpp"

#include <unistd.h>

#include <string_view>

namespace tdm {

Environment Environment::from_process() {
  std::map<std::string, std::string> variables;
  for (char** entry = environ; *entry; ++entry) {
    std::string_view text(*entry);
    auto equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    variables.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
  }
  return Environment(std::move(variables));
}

std::optional<std::string> Environment::get(std::initializer_list<const char*> names) const {
  for (const char* name : names) {
    if (auto value = get(std::string(name))) return value;
  }
  return std::nullopt;
}

std::optional<std::string> Environment::get(const std::string& name) const {
  auto found = variables_.find(name);
  if (found == variables_.end() || found->second.empty()) return std::nullopt;
  return found->second;
}

}  // namespace tdm
