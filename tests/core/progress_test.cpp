#include "core/progress.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace tdm {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::steady_clock::time_point;

constexpr std::uint64_t kMB = 1024 * 1024;

// A clock the test moves by hand.
struct FakeClock {
  TimePoint now{};
  ProgressDisplay::Clock function() {
    return [this] { return now; };
  }
};

ProgressUpdate loading(std::uint64_t bytes_done) {
  return ProgressUpdate{"loading", bytes_done, 40 * kMB, 1000, 4000, false};
}

TEST(FormatProgress, ExactTotalsShowBytesShareRowsRateAndEta) {
  EXPECT_EQ(format_progress("restore", loading(10 * kMB), 2s),
            "tdm: restore: loading 25% 10.0 / 40.0 MB, 5.0 MB/s, ETA 6 s, 1000 / 4000 rows");
}

TEST(FormatProgress, EstimatedRowTotalIsMarkedAndNeverReachesAHundredPercent) {
  ProgressUpdate update{"reading rows", 3 * kMB, 0, 2500, 2000, true};
  EXPECT_EQ(format_progress("capture", update, 1s),
            "tdm: capture: reading rows 99% 3.0 MB, 3.0 MB/s, ETA 1 s, 2500 / ~2000 rows");
}

TEST(FormatProgress, RowsOnlyGiveARowRateAndLongEtasInMinutes) {
  ProgressUpdate update{"reading rows", 0, 0, 100, 10000, false};
  EXPECT_EQ(format_progress("capture", update, 1s),
            "tdm: capture: reading rows 1%, 100 rows/s, ETA 1 min 39 s, 100 / 10000 rows");
}

TEST(FormatProgress, NoRateOrEtaInTheFirstMoments) {
  EXPECT_EQ(format_progress("restore", loading(0), 10ms),
            "tdm: restore: loading 0% 0.0 / 40.0 MB, 1000 / 4000 rows");
}

TEST(ProgressStyle, TerminalUnlessSilencedLinesOnlyWhenAsked) {
  Environment none;
  Environment lines;
  lines.set("TDM_PROGRESS", "1");
  Environment off;
  off.set("TDM_PROGRESS", "0");
  EXPECT_EQ(progress_style(true, none), ProgressStyle::kTerminal);
  EXPECT_EQ(progress_style(false, none), ProgressStyle::kSilent);
  EXPECT_EQ(progress_style(false, lines), ProgressStyle::kLines);
  EXPECT_EQ(progress_style(true, lines), ProgressStyle::kTerminal);
  EXPECT_EQ(progress_style(true, off), ProgressStyle::kSilent);
}

TEST(ProgressDisplay, QuickOperationsPrintNothing) {
  FakeClock clock;
  std::ostringstream out;
  {
    ProgressDisplay display(out, ProgressStyle::kTerminal, "restore", 0, clock.function());
    display.update(loading(1 * kMB));
    clock.now += 900ms;
    display.update(loading(39 * kMB));
  }
  EXPECT_EQ(out.str(), "");
}

TEST(ProgressDisplay, TerminalLineIsOverwrittenInPlaceAndClearedAtTheEnd) {
  FakeClock clock;
  std::ostringstream out;
  ProgressDisplay display(out, ProgressStyle::kTerminal, "restore", 0, clock.function());
  display.update(loading(0));
  clock.now += 2s;
  display.update(loading(20 * kMB));
  std::string first =
      "tdm: restore: loading 50% 20.0 / 40.0 MB, 10.0 MB/s, ETA 2 s, 1000 / 4000 rows";
  EXPECT_EQ(out.str(), "\r" + first);

  clock.now += 100ms;  // too soon to redraw
  display.update(loading(21 * kMB));
  EXPECT_EQ(out.str(), "\r" + first);

  clock.now += 200ms;  // a new, shorter phase: blanks cover the rest of the old line
  display.update(ProgressUpdate{"objects", 0, 0, 0, 0, false});
  std::string second = "tdm: restore: objects";
  EXPECT_EQ(out.str(),
            "\r" + first + "\r" + second + std::string(first.size() - second.size(), ' '));

  out.str("");
  display.finish();
  EXPECT_EQ(out.str(), "\r" + std::string(second.size(), ' ') + "\r");
  out.str("");
  display.finish();  // once only
  EXPECT_EQ(out.str(), "");
}

TEST(ProgressDisplay, AFinishedPhaseTakesItsLineAwayAndTheNextOneDrawsAgain) {
  FakeClock clock;
  std::ostringstream out;
  ProgressDisplay display(out, ProgressStyle::kTerminal, "restore", 0, clock.function());
  ProgressUpdate verifying{"verifying", 0, 10 * kMB, 0, 0, false};
  display.update(verifying);
  clock.now += 1s;
  verifying.bytes_done = 10 * kMB;
  display.update(verifying);
  std::string line = "tdm: restore: verifying 100% 10.0 / 10.0 MB, 10.0 MB/s";
  verifying.finished = true;
  display.update(verifying);
  EXPECT_EQ(out.str(), "\r" + line + "\r" + std::string(line.size(), ' ') + "\r");

  clock.now += 1s;
  display.update(loading(0));  // the next phase starts
  out.str("");
  clock.now += 1s;
  display.update(loading(20 * kMB));
  EXPECT_EQ(out.str(),
            "\rtdm: restore: loading 50% 20.0 / 40.0 MB, 20.0 MB/s, ETA 1 s, 1000 / 4000 rows");
}

TEST(ProgressDisplay, TerminalLinesAreCutToTheWidthSoTheyNeverWrap) {
  FakeClock clock;
  std::ostringstream out;
  ProgressDisplay display(out, ProgressStyle::kTerminal, "restore", 31, clock.function());
  display.update(loading(0));
  clock.now += 2s;
  display.update(loading(20 * kMB));
  EXPECT_EQ(out.str(), "\rtdm: restore: loading 50% 20.0");
}

TEST(ProgressDisplay, PlainLinesAtMostOncePerSecond) {
  FakeClock clock;
  std::ostringstream out;
  ProgressDisplay display(out, ProgressStyle::kLines, "restore", 0, clock.function());
  display.update(loading(0));
  for (int step = 1; step <= 10; ++step) {
    clock.now += 250ms;
    display.update(loading(static_cast<std::uint64_t>(step) * 4 * kMB));
  }
  display.finish();
  // Shown at 1.0 s and 2.0 s, never at the quarter seconds between.
  EXPECT_EQ(out.str(),
            "tdm: restore: loading 40% 16.0 / 40.0 MB, 16.0 MB/s, ETA 2 s, 1000 / 4000 rows\n"
            "tdm: restore: loading 80% 32.0 / 40.0 MB, 16.0 MB/s, ETA 1 s, 1000 / 4000 rows\n");
}

TEST(ProgressDisplay, SilentShowsNothing) {
  FakeClock clock;
  std::ostringstream out;
  ProgressDisplay display(out, ProgressStyle::kSilent, "restore", 0, clock.function());
  clock.now += 5s;
  display.update(loading(20 * kMB));
  display.finish();
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace tdm
