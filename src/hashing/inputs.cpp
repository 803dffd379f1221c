#include "hashing/inputs.hpp"

#include <fnmatch.h>

#include <map>
#include <set>

#include "core/error.hpp"

namespace tdm {

namespace fs = std::filesystem;

namespace {

// Globs are matched one path component at a time with fnmatch(3) (so `*` never crosses a
// '/'); `**` and the directory walk are ours. Wildcards match dotfiles too, like a directory
// spec does. Symlinked directories are not descended into (no cycles); symlinked files count.

bool has_wildcard(std::string_view text) {
  return text.find_first_of("*?[") != std::string_view::npos;
}

// "/a/b/" would compare unequal to "/a/b" as a name or in lexically_relative().
fs::path without_trailing_separator(const fs::path& path) {
  return !path.has_filename() && path.has_relative_path() ? path.parent_path() : path;
}

bool is_skipped_directory(const fs::path& name) {
  return name == ".git";
}

class Collector {
 public:
  explicit Collector(const fs::path& base) : base_(base) {}

  void add_spec(const std::string& spec) {
    fs::path path = without_trailing_separator((base_ / spec).lexically_normal());
    std::error_code error;
    fs::file_status status = fs::status(path, error);
    if (fs::exists(status)) return add_existing(path, status, spec);
    if (error && error != std::errc::no_such_file_or_directory &&
        error != std::errc::not_a_directory) {
      throw Error(ExitCode::kInvalidInput, "cannot access input '" + spec + "': " + error.message(),
                  "check the permissions of the path");
    }
    if (!has_wildcard(spec)) {
      throw Error(ExitCode::kInvalidInput, "input '" + spec + "' does not exist",
                  "check the path (relative inputs are resolved against " + base_.string() +
                      ") or remove it from the inputs");
    }
    std::vector<std::string> components;
    for (const fs::path& component : path.relative_path()) {
      if (!component.empty()) components.push_back(component.string());
    }
    expand_glob(path.root_path(), components, 0);
  }

  InputSet take() {
    InputSet inputs;
    for (auto& [name, path] : files_) inputs.files.push_back({name, std::move(path)});
    inputs.directories.assign(directories_.begin(), directories_.end());
    return inputs;
  }

 private:
  void add_existing(const fs::path& path, fs::file_status status, const std::string& spec) {
    if (fs::is_regular_file(status)) return add_file(path);
    if (fs::is_directory(status)) return add_directory(path);
    throw Error(ExitCode::kInvalidInput, "input '" + spec + "' is not a regular file or directory",
                "name files, directories or globs in the inputs");
  }

  void add_file(const fs::path& path) {
    fs::path relative = path.lexically_relative(base_);
    bool inside_base = !relative.empty() && *relative.begin() != "..";
    files_.emplace((inside_base ? relative : path).generic_string(), path);
  }

  void add_directory(const fs::path& directory) {
    for_each_entry(directory, [&](const fs::directory_entry& entry) {
      if (is_directory(entry)) {
        if (is_walked_directory(entry)) add_directory(entry.path());
      } else if (is_regular_file(entry)) {  // symlinks to files included
        add_file(entry.path());
      }
    });
  }

  // Matches components[index...] below `directory`.
  void expand_glob(const fs::path& directory, const std::vector<std::string>& components,
                   std::size_t index) {
    const std::string& component = components[index];
    bool last = index + 1 == components.size();
    if (component == "**") {
      if (last) return add_directory(directory);
      expand_glob(directory, components, index + 1);  // `**` as zero directories
      for_each_entry(directory, [&](const fs::directory_entry& entry) {
        if (is_walked_directory(entry)) {
          expand_glob(entry.path(), components, index);
        }
      });
    } else if (!has_wildcard(component)) {
      match(directory / component, components, index, last);
    } else {
      for_each_entry(directory, [&](const fs::directory_entry& entry) {
        std::string name = entry.path().filename().string();
        if (is_directory(entry) && !is_walked_directory(entry)) return;
        if (::fnmatch(component.c_str(), name.c_str(), 0) == 0) {
          match(entry.path(), components, index, last);
        }
      });
    }
  }

  void match(const fs::path& path, const std::vector<std::string>& components, std::size_t index,
             bool last) {
    std::error_code error;
    fs::file_status status = fs::status(path, error);
    if (fs::is_directory(status)) {
      if (last) return add_directory(path);
      return expand_glob(path, components, index + 1);
    }
    if (last && fs::is_regular_file(status)) return add_file(path);
    // A literal component that does not exist yet: creating it changes the parent's mtime.
    if (!fs::exists(status)) directories_.insert(path.parent_path());
  }

  // Lists one directory and records it as scanned.
  template <typename Visit>
  void for_each_entry(const fs::path& directory, Visit visit) {
    directories_.insert(directory);
    std::error_code error;
    fs::directory_iterator entries(directory, error);
    for (; !error && entries != fs::directory_iterator(); entries.increment(error)) {
      visit(*entries);
    }
    if (error) {
      throw Error(ExitCode::kInvalidInput,
                  "cannot list input directory " + directory.string() + ": " + error.message(),
                  "check that the directory is readable");
    }
  }

  static bool is_regular_file(const fs::directory_entry& entry) {
    std::error_code error;
    return entry.is_regular_file(error);
  }

  static bool is_directory(const fs::directory_entry& entry) {
    std::error_code error;
    return entry.is_directory(error);
  }

  // Directories below a spec that we descend into: not `.git`, not a symlink.
  static bool is_walked_directory(const fs::directory_entry& entry) {
    std::error_code error;
    return entry.is_directory(error) && !entry.is_symlink(error) &&
           !is_skipped_directory(entry.path().filename());
  }

  fs::path base_;
  std::map<std::string, fs::path> files_;  // name -> path: sorted and deduplicated by name
  std::set<fs::path> directories_;
};

}  // namespace

InputSet collect_inputs(const std::vector<std::string>& specs, const fs::path& base) {
  Collector collector(without_trailing_separator(fs::absolute(base).lexically_normal()));
  for (const std::string& spec : specs) collector.add_spec(spec);
  return collector.take();
}

}  // namespace tdm
