#include "storage/store_location.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "storage/backend_factory.hpp"
#include "support/error_code.hpp"

namespace tdm::storage {
namespace {

using testing::error_code_of;

TEST(StoreLocation, ReadsEachSchemeAndTheReadOnlyAttribute) {
  StoreLocation file = parse_store_location("file:///mnt/shared/tdm/");
  EXPECT_EQ(file.scheme, "file");
  EXPECT_EQ(file.path, "/mnt/shared/tdm");
  EXPECT_FALSE(file.read_only);

  StoreLocation http = parse_store_location("http://cache.internal:8080/tdm|read-only");
  EXPECT_EQ(http.scheme, "http");
  EXPECT_EQ(http.host, "cache.internal");
  EXPECT_EQ(http.port, 8080);
  EXPECT_EQ(http.path, "/tdm");
  EXPECT_TRUE(http.read_only);
  EXPECT_EQ(http.shown, "http://cache.internal:8080/tdm");

  StoreLocation https = parse_store_location("https://cache.internal");
  EXPECT_EQ(https.port, 0);
  EXPECT_EQ(https.path, "");

  StoreLocation redis = parse_store_location("redis://[::1]:6379/ci");
  EXPECT_EQ(redis.host, "::1");
  EXPECT_EQ(redis.port, 6379);
  EXPECT_EQ(redis.path, "/ci");
}

TEST(StoreLocation, RefusesCredentialsShowingThemRedacted) {
  for (const std::string url :
       {"http://ci:hunter2@cache:8080/tdm", "redis://:hunter2@cache:6379",
        "https://cache/tdm?password=hunter2", "http://cache/tdm?token=hunter2&x=1"}) {
    try {
      parse_store_location(url);
      ADD_FAILURE() << url << " was accepted";
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ExitCode::kInvalidInput);
      std::string message = error.what();
      EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
      EXPECT_NE(message.find("***"), std::string::npos) << message;
      EXPECT_NE(message.find("fix:"), std::string::npos) << message;
    }
  }
}

TEST(StoreLocation, RefusesWhatItCannotUse) {
  for (const std::string url :
       {"cache:8080", "ftp://cache/x", "s3://bucket/tdm", "file://host/x", "file:///",
        "http://cache:99999/x", "http:///x", "file:///x|read-write"}) {
    EXPECT_EQ(error_code_of([&] { parse_store_location(url); }), ExitCode::kInvalidInput) << url;
  }
}

TEST(StoreLocation, TheEnvironmentWinsAndAnEmptyValueTurnsStoresOff) {
  const std::string cmake = "file:///from/cmake";
  EXPECT_EQ(remote_storage_settings(cmake, Environment()).stores.size(), 1u);
  Environment off(std::map<std::string, std::string>{{"TDM_REMOTE_STORAGE", ""}});
  EXPECT_TRUE(remote_storage_settings(cmake, off).stores.empty());
  Environment two(
      std::map<std::string, std::string>{{"TDM_REMOTE_STORAGE", "http://a/x  file:///b"},
                                         {"TDM_REMOTE_TIMEOUT", "3"},
                                         {"TDM_REMOTE_LEASE_WAIT", "2m"},
                                         {"TDM_REMOTE_TOKEN", "t0ken"}});
  RemoteStorageSettings settings = remote_storage_settings(cmake, two);
  ASSERT_EQ(settings.stores.size(), 2u);
  EXPECT_EQ(settings.stores[0].scheme, "http");
  EXPECT_EQ(settings.stores[1].path, "/b");
  EXPECT_EQ(settings.backend.timeout, std::chrono::seconds(3));
  EXPECT_EQ(settings.lease_wait, std::chrono::minutes(2));
  EXPECT_EQ(settings.backend.bearer_token, "t0ken");
  Environment bad(std::map<std::string, std::string>{{"TDM_REMOTE_TIMEOUT", "soon"}});
  EXPECT_EQ(error_code_of([&] { remote_storage_settings("", bad); }), ExitCode::kInvalidInput);
}

TEST(StoreLocation, RedisUrlsMakeARedisStoreAndTlsOnesAreRefused) {
  // The backend connects on first use: making it asks nothing of the server.
  auto redis = make_backend(parse_store_location("redis://127.0.0.1:6379/ci"), BackendSettings{});
  EXPECT_EQ(redis->location().scheme, "redis");
  EXPECT_EQ(redis->location().path, "/ci");
  EXPECT_EQ(error_code_of([] { parse_store_location("rediss://cache:6380"); }),
            ExitCode::kInvalidInput);
}

}  // namespace
}  // namespace tdm::storage
