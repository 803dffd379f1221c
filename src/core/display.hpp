#pragma once

#include <string>
#include <string_view>

namespace tdm {

// What may be shown to a user. Every message tdm prints goes through displayable(): it must
// never carry a password, and a byte from a corrupt file must not reach the terminal raw.

// `url` with any password replaced by "***": the part between the first ':' after the scheme
// and the last '@' ("mysql://u:***@host/db"), whether percent-encoded or not, and the value of
// every query parameter that is not a known connection option ("?password=***"). Redacts more
// than needed rather than less when the URL is malformed.
std::string redact_url(std::string_view url);

// `text` with every URL in it ("scheme://..." up to the next white space) redacted.
std::string redact_urls(std::string_view text);

// `text` with control bytes (C0, DEL and the C1 controls) and bytes that are not valid UTF-8
// written as \xNN, so that the message stays one line of valid text.
std::string escape_unprintable(std::string_view text);

// Both of the above: the form in which an error or log message reaches the user.
std::string displayable(std::string_view text);

// Whether `byte` continues a UTF-8 sequence rather than starting one (10xxxxxx).
inline bool is_utf8_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

}  // namespace tdm
