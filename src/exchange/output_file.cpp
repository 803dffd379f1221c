#include "exchange/output_file.hpp"

#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "core/files.hpp"

namespace tdm {

namespace {

[[noreturn]] void write_failure(const std::filesystem::path& path, const std::string& reason) {
  throw Error(ExitCode::kInvalidInput, "cannot write " + path.string() + ": " + reason,
              "check that the directory exists, is writable and has space");
}

}  // namespace

OutputFile::OutputFile(std::filesystem::path path)
    : path_(std::move(path)), temporary_(temporary_sibling(path_)) {
  out_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!out_) write_failure(path_, std::strerror(errno));
}

OutputFile::~OutputFile() {
  if (committed_) return;
  out_.close();
  std::error_code ignored;
  std::filesystem::remove(temporary_, ignored);
}

void OutputFile::write(std::string_view bytes) {
  out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out_) write_failure(path_, std::strerror(errno));
}

void OutputFile::commit() {
  out_.flush();
  out_.close();
  if (!out_) write_failure(path_, std::strerror(errno));
  std::error_code error;
  std::filesystem::rename(temporary_, path_, error);
  if (error) write_failure(path_, error.message());
  committed_ = true;
  sync_file(path_);
}

}  // namespace tdm
