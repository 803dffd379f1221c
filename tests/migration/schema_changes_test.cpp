#include "migration/schema_changes.hpp"

#include <gtest/gtest.h>

#include "migration/column_types.hpp"

namespace tdm {
namespace {

// SHOW CREATE TABLE text of `users` with these lines between the parentheses.
std::string users(const std::string& body) {
  return "CREATE TABLE `users` (\n" + body +
         "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";
}

const std::string kUsers = users(
    "  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,\n"
    "  `organization_id` int(10) unsigned NOT NULL,\n"
    "  `email` varchar(191) NOT NULL,\n"
    "  `name` varchar(64) DEFAULT NULL,\n"
    "  PRIMARY KEY (`id`),\n"
    "  KEY `users_organization_id_foreign` (`organization_id`),\n"
    "  KEY `users_name_index` (`name`),\n"
    "  CONSTRAINT `users_organization_id_foreign` FOREIGN KEY (`organization_id`) REFERENCES "
    "`organizations` (`id`) ON DELETE CASCADE");

// The changes from kUsers to `changed`, as "breaking: ..." lines.
std::vector<std::string> changes_to(const std::string& changed) {
  PayloadDiff diff;
  diff.definitions.push_back({"TABLE `users`", kUsers, changed});
  std::vector<std::string> lines;
  for (const SchemaChange& change : classify_schema_changes(diff))
    lines.push_back(to_string(change));
  return lines;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

using Lines = std::vector<std::string>;

TEST(SchemaChanges, ObjectsAddedAreNonBreakingAndDroppedOnesBreaking) {
  PayloadDiff diff;
  diff.only_in_a = {"TABLE `sessions`", "VIEW `active_users`", "TRIGGER `audit`"};
  diff.only_in_b = {"TABLE `labels`"};
  std::vector<SchemaChange> changes = classify_schema_changes(diff);
  Lines lines;
  for (const SchemaChange& change : changes) lines.push_back(to_string(change));
  EXPECT_EQ(lines,
            (Lines{"breaking: table sessions dropped", "breaking: view active_users dropped",
                   "non-breaking: trigger audit dropped", "non-breaking: table labels added"}));
  EXPECT_TRUE(any_breaking(changes));
}

TEST(SchemaChanges, ADroppedColumnIsBreaking) {
  EXPECT_EQ(changes_to(replaced(kUsers, "  `email` varchar(191) NOT NULL,\n", "")),
            Lines{"breaking: column users.email dropped"});
}

TEST(SchemaChanges, AddedColumnsBreakOnlyWhenNotNullWithoutADefault) {
  std::string with = replaced(kUsers, "  PRIMARY KEY",
                              "  `nickname` varchar(64) DEFAULT NULL,\n"
                              "  `active` tinyint(1) NOT NULL DEFAULT 1,\n"
                              "  `team` int(11) NOT NULL,\n  PRIMARY KEY");
  EXPECT_EQ(changes_to(with),
            (Lines{"non-breaking: column users.nickname added (nullable)",
                   "non-breaking: column users.active added (with a default)",
                   "breaking: column users.team added NOT NULL without a default"}));
}

TEST(SchemaChanges, WideningIsNonBreakingNarrowingBreaking) {
  EXPECT_EQ(changes_to(replaced(kUsers, "`email` varchar(191)", "`email` varchar(255)")),
            Lines{"non-breaking: column users.email widened: varchar(191) -> varchar(255)"});
  EXPECT_EQ(changes_to(replaced(kUsers, "`email` varchar(191)", "`email` varchar(100)")),
            Lines{"breaking: column users.email type narrowed or changed: varchar(191) -> "
                  "varchar(100)"});
}

TEST(SchemaChanges, NotNullAddedWithoutADefaultIsBreaking) {
  EXPECT_EQ(changes_to(
                replaced(kUsers, "`name` varchar(64) DEFAULT NULL", "`name` varchar(64) NOT NULL")),
            Lines{"breaking: column users.name made NOT NULL without a default"});
  EXPECT_EQ(changes_to(replaced(kUsers, "`name` varchar(64) DEFAULT NULL",
                                "`name` varchar(64) NOT NULL DEFAULT ''")),
            Lines{"non-breaking: column users.name made NOT NULL (with a default)"});
  EXPECT_EQ(changes_to(replaced(kUsers, "`email` varchar(191) NOT NULL",
                                "`email` varchar(191) DEFAULT NULL")),
            Lines{"non-breaking: column users.email made nullable"});
}

TEST(SchemaChanges, AChangedPrimaryKeyIsBreaking) {
  EXPECT_EQ(changes_to(replaced(kUsers, "PRIMARY KEY (`id`)", "PRIMARY KEY (`id`,`email`)")),
            Lines{"breaking: primary key of users changed: (id) -> (id, email)"});
}

TEST(SchemaChanges, ADroppedIndexBreaksOnlyWhenAForeignKeyUsesIt) {
  EXPECT_EQ(changes_to(replaced(kUsers, "  KEY `users_name_index` (`name`),\n", "")),
            Lines{"non-breaking: index users.users_name_index dropped"});
  std::string without_fk_index =
      replaced(kUsers, "  KEY `users_organization_id_foreign` (`organization_id`),\n", "");
  EXPECT_EQ(changes_to(without_fk_index),
            Lines{"breaking: index users.users_organization_id_foreign dropped, which a foreign "
                  "key uses"});
}

TEST(SchemaChanges, AddedIndexesAndKeys) {
  EXPECT_EQ(changes_to(replaced(kUsers, "  PRIMARY KEY (`id`),\n",
                                "  PRIMARY KEY (`id`),\n  KEY `users_email_index` (`email`),\n")),
            Lines{"non-breaking: index users.users_email_index added"});
  EXPECT_EQ(changes_to(replaced(kUsers, "  PRIMARY KEY (`id`),\n",
                                "  PRIMARY KEY (`id`),\n  UNIQUE KEY `users_email_unique` "
                                "(`email`),\n")),
            Lines{"breaking: unique key users.users_email_unique added over existing columns "
                  "(email)"});
}

TEST(SchemaChanges, AForeignKeyOnANewColumnIsNonBreakingOnAnOldOneBreaking) {
  std::string new_column =
      replaced(kUsers, "  PRIMARY KEY (`id`),\n",
               "  `team_id` int(10) unsigned DEFAULT NULL,\n  PRIMARY KEY (`id`),\n"
               "  KEY `users_team_id_foreign` (`team_id`),\n");
  new_column = replaced(new_column, "ON DELETE CASCADE",
                        "ON DELETE CASCADE,\n  CONSTRAINT `users_team_id_foreign` FOREIGN KEY "
                        "(`team_id`) REFERENCES `teams` (`id`)");
  EXPECT_EQ(
      changes_to(new_column),
      (Lines{"non-breaking: column users.team_id added (nullable)",
             "non-breaking: index users.users_team_id_foreign added",
             "non-breaking: foreign key users.users_team_id_foreign added (on new columns)"}));
  std::string old_column = replaced(kUsers, "ON DELETE CASCADE",
                                    "ON DELETE CASCADE,\n  CONSTRAINT `users_name_foreign` FOREIGN "
                                    "KEY (`name`) REFERENCES `names` (`name`)");
  EXPECT_EQ(changes_to(old_column),
            Lines{"breaking: foreign key users.users_name_foreign added over existing columns"});
}

TEST(SchemaChanges, TableOptionsAreNonBreaking) {
  EXPECT_EQ(changes_to(replaced(kUsers, "ENGINE=InnoDB", "ENGINE=Aria")),
            Lines{"non-breaking: table users options changed: ENGINE=InnoDB DEFAULT "
                  "CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci -> ENGINE=Aria DEFAULT "
                  "CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"});
}

TEST(SchemaChanges, ChangedViewsAndRoutinesAreBreakingTriggersNot) {
  PayloadDiff diff;
  diff.definitions = {{"VIEW `v`", "a", "b"}, {"TRIGGER `t`", "a", "b"}};
  std::vector<SchemaChange> changes = classify_schema_changes(diff);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(to_string(changes[0]), "breaking: view v changed");
  EXPECT_EQ(to_string(changes[1]), "non-breaking: trigger t changed");
}

TEST(ColumnTypes, WhatWidens) {
  EXPECT_TRUE(widens_or_keeps("int(11)", "bigint(20)"));
  EXPECT_TRUE(widens_or_keeps("int(10) unsigned", "bigint(20)"));
  EXPECT_FALSE(widens_or_keeps("int(10) unsigned", "int(11)"));
  EXPECT_FALSE(widens_or_keeps("int(11)", "int(10) unsigned"));
  EXPECT_FALSE(widens_or_keeps("bigint(20)", "int(11)"));
  EXPECT_TRUE(widens_or_keeps("varchar(64)", "text"));
  EXPECT_FALSE(widens_or_keeps("text", "varchar(64)"));
  EXPECT_TRUE(widens_or_keeps("char(2)", "varchar(2)"));
  EXPECT_TRUE(widens_or_keeps("decimal(12,2)", "decimal(14,4)"));
  EXPECT_FALSE(widens_or_keeps("decimal(12,2)", "decimal(12,4)"));
  EXPECT_TRUE(widens_or_keeps("enum('a','b')", "enum('a','b','c')"));
  EXPECT_FALSE(widens_or_keeps("enum('a','b')", "enum('b','a')"));
  EXPECT_FALSE(widens_or_keeps("enum('a','b')", "enum('a')"));
  EXPECT_TRUE(widens_or_keeps("datetime", "datetime(6)"));
  EXPECT_TRUE(widens_or_keeps("float", "double"));
  EXPECT_FALSE(widens_or_keeps("varchar(10)", "int(11)"));
}

}  // namespace
}  // namespace tdm
