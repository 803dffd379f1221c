#include "storage/file/file_backend.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "core/error.hpp"
#include "core/files.hpp"
#include "storage/lease_record.hpp"

namespace tdm::storage {

namespace fs = std::filesystem;

namespace {

class FileBackend final : public RecordedLeaseBackend {
 public:
  explicit FileBackend(StoreLocation location)
      : location_(std::move(location)), root_(location_.path) {}

  const StoreLocation& location() const override { return location_; }

  bool get(const std::string& key, const fs::path& destination) override {
    std::error_code error;
    fs::copy_file(path_of(key), destination, fs::copy_options::overwrite_existing, error);
    if (!error) return true;
    if (error == std::errc::no_such_file_or_directory) return false;
    fail("cannot read " + key + ": " + error.message());
  }

  bool exists(const std::string& key) override {
    std::error_code error;
    bool found = fs::is_regular_file(path_of(key), error);
    if (error && error != std::errc::no_such_file_or_directory) {
      fail("cannot look at " + key + ": " + error.message());
    }
    return found;
  }

  void put(const std::string& key, const fs::path& source) override {
    fs::path target = path_of(key);
    std::error_code error;
    fs::create_directories(target.parent_path(), error);
    if (error) fail("cannot create the directory of " + key + ": " + error.message());
    fs::path temporary = temporary_sibling(target);
    fs::copy_file(source, temporary, fs::copy_options::overwrite_existing, error);
    if (!error) fs::rename(temporary, target, error);
    if (error) {
      std::error_code ignored;  // the temporary is ours; its removal failing changes nothing
      fs::remove(temporary, ignored);
      fail("cannot write " + key + ": " + error.message());
    }
  }

  void remove(const std::string& key) override {
    std::error_code error;
    fs::remove(path_of(key), error);
    if (error && error != std::errc::no_such_file_or_directory) {
      fail("cannot remove " + key + ": " + error.message());
    }
  }

  std::vector<std::string> list(const std::string& prefix) override {
    std::vector<std::string> keys;
    auto slash = prefix.rfind('/');
    fs::path dir = slash == std::string::npos ? root_ : root_ / prefix.substr(0, slash);
    std::error_code error;
    if (!fs::is_directory(dir, error)) return keys;
    for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end;
         it.increment(error)) {
      if (!it->is_regular_file()) continue;
      std::string key = fs::relative(it->path(), root_).generic_string();
      if (key.rfind(prefix, 0) == 0 && key.find(".tmp.") == std::string::npos) {
        keys.push_back(key);
      }
    }
    if (error) fail("cannot list " + prefix + ": " + error.message());
    return keys;
  }

  bool guarantees_single_owner() const override { return true; }

 private:
  fs::path path_of(const std::string& key) const { return root_ / key; }

  [[noreturn]] void fail(const std::string& problem) const {
    throw Error(ExitCode::kRemote, "remote store " + location_.shown + ": " + problem,
                "check that " + root_.string() + " is mounted and writable by this user");
  }

  // Writes the record to a temporary file, then link(2)s it to the lease's name: the name
  // appears whole or not at all, and link fails with EEXIST when it exists (an exclusive create
  // that NFS honours too).
  bool create_if_absent(const std::string& key, const std::string& content) override {
    fs::path target = path_of(key);
    std::error_code error;
    fs::create_directories(target.parent_path(), error);
    if (error) fail("cannot create the directory of " + key + ": " + error.message());
    fs::path temporary = temporary_sibling(target);
    atomic_write_file(temporary, content, Durability::kUnsynced);
    int result = ::link(temporary.c_str(), target.c_str());
    int link_errno = errno;
    fs::remove(temporary, error);
    if (result == 0) return true;
    if (link_errno == EEXIST) return false;
    fail("cannot create lease " + key + ": " + std::strerror(link_errno));
  }

  std::optional<LeaseRecord> read_lease(const std::string& key) override {
    std::error_code error;
    if (!fs::exists(path_of(key), error)) return std::nullopt;
    try {
      return parse_lease_record(read_file(path_of(key)));
    } catch (const Error&) {  // removed between the look and the read: no lease
      return std::nullopt;
    }
  }

  StoreLocation location_;
  fs::path root_;
};

}  // namespace

std::unique_ptr<Backend> make_file_backend(const StoreLocation& location) {
  return std::make_unique<FileBackend>(location);
}

}  // namespace tdm::storage
