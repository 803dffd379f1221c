#pragma once

#include <set>
#include <string>

#include "engine/reset/binlog_script.hpp"
#include "engine/reset/cascade_closure.hpp"
#include "engine/reset/change_signals.hpp"

namespace tdm {

// Which tables a reset must look at, and which of those the undo from the binary log brings
// back for certain.
struct Suspects {
  std::set<std::string> tables;     // may differ from the snapshot
  std::set<std::string> explained;  // of them: every change the server counted was logged
  // Of them: InnoDB changed rows that no statement did, a foreign key's cascade or SET NULL.
  // They differ from the snapshot (unless one cascade undid another), so a checksum would
  // only confirm that before their reload.
  std::set<std::string> changed_by_cascade;
  // Of changed_by_cascade: tables no statement changed, which only cascades can have reached
  // (ON DELETE CASCADE, SET NULL), from parent rows deleted as the log shows or themselves in
  // this set (whose changed rows are known once put back): their changed rows are among the
  // payload's rows naming those parents' keys (cascade_refill.hpp puts those back).
  std::set<std::string> changed_by_known_cascades;
  Cascades cascades;  // the cascading foreign keys followed
};

// `tables`: those whose change signals moved (change_signals.hpp), all of them after a server
// restart, those with logged rows, and those cascades can reach from any of these.
// `explained`: tables the undo alone restores, so that no checksum needs to confirm it: the
// user statistics counted exactly as many changed rows as the log holds (more means changes
// the log missed: a rolled-back or unlogged statement), the table was not recreated (TRUNCATE),
// InnoDB counted no more modifications than that (more: cascaded changes), and no cascade can
// reach it. A parent whose logged changes include no delete (no update) is not followed along
// its ON DELETE (ON UPDATE) cascades. `changed_by_cascade`: tables whose user statistics
// counted exactly the rows the log holds (none when nothing is logged) and that were not
// recreated, while InnoDB counted more modifications: rows changed below the SQL layer, which
// only a cascade does (a rolled-back or unlogged statement shows in the user statistics).
// `undo` is null when there is none.
Suspects assess_suspects(const DatabaseSignals& baseline, const DatabaseSignals& now,
                         bool restarted, const std::set<std::string>& all_tables,
                         const UndoScript* undo, const Cascades& cascades);

}  // namespace tdm
