#include "server/datadir_template.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <system_error>

#include "core/files.hpp"
#include "core/sparse_copy.hpp"
#include "hashing/sha256.hpp"

namespace tdm {

namespace fs = std::filesystem;

namespace {

// Raise when what a template holds or how it is laid out changes: old templates are then
// simply never found again.
constexpr int kTemplateFormat = 1;

// A staging copy this old belongs to a tdm that was killed while writing it (writing takes
// well under a second).
constexpr auto kAbandonedAfter = std::chrono::hours(1);

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool disabled(const Environment& environment) {
  auto setting = environment.get("TDM_DATADIR_CACHE");
  if (!setting) return false;
  std::string value = lower(*setting);
  return value == "0" || value == "off" || value == "no" || value == "false";
}

// The XDG base directory specification says relative paths are to be ignored.
std::optional<fs::path> absolute_setting(const Environment& environment, const char* name) {
  auto value = environment.get(name);
  if (!value || !fs::path(*value).is_absolute()) return std::nullopt;
  return fs::path(*value);
}

std::string trimmed(std::string_view text) {
  auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  return std::string(text);
}

// Removed on destruction (with everything in it) unless kept: a failed or lost write leaves
// nothing behind in the cache.
class StagingDirectory {
 public:
  explicit StagingDirectory(fs::path path) : path_(std::move(path)) { fs::create_directory(path_); }
  ~StagingDirectory() {
    if (kept_) return;
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  StagingDirectory(const StagingDirectory&) = delete;
  StagingDirectory& operator=(const StagingDirectory&) = delete;

  const fs::path& path() const { return path_; }
  void keep() { kept_ = true; }

 private:
  fs::path path_;
  bool kept_ = false;
};

// Staging copies of tdm processes killed while writing (core/files.hpp's temporary_sibling
// names them "<key>.tmp.<pid>.<n>") would otherwise stay forever.
void remove_abandoned_copies(const fs::path& cache) {
  std::error_code error;
  const auto now = fs::file_time_type::clock::now();
  for (const fs::directory_entry& entry : fs::directory_iterator(cache, error)) {
    if (entry.path().filename().string().find(".tmp.") == std::string::npos) continue;
    auto modified = entry.last_write_time(error);
    if (!error && now - modified > kAbandonedAfter) fs::remove_all(entry.path(), error);
  }
}

}  // namespace

std::optional<fs::path> datadir_template_cache(const Environment& environment) {
  if (disabled(environment)) return std::nullopt;
  if (auto dir = absolute_setting(environment, "TDM_CACHE_DIR")) return *dir / "datadir";
  if (auto dir = absolute_setting(environment, "XDG_CACHE_HOME")) return *dir / "tdm" / "datadir";
  if (auto dir = absolute_setting(environment, "HOME")) return *dir / ".cache" / "tdm" / "datadir";
  return std::nullopt;
}

DatadirTemplate::DatadirTemplate(fs::path cache, std::string server_version,
                                 std::vector<std::string> install_arguments)
    : cache_(std::move(cache)),
      server_version_(trimmed(server_version)),
      install_arguments_(std::move(install_arguments)),
      // The manifest lists exactly what the key is made of, one item a line.
      key_(sha256_hex(manifest_text())),
      directory_(cache_ / key_) {}

std::string DatadirTemplate::manifest_text() const {
  std::string text = "tdm datadir template format " + std::to_string(kTemplateFormat) + "\n";
  text += "server: " + server_version_ + "\n";
  for (const std::string& argument : install_arguments_) text += "install: " + argument + "\n";
  return text;
}

bool DatadirTemplate::complete() const {
  std::error_code error;
  return fs::is_regular_file(manifest(), error);
}

bool DatadirTemplate::copy_to(const fs::path& data_dir) const noexcept {
  if (!complete()) return false;
  try {
    copy_tree_sparse(directory_ / "data", data_dir, /*sync=*/false);
    return true;
  } catch (const std::exception&) {
    std::error_code ignored;
    fs::remove_all(data_dir, ignored);
    return false;
  }
}

bool DatadirTemplate::save(const fs::path& data_dir) const noexcept {
  try {
    std::error_code error;
    // Complete or not, an existing template is left alone: readers may be copying it, and
    // tdm's writes never leave an incomplete one (delete such a directory to have it rebuilt).
    if (fs::exists(directory_, error) || error) return false;
    fs::create_directories(cache_);
    remove_abandoned_copies(cache_);
    StagingDirectory staging(temporary_sibling(directory_));
    // Synced: a template that lost data in a crash would break every later start.
    copy_tree_sparse(data_dir, staging.path() / "data", /*sync=*/true);
    atomic_write_file(staging.path() / "manifest", manifest_text());
    // Fails when another tdm renamed its copy into place first; then ours is discarded.
    fs::rename(staging.path(), directory_, error);
    if (error) return false;
    staging.keep();
    sync_file(directory_);  // the rename itself, in the cache directory
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace tdm
