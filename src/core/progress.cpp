#include "core/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace tdm {

namespace {

std::string printf_string(const char* format, double value) {
  char text[48];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

double megabytes(std::uint64_t bytes) {
  return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

// The share done, from bytes when their total is known, else from rows; negative if unknown.
// An estimated total may be passed before the end: the share then stays below 100%.
double fraction_done(const ProgressUpdate& update) {
  double fraction = -1;
  if (update.bytes_total > 0) {
    fraction = static_cast<double>(update.bytes_done) / static_cast<double>(update.bytes_total);
  } else if (update.rows_total > 0) {
    fraction = static_cast<double>(update.rows_done) / static_cast<double>(update.rows_total);
  }
  return fraction < 0 ? fraction : std::min(fraction, update.estimated ? 0.99 : 1.0);
}

// Whole seconds, rounded up: "ETA 0 s" while work remains would be a lie.
std::string format_eta(double seconds) {
  auto whole = static_cast<long long>(std::ceil(seconds - 1e-6));
  if (whole < 60) return "ETA " + std::to_string(whole) + " s";
  char text[48];
  std::snprintf(text, sizeof text, "ETA %lld min %02lld s", whole / 60, whole % 60);
  return text;
}

}  // namespace

std::string format_progress(std::string_view label, const ProgressUpdate& update,
                            std::chrono::duration<double> elapsed) {
  // Most telling first (share, amount, rate, ETA; rows last): a narrow terminal cuts the end.
  const std::string about = update.estimated ? "~" : "";
  std::vector<std::string> parts;

  std::string lead = "tdm: " + std::string(label);
  if (!update.phase.empty()) lead += ": " + std::string(update.phase);
  double fraction = fraction_done(update);
  if (fraction >= 0) lead += " " + std::to_string(static_cast<int>(fraction * 100)) + "%";
  if (update.bytes_total > 0) {
    lead += printf_string(" %.1f", megabytes(update.bytes_done)) + " / " + about +
            printf_string("%.1f MB", megabytes(update.bytes_total));
  } else if (update.bytes_done > 0) {
    lead += printf_string(" %.1f MB", megabytes(update.bytes_done));
  }
  parts.push_back(lead);

  double seconds = elapsed.count();
  if (seconds >= 0.1) {
    if (update.bytes_done > 0) {
      parts.push_back(printf_string("%.1f MB/s", megabytes(update.bytes_done) / seconds));
    } else if (update.rows_done > 0) {
      parts.push_back(
          printf_string("%.0f rows/s", static_cast<double>(update.rows_done) / seconds));
    }
    if (fraction > 0 && fraction < 1)
      parts.push_back(format_eta(seconds * (1 - fraction) / fraction));
  }

  if (update.rows_total > 0) {
    parts.push_back(std::to_string(update.rows_done) + " / " + about +
                    std::to_string(update.rows_total) + " rows");
  } else if (update.rows_done > 0) {
    parts.push_back(std::to_string(update.rows_done) + " rows");
  }

  std::string line;
  for (const std::string& part : parts) line += (line.empty() ? "" : ", ") + part;
  return line;
}

ProgressStyle progress_style(bool log_is_terminal, const Environment& env) {
  std::optional<std::string> asked = env.get("TDM_PROGRESS");
  if (asked && *asked == "0") return ProgressStyle::kSilent;
  if (log_is_terminal) return ProgressStyle::kTerminal;
  return asked && *asked == "1" ? ProgressStyle::kLines : ProgressStyle::kSilent;
}

ProgressDisplay::ProgressDisplay(std::ostream& out, ProgressStyle style, std::string label,
                                 std::size_t columns, Clock clock)
    : out_(out),
      style_(style),
      label_(std::move(label)),
      columns_(columns),
      clock_(std::move(clock)) {
  started_ = phase_started_ = clock_();
}

void ProgressDisplay::update(const ProgressUpdate& update) {
  if (style_ == ProgressStyle::kSilent) return;
  if (update.finished) {
    finish();
    return;
  }
  auto now = clock_();
  if (update.phase != phase_) {
    phase_ = update.phase;
    phase_started_ = now;
  }
  if (now - started_ < kQuietStart) return;
  auto interval = style_ == ProgressStyle::kTerminal ? kTerminalInterval : kLineInterval;
  if (shown_once_ && now - last_shown_ < interval) return;

  std::string text = format_progress(label_, update, now - phase_started_);
  if (style_ == ProgressStyle::kTerminal) {
    if (columns_ > 1 && text.size() > columns_ - 1) text.resize(columns_ - 1);
    // Blanks over the rest of a longer previous line.
    std::size_t width = text.size();
    text.append(shown_width_ > width ? shown_width_ - width : 0, ' ');
    out_ << '\r' << text << std::flush;
    shown_width_ = width;
  } else {
    out_ << text << '\n' << std::flush;
  }
  last_shown_ = now;
  shown_once_ = true;
}

void ProgressDisplay::finish() {
  if (style_ != ProgressStyle::kTerminal || shown_width_ == 0) return;
  out_ << '\r' << std::string(shown_width_, ' ') << '\r' << std::flush;
  shown_width_ = 0;
}

}  // namespace tdm
