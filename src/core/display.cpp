#include "core/display.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace tdm {

namespace {

constexpr std::string_view kHidden = "***";

// Query parameters whose values are paths or flags, never secrets.
constexpr std::array<std::string_view, 5> kShownParameters = {"socket", "ssl-ca", "ssl-cert",
                                                              "ssl-key", "ssl-verify-server-cert"};

bool is_name(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  });
}

bool is_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string redact_query(std::string_view query) {
  std::string out;
  bool first = true;
  while (true) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (!first) out += '&';
    first = false;
    auto equals = pair.find('=');
    std::string_view key = pair.substr(0, equals);
    if (std::find(kShownParameters.begin(), kShownParameters.end(), key) !=
        kShownParameters.end()) {
      out += pair;
    } else if (is_name(key)) {
      out += key;
      if (equals != std::string_view::npos) out += "=" + std::string(kHidden);
    } else if (!pair.empty()) {
      out += kHidden;
    }
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return out;
}

// Without an '@', "user:secret/db" reads as host "user" and port "secret": a port that is not
// a number is hidden too.
void redact_port(std::string& url, std::size_t start) {
  std::size_t end = url.find_first_of("/?#", start);
  if (end == std::string::npos) end = url.size();
  std::size_t from = start;
  if (from < end && url[from] == '[') {
    std::size_t close = url.find(']', from);
    if (close != std::string::npos && close < end) {
      from = close;
    } else if (std::all_of(url.begin() + static_cast<std::ptrdiff_t>(from) + 1,
                           url.begin() + static_cast<std::ptrdiff_t>(end), [](unsigned char c) {
                             return std::isxdigit(c) || c == ':' || c == '.';
                           })) {
      return;  // an IPv6 address without its ']'
    }
  }
  std::size_t colon = url.find(':', from);
  if (colon == std::string::npos || colon >= end) return;
  std::string_view port = std::string_view(url).substr(colon + 1, end - colon - 1);
  if (!is_digits(port) && port != kHidden) url.replace(colon + 1, port.size(), kHidden);
}

// Length of the valid UTF-8 sequence at `i` (0: not valid there).
std::size_t sequence_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) -> unsigned char {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
  };
  unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return is_utf8_continuation(byte(1)) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;
    unsigned char high = lead == 0xED ? 0x9F : 0xBF;
    return byte(1) >= low && byte(1) <= high && is_utf8_continuation(byte(2)) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
    unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;
    return byte(1) >= low && byte(1) <= high && is_utf8_continuation(byte(2)) &&
                   is_utf8_continuation(byte(3))
               ? 4
               : 0;
  }
  return 0;
}

unsigned code_point(std::string_view sequence) {
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(sequence[k]); };
  switch (sequence.size()) {
    case 1:
      return at(0);
    case 2:
      return (at(0) & 0x1Fu) << 6 | (at(1) & 0x3Fu);
    case 3:
      return (at(0) & 0x0Fu) << 12 | (at(1) & 0x3Fu) << 6 | (at(2) & 0x3Fu);
    default:
      return (at(0) & 0x07u) << 18 | (at(1) & 0x3Fu) << 12 | (at(2) & 0x3Fu) << 6 | (at(3) & 0x3Fu);
  }
}

// Control characters, and the ones that move or reorder text on a terminal.
bool is_control(unsigned cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void append_escaped(std::string& out, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : bytes) {
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
}

}  // namespace

std::string redact_url(std::string_view url) {
  std::string out(url);
  std::size_t scheme = out.find("://");
  std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  std::size_t rest = start;
  std::size_t at = out.rfind('@');
  if (at != std::string::npos && at >= start) {
    std::size_t colon = out.find(':', start);
    if (colon < at) {
      out.replace(colon + 1, at - colon - 1, kHidden);
      at = colon + 1 + kHidden.size();
    }
    rest = at + 1;
  }
  redact_port(out, rest);
  std::size_t question = out.find('?', rest);
  if (question != std::string::npos) {
    out = out.substr(0, question + 1) + redact_query(std::string_view(out).substr(question + 1));
  }
  return out;
}

std::string redact_urls(std::string_view text) {
  std::string out;
  std::size_t done = 0;
  while (true) {
    std::size_t marker = text.find("://", done);
    if (marker == std::string_view::npos) break;
    std::size_t begin = marker;
    while (begin > done) {
      unsigned char c = static_cast<unsigned char>(text[begin - 1]);
      if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') break;
      --begin;
    }
    std::size_t end = text.find_first_of(" \t\r\n'\"`", marker);
    if (end == std::string_view::npos) end = text.size();
    out += text.substr(done, begin - done);
    out += redact_url(text.substr(begin, end - begin));
    done = end;
  }
  out += text.substr(done);
  return out;
}

std::string escape_unprintable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = sequence_length(text, i);
    if (length == 0) {
      append_escaped(out, text.substr(i, 1));
      ++i;
      continue;
    }
    std::string_view sequence = text.substr(i, length);
    if (is_control(code_point(sequence)))
      append_escaped(out, sequence);
    else
      out += sequence;
    i += length;
  }
  return out;
}

std::string displayable(std::string_view text) {
  return escape_unprintable(redact_urls(text));
}

}  // namespace tdm
