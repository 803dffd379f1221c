#include "engine/reset/cascade_keys.hpp"

#include <gtest/gtest.h>

#include "engine/reset/cascade_refill.hpp"

namespace tdm {
namespace {

// A shelf's books go with it, a reader's loans are cleared (SET NULL), an author's books stay
// (RESTRICT), and a publisher in another database cascades its updates.
PayloadIndex library(const std::string& publisher_reference) {
  PayloadIndex index;
  index.tables.push_back({"shelf",
                          "CREATE TABLE `shelf` (\n"
                          "  `id` bigint(20) unsigned NOT NULL,\n"
                          "  `label` varchar(20) DEFAULT NULL,\n"
                          "  PRIMARY KEY (`id`)\n"
                          ") ENGINE=InnoDB"});
  index.tables.push_back({"reader",
                          "CREATE TABLE `reader` (\n"
                          "  `name` varchar(20) NOT NULL,\n"
                          "  `code` char(4) NOT NULL,\n"
                          "  PRIMARY KEY (`code`)\n"
                          ") ENGINE=InnoDB"});
  index.tables.push_back(
      {"book",
       "CREATE TABLE `book` (\n"
       "  `id` int(11) NOT NULL AUTO_INCREMENT,\n"
       "  `shelf_id` bigint(20) unsigned DEFAULT NULL,\n"
       "  `reader_code` char(4) DEFAULT NULL,\n"
       "  `author_id` int(11) DEFAULT NULL,\n"
       "  `publisher_id` int(11) DEFAULT NULL,\n"
       "  PRIMARY KEY (`id`),\n"
       "  CONSTRAINT `book_shelf` FOREIGN KEY (`shelf_id`) REFERENCES `shelf` (`id`) ON DELETE "
       "CASCADE,\n"
       "  CONSTRAINT `book_reader` FOREIGN KEY (`reader_code`) REFERENCES `reader` (`code`) ON "
       "DELETE SET NULL,\n"
       "  CONSTRAINT `book_author` FOREIGN KEY (`author_id`) REFERENCES `author` (`id`),\n"
       "  CONSTRAINT `book_publisher` FOREIGN KEY (`publisher_id`) REFERENCES " +
           publisher_reference +
           " (`id`) ON UPDATE CASCADE\n"
           ") ENGINE=InnoDB"});
  return index;
}

// What the server's information_schema says of the same definitions (cascade_closure.hpp):
// only the foreign keys within the database.
Cascades server_cascades() {
  Cascades cascades;
  cascades.on_delete = {{"shelf", "book"}, {"reader", "book"}};
  cascades.deleting = {{"shelf", "book"}};
  return cascades;
}

TEST(CascadeKeys, TheChildsDeletingKeysAndTheirParentsColumnsComeFromThePayload) {
  ChildFacts facts =
      child_facts_from_payload(library("`other`.`publisher`"), "book", server_cascades());
  // The publisher's key cascades updates into another database, which the reset does not see.
  EXPECT_TRUE(facts.obstacles);

  Cascades cascades = server_cascades();
  cascades.on_update = {{"publisher", "book"}};
  facts = child_facts_from_payload(library("`publisher`"), "book", cascades);
  EXPECT_FALSE(facts.obstacles);
  ASSERT_EQ(facts.keys.size(), 2u);
  EXPECT_EQ(facts.keys[0].parent, "shelf");
  EXPECT_EQ(facts.keys[0].columns, std::vector<std::string>{"shelf_id"});
  EXPECT_EQ(facts.keys[0].referenced, std::vector<std::string>{"id"});
  EXPECT_EQ(facts.keys[1].parent, "reader");
  EXPECT_EQ(facts.keys[1].referenced, std::vector<std::string>{"code"});
  ASSERT_EQ(facts.parent_columns.size(), 2u);
  EXPECT_EQ(facts.parent_columns["shelf"].names, (std::vector<std::string>{"id", "label"}));
  EXPECT_EQ(facts.parent_columns["shelf"].integer, (std::vector<bool>{true, false}));
  EXPECT_EQ(facts.parent_columns["reader"].names, (std::vector<std::string>{"name", "code"}));
  EXPECT_EQ(facts.parent_columns["reader"].integer, (std::vector<bool>{false, false}));
}

// The reset followed the server's cascades: definitions that name others are not trusted.
TEST(CascadeKeys, DefinitionsThatDisagreeWithTheServersCascadesAreObstacles) {
  Cascades cascades = server_cascades();
  cascades.on_update = {{"publisher", "book"}};
  ASSERT_FALSE(child_facts_from_payload(library("`publisher`"), "book", cascades).obstacles);

  Cascades missing = cascades;
  missing.on_delete = {{"shelf", "book"}};
  EXPECT_TRUE(child_facts_from_payload(library("`publisher`"), "book", missing).obstacles);

  Cascades more = cascades;
  more.on_delete.emplace("author", "book");
  EXPECT_TRUE(child_facts_from_payload(library("`publisher`"), "book", more).obstacles);

  Cascades no_updates = cascades;
  no_updates.on_update.clear();
  EXPECT_TRUE(child_facts_from_payload(library("`publisher`"), "book", no_updates).obstacles);
}

TEST(CascadeKeys, AChildWithoutCascadingKeysHasNone) {
  ChildFacts facts = child_facts_from_payload(library("`publisher`"), "shelf", Cascades{});
  EXPECT_FALSE(facts.obstacles);
  EXPECT_TRUE(facts.keys.empty());
}

// InnoDB recalculates after a tenth of the rows changed (persistent statistics) or 16 and a
// sixteenth (transient ones): the refill analyses the table from half of the lower one on.
TEST(StatisticsRecalculation, NearFromHalfOfWhereInnoDbRecalculates) {
  EXPECT_FALSE(statistics_recalculation_near(1249, 40000));  // 16 + 2500 = 2516, half 1258
  EXPECT_TRUE(statistics_recalculation_near(1258, 40000));
  EXPECT_FALSE(statistics_recalculation_near(9, 200));  // a tenth: 20 (below 16 + 12), half 10
  EXPECT_TRUE(statistics_recalculation_near(10, 200));
  EXPECT_TRUE(statistics_recalculation_near(0, 0));  // no estimate of the rows yet
  EXPECT_TRUE(statistics_recalculation_near(2, 40));
}

}  // namespace
}  // namespace tdm
