#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "snapshot/payload/contents.hpp"

namespace tdm {

// Column values of a payload written as SQL literals for a session that runs under
// `SET NAMES binary` (see sql_export.hpp): every literal is then a binary string whose bytes
// the server stores as they are, exactly as the payload's LOAD DATA ... CHARACTER SET binary
// would. Text that is printable UTF-8 stays readable ('...' with backslash escapes); anything
// else (NUL and other control bytes, invalid UTF-8, i.e. binary data or a non-UTF-8 column
// character set) becomes a hex literal X'..', which is a string in every context (0x.. would
// turn into a number in a numeric one).

// Appends `value` as a literal: '...' when readable, X'...' otherwise.
void append_sql_string(std::string& out, std::string_view value);

// Appends a payload field: NULL, a decimal number for kUnsigned columns (BIT), else a string.
void append_sql_value(std::string& out, const std::optional<std::string>& value,
                      ColumnEncoding encoding);

// `name` as a backtick-quoted identifier.
std::string quote_sql_identifier(std::string_view name);

// `text` as a '...' literal of a session setting value (always printable here).
std::string quote_sql_text(std::string_view text);

}  // namespace tdm
