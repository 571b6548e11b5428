// The matching engine behind the _sre module: it runs the "SRE code" that CPython's own
// re._compiler emits (opcodes of re/_constants.py) over bytes or PEP 393 str data and reports
// spans exactly as CPython 3.11's _sre does. No Python objects here; the Pattern, Match and
// Scanner types live in the module layer and sit on Program and Matcher.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace krait::sre {

using Code = uint32_t;

// Values the module exposes to re/_constants.py and re/_compiler.py.
inline constexpr Code kMagic = 20220615;             // _sre.MAGIC of CPython 3.11.2
inline constexpr int kCodeSize = sizeof(Code);       // _sre.CODESIZE
inline constexpr Code kMaxRepeat = 0xFFFFFFFFu;      // _sre.MAXREPEAT
inline constexpr Code kMaxGroups = 0x7FFFFFFFu / 2;  // _sre.MAXGROUPS

// A validated program: the code words plus the tables the matcher precomputes from them
// (256-bit maps for character sets, a first-character filter for unanchored search).
// Immutable after creation, so one Program may serve any number of Matchers.
class Program {
 public:
  // Returns null when the code is malformed, in the cases CPython's _validate rejects; the
  // caller raises RuntimeError("invalid SRE code"). Also null when memory runs out, with
  // *out_of_memory set (the caller raises MemoryError). `groups` is the number of
  // capturing groups (the `groups` argument of _sre.compile).
  static std::unique_ptr<Program> create(std::vector<Code> code, size_t groups,
                                         bool* out_of_memory = nullptr);

  const std::vector<Code>& code() const { return code_; }
  size_t groups() const { return groups_; }

  struct CharsetMap;  // defined in engine_internal.h
  struct FirstFilter;

  ~Program();
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;

 private:
  Program();
  friend struct ProgramBuilder;
  template <typename CharT>
  friend class Vm;

  std::vector<Code> code_;
  size_t groups_ = 0;
  // charset_slot_[i] is 1 + the index in charset_maps_ of the map for the character set
  // whose first word is code_[i]; 0 or kNoMapSlot when there is none.
  static constexpr uint32_t kNoMapSlot = 0xFFFFFFFFu;
  std::vector<uint32_t> charset_slot_;
  std::vector<CharsetMap> charset_maps_;
  std::vector<Code> charset_map_ops_;  // the op each map was built for
  std::unique_ptr<FirstFilter> first_filter_;
  bool info_scan_ = false;  // search may use the INFO block's prefix or character set
};

// The text being matched: code units of 1, 2 or 4 bytes (bytes objects and the three
// PEP 393 str kinds). Indices everywhere are code-unit indices.
struct Subject {
  const void* data = nullptr;
  ptrdiff_t length = 0;
  int char_size = 1;  // 1, 2 or 4
};

enum class Status : int {
  kNoMatch = 0,
  kMatch = 1,
  kInternalError =
      -1,  // illegal opcode or state: RuntimeError("internal error in regular expression engine")
  kMemoryError = -9,   // MemoryError
  kInterrupted = -10,  // the interrupt hook asked to stop; its exception is already set
};

enum class Mode { kMatch, kFullMatch, kSearch };

// Called every few thousand steps of the matcher; returning true stops the match with
// Status::kInterrupted (the VM uses it to deliver KeyboardInterrupt and other signals).
struct InterruptHook {
  bool (*poll)(void* context) = nullptr;
  void* context = nullptr;
};

// The character helpers _sre exposes to re._compiler, on C ints as CPython takes them:
// ascii_iscased, unicode_iscased, ascii_tolower, unicode_tolower.
bool ascii_iscased(int32_t ch);
bool unicode_iscased(int32_t ch);
int32_t ascii_tolower(int32_t ch);
int32_t unicode_tolower(int32_t ch);

// One matching state over one subject, the counterpart of CPython's SRE_STATE. A Matcher
// serves a single match()/search() call, or a whole iteration (finditer, findall, sub,
// split, scanner) through next(). The Program and the subject data must outlive it, and
// the data must not change meanwhile (hold a buffer export on a bytearray, as CPython
// does, since the interrupt hook may run Python code).
//
// How the _sre calls map onto it:
//   Pattern.match/fullmatch/search(s, pos, endpos): Matcher(program, s, pos, endpos)
//       .run(Mode::kMatch / kFullMatch / kSearch).
//   findall/finditer(s, pos, endpos), sub/subn/split(s): one Matcher (pos 0 and endpos
//       PTRDIFF_MAX for sub and split); `while (next(Mode::kSearch) == Status::kMatch)`
//       each match spans [match_start(), match_end()).
//   Scanner(s, pos, endpos): one Matcher kept in the scanner; Scanner.match() is
//       next(Mode::kMatch), Scanner.search() next(Mode::kSearch).
//   Match objects copy spans() (m.regs; group 0 first), lastindex(), pos(), endpos().
//   Statuses: kInternalError -> RuntimeError("internal error in regular expression
//       engine"), kMemoryError -> MemoryError, kInterrupted -> the hook's exception.
class Matcher {
 public:
  // pos and endpos are clamped to [0, length] as CPython does; pos may end up > endpos.
  Matcher(const Program& program, Subject subject, ptrdiff_t pos = 0,
          ptrdiff_t endpos = PTRDIFF_MAX);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  void set_interrupt_hook(InterruptHook hook) { interrupt_ = hook; }

  // One attempt from the current start position (pos for a fresh Matcher).
  Status run(Mode mode);

  // Iteration (finditer, findall, sub, split, Scanner.match/search): each call continues
  // where the previous match ended. After an empty match the next attempt starts at the
  // same position but may not match empty there (CPython >= 3.7), so
  // sub('x*', '-', 'abxd') gives '-a-b--d-'. Once an attempt fails, every later call
  // returns kNoMatch.
  Status next(Mode mode);

  // Results of the last successful run()/next().
  ptrdiff_t match_start() const { return start_; }
  ptrdiff_t match_end() const { return ptr_; }
  // Span of capturing group `group` (1-based) as m.span(group) reports it, (-1, -1) when
  // the group did not participate.
  void group_span(size_t group, ptrdiff_t* start, ptrdiff_t* end) const;
  // Fills regs[0 .. 2*(groups+1)) with the spans of group 0..groups (m.regs). Returns false
  // when a group's start lies after its end, which CPython reports as SystemError("The
  // span of capturing group is wrong, please report a bug for the re module.").
  bool spans(ptrdiff_t* regs) const;
  // m.lastindex: the index of the last group closed, or -1 for None.
  ptrdiff_t lastindex() const { return lastindex_; }

  ptrdiff_t pos() const { return pos_; }
  ptrdiff_t endpos() const { return endpos_; }

 private:
  template <typename CharT>
  friend class Vm;

  const Program& program_;
  Subject subject_;
  ptrdiff_t pos_ = 0, endpos_ = 0;  // clamped pos and endpos (Match.pos, Match.endpos)
  ptrdiff_t start_ = 0;             // where the current attempt starts (state->start)
  ptrdiff_t ptr_ = 0;               // current position; match end after success
  bool match_all_ = false;          // fullmatch: SUCCESS only at the end
  bool must_advance_ = false;       // the previous match was empty: no empty match here
  bool iterating_ = false;          // next() has produced a match before
  bool exhausted_ = false;          // next() failed once
  int32_t lastmark_ = -1;           // highest valid index in marks_
  ptrdiff_t lastindex_ = -1;
  InterruptHook interrupt_;
  uint32_t steps_ = 0;  // dispatch counter for the interrupt hook

  // Backtracking storage, kept across calls so iteration does not reallocate.
  std::vector<ptrdiff_t> marks_;  // group marks, -1 = unset
  struct Frame;
  struct Repeat;
  Frame* frames_ = nullptr;  // frames_[0, frame_count_): the backtracking stack
  size_t frame_count_ = 0, frame_capacity_ = 0;
  std::vector<ptrdiff_t> saved_;  // saved marks and repeat positions: [0, saved_count_)
  size_t saved_count_ = 0;
  std::vector<Repeat> repeats_;
  ptrdiff_t repeat_ = -1;  // index of the innermost active REPEAT, -1 = none
  int nesting_ = 0;        // depth of nested runs for general repeat counting

  void reset();  // forget marks before an attempt (state_reset)
  bool grow_frames();
  int dispatch(Mode mode, const Code* code);  // run() for the subject's code-unit width
};

// A whole match()/fullmatch()/search() call in one: the status, and on a match m.regs
// (2*(groups+1) entries) and m.lastindex. The module layer may use Matcher directly to
// avoid the allocation.
struct MatchResult {
  Status status = Status::kNoMatch;
  bool wrong_span = false;  // SystemError: see Matcher::spans
  std::vector<ptrdiff_t> regs;
  ptrdiff_t lastindex = -1;
};
MatchResult match(const Program& program, Subject subject, ptrdiff_t pos, ptrdiff_t endpos,
                  Mode mode, InterruptHook hook = {});

}  // namespace krait::sre
