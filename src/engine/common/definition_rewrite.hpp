#pragma once

#include <string>
#include <string_view>

namespace tdm {

// `statement` with every `database`. qualifier removed from identifiers, outside string
// literals. SHOW CREATE TABLE names some objects of the table's own database with the
// database's name (e.g. DEFAULT nextval(`db`.`seq`)); without this, a copy restored under
// another name would keep pointing into the original database.
std::string without_database_qualifier(std::string_view statement, std::string_view database);

// SHOW CREATE SEQUENCE (`create_sequence`) with the table options only SHOW CREATE TABLE of the
// sequence (`create_table`) shows (MIN_ROWS, MAX_ROWS, AVG_ROW_LENGTH, CHECKSUM, ROW_FORMAT,
// ...): the sequence's own options up to ENGINE=, then every table option but SEQUENCE=1.
// `create_sequence` unchanged when `create_table` has no options part.
std::string sequence_with_table_options(std::string_view create_sequence,
                                        std::string_view create_table);

}  // namespace tdm
