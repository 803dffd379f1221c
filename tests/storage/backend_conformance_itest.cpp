// One test body for every backend: what the remote snapshot stores rely on.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/error.hpp"
#include "storage/backend_factory.hpp"
#include "storage/nginx_store.hpp"
#include "storage/store_location.hpp"
#include "support/test_files.hpp"
#include "support/test_server.hpp"

namespace tdm::storage {
namespace {

namespace fs = std::filesystem;

// "file" or "http": a store of that kind, empty, unique to the running test.
std::string fresh_store_url(const std::string& kind) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(test->name());
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  if (kind == "file") return "file://" + testing::temporary_directory() + "/store";
  return testing::NginxStore::instance().url() + "/conformance/" + name + "-" +
         std::to_string(::getpid());
}

class BackendConformance : public ::testing::TestWithParam<std::string> {
 protected:
  std::unique_ptr<Backend> open() const {
    return make_backend(parse_store_location(url), BackendSettings{});
  }
  fs::path file(const std::string& name, const std::string& content) const {
    fs::path path = scratch / name;
    testing::write_test_file(path, content);
    return path;
  }

  std::string url = fresh_store_url(GetParam());
  fs::path scratch = testing::temporary_directory();
};

TEST_P(BackendConformance, PutGetExistsListRemove) {
  auto store = open();
  EXPECT_FALSE(store->exists("cas/abc"));
  EXPECT_FALSE(store->get("cas/abc", scratch / "missing"));
  EXPECT_TRUE(store->list("cas/").empty());

  store->put("cas/abc", file("a", "payload bytes"));
  store->put("snapshots/x.meta.json", file("m", "{}"));
  store->put("snapshots/y.meta.json", file("m2", "{\"y\":1}"));
  EXPECT_TRUE(store->exists("cas/abc"));
  ASSERT_TRUE(store->get("cas/abc", scratch / "back"));
  EXPECT_EQ(testing::read_bytes(scratch / "back"), "payload bytes");

  store->put("cas/abc", file("a2", "replaced"));  // a whole new object, never a mix
  ASSERT_TRUE(store->get("cas/abc", scratch / "back"));
  EXPECT_EQ(testing::read_bytes(scratch / "back"), "replaced");

  auto pointers = store->list("snapshots/");
  std::sort(pointers.begin(), pointers.end());
  EXPECT_EQ(pointers, (std::vector<std::string>{"snapshots/x.meta.json", "snapshots/y.meta.json"}));
  EXPECT_EQ(store->list("snapshots/y"), (std::vector<std::string>{"snapshots/y.meta.json"}));

  store->remove("cas/abc");
  store->remove("cas/abc");  // removing what is gone is no error
  EXPECT_FALSE(store->exists("cas/abc"));
  EXPECT_EQ(store->list("cas/").size(), 0u);
}

TEST_P(BackendConformance, OfConcurrentLeasesExactlyOneIsAcquired) {
  constexpr int kRunners = 6;
  std::atomic<int> acquired{0};
  std::vector<std::thread> runners;
  for (int i = 0; i < kRunners; ++i) {
    runners.emplace_back([&, i] {
      auto store = open();  // each runner its own connection, as on separate machines
      if (store->try_lease("leases/snap", "runner-" + std::to_string(i), std::chrono::minutes(5)) ==
          LeaseOutcome::kAcquired) {
        ++acquired;
      }
    });
  }
  for (auto& runner : runners) runner.join();
  EXPECT_EQ(acquired.load(), 1);
}

TEST_P(BackendConformance, ALeaseIsReleasedByItsOwnerOnlyAndTakenOverOnceExpired) {
  auto store = open();
  ASSERT_EQ(store->try_lease("leases/snap", "first", std::chrono::minutes(5)),
            LeaseOutcome::kAcquired);
  EXPECT_EQ(store->try_lease("leases/snap", "second", std::chrono::minutes(5)),
            LeaseOutcome::kHeldByOther);
  store->release_lease("leases/snap", "second");  // not its lease: left alone
  EXPECT_EQ(store->try_lease("leases/snap", "second", std::chrono::minutes(5)),
            LeaseOutcome::kHeldByOther);
  store->release_lease("leases/snap", "first");
  EXPECT_EQ(store->try_lease("leases/snap", "second", std::chrono::milliseconds(1)),
            LeaseOutcome::kAcquired);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // "second" died: its lease ran out
  EXPECT_EQ(store->try_lease("leases/snap", "third", std::chrono::minutes(5)),
            LeaseOutcome::kAcquired);
  EXPECT_EQ(store->try_lease("leases/snap", "second", std::chrono::minutes(5)),
            LeaseOutcome::kHeldByOther);
}

INSTANTIATE_TEST_SUITE_P(Backends, BackendConformance, ::testing::Values("file", "http"),
                         [](const auto& info) { return info.param; });

TEST(HttpBackend, AStoreThatIsDownOrRefusesIsOneErrorNamingItAndTheFix) {
  BackendSettings settings;
  settings.timeout = std::chrono::seconds(2);
  auto down = make_backend(parse_store_location("http://127.0.0.1:1/tdm"), settings);
  try {
    down->exists("cas/x");
    ADD_FAILURE() << "a closed port answered";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kRemote);
    std::string message = error.what();
    EXPECT_NE(message.find("remote store http://127.0.0.1:1/tdm"), std::string::npos) << message;
    EXPECT_NE(message.find("fix:"), std::string::npos) << message;
  }

  settings.bearer_token = "wrong-token-123";
  auto refused = make_backend(
      parse_store_location(testing::NginxStore::instance().url() + "/secure/x"), settings);
  try {
    refused->exists("cas/x");
    ADD_FAILURE() << "a wrong token was accepted";
  } catch (const Error& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("(HTTP 401)"), std::string::npos) << message;
    EXPECT_NE(message.find("TDM_REMOTE_TOKEN"), std::string::npos) << message;
    EXPECT_EQ(message.find("wrong-token-123"), std::string::npos) << message;
  }
  settings.bearer_token = "s3cret-token";
  auto accepted = make_backend(
      parse_store_location(testing::NginxStore::instance().url() + "/secure/x"), settings);
  EXPECT_FALSE(accepted->exists("cas/x"));
}

}  // namespace
}  // namespace tdm::storage
