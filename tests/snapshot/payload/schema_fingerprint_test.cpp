#include "snapshot/payload/schema_fingerprint.hpp"

#include <gtest/gtest.h>

namespace tdm {
namespace {

PayloadIndex schema(const std::string& users_table) {
  PayloadIndex index;
  index.database = {"app_test", "utf8mb4", "utf8mb4_general_ci", "", "10.11"};
  index.tables = {{"users", users_table}, {"orders", "CREATE TABLE `orders` (\n  `id` int\n)"}};
  index.sequences = {{"ids", "CREATE SEQUENCE `ids` start with 1", "5", "0"}};
  index.objects = {{"VIEW", "names", "CREATE VIEW `names` AS SELECT 1", "", "", "", ""}};
  return index;
}

constexpr const char* kUsers =
    "CREATE TABLE `users` (\n  `id` int NOT NULL AUTO_INCREMENT\n) ENGINE=InnoDB";

TEST(SchemaFingerprint, IgnoresRowsCountersOrderAndTheDatabaseName) {
  PayloadIndex base = schema(kUsers);
  PayloadIndex other = schema(
      "CREATE TABLE `users` (\n  `id` int NOT NULL AUTO_INCREMENT\n) ENGINE=InnoDB "
      "AUTO_INCREMENT=42");
  other.database.name = "elsewhere_test";
  other.sequences[0].next_value = "900";
  TableData rows;  // member by member: GCC 12 at -O3 misreads a nested brace initialiser here
  rows.layout.table = "users";
  rows.rows = 3;
  other.data.push_back(rows);
  std::swap(other.tables[0], other.tables[1]);
  EXPECT_EQ(schema_fingerprint(base), schema_fingerprint(other));
  EXPECT_EQ(schema_fingerprint(base).size(), 64u);
}

TEST(SchemaFingerprint, ChangesWithEveryDefinition) {
  const std::string base = schema_fingerprint(schema(kUsers));
  PayloadIndex column =
      schema("CREATE TABLE `users` (\n  `id` bigint NOT NULL AUTO_INCREMENT\n) ENGINE=InnoDB");
  EXPECT_NE(schema_fingerprint(column), base);
  PayloadIndex view = schema(kUsers);
  view.objects[0].create_statement = "CREATE VIEW `names` AS SELECT 2";
  EXPECT_NE(schema_fingerprint(view), base);
  PayloadIndex sequence = schema(kUsers);
  sequence.sequences[0].create_statement = "CREATE SEQUENCE `ids` start with 2";
  EXPECT_NE(schema_fingerprint(sequence), base);
  PayloadIndex dropped = schema(kUsers);
  dropped.objects.clear();
  EXPECT_NE(schema_fingerprint(dropped), base);
}

}  // namespace
}  // namespace tdm
