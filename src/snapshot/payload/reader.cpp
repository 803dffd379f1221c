#include "snapshot/payload/reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "snapshot/payload/encoding.hpp"
#include "snapshot/payload/errors.hpp"
#include "snapshot/payload/format.hpp"

namespace tdm {

namespace {

using Fields = std::vector<std::string>;

// Reads the payload front to back through PayloadFile, remembering the position.
class Cursor {
 public:
  explicit Cursor(const PayloadFile& file) : file_(file) {}

  std::uint64_t position() const { return position_; }
  bool at_end() const { return position_ >= file_.size(); }

  std::string bytes(std::size_t length) {
    std::string value = file_.read_exact(position_, length);
    position_ += length;
    return value;
  }
  std::uint64_t integer(int width) {
    std::string raw = bytes(static_cast<std::size_t>(width));
    return payload::get_le(raw.data(), width);
  }
  void skip(std::uint64_t length) {
    if (length > file_.size() - position_) {
      throw payload_truncated(
          file_.path(), "ends at byte " + std::to_string(file_.size()) + " inside table data");
    }
    position_ += length;
  }

 private:
  const PayloadFile& file_;
  std::uint64_t position_ = 0;
};

class IndexParser {
 public:
  explicit IndexParser(const PayloadFile& file) : file_(file), cursor_(file_) {}

  PayloadIndex parse() {
    read_header();
    for (;;) {
      std::uint64_t section_start = cursor_.position();
      char kind = static_cast<char>(cursor_.integer(1));
      Fields fields = read_fields(kind);
      if (kind == static_cast<char>(payload::SectionKind::kEnd)) {
        read_end(fields, section_start);
        return std::move(index_);
      }
      read_section(kind, std::move(fields));
      ++sections_;
    }
  }

 private:
  void read_header() {
    std::string magic(payload::kMagic.size() + 4, '\0');
    std::size_t got = file_.read_at(0, magic.data(), magic.size());
    magic.resize(got);
    std::string_view expected = payload::kMagic;
    if (magic.substr(0, expected.size()) != expected.substr(0, std::min(got, expected.size()))) {
      throw payload_foreign(file_.path(), "not a TDM snapshot payload");
    }
    cursor_.bytes(expected.size());
    index_.format_version = static_cast<std::uint32_t>(cursor_.integer(4));
    if (index_.format_version != payload::kFormatVersion) {
      // Older formats are not read: a snapshot is a cache of seeded data, captured again
      // (AUTO does it by itself) faster than old layouts could be maintained.
      throw payload_foreign(
          file_.path(), "format version " + std::to_string(index_.format_version) +
                            ", this tdm reads format " + std::to_string(payload::kFormatVersion));
    }
    index_.file_bytes = file_.size();
  }

  Fields read_fields(char kind) {
    std::uint64_t count = cursor_.integer(4);
    if (count > payload::kMaxFieldCount) corrupt("implausible field count", kind);
    Fields fields;
    fields.reserve(count);
    for (std::uint64_t i = 0; i < count; ++i) {
      std::uint64_t length = cursor_.integer(8);
      if (length > payload::kMaxFieldBytes) corrupt("implausible field length", kind);
      fields.push_back(cursor_.bytes(static_cast<std::size_t>(length)));
    }
    return fields;
  }

  void read_section(char kind, Fields fields) {
    switch (static_cast<payload::SectionKind>(kind)) {
      case payload::SectionKind::kDatabase:
        require(fields, 5, kind);
        index_.database = {fields[0], fields[1], fields[2], fields[3], fields[4]};
        return;
      case payload::SectionKind::kSequence:
        require(fields, 3, kind);
        index_.sequences.push_back({fields[0], fields[1], fields[2], "0"});
        if (fields.size() > 3) index_.sequences.back().cycle_count = fields[3];
        return;
      case payload::SectionKind::kTable:
        require(fields, 2, kind);
        index_.tables.push_back({fields[0], fields[1]});
        return;
      case payload::SectionKind::kObject:
        require(fields, 7, kind);
        index_.objects.push_back({fields[0], fields[1], fields[2], fields[3], fields[4], fields[5],
                                  fields[6], fields.size() > 7 ? fields[7] : ""});
        return;
      case payload::SectionKind::kData:
        read_data(fields, kind);
        return;
      case payload::SectionKind::kEnd:
        break;
    }
    corrupt("unknown section", kind);
  }

  void read_data(const Fields& fields, char kind) {
    require(fields, 1, kind);
    if (fields.size() % 2 != 1) corrupt("odd column list", kind);
    TableData data;
    data.layout.table = fields[0];
    for (std::size_t i = 1; i < fields.size(); i += 2) {
      data.layout.columns.push_back({fields[i], column_encoding_from_string(fields[i + 1])});
    }
    for (;;) {
      std::uint64_t length = cursor_.integer(8);
      if (length == 0) break;
      data.chunks.push_back({cursor_.position(), length});
      data.bytes += length;
      cursor_.skip(length);
    }
    data.rows = cursor_.integer(8);
    index_.data.push_back(std::move(data));
  }

  void read_end(const Fields& fields, std::uint64_t section_start) {
    require(fields, 2, static_cast<char>(payload::SectionKind::kEnd));
    if (fields[0] != std::to_string(sections_)) {
      throw payload_corrupt(file_.path(), "the end section counts " + fields[0] +
                                              " sections, the file has " +
                                              std::to_string(sections_));
    }
    if (!cursor_.at_end()) {
      throw payload_corrupt(file_.path(), std::to_string(file_.size() - cursor_.position()) +
                                              " unexpected bytes after the end section");
    }
    index_.end_offset = section_start;
    index_.recorded_sha256 = fields[1];
  }

  void require(const Fields& fields, std::size_t count, char kind) {
    if (fields.size() < count) corrupt("too few fields", kind);
  }

  [[noreturn]] void corrupt(const std::string& what, char kind) {
    throw payload_corrupt(file_.path(), what + " in section '" + std::string(1, kind) +
                                            "' at byte " + std::to_string(cursor_.position()));
  }

  const PayloadFile& file_;
  Cursor cursor_;
  PayloadIndex index_;
  std::uint64_t sections_ = 0;
};

}  // namespace

PayloadFile::PayloadFile(const std::filesystem::path& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0 && errno == ENOENT) throw payload_missing(path);
  struct stat info {};
  if (fd_ < 0 || ::fstat(fd_, &info) != 0) {
    throw Error(ExitCode::kSnapshot,
                "cannot read snapshot payload " + path.string() + ": " + std::strerror(errno),
                "check the file's permissions");
  }
  size_ = static_cast<std::uint64_t>(info.st_size);
}

PayloadFile::~PayloadFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t PayloadFile::read_at(std::uint64_t offset, char* out, std::size_t length) const {
  ssize_t got = read_fully_at(fd_, out, length, static_cast<off_t>(offset));
  if (got < 0) {
    throw Error(ExitCode::kSnapshot,
                "cannot read snapshot payload " + path_.string() + ": " + std::strerror(errno),
                "check the disk and the file's permissions");
  }
  return static_cast<std::size_t>(got);
}

std::string PayloadFile::read_exact(std::uint64_t offset, std::size_t length) const {
  std::string bytes;
  read_exact_into(offset, length, bytes);
  return bytes;
}

void PayloadFile::read_exact_into(std::uint64_t offset, std::size_t length,
                                  std::string& bytes) const {
  bytes.resize(length);
  if (read_at(offset, bytes.data(), length) != length) {
    throw payload_truncated(path_, "ends at byte " + std::to_string(size_) + ", " +
                                       std::to_string(offset + length - size_) +
                                       " bytes short of the next item");
  }
}

PayloadIndex read_payload_index(const PayloadFile& file) {
  return IndexParser(file).parse();
}

PayloadIndex read_payload_index(const std::filesystem::path& path) {
  return read_payload_index(PayloadFile(path));
}

void for_each_row(const PayloadFile& file, const TableData& data,
                  const std::function<void(std::string_view line)>& on_row) {
  std::string text;  // one buffer for every chunk: a fresh one would be fresh pages each time
  for (const DataChunk& chunk : data.chunks) {
    file.read_exact_into(chunk.offset, static_cast<std::size_t>(chunk.size), text);
    std::string_view rest = text;
    while (!rest.empty()) {
      std::size_t end = rest.find('\n');
      if (end == std::string_view::npos) {
        throw payload_corrupt(file.path(),
                              "table data of '" + data.layout.table + "' ends inside a row");
      }
      on_row(rest.substr(0, end));
      rest.remove_prefix(end + 1);
    }
  }
}

const TableData* PayloadIndex::data_of(const std::string& table) const {
  for (const TableData& section : data) {
    if (section.layout.table == table) return &section;
  }
  return nullptr;
}

std::string PayloadIndex::create_statement_of(const std::string& table) const {
  for (const TableDefinition& definition : tables) {
    if (definition.name == table) return definition.create_statement;
  }
  return "";
}

}  // namespace tdm
