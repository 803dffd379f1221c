#include "snapshot/table_definition.hpp"

#include <gtest/gtest.h>

namespace tdm {
namespace {

// As MariaDB 10.11 writes it for a table with every kind of foreign key.
const char* const kChild =
    "CREATE TABLE `task` (\n"
    "  `id` int(11) NOT NULL AUTO_INCREMENT,\n"
    "  `project_id` bigint(20) unsigned DEFAULT NULL,\n"
    "  `owner_org` int(11) NOT NULL,\n"
    "  `owner_no` int(11) NOT NULL,\n"
    "  `label` varchar(20) DEFAULT 'a, (b)',\n"
    "  PRIMARY KEY (`id`),\n"
    "  KEY `task_project` (`project_id`),\n"
    "  CONSTRAINT `task_project` FOREIGN KEY (`project_id`) REFERENCES `project` (`id`) ON "
    "DELETE CASCADE,\n"
    "  CONSTRAINT `task_owner` FOREIGN KEY (`owner_org`, `owner_no`) REFERENCES `other "
    "db`.`u``ser` "
    "(`org`, `no`) ON DELETE SET NULL ON UPDATE CASCADE,\n"
    "  CONSTRAINT `FOREIGN KEY (x) REFERENCES y` CHECK (`label` <> ' FOREIGN KEY '),\n"
    "  CONSTRAINT `plain` FOREIGN KEY (`owner_no`) REFERENCES `task` (`id`)\n"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

TEST(TableDefinition, ForeignKeysNameWhatTheyReferAndTheirActions) {
  TableDefinitionParts table = parse_table_definition(kChild);
  ASSERT_EQ(table.constraints.size(), 4u);

  const ConstraintDefinition* project = table.constraint("task_project");
  ASSERT_NE(project, nullptr);
  EXPECT_TRUE(project->foreign_key);
  EXPECT_EQ(project->columns, std::vector<std::string>{"project_id"});
  EXPECT_EQ(project->references.database, "");
  EXPECT_EQ(project->references.table, "project");
  EXPECT_EQ(project->references.columns, std::vector<std::string>{"id"});
  EXPECT_EQ(project->references.on_delete, "CASCADE");
  EXPECT_EQ(project->references.on_update, "RESTRICT");

  const ConstraintDefinition* owner = table.constraint("task_owner");
  ASSERT_NE(owner, nullptr);
  EXPECT_EQ(owner->columns, (std::vector<std::string>{"owner_org", "owner_no"}));
  EXPECT_EQ(owner->references.database, "other db");
  EXPECT_EQ(owner->references.table, "u`ser");
  EXPECT_EQ(owner->references.columns, (std::vector<std::string>{"org", "no"}));
  EXPECT_EQ(owner->references.on_delete, "SET NULL");
  EXPECT_EQ(owner->references.on_update, "CASCADE");

  const ConstraintDefinition* plain = table.constraint("plain");
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->references.table, "task");
  EXPECT_EQ(plain->references.on_delete, "RESTRICT");
  EXPECT_EQ(plain->references.on_update, "RESTRICT");
}

// A check's name and expression may hold the words a foreign key is recognised by.
TEST(TableDefinition, ACheckIsNoForeignKeyWhateverItsTextSays) {
  TableDefinitionParts table = parse_table_definition(kChild);
  const ConstraintDefinition* check = table.constraint("FOREIGN KEY (x) REFERENCES y");
  ASSERT_NE(check, nullptr);
  EXPECT_FALSE(check->foreign_key);
  EXPECT_TRUE(check->columns.empty());
  EXPECT_TRUE(check->references.table.empty());
}

TEST(TableDefinition, ColumnsAndKeysKeepTheirOrder) {
  TableDefinitionParts table = parse_table_definition(kChild);
  ASSERT_EQ(table.columns.size(), 5u);
  EXPECT_EQ(table.columns[1].name, "project_id");
  EXPECT_EQ(table.columns[1].type, "bigint(20) unsigned");
  EXPECT_EQ(table.columns[4].type, "varchar(20)");
  ASSERT_NE(table.index("task_project"), nullptr);
  EXPECT_EQ(table.index("task_project")->columns, std::vector<std::string>{"project_id"});
  EXPECT_EQ(table.index("PRIMARY")->columns, std::vector<std::string>{"id"});
}

}  // namespace
}  // namespace tdm
