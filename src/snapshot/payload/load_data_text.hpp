#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tdm {

// The text format of LOAD DATA with its defaults spelled out:
//   FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY '\n', NULL written as \N.
// Field bytes are copied verbatim except the four that would end a field or a line or be read
// as an escape: backslash, tab, newline and NUL (like SELECT ... INTO OUTFILE), plus carriage
// return for readability. Everything else, including invalid UTF-8, passes through, because
// the data is loaded with CHARACTER SET binary.

// The LOAD DATA clauses matching the format above.
inline constexpr std::string_view kLoadDataFormatClauses =
    "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'";

// The sql_mode rows are loaded under (restore and export alike): the one that lets the server
// store again every value it can hold, whatever sql_mode stored it. No strict mode and no
// NO_ZERO_DATE/NO_ZERO_IN_DATE, so zero dates and dates with zero parts load;
// ALLOW_INVALID_DATES, so '2004-02-31' is not turned into a zero date; NO_AUTO_VALUE_ON_ZERO,
// so a stored 0 stays 0; NO_ENGINE_SUBSTITUTION, so a table never silently changes engine.
// Numbers clipped and strings cut on the way in were stored in range and load unchanged.
inline constexpr std::string_view kLoadSqlMode =
    "NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION,ALLOW_INVALID_DATES";

void append_escaped_field(std::string& out, std::string_view value);
inline void append_null_field(std::string& out) {
  out += "\\N";
}

// One line (without its '\n') split back into fields; nullopt for NULL. For tests and for
// readers that turn a payload into something else (export, diff).
std::vector<std::optional<std::string>> parse_load_data_line(std::string_view line);

}  // namespace tdm
