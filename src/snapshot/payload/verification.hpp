#pragma once

#include <filesystem>
#include <string>

#include "core/progress.hpp"

namespace tdm {

// Checks a payload before anything trusts it. Throws Error(kSnapshot) naming the file, the
// reason (missing, truncated, corrupt, not a payload, newer format) and the fix.
// `expected_sha256` is the whole-file digest from the metadata; when empty, the digest the
// payload's own end section records is checked instead. Reads the file once, sequentially.
void verify_payload(const std::filesystem::path& path, const std::string& expected_sha256);

class PayloadFile;
// The same on a file already open, so what was verified is what is read afterwards.
// `progress` hears of the bytes checked (phase "verifying").
void verify_payload(const PayloadFile& file, const std::string& expected_sha256,
                    const ProgressObserver& progress = {});

}  // namespace tdm
