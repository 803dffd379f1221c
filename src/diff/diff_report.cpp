#include "diff/diff_report.hpp"

#include "core/error.hpp"

namespace tdm {

namespace {

std::string counted(std::size_t count, const std::string& singular, const std::string& plural) {
  return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

}  // namespace

DiffFormat diff_format_from_string(const std::string& text) {
  if (text == "text") return DiffFormat::kText;
  if (text == "json") return DiffFormat::kJson;
  if (text == "html") return DiffFormat::kHtml;
  throw Error(ExitCode::kUsage, "unknown report format '" + text + "'", "give text, json or html");
}

std::string summary_line(const PayloadDiff& diff) {
  if (diff.equal()) {
    return "no differences (" + std::to_string(diff.tables_compared) +
           " tables compared: schema, objects, properties, counters and rows)";
  }
  DiffSummary summary = diff.summary();
  std::string line = counted(summary.tables_changed, "table", "tables") + " changed, rows +" +
                     std::to_string(summary.rows_added) + " -" +
                     std::to_string(summary.rows_removed) + " ~" +
                     std::to_string(summary.rows_changed);
  std::size_t one_side = diff.only_in_a.size() + diff.only_in_b.size();
  if (one_side) line += ", " + counted(one_side, "object", "objects") + " on one side only";
  if (!diff.definitions.empty()) {
    line += ", " + counted(diff.definitions.size(), "definition", "definitions") + " changed";
  }
  if (!diff.properties.empty()) {
    line += ", " + counted(diff.properties.size(), "property", "properties") + " changed";
  }
  if (!diff.counters.empty()) {
    line += ", " +
            counted(diff.counters.size(), "AUTO_INCREMENT counter", "AUTO_INCREMENT counters") +
            " changed";
  }
  return line;
}

std::string render_diff(const PayloadDiff& diff, const DiffLabels& labels, DiffFormat format) {
  switch (format) {
    case DiffFormat::kText:
      return render_diff_text(diff, labels);
    case DiffFormat::kJson:
      return render_diff_json(diff, labels);
    case DiffFormat::kHtml:
      return render_diff_html(diff, labels);
  }
  throw Error(ExitCode::kInternal, "unknown diff format", "report this as a bug");
}

}  // namespace tdm
