#include "diff/diff_side.hpp"

#include <unistd.h>

#include <atomic>

#include "core/error.hpp"
#include "engine/capture.hpp"
#include "snapshot/metadata.hpp"
#include "snapshot/payload/verification.hpp"
#include "snapshot/store.hpp"

namespace tdm {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kLivePrefix = "db:";

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

fs::path fresh_temporary_dir() {
  static std::atomic<unsigned> counter{0};  // several live sides in one process
  fs::path dir = fs::temp_directory_path() /
                 ("tdm-diff-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

std::string live_database_of(const std::string& spec) {
  return spec.rfind(kLivePrefix, 0) == 0 ? spec.substr(kLivePrefix.size()) : std::string();
}

DiffSide DiffSide::snapshot(const std::string& spec, const fs::path& snapshot_dir) {
  fs::path metadata_path;
  if (ends_with(spec, ".meta.json")) {
    metadata_path = spec;
  } else {
    SnapshotStore store(snapshot_dir);
    auto found = store.find(spec);
    metadata_path =
        found ? found->metadata_path : store.selected(parse_selector(spec)).metadata_path;
  }
  if (!fs::exists(metadata_path)) {
    throw Error(ExitCode::kSnapshot, "snapshot metadata " + metadata_path.string() + " is missing",
                "give the path of an existing .meta.json");
  }
  SnapshotMetadata meta = read_metadata(metadata_path);
  fs::path payload = metadata_path.parent_path() / meta.payload_file;
  verify_payload(payload, meta.payload_sha256);
  std::string id = metadata_path.filename().string();
  id.resize(id.size() - std::string_view(".meta.json").size());
  return DiffSide("snapshot " + id, payload, {});
}

DiffSide DiffSide::live(const ConnectionParams& params, const std::string& database) {
  fs::path dir = fresh_temporary_dir();
  DiffSide side("database " + database + " (" + params.describe() + ")", dir / "live.tdm", dir);
  CaptureOptions options;
  capture_database(params, database, side.payload_, options);
  return side;
}

DiffSide::DiffSide(std::string label, fs::path payload, fs::path temporary_dir)
    : label_(std::move(label)),
      payload_(std::move(payload)),
      temporary_dir_(std::move(temporary_dir)) {}

DiffSide::DiffSide(DiffSide&& other) noexcept
    : label_(std::move(other.label_)),
      payload_(std::move(other.payload_)),
      temporary_dir_(std::move(other.temporary_dir_)) {
  other.temporary_dir_.clear();
}

DiffSide::~DiffSide() {
  if (temporary_dir_.empty()) return;
  std::error_code ignored;
  fs::remove_all(temporary_dir_, ignored);
}

}  // namespace tdm
