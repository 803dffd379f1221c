#pragma once

// What the CLI tests of user input share.
#include <algorithm>
#include <map>
#include <string>

namespace tdm::testing {

// Connection settings of the caller stay out of these runs.
inline std::map<std::string, std::string> clean_environment(
    std::map<std::string, std::string> extra = {}) {
  for (const char* name : {"TDM_DATABASE_URL", "TDM_SERVER_DIR", "TDM_DATABASE", "MYSQL_PWD"}) {
    extra.emplace(name, "");
  }
  return extra;
}

inline std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Valid UTF-8 without control characters but the line ends.
inline bool printable_lines(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') continue;
    if (c < 0x20 || c == 0x7F || c >= 0x80) {
      if (c < 0xC2 || c > 0xF4) return false;  // control, or not a UTF-8 lead byte
      std::size_t length = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      for (std::size_t k = 1; k < length; ++k) {
        if (i + k >= text.size() || (static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
          return false;
        }
      }
      i += length - 1;
    }
  }
  return true;
}

}  // namespace tdm::testing
