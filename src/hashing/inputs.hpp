#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tdm {

struct InputFile {
  // Path relative to the base directory in '/' form ("seeders/UserSeeder.php"); a file
  // outside the base keeps its absolute path. This is the name recorded in manifests.
  std::string name;
  std::filesystem::path path;  // absolute
};

struct InputSet {
  std::vector<InputFile> files;  // sorted by name, no duplicates
  // Every directory that was listed to find the files (absolute, sorted): adding or removing
  // a file changes a directory's mtime, so build tools watch these too (see depfile.hpp).
  std::vector<std::filesystem::path> directories;
};

// Expands input specs into the files whose content makes up the data model. A spec is
//   - a file;
//   - a directory: every regular file below it, recursively (only `.git` is skipped);
//   - a glob: `*`, `?` and `[...]` within one path component, `**` as a whole component for
//     any number of directories (zero included). A directory it matches counts as a
//     directory spec. A glob that matches nothing adds nothing.
// Relative specs are resolved against `base`. A literal file or directory that does not
// exist throws Error(kInvalidInput).
InputSet collect_inputs(const std::vector<std::string>& specs, const std::filesystem::path& base);

}  // namespace tdm
