// The pieces of exception reporting that need no running interpreter: the "Did you mean"
// distance (runtime/suggestions.h) against a full-matrix reference with CPython's costs,
// and the source-line reader of tracebacks (runtime/source_lines.h) on encodings and line
// endings.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "runtime/source_lines.h"
#include "runtime/suggestions.h"

namespace krait {
namespace {

// Edit distance with CPython's costs: 2 per insertion, deletion or substitution, 1 for a
// substitution that only flips the case of an ASCII letter.
int64_t reference_distance(const std::string& a, const std::string& b) {
  auto cost = [](char x, char y) -> int64_t {
    if (x == y) return 0;
    if (std::tolower(uint8_t(x)) == std::tolower(uint8_t(y)) && std::isalpha(uint8_t(x)) &&
        std::isalpha(uint8_t(y))) {
      return 1;
    }
    return 2;
  };
  std::vector<std::vector<int64_t>> d(a.size() + 1, std::vector<int64_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = int64_t(i) * 2;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = int64_t(j) * 2;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 2, d[i][j - 1] + 2, d[i - 1][j - 1] + cost(a[i - 1], b[j - 1])});
    }
  }
  return d[a.size()][b.size()];
}

TEST(ExceptionsSuggestionDistance, KnownPairs) {
  EXPECT_EQ(suggestion_distance("verbositi", "verbosity", 100), 2);
  EXPECT_EQ(suggestion_distance("prnt", "print", 100), 2);
  EXPECT_EQ(suggestion_distance("Print", "print", 100), 1);
  EXPECT_EQ(suggestion_distance("", "abc", 100), 6);
  EXPECT_EQ(suggestion_distance("abc", "abc", 100), 0);
  EXPECT_EQ(suggestion_distance("diametr", "diameter", 100), 2);
  // Beyond the limit the result is only "too far".
  EXPECT_GT(suggestion_distance("abcdef", "uvwxyz", 3), 3);
  // Strings longer than 40 characters after trimming are never close.
  EXPECT_GT(suggestion_distance(std::string(41, 'a'), std::string(41, 'b'), 1000), 1000);
}

TEST(ExceptionsSuggestionDistance, MatchesReferenceWithinLimit) {
  std::mt19937 random(12345);
  const std::string alphabet = "abcABC_xy";
  for (int round = 0; round < 20000; ++round) {
    std::string a, b;
    size_t na = random() % 9, nb = random() % 9;
    for (size_t i = 0; i < na; ++i) a += alphabet[random() % alphabet.size()];
    for (size_t i = 0; i < nb; ++i) b += alphabet[random() % alphabet.size()];
    int64_t max_cost = int64_t(random() % 20);
    int64_t expected = reference_distance(a, b);
    int64_t got = suggestion_distance(a, b, max_cost);
    if (expected <= max_cost) {
      EXPECT_EQ(got, expected) << a << " / " << b << " max " << max_cost;
    } else {
      EXPECT_GT(got, max_cost) << a << " / " << b << " max " << max_cost;
    }
  }
}

std::string write_temp(const std::string& content) {
  char name[] = "/tmp/krait_source_lines_XXXXXX";
  int fd = mkstemp(name);
  EXPECT_GE(fd, 0);
  std::FILE* f = fdopen(fd, "wb");
  std::fwrite(content.data(), 1, content.size(), f);
  std::fclose(f);
  return name;
}

TEST(ExceptionsSourceLines, LineEndingsAndEncodings) {
  SourceLines lines;
  std::string mixed = write_temp("first\r\nsecond\rthird\nlast without newline");
  ASSERT_NE(lines.line(mixed, 1), nullptr);
  EXPECT_EQ(*lines.line(mixed, 1), "first");
  EXPECT_EQ(*lines.line(mixed, 2), "second");
  EXPECT_EQ(*lines.line(mixed, 3), "third");
  EXPECT_EQ(*lines.line(mixed, 4), "last without newline");
  EXPECT_EQ(lines.line(mixed, 5), nullptr);
  EXPECT_EQ(lines.line(mixed, 0), nullptr);

  std::string latin1 = write_temp("# -*- coding: latin-1 -*-\nx = '\xe9'\n");
  ASSERT_NE(lines.line(latin1, 2), nullptr);
  EXPECT_EQ(*lines.line(latin1, 2), "x = '\xc3\xa9'");

  std::string bom = write_temp("\xEF\xBB\xBFprint(1)\n");
  ASSERT_NE(lines.line(bom, 1), nullptr);
  EXPECT_EQ(*lines.line(bom, 1), "print(1)");

  // Undecodable UTF-8: no source lines, as TextIOWrapper would fail.
  std::string bad = write_temp("x = '\xff'\n");
  EXPECT_EQ(lines.line(bad, 1), nullptr);

  EXPECT_EQ(lines.line("/nonexistent/krait/file.py", 1), nullptr);
  for (const std::string& path : {mixed, latin1, bom, bad}) std::remove(path.c_str());
}

}  // namespace
}  // namespace krait
