#pragma once

#include <string>
#include <string_view>

namespace tdm {

// SHOW CREATE SEQUENCE (`create_sequence`) with the table options only SHOW CREATE TABLE of the
// sequence (`create_table`) shows (MIN_ROWS, MAX_ROWS, AVG_ROW_LENGTH, CHECKSUM, ROW_FORMAT,
// ...): the sequence's own options up to ENGINE=, then every table option but SEQUENCE=1.
// `create_sequence` unchanged when `create_table` has no options part.
std::string sequence_with_table_options(std::string_view create_sequence,
                                        std::string_view create_table);

}  // namespace tdm
