#pragma once

#include <string>

#include "snapshot/payload/reader.hpp"

namespace tdm {

// The SHA-256 (hex) of every object definition a payload holds — tables without their
// AUTO_INCREMENT counters, sequences, routines, views, triggers, events — in a fixed order, and
// of nothing else: not the rows, not a sequence's next value, not the database's name. Two
// snapshots with equal fingerprints have equal schemas, whatever their data.
std::string schema_fingerprint(const PayloadIndex& index);

}  // namespace tdm
