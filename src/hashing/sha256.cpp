#include "hashing/sha256.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace tdm {

namespace {

// Big enough that a typical seed or migration file is one read(2).
constexpr std::size_t kReadBlockSize = 256 * 1024;

void check_openssl(int result, const char* call) {
  if (result != 1) {
    throw Error(ExitCode::kInternal, std::string("OpenSSL ") + call + " failed for SHA-256");
  }
}

std::string to_hex(const unsigned char* bytes, unsigned length) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(length * 2, '0');
  for (unsigned i = 0; i < length; ++i) {
    hex[2 * i] = kDigits[bytes[i] >> 4];
    hex[2 * i + 1] = kDigits[bytes[i] & 0x0f];
  }
  return hex;
}

// Owns an open file descriptor.
class ReadOnlyFile {
 public:
  explicit ReadOnlyFile(const std::filesystem::path& path)
      : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  ~ReadOnlyFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  ReadOnlyFile(const ReadOnlyFile&) = delete;
  ReadOnlyFile& operator=(const ReadOnlyFile&) = delete;

  bool is_open() const { return fd_ >= 0; }
  int fd() const { return fd_; }

 private:
  int fd_;
};

[[noreturn]] void read_failure(const std::filesystem::path& path, int error_number) {
  throw Error(ExitCode::kInvalidInput,
              "cannot read " + path.string() + ": " + std::strerror(error_number),
              "check that the input exists and is readable, or remove it from the inputs");
}

}  // namespace

void Sha256::ContextDeleter::operator()(evp_md_ctx_st* context) const {
  EVP_MD_CTX_free(context);
}

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (!context_) throw Error(ExitCode::kInternal, "OpenSSL EVP_MD_CTX_new failed (out of memory)");
  check_openssl(EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr), "EVP_DigestInit_ex");
}

void Sha256::update(std::string_view data) {
  check_openssl(EVP_DigestUpdate(context_.get(), data.data(), data.size()), "EVP_DigestUpdate");
}

std::string Sha256::hex_digest() const {
  // Finalise a copy, so the running state stays usable.
  std::unique_ptr<evp_md_ctx_st, ContextDeleter> copy(EVP_MD_CTX_new());
  if (!copy) throw Error(ExitCode::kInternal, "OpenSSL EVP_MD_CTX_new failed (out of memory)");
  check_openssl(EVP_MD_CTX_copy_ex(copy.get(), context_.get()), "EVP_MD_CTX_copy_ex");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  check_openssl(EVP_DigestFinal_ex(copy.get(), digest, &length), "EVP_DigestFinal_ex");
  return to_hex(digest, length);
}

std::string sha256_hex(std::string_view data) {
  Sha256 sha;
  sha.update(data);
  return sha.hex_digest();
}

std::string sha256_file_hex(const std::filesystem::path& path) {
  ReadOnlyFile file(path);
  if (!file.is_open()) read_failure(path, errno);
  auto block = std::make_unique_for_overwrite<char[]>(kReadBlockSize);
  Sha256 sha;
  for (;;) {
    ssize_t count = ::read(file.fd(), block.get(), kReadBlockSize);
    if (count == 0) break;
    if (count < 0) {
      if (errno == EINTR) continue;
      read_failure(path, errno);
    }
    sha.update(std::string_view(block.get(), static_cast<std::size_t>(count)));
  }
  return sha.hex_digest();
}

}  // namespace tdm
