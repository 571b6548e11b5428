// Tests of the SRE matching engine (src/modules/sre/engine*): replays the vectors that
// tools/gen_sre_vectors.py recorded from CPython 3.11 (tests/unit/data/sre/vectors.txt),
// then checks deep inputs, interruption and the empty-match iteration rule directly.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "modules/sre/engine.h"
#include "modules/sre/engine_internal.h"

namespace krait::sre {
namespace {

// SRE_VECTORS overrides the file, e.g. for a larger random set from the generator's --stress.
std::string vectors_path() {
  if (const char* path = std::getenv("SRE_VECTORS")) return path;
  std::string here = __FILE__;
  return here.substr(0, here.find_last_of('/')) + "/data/sre/vectors.txt";
}

// A subject stored at one code-unit width.
struct Text {
  std::vector<uint8_t> bytes;
  int char_size = 1;
  ptrdiff_t length = 0;
  Subject subject() const { return Subject{bytes.data(), length, char_size}; }
};

Text make_text(const std::vector<uint32_t>& units, int char_size) {
  Text t;
  t.char_size = char_size;
  t.length = ptrdiff_t(units.size());
  t.bytes.resize(units.size() * char_size + 4);
  for (size_t i = 0; i < units.size(); i++) {
    if (char_size == 1) t.bytes[i] = uint8_t(units[i]);
    if (char_size == 2) {
      uint16_t u = uint16_t(units[i]);
      std::memcpy(&t.bytes[2 * i], &u, 2);
    }
    if (char_size == 4) std::memcpy(&t.bytes[4 * i], &units[i], 4);
  }
  return t;
}

Mode parse_mode(const std::string& m) {
  return m == "m" ? Mode::kMatch : m == "f" ? Mode::kFullMatch : Mode::kSearch;
}

// "N", "E" or "<lastindex> <spans...>" as the engine reports the current result.
std::string describe(const Matcher& matcher, Status status, size_t groups) {
  if (status == Status::kNoMatch) return "N";
  if (status != Status::kMatch) return "status " + std::to_string(int(status));
  std::vector<ptrdiff_t> regs(2 * (groups + 1));
  if (!matcher.spans(regs.data())) return "E";
  std::string out = std::to_string(matcher.lastindex());
  for (ptrdiff_t r : regs) out += " " + std::to_string(r);
  return out;
}

std::string read_result(std::istringstream& in, size_t groups) {
  std::string first;
  in >> first;
  if (first == "N" || first == "E") return first;
  std::string out = first;
  for (size_t i = 0; i < 2 * (groups + 1); i++) {
    long long v;
    in >> v;
    out += " " + std::to_string(v);
  }
  return out;
}

struct Replay {
  std::unique_ptr<Program> program;
  std::string program_line;
  size_t groups = 0;
  std::vector<uint32_t> units;
  int natural_size = 1;
  std::vector<Text> texts;  // the subject at every width that can hold it
  std::string subject_line;

  int checks = 0, failures = 0;

  void fail(const std::string& what, const std::string& expected, const std::string& got) {
    failures++;
    if (failures <= 40) {
      ADD_FAILURE() << what << "\n  program: " << program_line.substr(0, 300)
                    << "\n  subject: " << subject_line.substr(0, 200)
                    << "\n  expected: " << expected << "\n  got:      " << got;
    }
  }

  void on_program(std::istringstream& in, const std::string& line) {
    size_t n;
    in >> groups >> n;
    std::vector<Code> code(n);
    for (Code& w : code) in >> w;
    program_line = line;
    program = Program::create(std::move(code), groups);
    checks++;
    if (!program) fail("valid program rejected", "valid", "invalid");
  }

  void on_subject(std::istringstream& in, const std::string& line) {
    size_t n;
    in >> natural_size >> n;
    units.assign(n, 0);
    for (uint32_t& u : units) in >> u;
    subject_line = line;
    texts.clear();
    for (int size : {1, 2, 4}) {
      if (size >= natural_size) texts.push_back(make_text(units, size));
    }
  }

  void on_call(std::istringstream& in) {
    std::string mode;
    long long pos, endpos;
    in >> mode >> pos >> endpos;
    std::string expected = read_result(in, groups);
    if (!program) return;
    for (const Text& text : texts) {
      Matcher matcher(*program, text.subject(), pos, endpos);
      Status status = matcher.run(parse_mode(mode));
      std::string got = describe(matcher, status, groups);
      checks++;
      if (got != expected) {
        fail("call " + mode + " " + std::to_string(pos) + " " + std::to_string(endpos) + " width " +
                 std::to_string(text.char_size),
             expected, got);
      }
    }
  }

  void on_iteration(std::istringstream& in) {
    std::string mode;
    long long pos, endpos;
    size_t count;
    in >> mode >> pos >> endpos >> count;
    std::vector<std::string> expected(count);
    for (std::string& e : expected) e = read_result(in, groups);
    if (!program) return;
    for (const Text& text : texts) {
      Matcher matcher(*program, text.subject(), pos, endpos);
      std::string got_all, expected_all;
      for (size_t i = 0; i < count; i++) {
        Status status = matcher.next(parse_mode(mode));
        got_all += "[" + describe(matcher, status, groups) + "]";
        expected_all += "[" + expected[i] + "]";
        if (status != Status::kMatch) break;
      }
      if (count < 60 && (count == 0 || expected.back() != "E")) {
        Status status = matcher.next(parse_mode(mode));
        got_all += status == Status::kNoMatch ? "" : "[" + describe(matcher, status, groups) + "]";
      }
      checks++;
      if (got_all != expected_all) {
        fail("iteration " + mode + " width " + std::to_string(text.char_size), expected_all,
             got_all);
      }
    }
  }

  // sub(pattern, '#', subject): the literal-replacement loop of the module layer.
  void on_sub(std::istringstream& in) {
    size_t n;
    in >> n;
    std::vector<uint32_t> expected(n);
    for (uint32_t& u : expected) in >> u;
    if (!program) return;
    const Text& text = texts.front();
    Matcher matcher(*program, text.subject());
    std::vector<uint32_t> out;
    ptrdiff_t copied = 0;
    while (matcher.next(Mode::kSearch) == Status::kMatch) {
      out.insert(out.end(), units.begin() + copied, units.begin() + matcher.match_start());
      out.push_back('#');
      copied = matcher.match_end();
    }
    out.insert(out.end(), units.begin() + copied, units.end());
    checks++;
    if (out != expected) {
      auto show = [](const std::vector<uint32_t>& v) {
        std::string s;
        for (uint32_t u : v) s += u < 128 ? std::string(1, char(u)) : "\\u" + std::to_string(u);
        return s;
      };
      fail("sub", show(expected), show(out));
    }
  }

  void on_validation(std::istringstream& in, const std::string& line) {
    int valid;
    size_t g, n;
    in >> valid >> g >> n;
    std::vector<Code> code(n);
    for (Code& w : code) in >> w;
    bool got = Program::create(std::move(code), g) != nullptr;
    checks++;
    if (got != bool(valid)) {
      program_line = line;
      fail("validation", valid ? "valid" : "invalid", got ? "valid" : "invalid");
    }
  }

  void on_lower_table(std::istringstream& in) {
    size_t n;
    in >> n;
    std::vector<uint32_t> lower(0x110000);
    for (uint32_t c = 0; c < lower.size(); c++) lower[c] = c;
    for (size_t i = 0; i < n; i++) {
      uint32_t c, l;
      in >> c >> l;
      lower[c] = l;
    }
    int wrong = 0;
    for (uint32_t c = 0; c < lower.size(); c++) {
      if (lower_unicode(c) != lower[c] && wrong++ < 10) {
        ADD_FAILURE() << "lower(" << c << ") = " << lower_unicode(c) << ", CPython: " << lower[c];
      }
    }
    checks++;
    if (wrong) failures++;
  }
};

void check_cased_table(std::istringstream& in, Replay& replay) {
  size_t n;
  in >> n;
  std::vector<bool> cased(0x110000);
  for (size_t i = 0; i < n; i++) {
    uint32_t c;
    in >> c;
    cased[c] = true;
  }
  int wrong = 0;
  for (uint32_t c = 0; c < cased.size(); c++) {
    if (unicode_iscased(int32_t(c)) != cased[c] && wrong++ < 10) {
      ADD_FAILURE() << "unicode_iscased(" << c << ") differs from CPython";
    }
  }
  replay.checks++;
  if (wrong) replay.failures++;
}

TEST(SreEngine, CPythonVectors) {
  std::ifstream file(vectors_path());
  ASSERT_TRUE(file) << "missing " << vectors_path() << " (run tools/gen_sre_vectors.py)";
  Replay replay;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream in(line.substr(2));
    switch (line[0]) {
      case 'P':
        replay.on_program(in, line);
        break;
      case 'S':
        replay.on_subject(in, line);
        break;
      case 'M':
        replay.on_call(in);
        break;
      case 'I':
        replay.on_iteration(in);
        break;
      case 'U':
        replay.on_sub(in);
        break;
      case 'V':
        replay.on_validation(in, line);
        break;
      case 'L':
        replay.on_lower_table(in);
        break;
      case 'C':
        check_cased_table(in, replay);
        break;
    }
  }
  std::printf("[ sre ] %d checks, %d failures\n", replay.checks, replay.failures);
  EXPECT_EQ(replay.failures, 0);
  EXPECT_GT(replay.checks, 10000);
}

// --- direct tests ----------------------------------------------------------------------------
// Code words below were produced by re._compiler._code under python3.11.

Subject bytes_subject(const std::string& s) { return Subject{s.data(), ptrdiff_t(s.size()), 1}; }

TEST(SreEngine, EmptyMatchIterationAdvances) {
  // x*  ->  [INFO 4 0 0 MAXREPEAT, REPEAT_ONE 6 0 MAXREPEAT LITERAL 'x' SUCCESS, SUCCESS]
  auto program = Program::create(
      {kInfo, 4, 0, 0, kMaxRepeat, kRepeatOne, 6, 0, kMaxRepeat, kLiteral, 'x', kSuccess, kSuccess},
      0);
  ASSERT_TRUE(program);
  std::string text = "abxd";
  Matcher matcher(*program, bytes_subject(text));
  std::string out;
  ptrdiff_t copied = 0;
  while (matcher.next(Mode::kSearch) == Status::kMatch) {
    out += text.substr(copied, matcher.match_start() - copied) + "-";
    copied = matcher.match_end();
  }
  out += text.substr(copied);
  EXPECT_EQ(out, "-a-b--d-");
}

std::vector<Code> words(std::initializer_list<Code> list) { return list; }

TEST(SreEngine, DeepInputUsesNoNativeStack) {
  // (a|b)*c and (ab|cd)*e: one backtracking frame per iteration, all on the heap.
  struct Case {
    std::vector<Code> code;
    std::string unit, last;
  } cases[] = {
      {words({14, 4,  0,  1,  kMaxRepeat, 23, 13, 0,  kMaxRepeat, 17, 0, 13,
              5,  22, 97, 98, 0,          17, 1,  18, 16,         99, 1}),
       "ab", "c"},
      {words({14, 4, 0, 1,  kMaxRepeat, 23, 23,  0,  kMaxRepeat, 17, 0,  7, 7,  16, 97,  16, 98,
              15, 9, 7, 16, 99,         16, 100, 15, 2,          0,  17, 1, 18, 16, 101, 1}),
       "abcd", "e"},
  };
  for (const Case& c : cases) {
    auto program = Program::create(c.code, 1);
    ASSERT_TRUE(program);
    std::string text;
    while (text.size() < 200000) text += c.unit;
    auto started = std::chrono::steady_clock::now();
    Matcher failing(*program, bytes_subject(text));
    EXPECT_EQ(failing.run(Mode::kMatch), Status::kNoMatch);
    text += c.last;
    Matcher matching(*program, bytes_subject(text));
    EXPECT_EQ(matching.run(Mode::kMatch), Status::kMatch);
    ptrdiff_t start, end;
    matching.group_span(1, &start, &end);
    EXPECT_EQ(end, ptrdiff_t(text.size()) - 1);
    EXPECT_EQ(end - start, ptrdiff_t(c.unit.size() / 2));
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_LT(seconds, 5.0);
  }
}

TEST(SreEngine, InterruptStopsCatastrophicBacktracking) {
  // (a+)+b over "aaaa...": exponential, so only the hook ends it.
  auto program =
      Program::create(words({14, 4, 0,          2,  kMaxRepeat, 23, 14, 1, kMaxRepeat, 17, 0,  24,
                             6,  1, kMaxRepeat, 16, 97,         1,  17, 1, 18,         16, 98, 1}),
                      1);
  ASSERT_TRUE(program);
  std::string text(40, 'a');
  Matcher matcher(*program, bytes_subject(text));
  int polls = 0;
  matcher.set_interrupt_hook(
      {[](void* context) { return ++*static_cast<int*>(context) >= 100; }, &polls});
  EXPECT_EQ(matcher.run(Mode::kSearch), Status::kInterrupted);
  EXPECT_EQ(polls, 100);
}

TEST(SreEngine, CompilerHelpers) {
  EXPECT_TRUE(ascii_iscased('a'));
  EXPECT_TRUE(ascii_iscased('Z'));
  EXPECT_FALSE(ascii_iscased('@'));
  EXPECT_FALSE(ascii_iscased('['));
  EXPECT_FALSE(ascii_iscased(0xe9));
  EXPECT_FALSE(ascii_iscased(-1));
  EXPECT_EQ(ascii_tolower('Q'), 'q');
  EXPECT_EQ(ascii_tolower(0xc9), 0xc9);
  EXPECT_EQ(ascii_tolower(-1), -1);
  EXPECT_EQ(unicode_tolower(0xc9), 0xe9);
  EXPECT_EQ(unicode_tolower(0x130), 'i');
  EXPECT_EQ(unicode_tolower(0x212a), 'k');
  EXPECT_EQ(unicode_tolower(0x7fffffff), 0x7fffffff);
  EXPECT_TRUE(unicode_iscased(0xdf));  // upper-cases to 'S' (first of "SS")
}

TEST(SreEngine, MatchFunction) {
  // (a)|b
  auto program = Program::create(
      words({14, 4, 0, 1, 1, 7, 9, 17, 0, 16, 97, 17, 1, 15, 7, 5, 16, 98, 15, 2, 0, 1}), 1);
  ASSERT_TRUE(program);
  std::string text = "xba";
  MatchResult m = match(*program, bytes_subject(text), 0, PTRDIFF_MAX, Mode::kSearch);
  EXPECT_EQ(m.status, Status::kMatch);
  EXPECT_EQ(m.regs, (std::vector<ptrdiff_t>{1, 2, -1, -1}));
  EXPECT_EQ(m.lastindex, -1);
  m = match(*program, bytes_subject(text), 2, PTRDIFF_MAX, Mode::kMatch);
  EXPECT_EQ(m.regs, (std::vector<ptrdiff_t>{2, 3, 2, 3}));
  EXPECT_EQ(m.lastindex, 1);
  EXPECT_EQ(match(*program, bytes_subject(text), 0, 2, Mode::kFullMatch).status, Status::kNoMatch);
}

// Code that passes validation but was never made by re._compiler must still not crash or
// hang the matcher: mutate recorded programs, and run whatever the validator accepts.
TEST(SreEngine, MutatedCodeNeverCrashes) {
  std::ifstream file(vectors_path());
  ASSERT_TRUE(file);
  std::vector<std::pair<std::vector<Code>, size_t>> programs;
  std::string line;
  while (std::getline(file, line) && programs.size() < 600) {
    if (line[0] != 'P') continue;
    std::istringstream in(line.substr(2));
    size_t groups, n;
    in >> groups >> n;
    std::vector<Code> code(n);
    for (Code& w : code) in >> w;
    programs.emplace_back(std::move(code), groups);
  }
  std::vector<std::vector<uint32_t>> subjects = {{},
                                                 {'a', 'b', 'c'},
                                                 {'a', 'a', 'b', '\n', 'b', 'a', 0x100, 'x'},
                                                 std::vector<uint32_t>(30, 'a')};
  // SRE_FUZZ_ROUNDS raises the number of mutations per program for a longer local run.
  const char* rounds_env = std::getenv("SRE_FUZZ_ROUNDS");
  const int rounds = rounds_env ? std::atoi(rounds_env) : 30;
  std::mt19937 rng(rounds_env ? unsigned(rounds) : 12345u);
  const Code interesting[] = {0,  1,  2,  3,  4,  5,  9,  10, 13,  14,        15,
                              16, 17, 18, 19, 23, 24, 28, 29, 255, kMaxRepeat};
  int accepted = 0;
  for (const auto& [base, groups] : programs) {
    for (int round = 0; round < rounds; round++) {
      std::vector<Code> code = base;
      int edits = 1 + int(rng() % 3);
      for (int e = 0; e < edits && !code.empty(); e++) {
        size_t at = rng() % code.size();
        switch (rng() % 4) {
          case 0:
            code[at] = interesting[rng() % std::size(interesting)];
            break;
          case 1:
            code[at] += (rng() % 2) ? 1 : Code(-1);
            break;
          case 2:
            code.erase(code.begin() + ptrdiff_t(at));
            break;
          default:
            code.insert(code.begin() + ptrdiff_t(at), interesting[rng() % std::size(interesting)]);
            break;
        }
      }
      auto program = Program::create(code, groups + rng() % 2);
      if (!program) continue;
      accepted++;
      for (const auto& units : subjects) {
        for (int width : {1, 2, 4}) {
          if (width == 1 && units.size() > 6 && units[6] == 0x100) continue;
          Text text = make_text(units, width);
          for (Mode mode : {Mode::kMatch, Mode::kFullMatch, Mode::kSearch}) {
            Matcher matcher(*program, text.subject(), long(rng() % 4) - 1, long(rng() % 40));
            int polls = 0;
            matcher.set_interrupt_hook(
                {[](void* c) { return ++*static_cast<int*>(c) > 20; }, &polls});
            for (int i = 0; i < 5 && matcher.next(mode) == Status::kMatch; i++) {
              std::vector<ptrdiff_t> regs(2 * (program->groups() + 1));
              matcher.spans(regs.data());
            }
          }
        }
      }
    }
  }
  std::printf("[ sre ] %d mutated programs accepted and run\n", accepted);
  EXPECT_GT(accepted, 100);
}

TEST(SreEngine, RejectsMalformedCode) {
  EXPECT_FALSE(Program::create({}, 0));
  EXPECT_FALSE(Program::create({kLiteral, 'a'}, 0));      // no final SUCCESS
  EXPECT_TRUE(Program::create({kMark, 3, kSuccess}, 1));  // marks up to 2*groups+1
  EXPECT_FALSE(Program::create({kMark, 4, kSuccess}, 1));
  EXPECT_FALSE(Program::create({kGroupref, 0, kSuccess}, 0));
  EXPECT_FALSE(Program::create({kMaxUntil, kSuccess}, 0));
}

// Not a test: times the engine on what `tools/gen_sre_vectors.py --bench DIR` wrote and
// prints the ratio to CPython's times. Run with SRE_BENCH_DIR=DIR and
// --gtest_also_run_disabled_tests --gtest_filter=*Benchmark.
TEST(SreEngine, DISABLED_Benchmark) {
  const char* dir = std::getenv("SRE_BENCH_DIR");
  ASSERT_TRUE(dir) << "set SRE_BENCH_DIR";
  std::ifstream corpus_file(std::string(dir) + "/corpus.txt");
  std::string corpus((std::istreambuf_iterator<char>(corpus_file)),
                     std::istreambuf_iterator<char>());
  std::ifstream spec(std::string(dir) + "/bench.txt");
  std::string line;
  double log_findall = 0, log_finditer = 0;
  int benchmarks = 0;
  std::printf("%-26s %9s %11s %7s %11s %7s %8s\n", "benchmark", "krait ms", "findall ms", "ratio",
              "finditer ms", "ratio", "matches");
  while (std::getline(spec, line)) {
    std::istringstream in(line.substr(2));
    std::string name, kind;
    size_t groups, n;
    in >> name >> kind >> groups >> n;
    std::vector<Code> code(n);
    for (Code& w : code) in >> w;
    long expected_matches;
    double findall_ms, finditer_ms;
    std::string own_text;  // 'match' benchmarks: their own text, as comma-separated code points
    in >> expected_matches >> findall_ms >> finditer_ms >> own_text;
    const char* only = std::getenv("SRE_BENCH_ONLY");
    if (only && name != only) continue;
    auto program = Program::create(code, groups);
    ASSERT_TRUE(program) << name;
    // "/ucs2" runs use the text with U+0100 appended, two bytes per character.
    bool wide = name.size() > 5 && name.compare(name.size() - 5, 5, "/ucs2") == 0;
    Subject subject = bytes_subject(corpus);
    std::vector<uint16_t> wide_corpus;
    if (wide) {
      wide_corpus.assign(corpus.begin(), corpus.end());
      for (uint16_t& u : wide_corpus) u = uint8_t(u);
      wide_corpus.push_back(0x100);
      subject = Subject{wide_corpus.data(), ptrdiff_t(wide_corpus.size()), 2};
    }
    std::vector<uint16_t> own_units;
    if (kind == "match") {
      std::istringstream units(own_text);
      for (std::string unit; std::getline(units, unit, ',');)
        own_units.push_back(uint16_t(std::stoi(unit)));
      subject = Subject{own_units.data(), ptrdiff_t(own_units.size()), 2};
    }
    double best = 1e30;
    long matches = 0;
    for (int round = 0; round < 5; round++) {
      auto started = std::chrono::steady_clock::now();
      Matcher matcher(*program, subject);
      matches = 0;
      if (kind == "iter") {
        while (matcher.next(Mode::kSearch) == Status::kMatch) matches++;
      } else if (kind == "match") {
        matches = matcher.run(Mode::kMatch) == Status::kMatch;
      } else {
        matches = matcher.run(Mode::kSearch) == Status::kMatch;
      }
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count();
      best = std::min(best, ms);
    }
    EXPECT_EQ(matches, expected_matches) << name;
    std::printf("%-26s %9.2f %11.2f %7.2f %11.2f %7.2f %8ld\n", name.c_str(), best, findall_ms,
                findall_ms / best, finditer_ms, finditer_ms / best, matches);
    log_findall += std::log(findall_ms / best);
    log_finditer += std::log(finditer_ms / best);
    benchmarks++;
  }
  std::printf("geometric mean speedup: %.2fx over findall, %.2fx over finditer\n",
              std::exp(log_findall / benchmarks), std::exp(log_finditer / benchmarks));
}

}  // namespace
}  // namespace krait::sre
