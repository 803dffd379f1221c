#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tdm::payload {

// The snapshot payload (`<id>.tdm`): one binary file holding a whole database, portable to
// any MariaDB/MySQL server, laid out so that a restore can verify it in one sequential read
// and then fill every table straight from the file, several tables at once, with LOAD DATA
// LOCAL INFILE. (The faster, server-specific form — InnoDB tablespace copies — is a cache
// kept beside the payload: snapshot/tablespace_cache.hpp. Format 1 carried such copies
// inside; format 2 has none, and format 1 payloads are captured again.)
//
//   file       := magic "TDM-SNAP" | version u32 | section* | end      (integers LE)
//   section    := kind u8 | field_count u32 | (length u64 | bytes)*
//   data       := section 'D' | chunk* | u64 0 | rows u64
//   chunk      := length u64 (> 0) | whole rows of LOAD DATA text (tab-separated, `\N` for
//                 NULL, backslash escapes), about 256 KiB each
//   end        := section 'Z' with fields [section count, SHA-256 of all bytes before it]
//
// Sections come in restore order: the database ('B'), sequences ('Q') and tables ('T'), every
// table's rows ('D', in any order of tables), then stored objects ('O': routines, views, triggers,
// events), created after the data so triggers never fire on loaded rows. The end section is found
// at a fixed distance from the end of the file, so a truncated file is recognised as truncated, not
// merely as corrupt. The SHA-256 of the whole file (end section included) is what the
// metadata records.
//
// Restore atomicity ("mark completion last"): the restore records the target as `restoring`
// in the `_tdm` bookkeeping before it touches the database and as `restored` only after every
// section was applied, so a restore that fails or is killed part-way is never trusted.

inline constexpr std::string_view kMagic = "TDM-SNAP";
inline constexpr std::uint32_t kFormatVersion = 2;

enum class SectionKind : char {
  kDatabase = 'B',  // [name, charset, collation, comment, server version]
  kSequence =
      'Q',       // [name, CREATE SEQUENCE, next value, cycle count (absent before it was recorded)]
  kTable = 'T',  // [name, CREATE TABLE]
  kData = 'D',   // [table, (column, encoding)*] then chunks
  kObject = 'O',  // [type, name, CREATE ..., sql_mode, charset client, collation, time zone,
                  //  database collation (absent in older payloads)]
  kEnd = 'Z',     // [section count, SHA-256 hex of everything before this section]
};

// Upper bound for one length-prefixed field, so a corrupt length never makes a reader
// allocate gigabytes: larger than any CREATE statement the server accepts (max_allowed_packet
// is at most 1 GiB).
inline constexpr std::uint64_t kMaxFieldBytes = std::uint64_t{1} << 30;
inline constexpr std::uint32_t kMaxFieldCount = 1u << 16;  // > MariaDB's 4096 columns * 2

}  // namespace tdm::payload
