#include "hashing/depfile.hpp"

namespace tdm {

namespace {

std::string escape_for_make(const std::string& path) {
  std::string escaped;
  escaped.reserve(path.size());
  for (char c : path) {
    if (c == ' ' || c == '#') escaped += '\\';
    if (c == '$') escaped += '$';
    escaped += c;
  }
  return escaped;
}

}  // namespace

std::string format_depfile(const std::string& target, const InputSet& inputs) {
  std::string text = escape_for_make(target) + ":";
  auto add = [&text](const std::string& dependency) {
    text += " \\\n  " + escape_for_make(dependency);
  };
  for (const InputFile& file : inputs.files) add(file.path.string());
  for (const auto& directory : inputs.directories) add(directory.string());
  return text + "\n";
}

}  // namespace tdm
