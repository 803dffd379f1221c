#pragma once

#include <cstdint>

#include "connection/connection_params.hpp"
#include "snapshot/payload_reader.hpp"

namespace tdm {

// Loads every table's data of the payload into the database `params` names (its tables exist
// and are empty), spreading the tables over `threads` connections, biggest first so the
// connections finish close together. The first failure cancels the loads in flight and is
// rethrown once every thread has stopped. Returns the rows loaded.
std::uint64_t load_all_tables(const ConnectionParams& params, const PayloadFile& file,
                              const PayloadIndex& index, unsigned threads);

}  // namespace tdm
