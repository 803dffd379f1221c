#pragma once

#include <filesystem>
#include <fstream>
#include <string_view>

namespace tdm {

// A file written as a stream under a temporary name beside its destination and renamed into
// place by commit(), so a reader never finds a half-written export. Destroyed without
// commit() (an exception part-way), it removes the temporary file.
class OutputFile {
 public:
  explicit OutputFile(std::filesystem::path path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(std::string_view bytes);
  // Flushes, syncs and renames to the destination. Throws Error(kInvalidInput) on failure.
  void commit();

 private:
  std::filesystem::path path_;
  std::filesystem::path temporary_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace tdm
