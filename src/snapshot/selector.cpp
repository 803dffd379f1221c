#include "snapshot/selector.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"

namespace tdm {

namespace {

constexpr const char* kSelectorFix =
    "write NAME[@VERSION][:TIER], e.g. app@1.0.0:realistic, app:minimal or app@1.1.0";

bool is_word_character(unsigned char c) {
  return std::isalnum(c) || c == '_' || c == '-';
}

bool is_number(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }) &&
         (text.size() == 1 || text.front() != '0');
}

// Dot-separated identifiers of letters, digits and '-' (the pre-release and build parts).
bool is_dotted_identifiers(std::string_view text) {
  if (text.empty() || text.front() == '.' || text.back() == '.') return false;
  if (text.find("..") != std::string_view::npos) return false;
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '.'; });
}

// Splits `text` at the first `separator`: the part before it, and `rest` = the part after it
// ("" when there is none).
std::string_view split_off(std::string_view& text, char separator) {
  std::size_t at = text.find(separator);
  std::string_view head = text.substr(0, at);
  text = at == std::string_view::npos ? std::string_view() : text.substr(at + 1);
  return head;
}

[[noreturn]] void invalid_selector(std::string_view text, const std::string& problem) {
  throw Error(ExitCode::kInvalidInput,
              "snapshot selector '" + std::string(text) + "' is invalid: " + problem, kSelectorFix);
}

}  // namespace

std::string SnapshotSelector::text() const {
  return name + (version.empty() ? "" : "@" + version) + (tier.empty() ? "" : ":" + tier);
}

bool is_fixture_name(std::string_view name) {
  return !name.empty() && std::isalnum(static_cast<unsigned char>(name.front())) &&
         std::all_of(name.begin(), name.end(),
                     [](unsigned char c) { return is_word_character(c) || c == '.'; });
}

bool is_tier_name(std::string_view tier) {
  return !tier.empty() && std::all_of(tier.begin(), tier.end(), is_word_character);
}

bool is_semantic_version(std::string_view version) {
  std::string_view rest = version;
  std::string_view core = rest.substr(0, rest.find_first_of("-+"));
  rest.remove_prefix(core.size());
  std::string_view build;
  if (std::size_t plus = rest.find('+'); plus != std::string_view::npos) {
    build = rest.substr(plus + 1);
    if (!is_dotted_identifiers(build)) return false;
    rest = rest.substr(0, plus);
  }
  if (!rest.empty() && !is_dotted_identifiers(rest.substr(1))) return false;
  std::string_view numbers = core;
  for (int part = 0; part < 3; ++part) {
    if (!is_number(split_off(numbers, '.'))) return false;
  }
  return numbers.empty() && std::count(core.begin(), core.end(), '.') == 2;
}

void require_semantic_version(std::string_view version, std::string_view origin) {
  if (is_semantic_version(version)) return;
  throw Error(ExitCode::kInvalidInput,
              std::string(origin) + " '" + std::string(version) + "' is not a semantic version",
              "write MAJOR.MINOR.PATCH, e.g. 1.0.0 (or 1.1.0-rc.1)");
}

SnapshotSelector parse_selector(std::string_view text) {
  std::string_view rest = text;
  // A version may hold '-' and '.', never ':': the tier is what follows the first ':'.
  std::string_view tier_part = rest;
  std::string_view head = split_off(tier_part, ':');
  bool has_tier = head.size() != text.size();
  std::string_view version_part = head;
  std::string_view name = split_off(version_part, '@');
  bool has_version = name.size() != head.size();
  if (!is_fixture_name(name)) {
    invalid_selector(text, "'" + std::string(name) +
                               "' is not a fixture name (letters, digits, '_', '-' and '.', "
                               "starting with a letter or digit)");
  }
  if (has_version && !is_semantic_version(version_part)) {
    invalid_selector(text, "'" + std::string(version_part) + "' is not a semantic version");
  }
  if (has_tier && !is_tier_name(tier_part)) {
    invalid_selector(
        text, "'" + std::string(tier_part) + "' is not a tier name (letters, digits, '_' and '-')");
  }
  return {std::string(name), std::string(version_part), std::string(tier_part)};
}

}  // namespace tdm
