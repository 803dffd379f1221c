#pragma once

#include <filesystem>
#include <string>

#include "connection/connection_params.hpp"

namespace tdm {

// One side of a diff, as a verified payload on disk: a stored snapshot, or a live database
// captured for the diff into a temporary payload (so both kinds compare the same way), which
// is removed again with the side.
class DiffSide {
 public:
  // A snapshot: `spec` is the path of a `.meta.json`, a snapshot id in `snapshot_dir`, or else
  // a selector `name[@version][:tier]` (the newest usable snapshot it names there). Throws
  // Error(kInvalidInput) for a spelling that is none of these, Error(kSnapshot) when the
  // snapshot is missing, malformed or fails its checksum.
  static DiffSide snapshot(const std::string& spec, const std::filesystem::path& snapshot_dir);
  // The database `database` on the server of `params`, captured now (rows only).
  static DiffSide live(const ConnectionParams& params, const std::string& database);

  ~DiffSide();
  DiffSide(DiffSide&& other) noexcept;
  DiffSide(const DiffSide&) = delete;
  DiffSide& operator=(const DiffSide&) = delete;
  DiffSide& operator=(DiffSide&&) = delete;

  const std::string& label() const { return label_; }
  const std::filesystem::path& payload() const { return payload_; }

 private:
  DiffSide(std::string label, std::filesystem::path payload, std::filesystem::path temporary_dir);

  std::string label_;
  std::filesystem::path payload_;
  std::filesystem::path temporary_dir_;  // non-empty: owned, removed by the destructor
};

// Whether a side spec names a live database ("db:NAME"); the name when it does.
std::string live_database_of(const std::string& spec);

}  // namespace tdm
