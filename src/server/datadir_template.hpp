#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/environment.hpp"

namespace tdm {

// Where cached datadir templates live: "datadir" under $TDM_CACHE_DIR, else under
// $XDG_CACHE_HOME/tdm, else under $HOME/.cache/tdm. None when TDM_DATADIR_CACHE is 0 (or off,
// no, false), or when none of these variables is usable.
std::optional<std::filesystem::path> datadir_template_cache(const Environment& environment);

// A pristine datadir exactly as mariadb-install-db left it (no server has run on it), cached
// so that a server on a fresh directory copies it (~0.03 s) instead of running
// mariadb-install-db (0.6 s on an idle machine, up to 5 s under load).
//
// It lives in <cache>/<key>/: `data/` and `manifest`. The key is the SHA-256 of everything
// that makes two initialised datadirs differ: the server's `--version` line, the exact
// mariadb-install-db arguments and the template format. A template is written to a temporary
// sibling, its manifest last, and renamed into place, so a directory with a manifest is whole;
// one without is ignored. A complete template is never modified or removed by tdm, so
// readers need no lock; writers that lose the rename race discard their copy.
class DatadirTemplate {
 public:
  DatadirTemplate(std::filesystem::path cache, std::string server_version,
                  std::vector<std::string> install_arguments);

  const std::string& key() const { return key_; }
  const std::filesystem::path& directory() const { return directory_; }
  std::filesystem::path manifest() const { return directory_ / "manifest"; }
  bool complete() const;

  // Copies the template into `data_dir`, which must not exist. Returns false, with whatever
  // was copied removed again, when the template is not complete or the copy fails: the caller
  // then initialises the datadir itself.
  bool copy_to(const std::filesystem::path& data_dir) const noexcept;

  // Caches `data_dir` as this template unless the template directory exists already. Returns
  // whether it did. Never throws: a cache that cannot be written (read-only, full) only
  // means the next fresh datadir is initialised again.
  bool save(const std::filesystem::path& data_dir) const noexcept;

 private:
  std::string manifest_text() const;

  std::filesystem::path cache_;
  std::string server_version_;
  std::vector<std::string> install_arguments_;
  std::string key_;
  std::filesystem::path directory_;
};

}  // namespace tdm
