#pragma once

#include <string>

#include "diff/payload_diff.hpp"

namespace tdm {

enum class DiffFormat { kText, kJson, kHtml };

// "text", "json" or "html". Throws Error(kUsage) for anything else.
DiffFormat diff_format_from_string(const std::string& text);

// What the two sides are, as a report names them ("snapshot app-1-abc", "database x (...)").
struct DiffLabels {
  std::string a;
  std::string b;
};

// The report of `diff` in `format`: a summary line first, then one section per kind of
// difference; rows bounded by the diff's max_rows, counts exact.
std::string render_diff(const PayloadDiff& diff, const DiffLabels& labels, DiffFormat format);

// The renderers behind render_diff.
std::string render_diff_text(const PayloadDiff& diff, const DiffLabels& labels);
// A stable document for tools; its shape is described in the README ("tdm diff").
std::string render_diff_json(const PayloadDiff& diff, const DiffLabels& labels);
// One self-contained page (inline style, no scripts) with a `<table id="summary">`.
std::string render_diff_html(const PayloadDiff& diff, const DiffLabels& labels);

// "2 tables changed, rows +1 -1 ~3" and the other kinds that differ, or "no differences".
std::string summary_line(const PayloadDiff& diff);

}  // namespace tdm
