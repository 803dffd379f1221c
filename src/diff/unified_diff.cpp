#include "diff/unified_diff.hpp"

#include <algorithm>
#include <cstdint>
#include <sstream>

namespace tdm {

namespace {

constexpr std::size_t kMaxCells = 4'000'000;  // of the comparison table: 16 MB at most

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

struct Edit {
  char op;  // ' ', '-' or '+'
  const std::string* line;
};

// A shortest edit script by longest common subsequence.
std::vector<Edit> edit_script(const std::vector<std::string>& a,
                              const std::vector<std::string>& b) {
  std::vector<Edit> edits;
  if ((a.size() + 1) * (b.size() + 1) > kMaxCells) {
    for (const std::string& line : a) edits.push_back({'-', &line});
    for (const std::string& line : b) edits.push_back({'+', &line});
    return edits;
  }
  // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const std::size_t width = b.size() + 1;
  std::vector<std::uint32_t> common((a.size() + 1) * width, 0);
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      common[i * width + j] =
          a[i] == b[j] ? common[(i + 1) * width + j + 1] + 1
                       : std::max(common[(i + 1) * width + j], common[i * width + j + 1]);
    }
  }
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      edits.push_back({' ', &a[i++]});
      ++j;
    } else if (j < b.size() &&
               (i == a.size() || common[i * width + j + 1] >= common[(i + 1) * width + j])) {
      edits.push_back({'+', &b[j++]});
    } else {
      edits.push_back({'-', &a[i++]});
    }
  }
  // Within a run of changes, removals before additions, as diff -u shows them.
  for (std::size_t start = 0; start < edits.size();) {
    std::size_t end = start;
    while (end < edits.size() && edits[end].op != ' ') ++end;
    std::stable_partition(edits.begin() + static_cast<std::ptrdiff_t>(start),
                          edits.begin() + static_cast<std::ptrdiff_t>(end),
                          [](const Edit& edit) { return edit.op == '-'; });
    start = end + 1;
  }
  return edits;
}

std::string range(std::size_t first, std::size_t count) {
  // diff -u numbers an empty range by the line before it.
  return std::to_string(count == 0 ? first : first + 1) + "," + std::to_string(count);
}

}  // namespace

std::vector<std::string> unified_diff(const std::string& a, const std::string& b,
                                      std::size_t context) {
  std::vector<std::string> lines_a = lines_of(a);
  std::vector<std::string> lines_b = lines_of(b);
  std::vector<Edit> edits = edit_script(lines_a, lines_b);
  std::vector<std::string> out;
  // line_a/line_b: how many lines of a and b come before edits[index].
  std::vector<std::size_t> line_a(edits.size() + 1, 0), line_b(edits.size() + 1, 0);
  for (std::size_t k = 0; k < edits.size(); ++k) {
    line_a[k + 1] = line_a[k] + (edits[k].op != '+');
    line_b[k + 1] = line_b[k] + (edits[k].op != '-');
  }
  std::size_t k = 0;
  while (k < edits.size()) {
    if (edits[k].op == ' ') {
      ++k;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change
    // that follows within 2 * context unchanged lines.
    std::size_t begin = k > context ? k - context : 0;
    std::size_t end = k;
    for (std::size_t unchanged = 0; end < edits.size() && unchanged <= 2 * context; ++end) {
      unchanged = edits[end].op == ' ' ? unchanged + 1 : 0;
    }
    while (end > k && edits[end - 1].op == ' ') --end;  // back to the last change
    end = std::min(edits.size(), end + context);
    out.push_back("@@ -" + range(line_a[begin], line_a[end] - line_a[begin]) + " +" +
                  range(line_b[begin], line_b[end] - line_b[begin]) + " @@");
    for (std::size_t at = begin; at < end; ++at) out.push_back(edits[at].op + *edits[at].line);
    k = end;
  }
  return out;
}

}  // namespace tdm
