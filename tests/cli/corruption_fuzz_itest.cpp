// Damage of every kind a disk, a copy or a hand can do to a snapshot directory — truncations
// and bit flips of the payload, the metadata and the tablespace cache's files — must never end
// in a restore that reports success with data other than the source's. A seeded generator
// picks the cases, so a failure names a case that can be replayed.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "state/bookkeeping.hpp"
#include "support/test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::copy_test_directory;
using testing::run_tdm;

constexpr int kCasesPerKind = 70;
constexpr unsigned kGeneratorSeed = 20261202;

enum class FileKind { kPayload, kMetadata, kCache };

const char* name_of(FileKind kind) {
  switch (kind) {
    case FileKind::kPayload:
      return "payload";
    case FileKind::kMetadata:
      return "metadata";
    case FileKind::kCache:
      return "tablespace cache file";
  }
  return "?";
}

class CorruptionFuzz : public ::testing::Test {
 protected:
  void SetUp() override {
    source_ = testing::fresh_database(connection_, "source");
    target_ = testing::fresh_database(connection_, "target");
    std::string db = Connection::quote_identifier(source_);
    connection_.execute("USE " + db);  // the seq_ tables of the SEQUENCE engine need one
    connection_.execute("CREATE TABLE " + db +
                        ".people (id INT PRIMARY KEY, name VARCHAR(40), born DATE, "
                        "score DOUBLE, photo BLOB, note TEXT)");
    connection_.execute("CREATE TABLE " + db +
                        ".visits (id INT AUTO_INCREMENT PRIMARY KEY, person INT, at DATETIME(6), "
                        "FOREIGN KEY (person) REFERENCES people (id))");
    connection_.execute("INSERT INTO " + db +
                        ".people SELECT seq, CONCAT('person ', seq, ' ü'), "
                        "'2000-01-01' + INTERVAL seq DAY, seq / 7, UNHEX(SHA2(seq, 256)), "
                        "REPEAT('n', seq % 50) FROM seq_1_to_400");
    connection_.execute("INSERT INTO " + db +
                        ".visits (person, at) SELECT 1 + seq % 400, '2024-01-01' + INTERVAL seq "
                        "MINUTE FROM seq_1_to_800");
    root_ = testing::temporary_directory();
    dir_ = root_ / "snapshots";
  }

  // What a restore must reproduce: each table's checksum.
  std::string fingerprint(const std::string& database) {
    std::string all;
    for (const char* table : {"people", "visits"}) {
      Result result = connection_.query("CHECKSUM TABLE " + Connection::quote_identifier(database) +
                                        "." + table);
      auto row = result.next();
      all += std::string(table) + "=" + (row ? row->optional(1).value_or("NULL") : "?") + ";";
    }
    return all;
  }

  CommandResult tdm(const std::vector<std::string>& verb) {
    std::vector<std::string> args = verb;
    for (const char* option : {"--dir"}) {
      args.push_back(option);
      args.push_back(dir_.string());
    }
    return run_tdm(args);
  }

  CommandResult restore() {
    return tdm({"snapshot", "restore", "--name", "fuzz", "--server-dir", testing::test_server_dir(),
                "--database", target_});
  }

  std::vector<fs::path> files_of(FileKind kind) const {
    std::vector<fs::path> found;
    for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
      if (!entry.is_regular_file()) continue;
      std::string name = entry.path().filename().string();
      bool in_cache = entry.path().parent_path() != dir_;
      bool wanted = kind == FileKind::kCache      ? in_cache
                    : kind == FileKind::kMetadata ? !in_cache && name.ends_with(".meta.json")
                                                  : !in_cache && name.ends_with(".tdm");
      if (wanted) found.push_back(entry.path());
    }
    std::sort(found.begin(), found.end());
    return found;
  }

  Connection connection_{testing::test_server()};
  std::string source_;
  std::string target_;
  fs::path root_;
  fs::path dir_;
};

// Truncates the file at a random length, or flips one to three random bits.
std::string damage(const fs::path& file, std::mt19937& random) {
  std::string bytes = testing::read_bytes(file);
  if (bytes.empty()) return "empty already";
  std::uniform_int_distribution<std::size_t> offset(0, bytes.size() - 1);
  if (random() % 3 == 0) {
    std::size_t length = offset(random);
    bytes.resize(length);
    testing::write_test_file(file, bytes);
    return "cut to " + std::to_string(length) + " bytes";
  }
  std::string what = "bits flipped at";
  for (unsigned n = 0, flips = 1 + random() % 3; n < flips; ++n) {
    std::size_t at = offset(random);
    bytes[at] = static_cast<char>(bytes[at] ^ (1u << (random() % 8)));
    what += " " + std::to_string(at);
  }
  testing::write_test_file(file, bytes);
  return what;
}

TEST_F(CorruptionFuzz, DamagedFilesNeverRestoreAsSuccessWithOtherData) {
  ASSERT_EQ(tdm({"snapshot", "create", "--name", "fuzz", "--server-dir", testing::test_server_dir(),
                 "--database", source_})
                .exit_code,
            0);
  CommandResult built = restore();  // builds the tablespace cache
  ASSERT_EQ(built.exit_code, 0) << built.err;
  const std::string expected = fingerprint(source_);
  ASSERT_EQ(fingerprint(target_), expected);
  const fs::path pristine = root_ / "pristine";
  copy_test_directory(dir_, pristine);

  std::mt19937 random(kGeneratorSeed);
  std::set<int> exit_codes;
  int refused = 0;
  for (FileKind kind : {FileKind::kPayload, FileKind::kMetadata, FileKind::kCache}) {
    for (int n = 0; n < kCasesPerKind; ++n) {
      copy_test_directory(pristine, dir_);
      std::vector<fs::path> files = files_of(kind);
      ASSERT_FALSE(files.empty()) << name_of(kind);
      const fs::path& victim = files[random() % files.size()];
      std::string how = damage(victim, random);
      SCOPED_TRACE(std::string(name_of(kind)) + " case " + std::to_string(n) + ": " +
                   victim.filename().string() + " " + how);
      connection_.execute("DROP DATABASE IF EXISTS " + Connection::quote_identifier(target_));

      CommandResult restored = restore();
      exit_codes.insert(restored.exit_code);
      if (restored.exit_code == 0) {
        ASSERT_EQ(fingerprint(target_), expected) << "restored other data, exit 0";
      } else {
        ++refused;
        // Refused with a line saying why, never a crash; and nothing passes for restored.
        EXPECT_LT(restored.exit_code, 128) << restored.err;
        EXPECT_NE(restored.err.find("tdm: error:"), std::string::npos) << restored.err;
        bool exists = !connection_.query("SHOW DATABASES LIKE " + connection_.quote(target_))
                           .first_column()
                           .empty();
        auto record = Bookkeeping::lookup(connection_, target_);
        if (exists && record && record->complete()) {
          EXPECT_EQ(fingerprint(target_), expected) << "a refused restore left other data "
                                                       "marked as restored";
        }
      }
    }
  }
  // The payload's damage is always caught: most cases are refused outright.
  EXPECT_GT(refused, kCasesPerKind / 2);
  std::cout << "corruption fuzz: " << 3 * kCasesPerKind << " cases, " << refused
            << " refused, exit codes " << ::testing::PrintToString(exit_codes) << "\n";
}

}  // namespace
}  // namespace tdm
