#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string_view>

namespace tdm {

// Positioned reads and writes that finish what a short transfer or a signal interrupted.
// Callers turn a failure (errno set) into an error that names their file.

// Writes all of `bytes` at `offset`. False on failure.
bool write_all_at(int fd, std::string_view bytes, off_t offset);

// Reads `length` bytes at `offset`, fewer only where the file ends. -1 on failure.
ssize_t read_fully_at(int fd, char* out, std::size_t length, off_t offset);

}  // namespace tdm
