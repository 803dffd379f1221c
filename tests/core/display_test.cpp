#include "core/display.hpp"

#include <gtest/gtest.h>

namespace tdm {
namespace {

void expect_hidden(const std::string& shown, const std::string& secret) {
  EXPECT_EQ(shown.find(secret), std::string::npos) << shown;
  EXPECT_NE(shown.find("***"), std::string::npos) << shown;
}

TEST(RedactUrl, HidesThePasswordOfTheUserInfo) {
  EXPECT_EQ(redact_url("mysql://u:Hunter2@localhost/x_test"), "mysql://u:***@localhost/x_test");
  EXPECT_EQ(redact_url("mysql://u:Hunt%65r2@localhost/x_test"), "mysql://u:***@localhost/x_test");
  EXPECT_EQ(redact_url("mysql://u:@localhost/x_test"), "mysql://u:***@localhost/x_test");
  // Unencoded '@', '/', '?' in the password: everything up to the last '@' goes.
  expect_hidden(redact_url("mysql://u:p@ssHunter2@h/x_test"), "Hunter2");
  expect_hidden(redact_url("mysql://u:Hun/ter2@h/x_test"), "ter2");
  std::string question = redact_url("mysql://u:Hun?ter2@h/x_test");
  EXPECT_EQ(question.find("Hun"), std::string::npos) << question;
  EXPECT_EQ(question.find("ter2"), std::string::npos) << question;
  // Without a scheme, or without '@' (the password then reads as a port).
  EXPECT_EQ(redact_url("u:Hunter2@localhost/x_test"), "u:***@localhost/x_test");
  EXPECT_EQ(redact_url("mysql://u:Hunter2/x_test"), "mysql://u:***/x_test");
}

TEST(RedactUrl, HidesTheValuesOfUnknownQueryParameters) {
  EXPECT_EQ(redact_url("mysql://u@h/x_test?password=Hunter2"), "mysql://u@h/x_test?password=***");
  EXPECT_EQ(redact_url("mysql://u@h/x_test?socket=/s.sock&pwd=Hunter2&ssl-ca=/ca.pem"),
            "mysql://u@h/x_test?socket=/s.sock&pwd=***&ssl-ca=/ca.pem");
  expect_hidden(redact_url("mysql://u@h/x_test?pass%77ord=Hunter2"), "Hunter2");
}

TEST(RedactUrl, LeavesAUrlWithoutAPasswordAlone) {
  for (const char* url :
       {"mysql://app@db.example:3307/shop_test", "mysql://root@[::1]:3306/x_test",
        "mysql://root@localhost/app_test?socket=/tmp/my%20dir/s.sock&ssl-ca=/ca.pem&ssl-verify-"
        "server-cert=1",
        "mysql://localhost/", "mysql://[::1]/x_test", "mysql://root@[::1/x_test"}) {
    EXPECT_EQ(redact_url(url), url);
  }
}

TEST(RedactUrls, RedactsEveryUrlInAMessage) {
  EXPECT_EQ(redact_urls("The following arguments were not expected: mysql://u:Hunter2@h/x_test "
                        "mariadb://v:S3cret@h/y_test"),
            "The following arguments were not expected: mysql://u:***@h/x_test "
            "mariadb://v:***@h/y_test");
  EXPECT_EQ(redact_urls("unknown verb 'mysql://u:Hunter2@h/x_test' for 'tdm'"),
            "unknown verb 'mysql://u:***@h/x_test' for 'tdm'");
  std::string plain = "use mysql://user@host:3306/database; fix: see 'tdm --help'";
  EXPECT_EQ(redact_urls(plain), plain);
}

TEST(EscapeUnprintable, WritesControlAndInvalidBytesAsHex) {
  EXPECT_EQ(escape_unprintable("bad \xff byte"), "bad \\xFF byte");
  EXPECT_EQ(escape_unprintable("\x1b[31mred\x1b[0m"), "\\x1B[31mred\\x1B[0m");
  EXPECT_EQ(escape_unprintable("two\nlines\r\t"), "two\\x0Alines\\x0D\\x09");
  EXPECT_EQ(escape_unprintable("del\x7f"), "del\\x7F");
  EXPECT_EQ(escape_unprintable("\xc0\xaf"), "\\xC0\\xAF");           // overlong '/'
  EXPECT_EQ(escape_unprintable("\xed\xa0\x80"), "\\xED\\xA0\\x80");  // a UTF-16 surrogate
  EXPECT_EQ(escape_unprintable("\xc2\x9b"
                               "2J"),
            "\\xC2\\x9B2J");                                        // C1 control (CSI)
  EXPECT_EQ(escape_unprintable("cut \xe6\x97"), "cut \\xE6\\x97");  // truncated sequence
  EXPECT_EQ(escape_unprintable("\xe2\x80\xae"
                               "evil"),
            "\\xE2\\x80\\xAEevil");  // bidi override
}

TEST(EscapeUnprintable, KeepsValidText) {
  std::string text = "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x99\x82 back\\slash 'q' \"dq\"";
  EXPECT_EQ(escape_unprintable(text), text);
}

TEST(Displayable, IsIdempotent) {
  for (std::string text : {std::string("x \xff\x1b mysql://u:Hunter2@h/x_test?password=p"),
                           std::string("plain line")}) {
    std::string once = displayable(text);
    EXPECT_EQ(displayable(once), once);
    EXPECT_EQ(once.find("Hunter2"), std::string::npos);
  }
}

}  // namespace
}  // namespace tdm
