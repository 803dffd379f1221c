#pragma once

#include <cstdint>
#include <string_view>

namespace tdm::payload {

// The snapshot payload (`<id>.tdm`): one binary file holding a whole database, laid out so
// that a restore can verify it in one sequential read and then load every table with
// LOAD DATA LOCAL INFILE straight from the file, several tables at once.
//
//   file    := magic "TDM-SNAP" | version u32 | section* | end
//   section := kind u8 | field_count u32 | (length u64 | bytes)*      (all integers LE)
//   data    := section of kind 'D' | chunk* | u64 0 | rows u64
//   chunk   := length u64 (> 0) | whole rows of LOAD DATA text (tab-separated, `\N` = NULL,
//              backslash escapes), at most one chunk's worth each (1 MiB by default)
//   end     := section of kind 'Z' with fields [section count, SHA-256 of all bytes before it]
//
// Sections come in restore order: the database ('B'), sequences ('Q') and tables ('T')
// (schema), their data ('D'), then stored objects ('O': routines, views, triggers, events),
// which are created after the data so triggers never fire on loaded rows. The end section has
// a fixed place, so a truncated file is recognised as truncated, not merely as "corrupt"; the
// SHA-256 of the whole file (end section included) is what the metadata records.
//
// Restore atomicity ("mark completion last"): the restore records the target as `restoring`
// in the `_tdm` bookkeeping before it touches the database and as `restored` only after every
// section was applied, so a restore that fails or is killed part-way is never trusted.

inline constexpr std::string_view kMagic = "TDM-SNAP";
inline constexpr std::uint32_t kFormatVersion = 1;

enum class SectionKind : char {
  kDatabase = 'B',  // [name, charset, collation, comment, server version]
  kSequence = 'Q',  // [name, CREATE SEQUENCE, next value]
  kTable = 'T',     // [name, CREATE TABLE]
  kData = 'D',      // [table, (column, encoding)*] then chunks
  kObject = 'O',    // [type, name, CREATE ..., sql_mode, charset client, collation, time zone]
  kEnd = 'Z',       // [section count, SHA-256 hex of everything before this section]
};

// Upper bound for one length-prefixed field, so a corrupt length never makes a reader
// allocate gigabytes: larger than any CREATE statement the server accepts (max_allowed_packet
// is at most 1 GiB).
inline constexpr std::uint64_t kMaxFieldBytes = std::uint64_t{1} << 30;
inline constexpr std::uint32_t kMaxFieldCount = 1u << 16;  // > MariaDB's 4096 columns * 2

}  // namespace tdm::payload
