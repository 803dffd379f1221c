#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace tdm {

// One table of (value, name) pairs per enum, so that printing a value and parsing its name
// can never disagree:
//
//   constexpr EnumNames<Mode, 3> kModeNames{{{Mode::kAuto, "AUTO"}, ...}};
//   to_string(mode) -> kModeNames.name(mode);   parse -> kModeNames.find(text)
template <typename Enum, std::size_t N>
struct EnumNames {
  std::array<std::pair<Enum, std::string_view>, N> entries;

  std::string name(Enum value) const {
    for (const auto& [entry, text] : entries) {
      if (entry == value) return std::string(text);
    }
    return "unknown";
  }

  // The value named `text`; with `ignore_case`, ASCII letters match either case.
  std::optional<Enum> find(std::string_view text, bool ignore_case = false) const {
    auto same = [&](std::string_view name) {
      return std::equal(name.begin(), name.end(), text.begin(), text.end(), [&](char a, char b) {
        return ignore_case ? std::tolower(static_cast<unsigned char>(a)) ==
                                 std::tolower(static_cast<unsigned char>(b))
                           : a == b;
      });
    };
    for (const auto& [entry, name] : entries) {
      if (same(name)) return entry;
    }
    return std::nullopt;
  }
};

}  // namespace tdm
