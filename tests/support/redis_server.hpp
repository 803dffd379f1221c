#pragma once

#include <string>

namespace tdm::testing {

// The real Redis server the storage integration tests run against: the build tree's, started
// by the CTest fixture `tdm_test_redis` (which passes TDM_TEST_REDIS_PORT and
// TDM_TEST_REDIS_PASSWORD), otherwise a private one this process starts once and stops at exit.
struct RedisTestServer {
  int port = 0;
  std::string password;
};
const RedisTestServer& redis_test_server();

// A loopback TCP port nothing listens on (bound, then closed again).
int unused_loopback_port();

}  // namespace tdm::testing
