// Substring search (objects/search.h) and the split/replace algorithms (text_internal.h's
// unit templates) against naive reference implementations, over random and adversarial
// inputs in 1-, 2- and 4-byte units.
#include "objects/search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "objects/text_internal.h"

namespace krait {
namespace {

template <class T>
int64_t naive_find(const std::vector<T>& hay, const std::vector<T>& needle, int64_t from = 0) {
  int64_t n = int64_t(hay.size()), m = int64_t(needle.size());
  for (int64_t i = from; i + m <= n; ++i) {
    bool match = true;
    for (int64_t j = 0; j < m && match; ++j) match = hay[size_t(i + j)] == needle[size_t(j)];
    if (match) return i;
  }
  return -1;
}

template <class T>
int64_t naive_rfind(const std::vector<T>& hay, const std::vector<T>& needle) {
  int64_t n = int64_t(hay.size()), m = int64_t(needle.size());
  for (int64_t i = n - m; i >= 0; --i) {
    bool match = true;
    for (int64_t j = 0; j < m && match; ++j) match = hay[size_t(i + j)] == needle[size_t(j)];
    if (match) return i;
  }
  return -1;
}

template <class T>
int64_t naive_count(const std::vector<T>& hay, const std::vector<T>& needle) {
  int64_t count = 0;
  for (int64_t at = naive_find(hay, needle); at >= 0;
       at = naive_find(hay, needle, at + int64_t(needle.size())))
    ++count;
  return count;
}

template <class T>
std::vector<T> random_units(std::mt19937& rng, size_t n, int alphabet, T base) {
  std::uniform_int_distribution<int> pick(0, alphabet - 1);
  std::vector<T> out(n);
  for (auto& u : out) u = T(base + T(pick(rng)));
  return out;
}

template <class T>
void check_random(T base) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 4000; ++round) {
    int alphabet = 1 + round % 4;
    size_t n = size_t(rng() % 200);
    size_t m = 1 + size_t(rng() % (round % 3 == 0 ? 60 : 8));
    auto hay = random_units<T>(rng, n, alphabet, base);
    std::vector<T> needle;
    if (n >= m && rng() % 2) {
      size_t at = rng() % (n - m + 1);
      needle.assign(hay.begin() + long(at), hay.begin() + long(at + m));
    } else {
      needle = random_units<T>(rng, m, alphabet, base);
    }
    int64_t hn = int64_t(hay.size()), nm = int64_t(needle.size());
    ASSERT_EQ(search::find(hay.data(), hn, needle.data(), nm), naive_find(hay, needle)) << round;
    ASSERT_EQ(search::rfind(hay.data(), hn, needle.data(), nm), naive_rfind(hay, needle)) << round;
    ASSERT_EQ(search::count(hay.data(), hn, needle.data(), nm, INT64_MAX), naive_count(hay, needle))
        << round;
    search::Searcher<T> searcher(needle.data(), nm);
    for (int64_t from = 0; from <= hn; from += 7) {
      ASSERT_EQ(searcher.next(hay.data(), hn, from), naive_find(hay, needle, from))
          << round << " " << from;
    }
  }
}

TEST(SearchTest, RandomBytes) { check_random<uint8_t>('a'); }
TEST(SearchTest, RandomUcs2) { check_random<uint16_t>(0x3000); }
TEST(SearchTest, RandomUcs4) { check_random<uint32_t>(0x1F600); }

TEST(SearchTest, PeriodicLongNeedleIsLinear) {
  // 'a' * n + 'b' searched for 'a' * m + 'b': quadratic algorithms take n * m steps.
  std::vector<uint16_t> hay(2'000'000, 'a');
  hay.push_back('b');
  std::vector<uint16_t> needle(5000, 'a');
  needle.push_back('b');
  EXPECT_EQ(search::find(hay.data(), int64_t(hay.size()), needle.data(), int64_t(needle.size())),
            int64_t(hay.size() - needle.size()));
  std::vector<uint16_t> absent(5000, 'a');
  absent.push_back('c');
  EXPECT_EQ(search::count(hay.data(), int64_t(hay.size()), absent.data(), int64_t(absent.size()),
                          INT64_MAX),
            0);
  EXPECT_EQ(search::rfind(hay.data(), int64_t(hay.size()), absent.data(), int64_t(absent.size())),
            -1);
}

TEST(SearchTest, EdgeCases) {
  const uint8_t hay[] = {'a', 'b', 'c'};
  const uint8_t empty[1] = {0};
  EXPECT_EQ(search::find(hay, 3, empty, 0), 0);
  EXPECT_EQ(search::rfind(hay, 3, empty, 0), 3);
  EXPECT_EQ(search::find(hay, 0, hay, 1), -1);
  EXPECT_EQ(search::find(hay, 2, hay, 3), -1);
  EXPECT_EQ(search::count(hay, 3, hay + 1, 1, 0), 0);
  EXPECT_EQ(search::count_unit(hay, 3, uint8_t('b'), 5), 1);
}

// Python's str.split / rsplit / replace on std::string, as the reference.
std::vector<std::string> pieces_of(const std::string& s,
                                   const std::vector<std::pair<int64_t, int64_t>>& ranges) {
  std::vector<std::string> out;
  for (auto [a, b] : ranges) out.push_back(s.substr(size_t(a), size_t(b - a)));
  return out;
}

std::vector<std::string> split(const std::string& s, const std::string& sep, int64_t maxsplit,
                               bool right) {
  std::vector<std::pair<int64_t, int64_t>> ranges;
  auto emit = [&](int64_t a, int64_t b) {
    ranges.emplace_back(a, b);
    return true;
  };
  auto u = reinterpret_cast<const uint8_t*>(s.data());
  auto v = reinterpret_cast<const uint8_t*>(sep.data());
  auto space = [](uint8_t c) { return c == ' '; };
  int64_t n = int64_t(s.size()), m = int64_t(sep.size());
  if (sep.empty()) {
    right ? rsplit_whitespace_units(u, n, maxsplit, space, emit)
          : split_whitespace_units(u, n, maxsplit, space, emit);
  } else {
    right ? rsplit_units(u, n, v, m, maxsplit, emit) : split_units(u, n, v, m, maxsplit, emit);
  }
  if (right) std::reverse(ranges.begin(), ranges.end());
  return pieces_of(s, ranges);
}

TEST(TextAlgorithmsTest, Split) {
  using V = std::vector<std::string>;
  EXPECT_EQ(split("a,b,,c", ",", -1, false), (V{"a", "b", "", "c"}));
  EXPECT_EQ(split("a,b,,c", ",", 1, false), (V{"a", "b,,c"}));
  EXPECT_EQ(split("a,b,,c", ",", 1, true), (V{"a,b,", "c"}));
  EXPECT_EQ(split("a::b::::c", "::", -1, true), (V{"a", "b", "", "c"}));
  EXPECT_EQ(split("a::b::::c", "::", 2, true), (V{"a::b", "", "c"}));
  EXPECT_EQ(split("aaa", "aa", -1, false), (V{"", "a"}));
  EXPECT_EQ(split("aaa", "aa", -1, true), (V{"a", ""}));
  EXPECT_EQ(split("  a  b c  ", "", -1, false), (V{"a", "b", "c"}));
  EXPECT_EQ(split("  a  b c  ", "", 1, false), (V{"a", "b c  "}));
  EXPECT_EQ(split("  a  b c  ", "", 1, true), (V{"  a  b", "c"}));
  EXPECT_EQ(split("   ", "", -1, false), V{});
  EXPECT_EQ(split("", ",", -1, false), (V{""}));
  std::string sep(40, 'x');
  std::string text = "1" + sep + "2" + sep + sep + "3";
  EXPECT_EQ(split(text, sep, -1, false), (V{"1", "2", "", "3"}));
  EXPECT_EQ(split(text, sep, -1, true), (V{"1", "2", "", "3"}));
  EXPECT_EQ(split(text, sep, 1, true), (V{"1" + sep + "2" + sep, "3"}));
}

std::string replace(const std::string& s, const std::string& old, const std::string& with,
                    int64_t max_count) {
  auto u = reinterpret_cast<const uint8_t*>(s.data());
  auto o = reinterpret_cast<const uint8_t*>(old.data());
  auto w = reinterpret_cast<const uint8_t*>(with.data());
  int64_t n = int64_t(s.size()), m = int64_t(old.size()), r = int64_t(with.size());
  if (max_count < 0) max_count = INT64_MAX;
  int64_t count = m == 0 ? std::min(max_count, n + 1) : replace_count(u, n, o, m, max_count);
  std::u32string out(size_t(n + count * (r - m)), U'\0');  // widening on the way
  replace_into(u, n, o, m, w, r, count, reinterpret_cast<uint32_t*>(out.data()));
  return std::string(out.begin(), out.end());
}

TEST(TextAlgorithmsTest, Replace) {
  EXPECT_EQ(replace("aaa", "a", "bb", -1), "bbbbbb");
  EXPECT_EQ(replace("aaa", "a", "b", 2), "bba");
  EXPECT_EQ(replace("abc", "", "-", -1), "-a-b-c-");
  EXPECT_EQ(replace("abc", "", "-", 2), "-a-bc");
  EXPECT_EQ(replace("", "", "x", -1), "x");
  EXPECT_EQ(replace("one two one", "one", "3", -1), "3 two 3");
  std::string long_old(50, 'q');
  EXPECT_EQ(replace("x" + long_old + "y" + long_old, long_old, "", -1), "xy");
}

}  // namespace
}  // namespace krait
