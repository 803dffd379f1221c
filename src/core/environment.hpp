#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>

namespace tdm {

// A snapshot of environment variables, passed explicitly (no getenv in the library) so that
// every decision that depends on the environment can be unit-tested with a literal map.
class Environment {
 public:
  Environment() = default;
  explicit Environment(std::map<std::string, std::string> variables)
      : variables_(std::move(variables)) {}
  static Environment from_process();

  // The value of the first of `names` that is set and non-empty (aliases: newest name first).
  std::optional<std::string> get(std::initializer_list<const char*> names) const;
  std::optional<std::string> get(const std::string& name) const;
  // Whether `name` is set at all, also to "" (where an empty value means "off", not "unset").
  bool is_set(const std::string& name) const { return variables_.count(name) != 0; }
  void set(const std::string& name, std::string value) { variables_[name] = std::move(value); }

 private:
  std::map<std::string, std::string> variables_;
};

}  // namespace tdm
