#include <gtest/gtest.h>

#include "storage/redis/redis_backend.hpp"
#include "support/redis_server.hpp"

namespace tdm::storage {
namespace {
TEST(RedisBackend, Placeholder) {
  const auto& server = testing::redis_test_server();
  EXPECT_NE(server.port, 0);
}
}  // namespace
}  // namespace tdm::storage
