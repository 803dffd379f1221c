#pragma once

#include <string>

#include "diff/payload_diff.hpp"

namespace tdm {

// The readable text report of a diff between the sides labelled `a` and `b`: one section per
// kind of difference, "no differences" when there is none.
std::string render_diff_report(const PayloadDiff& diff, const std::string& a, const std::string& b);

}  // namespace tdm
