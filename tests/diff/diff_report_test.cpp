// The renderers on a diff built by hand: what a reader finds in text, JSON and HTML.
#include "diff/diff_report.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace tdm {
namespace {

using namespace std::string_literals;

PayloadDiff sample_diff() {
  PayloadDiff diff;
  diff.max_rows = 2;
  diff.tables_compared = 3;
  diff.ignored = {{"audit", ""}, {"users", "seen_at"}};
  diff.only_in_b = {"TABLE `extra`"};
  diff.definitions.push_back({"TABLE `users`", "CREATE TABLE `users` (\n  `name` varchar(50)\n)",
                              "CREATE TABLE `users` (\n  `name` varchar(80)\n)"});
  diff.properties.push_back({"TRIGGER `t1`", "action order", "1", "2"});
  diff.counters.push_back({"users", "5", "9"});
  TableDiff users{"users", 3, 4, {}, {}};
  users.rows.key_columns = {"id"};
  users.rows.columns = {"id", "name", "avatar"};
  users.rows.added = 3;
  users.rows.added_rows = {{"4", "Zoë", "\x89PNG"s}, {"5", "<b>&</b>", std::nullopt}};
  users.rows.removed = 1;
  users.rows.removed_rows = {{"3", "Hedy", std::nullopt}};
  users.rows.changed = 1;
  users.rows.changed_rows = {{{"2"}, {{"name", "Grace", "Grace Hopper"}}}};
  diff.tables.push_back(users);
  TableDiff tags{"tags", 2, 1, {}, {}};
  tags.rows.columns = {"label"};
  tags.rows.removed = 1;
  tags.rows.removed_rows = {{"x"}};
  diff.tables.push_back(tags);
  return diff;
}

const DiffLabels kLabels{"snapshot app-1-abc", "database app_test"};

TEST(DiffText, SummaryFirstThenEveryKindOfDifference) {
  std::string text = render_diff_text(sample_diff(), kLabels);
  EXPECT_EQ(text.rfind("tdm diff: 3 tables changed, rows +3 -2 ~1, 1 object on one side only, "
                       "1 definition changed, 1 property changed, 1 AUTO_INCREMENT counter "
                       "changed\n",
                       0),
            0u)
      << text;
  for (const std::string& expected : {
           "  ignored (not compared): audit users.seen_at\n"s,
           "  + TABLE `extra` (only in b)\n"s,
           "  TABLE `users`\n    --- a\n    +++ b\n    @@ -1,3 +1,3 @@\n"
           "     CREATE TABLE `users` (\n    -  `name` varchar(50)\n    +  `name` varchar(80)\n"
           "     )\n"s,
           "  TRIGGER `t1` action order: 1 -> 2\n"s,
           "AUTO_INCREMENT counters that differ:\n  TABLE `users`: 5 -> 9\n"s,
           "  TABLE `users`: 3 rows in a, 4 in b, matched by primary key (id): +3 -1 ~1\n"
           "    + id=4, name='Zoë', avatar=0x89504e47\n"
           "    + id=5, name='<b>&</b>', avatar=NULL\n"
           "    ... and 1 more\n"
           "    - id=3, name='Hedy', avatar=NULL\n"
           "    ~ id=2: name 'Grace' -> 'Grace Hopper'\n"s,
           "  TABLE `tags`: 2 rows in a, 1 in b, no primary key: whole rows: +0 -1 ~0\n"
           "    - label='x'\n"s,
       }) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\nin:\n" << text;
  }
}

TEST(DiffText, EqualSidesSayWhatWasCompared) {
  PayloadDiff diff;
  diff.tables_compared = 2;
  EXPECT_EQ(render_diff_text(diff, kLabels).rfind("tdm diff: no differences (2 tables compared", 0),
            0u);
}

TEST(DiffJson, StableShapeForTools) {
  auto json = nlohmann::json::parse(render_diff_json(sample_diff(), kLabels));
  EXPECT_EQ(json["tdm_diff_version"], 1);
  EXPECT_EQ(json["equal"], false);
  EXPECT_EQ(json["summary"]["tables_changed"], 3);
  EXPECT_EQ(json["summary"]["rows_added"], 3);
  EXPECT_EQ(json["ignored"][1]["table"], "users");
  EXPECT_EQ(json["ignored"][1]["column"], "seen_at");
  EXPECT_TRUE(json["ignored"][0]["column"].is_null());
  EXPECT_EQ(json["only_in_b"][0], "TABLE `extra`");
  EXPECT_EQ(json["definitions"][0]["unified_diff"][3], "+  `name` varchar(80)");
  EXPECT_EQ(json["properties"][0]["property"], "action order");
  EXPECT_EQ(json["auto_increment"][0]["b"], "9");
  const auto& users = json["tables"][0];
  EXPECT_EQ(users["key"][0], "id");
  EXPECT_EQ(users["added"], 3);
  EXPECT_EQ(users["added_rows"].size(), 2u);
  EXPECT_EQ(users["added_rows"][0][1]["text"], "Zoë");
  EXPECT_EQ(users["added_rows"][0][2]["hex"], "89504e47");
  EXPECT_EQ(users["added_rows"][0][2]["bytes"], 4);
  EXPECT_TRUE(users["added_rows"][1][2].is_null());
  EXPECT_EQ(users["changed_rows"][0]["changes"][0]["b"]["text"], "Grace Hopper");
  EXPECT_EQ(json["tables"][1]["key"].size(), 0u);
}

TEST(DiffHtml, OneSelfContainedPageWithASummaryTableAndEscapedValues) {
  std::string html = render_diff_html(sample_diff(), kLabels);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);  // nothing fetched from the network
  EXPECT_NE(html.find("<table id=\"summary\">"), std::string::npos);
  // A summary row per table with a difference, linking its section.
  EXPECT_NE(html.find("<tr><td><a href=\"#table-users\">users</a></td><td class=\"num\">3</td>"
                      "<td class=\"num\">4</td><td class=\"num\">3</td><td class=\"num\">1</td>"
                      "<td class=\"num\">1</td><td>definition; AUTO_INCREMENT 5 -&gt; 9</td></tr>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<a href=\"#table-extra\">extra</a>"), std::string::npos);
  EXPECT_NE(html.find("<section class=\"table\" id=\"table-users\">"), std::string::npos);
  EXPECT_NE(html.find("&#39;&lt;b&gt;&amp;&lt;/b&gt;&#39;"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>&</b>"), std::string::npos);
  EXPECT_NE(html.find("&#39;Zoë&#39;"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"add\">+  `name` varchar(80)</span>"), std::string::npos);
  EXPECT_NE(html.find("<code>users.seen_at</code>"), std::string::npos);
}

TEST(DiffReport, FormatsByName) {
  EXPECT_EQ(diff_format_from_string("html"), DiffFormat::kHtml);
  EXPECT_THROW(diff_format_from_string("xml"), Error);
  PayloadDiff diff = sample_diff();
  EXPECT_EQ(render_diff(diff, kLabels, DiffFormat::kJson), render_diff_json(diff, kLabels));
}

}  // namespace
}  // namespace tdm
