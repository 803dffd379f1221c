#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace tdm {

// Whole-file helpers. Writers go through a temporary name in the same directory, (fsync) and
// rename, so a reader sees the old content or the new one, never a torn file.

std::string read_file(const std::filesystem::path& path);  // throws Error(kInvalidInput)

// kSynced also survives a power loss whole or not at all. kUnsynced is atomic only against
// other processes and crashes of this one (after a power loss the file may be empty): for
// files their readers check and recreate anyway, where a sync would only cost time.
enum class Durability { kSynced, kUnsynced };

void atomic_write_file(const std::filesystem::path& path, std::string_view content,
                       Durability durability = Durability::kSynced);

// Writes only when the content differs (keeps the mtime otherwise, for build restat).
// Returns true when the file was (re)written.
bool write_file_if_changed(const std::filesystem::path& path, std::string_view content);

// A unique temporary sibling of `path` ("<name>.tmp.<pid>.<n>"), for writers that stream.
std::filesystem::path temporary_sibling(const std::filesystem::path& path);

// A file written under a temporary name (e.g. temporary_sibling(target)): removed when it goes,
// unless it was renamed into place first.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::filesystem::path path) : path_(std::move(path)) {}
  ~TemporaryFile();
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Throws std::filesystem::filesystem_error when the rename fails (the file is kept).
  void rename_to(const std::filesystem::path& target);

 private:
  std::filesystem::path path_;
};

// fsync a file and then its directory entry's directory.
void sync_file(const std::filesystem::path& path);

}  // namespace tdm
