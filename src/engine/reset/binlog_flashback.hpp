#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "engine/reset/binlog_events.hpp"
#include "engine/reset/binlog_script.hpp"

namespace tdm {

// The undo of every row change `log` holds for `database`. Each row event is inverted: an
// insert becomes a delete of the same rows and a delete an insert, an update swaps its before
// and after images. The newest event comes first and, within it, the newest row, so that rows
// depending on each other come back in the order they can. Each inverted event follows its
// table map and ends its own statement. They travel as BINLOG statements of at most
// `statement_budget` bytes of events (one event alone may be larger), each opened by the log's
// format description, inside one transaction: a refusal part-way undoes nothing.
// nullopt when an event of `database` cannot be inverted here (compressed or version 2 row
// events, a column this reader cannot size) or any row event comes without its table map.
// Other databases' events are only read as far as their table maps.
std::optional<UndoScript> flashback_script(const LogExcerpt& log, std::string_view database,
                                           std::size_t statement_budget = 1 << 20);

}  // namespace tdm
