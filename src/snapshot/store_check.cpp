#include "snapshot/store_check.hpp"

#include <system_error>

#include "core/error.hpp"
#include "snapshot/payload/verification.hpp"
#include "snapshot/tablespace_cache.hpp"

namespace tdm {

namespace fs = std::filesystem;

namespace {

StoreFinding check_snapshot(const StoredSnapshot& snapshot) {
  using Verdict = StoreFinding::Verdict;
  if (!snapshot.metadata) return {Verdict::kUnusable, snapshot.id, snapshot.problem};
  if (!snapshot.payload_problem.empty()) {
    return {Verdict::kCorrupt, snapshot.id, snapshot.payload_problem};
  }
  try {
    verify_payload(snapshot.payload_path, snapshot.metadata->payload_sha256);
  } catch (const Error& error) {
    return {Verdict::kCorrupt, snapshot.id, error.what()};
  }
  std::vector<std::string> damaged =
      check_tablespace_cache(snapshot.payload_path, snapshot.metadata->payload_sha256);
  if (!damaged.empty()) {
    std::string detail = "tablespace cache entry " + damaged.front();
    if (damaged.size() > 1) detail += " (and " + std::to_string(damaged.size() - 1) + " more)";
    return {Verdict::kCache, snapshot.id,
            detail + "; fix: delete the entry (a cache: the next restore rebuilds it)"};
  }
  return {Verdict::kOk, snapshot.id, ""};
}

}  // namespace

const char* to_string(StoreFinding::Verdict verdict) {
  switch (verdict) {
    case StoreFinding::Verdict::kOk:
      return "ok";
    case StoreFinding::Verdict::kCorrupt:
      return "CORRUPT";
    case StoreFinding::Verdict::kUnusable:
      return "UNUSABLE";
    case StoreFinding::Verdict::kCache:
      return "CACHE";
    case StoreFinding::Verdict::kLeftover:
      return "LEFTOVER";
  }
  return "?";
}

std::size_t StoreCheck::problems() const {
  std::size_t count = 0;
  for (const StoreFinding& finding : findings) {
    if (finding.verdict != StoreFinding::Verdict::kOk) ++count;
  }
  return count;
}

void StoreCheck::require_no_problems(const fs::path& dir) const {
  if (problems() == 0) return;
  throw Error(ExitCode::kSnapshot,
              std::to_string(problems()) + (problems() == 1 ? " problem" : " problems") + " in " +
                  dir.string() + " (" + std::to_string(snapshots) +
                  (snapshots == 1 ? " snapshot" : " snapshots") + " checked)",
              "see the lines above: 'tdm snapshot prune' removes unusable snapshots and "
              "leftovers; re-create corrupt snapshots");
}

StoreCheck check_store(const SnapshotStore& store, const std::string& id) {
  std::error_code error;
  if (!fs::is_directory(store.dir(), error)) {
    throw Error(ExitCode::kSnapshot,
                "snapshot directory " + store.dir().string() + " does not exist",
                "give the directory the snapshots were created in (--dir)");
  }
  StoreCheck check;
  for (const StoredSnapshot& snapshot : store.list()) {
    if (!id.empty() && snapshot.id != id) continue;
    ++check.snapshots;
    StoreFinding finding = check_snapshot(snapshot);
    if (finding.verdict == StoreFinding::Verdict::kCorrupt) {
      // A capture of the same id may have committed meanwhile and removed the payload this
      // listing named: judge the snapshot as it is now.
      if (auto now = store.find(snapshot.id);
          now && now->metadata && now->metadata->payload_file != snapshot.metadata->payload_file) {
        finding = check_snapshot(*now);
      }
    }
    check.findings.push_back(std::move(finding));
  }
  if (!id.empty() && check.snapshots == 0) {
    throw Error(ExitCode::kSnapshot, "no snapshot " + id + " in " + store.dir().string(),
                "list them with 'tdm snapshot list --dir " + store.dir().string() + "'");
  }
  for (const StoreLeftover& leftover : store.leftovers(id)) {
    check.findings.push_back({StoreFinding::Verdict::kLeftover, leftover.path.filename().string(),
                              leftover.description() + "; fix: 'tdm snapshot prune' removes it"});
  }
  return check;
}

}  // namespace tdm
