// The Redis backend against a real redis-server (the CTest fixture `tdm_test_redis`). Time
// budget: ~5 s for the whole group, 20 s at most.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <functional>
#include <latch>
#include <random>
#include <thread>

#include "core/error.hpp"
#include "core/files.hpp"
#include "storage/redis/redis_backend.hpp"
#include "storage/redis/redis_connection.hpp"
#include "storage/redis/redis_object.hpp"
#include "support/redis_server.hpp"
#include "support/test_server.hpp"

namespace tdm::storage {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Every test writes under a prefix of its own, so tests never see each other's keys.
StoreLocation test_location(int port = testing::redis_test_server().port) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  StoreLocation location;
  location.scheme = "redis";
  location.host = "127.0.0.1";
  location.port = port;
  location.path = "/itest-" + std::to_string(::getpid()) + "-" + info->name();
  location.shown = "redis://127.0.0.1:" + std::to_string(port) + location.path;
  return location;
}

BackendSettings test_settings(std::string password = testing::redis_test_server().password) {
  BackendSettings settings;
  settings.timeout = 5s;
  settings.redis_password = std::move(password);
  return settings;
}

std::unique_ptr<Backend> test_backend() {
  return make_redis_backend(test_location(), test_settings());
}

// A session of our own, to look at and damage what the backend stored.
redis::Reply admin(std::initializer_list<std::string_view> command) {
  StoreLocation location = test_location();
  BackendSettings settings = test_settings();
  redis::RedisConnection connection(location, settings);
  return connection.command(command);
}

std::string redis_key(const std::string& key) {
  return redis::key_namespace(test_location().path) + key;
}

redis::ObjectHeader stored_header(const std::string& key) {
  redis::Reply reply = admin({"GET", redis_key(key)});
  std::optional<redis::ObjectHeader> header = redis::parse_header(redis::reply_text(*reply));
  EXPECT_TRUE(header.has_value()) << "no header at " << redis_key(key);
  return header.value_or(redis::ObjectHeader{});
}

std::string random_bytes(std::size_t size, unsigned seed) {
  std::mt19937 generator(seed);
  std::string bytes(size, '\0');
  for (char& byte : bytes) byte = static_cast<char>(generator());
  return bytes;
}

// Runs `operation`, which must throw Error with `code`, as one line naming the store, saying
// `fragment`, and never showing a password.
void expect_store_error(const std::function<void()>& operation, ExitCode code,
                        const std::string& fragment, const StoreLocation& location) {
  try {
    operation();
    ADD_FAILURE() << "expected an Error saying '" << fragment << "'";
  } catch (const Error& error) {
    std::string message = error.what();
    EXPECT_EQ(error.code(), code) << message;
    EXPECT_NE(message.find("remote store " + location.shown + ": "), std::string::npos) << message;
    EXPECT_NE(message.find(fragment), std::string::npos) << message;
    EXPECT_NE(message.find("; fix: "), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(message.find(testing::redis_test_server().password), std::string::npos) << message;
  }
}

// Each test has one temporary directory for its files.
class RedisBackend : public ::testing::Test {
 protected:
  fs::path file_with(const std::string& name, const std::string& content) const {
    fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  const fs::path dir_ = testing::temporary_directory();
};

TEST_F(RedisBackend, AFileOfSeveralPartsComesBackByteForByte) {
  auto backend = test_backend();
  std::string content = random_bytes(5 * redis::kPartSize + redis::kPartSize / 2, 1);
  backend->put("cas/big", file_with("big", content));

  fs::path fetched = dir_ / "fetched";
  ASSERT_TRUE(backend->get("cas/big", fetched));
  EXPECT_TRUE(read_file(fetched) == content);

  // Stored in bounded parts, none above the part size.
  redis::ObjectHeader header = stored_header("cas/big");
  EXPECT_EQ(header.parts, 6u);
  EXPECT_EQ(header.size, content.size());
  for (std::uint64_t i = 0; i < header.parts; ++i) {
    redis::Reply length =
        admin({"STRLEN", redis::part_key(redis_key("cas/big"), header.write_id, i)});
    EXPECT_GT(length->integer, 0);
    EXPECT_LE(static_cast<std::size_t>(length->integer), redis::kPartSize);
    // Committed parts do not expire.
    EXPECT_EQ(admin({"PTTL", redis::part_key(redis_key("cas/big"), header.write_id, i)})->integer,
              -1);
  }
}

TEST_F(RedisBackend, AnEmptyFileComesBackEmpty) {
  auto backend = test_backend();
  backend->put("empty", file_with("empty", ""));
  fs::path fetched = file_with("fetched", "old content that must go");
  ASSERT_TRUE(backend->get("empty", fetched));
  EXPECT_EQ(read_file(fetched), "");
  EXPECT_EQ(stored_header("empty").parts, 0u);
}

TEST_F(RedisBackend, AnAbsentKeyIsNoObject) {
  auto backend = test_backend();
  fs::path destination = dir_ / "never";
  EXPECT_FALSE(backend->get("cas/absent", destination));
  EXPECT_FALSE(fs::exists(destination));
  EXPECT_FALSE(backend->exists("cas/absent"));
}

TEST_F(RedisBackend, ListsExistsAndRemovesObjectsNotTheirParts) {
  auto backend = test_backend();
  std::string content = random_bytes(redis::kPartSize + 10, 2);
  for (const char* key : {"snapshots/a.meta.json", "snapshots/b.meta.json", "cas/c*[x]"}) {
    backend->put(key, file_with("source", content));
  }
  EXPECT_TRUE(backend->exists("snapshots/a.meta.json"));
  std::vector<std::string> snapshots = backend->list("snapshots/");
  std::sort(snapshots.begin(), snapshots.end());
  EXPECT_EQ(snapshots,
            (std::vector<std::string>{"snapshots/a.meta.json", "snapshots/b.meta.json"}));
  EXPECT_EQ(backend->list("").size(), 3u);
  // Glob characters in a prefix are taken literally.
  EXPECT_EQ(backend->list("cas/c*["), (std::vector<std::string>{"cas/c*[x]"}));
  EXPECT_TRUE(backend->list("cas/c?").empty());

  redis::ObjectHeader header = stored_header("snapshots/a.meta.json");
  backend->remove("snapshots/a.meta.json");
  EXPECT_FALSE(backend->exists("snapshots/a.meta.json"));
  EXPECT_EQ(backend->list("snapshots/"), (std::vector<std::string>{"snapshots/b.meta.json"}));
  for (std::uint64_t i = 0; i < header.parts; ++i) {
    EXPECT_EQ(
        admin({"EXISTS", redis::part_key(redis_key("snapshots/a.meta.json"), header.write_id, i)})
            ->integer,
        0);
  }
  backend->remove("snapshots/never-stored");  // no error
}

TEST_F(RedisBackend, AnObjectThatLostAPartIsRefusedNotReturnedShort) {
  auto backend = test_backend();
  backend->put("cas/damaged", file_with("source", random_bytes(3 * redis::kPartSize, 3)));
  redis::ObjectHeader header = stored_header("cas/damaged");
  admin({"DEL", redis::part_key(redis_key("cas/damaged"), header.write_id, 1)});

  fs::path destination = dir_ / "fetched";
  expect_store_error([&] { backend->get("cas/damaged", destination); }, ExitCode::kSnapshot,
                     "object cas/damaged is incomplete on the store (part 2 of 3 is missing)",
                     backend->location());
  EXPECT_FALSE(fs::exists(destination));
  // The session is still usable after the pipeline broke off.
  EXPECT_TRUE(backend->exists("cas/damaged"));
}

TEST_F(RedisBackend, AKeyThatHoldsNoObjectIsReportedNotMisread) {
  auto backend = test_backend();
  admin({"SET", redis_key("cas/foreign"), "something else wrote this"});
  expect_store_error([&] { backend->get("cas/foreign", dir_ / "x"); }, ExitCode::kSnapshot,
                     "holds no object stored by tdm", backend->location());
}

TEST_F(RedisBackend, ConcurrentWritersOfOneKeyNeverMixTheirParts) {
  std::string first = random_bytes(3 * redis::kPartSize + 5, 4);
  std::string second = random_bytes(3 * redis::kPartSize + 5, 5);
  fs::path first_file = file_with("first", first);
  fs::path second_file = file_with("second", second);
  std::atomic<bool> writing{true};
  auto write_repeatedly = [&](const fs::path& source) {
    auto writer = test_backend();
    for (int round = 0; round < 6; ++round) writer->put("cas/contended", source);
  };
  test_backend()->put("cas/contended", first_file);

  std::thread writer_one(write_repeatedly, first_file);
  std::thread writer_two(write_repeatedly, second_file);
  std::thread stopper([&] {
    writer_one.join();
    writer_two.join();
    writing = false;
  });
  auto reader = test_backend();
  fs::path fetched = dir_ / "fetched";
  int reads = 0;
  do {
    ASSERT_TRUE(reader->get("cas/contended", fetched));
    std::string content = read_file(fetched);
    EXPECT_TRUE(content == first || content == second) << "a mix of " << content.size() << " bytes";
    ++reads;
  } while (writing);
  stopper.join();
  EXPECT_GT(reads, 0);
}

TEST_F(RedisBackend, OfEightRacingForALeaseExactlyOneGetsIt) {
  constexpr int kRacers = 8;
  std::vector<std::unique_ptr<Backend>> backends;
  for (int i = 0; i < kRacers; ++i) backends.push_back(test_backend());
  for (auto& backend : backends) backend->exists("warm-up");  // connect before the race
  std::latch start(kRacers);
  std::atomic<int> acquired{0};
  std::vector<std::thread> racers;
  for (int i = 0; i < kRacers; ++i) {
    racers.emplace_back([&, i] {
      start.arrive_and_wait();
      if (backends[i]->try_lease("leases/x", "owner-" + std::to_string(i), 30s) ==
          LeaseOutcome::kAcquired) {
        ++acquired;
      }
    });
  }
  for (auto& racer : racers) racer.join();
  EXPECT_EQ(acquired.load(), 1);
  EXPECT_TRUE(backends[0]->guarantees_single_owner());
}

TEST_F(RedisBackend, OnlyTheOwnerReleasesALease) {
  auto backend = test_backend();
  ASSERT_EQ(backend->try_lease("leases/y", "alice", 30s), LeaseOutcome::kAcquired);
  backend->release_lease("leases/y", "bob");
  EXPECT_EQ(backend->try_lease("leases/y", "bob", 30s), LeaseOutcome::kHeldByOther);
  backend->release_lease("leases/y", "alice");
  EXPECT_EQ(backend->try_lease("leases/y", "bob", 30s), LeaseOutcome::kAcquired);
}

TEST_F(RedisBackend, AnExpiredLeaseIsTakenOver) {
  auto backend = test_backend();
  ASSERT_EQ(backend->try_lease("leases/z", "dead-holder", 200ms), LeaseOutcome::kAcquired);
  EXPECT_EQ(backend->try_lease("leases/z", "next", 30s), LeaseOutcome::kHeldByOther);
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(backend->try_lease("leases/z", "next", 30s), LeaseOutcome::kAcquired);
}

TEST_F(RedisBackend, AReadOnlyStoreIsReadButNeverWritten) {
  test_backend()->put("cas/shared", file_with("source", "shared content"));
  StoreLocation location = test_location();
  location.read_only = true;
  auto backend = make_redis_backend(location, test_settings());
  fs::path fetched = dir_ / "fetched";
  ASSERT_TRUE(backend->get("cas/shared", fetched));
  EXPECT_EQ(read_file(fetched), "shared content");
  fs::path source = file_with("mine", "mine");
  expect_store_error([&] { backend->put("cas/mine", source); }, ExitCode::kInvalidInput,
                     "is read-only", location);
  expect_store_error([&] { backend->remove("cas/shared"); }, ExitCode::kInvalidInput,
                     "is read-only", location);
  expect_store_error([&] { backend->try_lease("leases/r", "me", 1s); }, ExitCode::kInvalidInput,
                     "is read-only", location);
  EXPECT_TRUE(test_backend()->exists("cas/shared"));
  EXPECT_FALSE(test_backend()->exists("cas/mine"));
}

TEST_F(RedisBackend, AWrongOrMissingPasswordIsOneLineWithoutThePassword) {
  StoreLocation location = test_location();
  const std::string wrong = "wrong-" + testing::redis_test_server().password;
  auto backend = make_redis_backend(location, test_settings(wrong));
  try {
    backend->exists("cas/x");
    FAIL() << "expected authentication to fail";
  } catch (const Error& error) {
    std::string message = error.what();
    EXPECT_EQ(message, "remote store " + location.shown +
                           ": authentication failed; fix: set TDM_REDIS_PASSWORD to the "
                           "server's password (requirepass)");
    EXPECT_EQ(message.find(wrong), std::string::npos);
    EXPECT_EQ(error.code(), ExitCode::kServer);
  }
  auto without_password = make_redis_backend(location, test_settings(""));
  expect_store_error([&] { without_password->exists("cas/x"); }, ExitCode::kServer,
                     "authentication failed; fix: set TDM_REDIS_PASSWORD", location);
}

TEST_F(RedisBackend, AStoppedServerIsAnErrorNamingTheStore) {
  StoreLocation location = test_location(testing::unused_loopback_port());
  auto backend = make_redis_backend(location, test_settings());
  expect_store_error([&] { backend->exists("cas/x"); }, ExitCode::kServer, "cannot connect",
                     location);
  fs::path source = file_with("source", "content");
  expect_store_error([&] { backend->put("cas/x", source); }, ExitCode::kServer, "cannot connect",
                     location);
}

TEST_F(RedisBackend, AServerThatNeverAnswersTimesOut) {
  // A socket that listens but never reads: the kernel completes the connection, nothing replies.
  int silent = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(::bind(silent, reinterpret_cast<sockaddr*>(&address), length), 0);
  ASSERT_EQ(::listen(silent, 4), 0);
  ASSERT_EQ(::getsockname(silent, reinterpret_cast<sockaddr*>(&address), &length), 0);

  StoreLocation location = test_location(ntohs(address.sin_port));
  BackendSettings settings = test_settings();
  settings.timeout = 300ms;
  auto backend = make_redis_backend(location, settings);
  expect_store_error([&] { backend->exists("cas/x"); }, ExitCode::kServer,
                     "no answer within 300 ms", location);
  ::close(silent);
}

TEST_F(RedisBackend, TlsUrlsAreRefusedUpFront) {
  StoreLocation location = test_location();
  location.scheme = "rediss";
  expect_store_error([&] { make_redis_backend(location, test_settings()); },
                     ExitCode::kInvalidInput, "rediss:// (TLS) is not supported", location);
}

}  // namespace
}  // namespace tdm::storage
