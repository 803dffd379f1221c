#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace tdm {

// A file without a name in `directory` (opened on the first append) for bytes that are written
// once, read back once later and then forgotten: the rows a capture reads ahead of their turn
// beyond what it keeps in memory. Nothing of it outlives the object, nor the process if it is
// killed. One thread appends; any thread may read what an append has returned.
class SpillFile {
 public:
  explicit SpillFile(std::filesystem::path directory);
  ~SpillFile();
  SpillFile(SpillFile&& other) noexcept;
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;
  SpillFile& operator=(SpillFile&&) = delete;

  // Returns the offset the bytes went to. Throws Error(kSnapshot) when they cannot be written.
  std::uint64_t append(std::string_view bytes);
  // Replaces `out` with `bytes` bytes from `offset`, which an append returned.
  void read(std::uint64_t offset, std::size_t bytes, std::string& out) const;

 private:
  void open();
  [[noreturn]] void fail(const std::string& action, const std::string& reason) const;

  std::filesystem::path directory_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

}  // namespace tdm
