#include "snapshot/payload/verification.hpp"

#include <algorithm>
#include <vector>

#include "core/error.hpp"
#include "hashing/sha256.hpp"
#include "snapshot/payload/encoding.hpp"
#include "snapshot/payload/errors.hpp"
#include "snapshot/payload/format.hpp"
#include "snapshot/payload/reader.hpp"

namespace tdm {

namespace {

constexpr std::size_t kBlockBytes = std::size_t{1} << 20;

// SHA-256 of the first `length` bytes of the file.
std::string digest_of_prefix(const PayloadFile& file, std::uint64_t length,
                             const ProgressObserver& progress) {
  Sha256 digest;
  std::vector<char> block(kBlockBytes);
  ProgressUpdate checked{"verifying", 0, length, 0, 0, false};
  for (std::uint64_t offset = 0; offset < length;) {
    std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(kBlockBytes, length - offset));
    std::size_t got = file.read_at(offset, block.data(), want);
    if (got == 0) break;
    digest.update(std::string_view(block.data(), got));
    offset += got;
    if (progress) {
      checked.bytes_done = offset;
      progress(checked);
    }
  }
  if (progress) {
    checked.finished = true;
    progress(checked);
  }
  return digest.hex_digest();
}

// Whether the file's last bytes are a well-formed end section. A file cut short loses it, so
// this tells "truncated" from "corrupt" even when a flipped length byte confuses the parser.
bool ends_with_end_section(const PayloadFile& file) {
  constexpr std::size_t kDigestHex = 64;
  for (std::size_t count_digits = 1; count_digits <= 20; ++count_digits) {
    std::size_t tail = 1 + 4 + 8 + count_digits + 8 + kDigestHex;
    if (file.size() < tail) return false;
    std::string bytes = file.read_exact(file.size() - tail, tail);
    if (bytes[0] != static_cast<char>(payload::SectionKind::kEnd)) continue;
    if (payload::get_le(bytes.data() + 1, 4) != 2) continue;
    if (payload::get_le(bytes.data() + 5, 8) != count_digits) continue;
    if (payload::get_le(bytes.data() + 13 + count_digits, 8) == kDigestHex) return true;
  }
  return false;
}

// Whether the file starts like a payload (a file cut inside the magic still does).
bool starts_like_payload(const PayloadFile& file) {
  std::string magic(payload::kMagic.size(), '\0');
  magic.resize(file.read_at(0, magic.data(), magic.size()));
  return payload::kMagic.substr(0, magic.size()) == magic;
}

[[noreturn]] void diagnose_mismatch(const std::filesystem::path& path, const PayloadFile& file,
                                    const std::string& expected, const std::string& actual) {
  if (!starts_like_payload(file)) throw payload_foreign(path, "not a TDM snapshot payload");
  if (!ends_with_end_section(file)) {
    throw payload_truncated(path,
                            "its end is missing; " + std::to_string(file.size()) + " bytes remain");
  }
  throw payload_corrupt(path, "SHA-256 is " + actual + ", the metadata expects " + expected);
}

}  // namespace

void verify_payload(const std::filesystem::path& path, const std::string& expected_sha256) {
  verify_payload(PayloadFile(path), expected_sha256);  // Error(kSnapshot) when missing
}

void verify_payload(const PayloadFile& file, const std::string& expected_sha256,
                    const ProgressObserver& progress) {
  const std::filesystem::path& path = file.path();
  if (!expected_sha256.empty()) {
    std::string actual = digest_of_prefix(file, file.size(), progress);
    if (actual != expected_sha256) diagnose_mismatch(path, file, expected_sha256, actual);
    return;
  }
  if (!starts_like_payload(file)) throw payload_foreign(path, "not a TDM snapshot payload");
  if (!ends_with_end_section(file)) {
    throw payload_truncated(path,
                            "its end is missing; " + std::to_string(file.size()) + " bytes remain");
  }
  PayloadIndex index = read_payload_index(file);
  std::string actual = digest_of_prefix(file, index.end_offset, progress);
  if (actual != index.recorded_sha256) {
    throw payload_corrupt(path, "SHA-256 of the content is " + actual + ", the file records " +
                                    index.recorded_sha256);
  }
}

}  // namespace tdm
