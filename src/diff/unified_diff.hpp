#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace tdm {

// The lines of a unified diff from `a` to `b` without the file header: "@@ -1,3 +1,3 @@"
// hunk headers, then lines starting with ' ' (context), '-' (a only) or '+' (b only). Empty
// when the texts are equal. Meant for definitions (a few hundred lines): texts too long for
// a line-by-line comparison come out as all of a removed and all of b added.
std::vector<std::string> unified_diff(const std::string& a, const std::string& b,
                                      std::size_t context = 3);

}  // namespace tdm
