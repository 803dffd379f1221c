#pragma once

#include <optional>
#include <string>

#include "connection/connection.hpp"
#include "engine/reset/reset_records.hpp"
#include "engine/restore.hpp"
#include "snapshot/payload/reader.hpp"
#include "state/bookkeeping.hpp"

namespace tdm {

// Why the records do not say that `target.target_database` was last brought to exactly
// `target`'s payload by a restore or reset that finished (empty when they do): no state row,
// an unfinished one, no reset point, another payload, or a point another command made stale.
std::string why_not_resettable(const std::optional<StateRecord>& state,
                               const std::optional<ResetPoint>& point, const PayloadTarget& target);

// Why `target.target_database` cannot be proven, without reading a row, to be exactly as a
// reset or restore left it from `target`'s payload (empty when it can): the records above,
// then the definitions against the payload's (schema_match.hpp; AUTO_INCREMENT counters and
// sequences included), then every table's change signals against the baseline recorded then
// (change_signals.hpp), under the same server incarnation; a table no signal covers (not InnoDB,
// partitioned) by its CHECKSUM TABLE against the one recorded when it was restored. Read-only;
// `control` is a restore session without a current database, `records` open on it.
std::string why_not_untouched(const ConnectionParams& params, Connection& control,
                              ResetRecords& records, const PayloadTarget& target,
                              const PayloadIndex& index);

}  // namespace tdm
