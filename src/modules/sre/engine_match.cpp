// The SRE matching machine: a backtracking interpreter of SRE code over 1-, 2- or 4-byte
// code units, plus unanchored search with the INFO block's literal-prefix and charset scans.
//
// It keeps CPython's _sre semantics to the letter, because group spans, m.lastindex and
// the iteration rules are observable: the same alternatives are tried in the same order,
// and marks are saved and restored at the same points (LASTMARK save/restore around each
// backtracking point, the whole mark array inside repeats). Backtracking never recurses
// on the C++ stack: every point that may be resumed is a Frame on Matcher::frames_, and a
// "call" into a sub-pattern pushes a frame, jumps to the sub-pattern, and on return pops
// it and continues at the caller's resume point (Resume below).

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>

#include "modules/sre/engine_internal.h"

namespace krait::sre {

struct Matcher::Frame {
  const Code* pc;    // where the op that made the call continues
  ptrdiff_t ptr;     // its position
  ptrdiff_t count;   // repeat counters
  ptrdiff_t aux;     // REPEAT/UNTIL: the repeat record; REPEAT_ONE: end of run + 1 (see lead_)
  int32_t lastmark;  // LASTMARK save slots
  int32_t lastindex;
  bool toplevel;   // SUCCESS here ends the whole match (fullmatch / must-advance rules)
  uint8_t resume;  // where the caller continues when this frame returns
};

// The state of one REPEAT ... MAX_UNTIL/MIN_UNTIL loop (CPython's SRE_REPEAT).
struct Matcher::Repeat {
  ptrdiff_t count;      // iterations matched so far
  const Code* pattern;  // the REPEAT's skip word: [0] skip, [1] min, [2] max, [3...] body
  ptrdiff_t last_ptr;   // position at the start of the last iteration (empty-loop guard)
  ptrdiff_t prev;       // enclosing repeat, -1 = none
};

namespace {

// Resume points of a caller, one per place the machine calls into a sub-pattern.
enum Resume : uint8_t {
  kResumeNone,
  kResumeBranch,
  kResumeRepeatOne,
  kResumeMinRepeatOne,
  kResumeRepeat,
  kResumeMaxUntilMin,
  kResumeMaxUntilMore,
  kResumeMaxUntilTail,
  kResumeMinUntilMin,
  kResumeMinUntilTail,
  kResumeMinUntilMore,
  kResumePossessiveMin,
  kResumePossessiveMore,
  kResumeAtomicGroup,
  kResumeAssert,
  kResumeAssertNot
};

constexpr ptrdiff_t kNoPosition = -1;  // an unset mark or repeat position (NULL in CPython)
constexpr int kStatusIllegal = int(Status::kInternalError);
constexpr int kStatusInterrupted = int(Status::kInterrupted);
constexpr int kMaxNesting = 64;  // nested runs for general repeat counting (crafted code only)

}  // namespace

template <typename CharT>
class Vm {
 public:
  explicit Vm(Matcher& m)
      : m_(m),
        s_(static_cast<const CharT*>(m.subject_.data)),
        length_(m.subject_.length),
        end_(m.endpos_),
        code_(m.program_.code_.data()),
        slots_(m.program_.charset_slot_.data()),
        maps_(m.program_.charset_maps_.data()),
        map_count_(m.program_.charset_maps_.size()) {}

  // SRE(match): matches `pc` at m_.ptr_; on success m_.ptr_ is the end of the match.
  // Returns 1, 0, or a negative Status.
  int match(const Code* pc, bool toplevel);
  // SRE(search): finds the first match at or after m_.start_.
  int search();

 private:
  using Frame = Matcher::Frame;

  static constexpr bool fits(Code c) { return c <= Code(std::numeric_limits<CharT>::max()); }
  Code at_char(ptrdiff_t i) const { return Code(s_[i]); }

  // Character-set membership through the precomputed map when there is one.
  const Program::CharsetMap* map_for(const Code* set) const {
    uint32_t slot = slots_[set - code_] - 1;  // 0 and kNoMapSlot wrap out of range
    return slot < map_count_ ? &maps_[slot] : nullptr;
  }
  // IN, IN_IGNORE and IN_UNI_IGNORE: `fold` is how the op folds characters >= 256.
  template <typename Fold>
  bool in_set(const Code* set, Code ch, Fold fold) const {
    if (const Program::CharsetMap* map = map_for(set)) {
      if (sizeof(CharT) == 1 || ch < 256) return map->test_low(ch);
      if (map->high != Program::CharsetMap::kAsk) return map->high == Program::CharsetMap::kAll;
    }
    return set_contains(set, fold(ch));
  }
  bool in_plain(const Code* set, Code ch) const {
    return in_set(set, ch, [](Code c) { return c; });
  }
  bool in_ignore(const Code* set, Code ch) const {
    return in_set(set, ch, [](Code c) { return c < 128 ? ascii::lower(c) : c; });
  }
  bool in_uni_ignore(const Code* set, Code ch) const {
    return in_set(set, ch, [](Code c) { return lower_unicode(c); });
  }
  static bool in_loc_ignore(const Code* set, Code ch) { return set_loc_ignore_contains(set, ch); }

  bool at(ptrdiff_t ptr, Code code) const;
  template <typename IsWord>
  bool boundary(ptrdiff_t ptr, IsWord is_word) const {
    bool before = ptr > 0 && is_word(at_char(ptr - 1));
    bool after = ptr < end_ && is_word(at_char(ptr));
    return before != after;
  }
  // SRE(count): how many times the single-character item at `item` matches from m_.ptr_,
  // at most maxcount. Negative: an error status.
  ptrdiff_t count(const Code* item, Code maxcount);
  template <typename Accept>
  ptrdiff_t count_while(ptrdiff_t ptr, ptrdiff_t end, Accept accept) const {
    while (ptr < end && accept(at_char(ptr))) ptr++;
    return ptr;
  }
  ptrdiff_t find_char(ptrdiff_t ptr, ptrdiff_t end, Code c) const;
  // Whether count() measures the item without running it as a sub-pattern, so the run of
  // items from any position ends where the run from an earlier position in it ends.
  static bool counts_directly(const Code* item);

  // Group marks (MARK_PUSH and friends): saves of marks[0..lastmark].
  // The saved-values stack (marks and repeat positions) grows by doubling and never
  // shrinks, so pushing is a bounds check and a copy.
  ptrdiff_t* save(size_t n) {
    if (m_.saved_count_ + n > m_.saved_.size()) {
      m_.saved_.resize(std::max(2 * m_.saved_.size(), m_.saved_count_ + n + 64));
    }
    ptrdiff_t* slot = m_.saved_.data() + m_.saved_count_;
    m_.saved_count_ += n;
    return slot;
  }
  ptrdiff_t unsave() { return m_.saved_[--m_.saved_count_]; }
  // Mark arrays are usually a few words: copy those inline rather than through memcpy.
  static void copy_marks(ptrdiff_t* to, const ptrdiff_t* from, size_t n) {
    if (n > 8) {
      std::memcpy(to, from, n * sizeof(ptrdiff_t));
      return;
    }
    switch (n) {
      case 8:
        to[7] = from[7];
        [[fallthrough]];
      case 7:
        to[6] = from[6];
        [[fallthrough]];
      case 6:
        to[5] = from[5];
        [[fallthrough]];
      case 5:
        to[4] = from[4];
        [[fallthrough]];
      case 4:
        to[3] = from[3];
        [[fallthrough]];
      case 3:
        to[2] = from[2];
        [[fallthrough]];
      case 2:
        to[1] = from[1];
        [[fallthrough]];
      case 1:
        to[0] = from[0];
    }
  }
  void mark_push(int32_t lastmark) {
    if (lastmark < 0) return;
    size_t n = size_t(lastmark) + 1;
    copy_marks(save(n), m_.marks_.data(), n);
  }
  void mark_restore(int32_t lastmark, bool discard) {
    if (lastmark < 0) return;
    size_t n = size_t(lastmark) + 1;
    copy_marks(m_.marks_.data(), m_.saved_.data() + m_.saved_count_ - n, n);
    if (discard) m_.saved_count_ -= n;
  }
  void mark_discard(int32_t lastmark) {
    if (lastmark >= 0) m_.saved_count_ -= size_t(lastmark) + 1;
  }
  void lastmark_save(Frame* ctx) const {
    ctx->lastmark = m_.lastmark_;
    ctx->lastindex = int32_t(m_.lastindex_);
  }
  void lastmark_restore(const Frame* ctx) {
    m_.lastmark_ = ctx->lastmark;
    m_.lastindex_ = ctx->lastindex;
  }
  bool in_repeat() const { return m_.repeat_ >= 0; }

  Frame* push_frame() {
    if (m_.frame_count_ == m_.frame_capacity_ && !m_.grow_frames()) return nullptr;
    return &m_.frames_[m_.frame_count_++];
  }
  Frame* top_frame() const { return &m_.frames_[m_.frame_count_ - 1]; }

  // The tails of REPEAT_ONE and MIN_REPEAT_ONE are only called where they may match: a
  // tail that begins (after any MARKs) with a LITERAL or IN fails at once where that
  // character test fails. CPython skips such calls for a tail starting with a literal.
  // Skipping a call must leave what the failed call would have left: its MARKs write marks
  // at or below lastmark, which the caller's restore does not undo outside a repeat
  // (inside one, the saved copy is put back).
  static const Code* tail_test(const Code* tail) {
    while (tail[0] == kMark) tail += 2;
    return tail[0] == kLiteral || tail[0] == kIn ? tail : nullptr;
  }
  bool tail_may_start(const Code* test, ptrdiff_t ptr) const {
    if (ptr >= end_) return false;
    return test[0] == kLiteral ? at_char(ptr) == test[1] : in_plain(test + 2, at_char(ptr));
  }
  void skipped_tail_marks(const Code* tail, const Code* test, ptrdiff_t ptr) {
    if (in_repeat()) return;
    for (const Code* mark = tail; mark < test; mark += 2) {
      if (ptrdiff_t(mark[1]) <= m_.lastmark_) m_.marks_[mark[1]] = ptr;
    }
  }
  // The highest position in [lowest, ptr] where the tail may start, or lowest - 1; the
  // skipped calls' marks are left as the last (lowest) of them would leave them.
  ptrdiff_t tail_candidate(const Code* tail, ptrdiff_t ptr, ptrdiff_t lowest) {
    const Code* test = tail_test(tail);
    if (!test) return ptr;
    ptrdiff_t found = ptr < end_ ? ptr : end_ - 1;
    if constexpr (sizeof(CharT) == 1) {
      if (test[0] == kLiteral) {
        const void* hit = found >= lowest && fits(test[1])
                              ? memrchr(s_ + lowest, int(test[1]), size_t(found - lowest + 1))
                              : nullptr;
        found = hit ? static_cast<const CharT*>(hit) - s_ : lowest - 1;
      }
    }
    while (found >= lowest && !tail_may_start(test, found)) found--;
    if (found < lowest) found = lowest - 1;
    if (found < ptr) skipped_tail_marks(tail, test, found + 1);
    return found;
  }

  bool groupref_span(Code group, ptrdiff_t* begin, ptrdiff_t* end) const {
    ptrdiff_t index = ptrdiff_t(group) * 2;
    if (index >= m_.lastmark_) return false;
    *begin = m_.marks_[index];
    *end = m_.marks_[index + 1];
    return *begin != kNoPosition && *end != kNoPosition && *begin <= *end;
  }

  // Search support: when the pattern starts (after MARKs) with a greedy unbounded
  // REPEAT_ONE, an attempt that fails before ever calling the repeat's tail means every
  // start up to the end of the item run fails too; the REPEAT_ONE then records where that
  // run ended so search can continue there.
  const Code* lead_ = nullptr;  // that REPEAT_ONE's skip word, or null
  ptrdiff_t skip_to_ = -1;

  Matcher& m_;
  const CharT* s_;
  ptrdiff_t length_;
  ptrdiff_t end_;  // endpos: no op reads at or beyond it
  const Code* code_;
  const uint32_t* slots_;
  const Program::CharsetMap* maps_;
  size_t map_count_;
};

template <typename CharT>
bool Vm<CharT>::at(ptrdiff_t ptr, Code code) const {
  switch (code) {
    case kAtBeginning:
    case kAtBeginningString:
      return ptr == 0;
    case kAtBeginningLine:
      return ptr == 0 || at_char(ptr - 1) == '\n';
    case kAtEnd:
      return (end_ - ptr == 1 && at_char(ptr) == '\n') || ptr == end_;
    case kAtEndLine:
      // With pos > endpos the position may lie past endpos; CPython then reads the
      // string's terminating NUL.
      return ptr == end_ || (ptr < length_ && at_char(ptr) == '\n');
    case kAtEndString:
      return ptr == end_;
    case kAtBoundary:
      return end_ != 0 && boundary(ptr, [](Code c) { return ascii::has(c, ascii::kWord); });
    case kAtNonBoundary:
      return end_ != 0 && !boundary(ptr, [](Code c) { return ascii::has(c, ascii::kWord); });
    case kAtLocBoundary:
      return end_ != 0 && boundary(ptr, loc_is_word);
    case kAtLocNonBoundary:
      return end_ != 0 && !boundary(ptr, loc_is_word);
    case kAtUniBoundary:
      return end_ != 0 && boundary(ptr, uni_is_word);
    case kAtUniNonBoundary:
      return end_ != 0 && !boundary(ptr, uni_is_word);
  }
  return false;
}

template <typename CharT>
ptrdiff_t Vm<CharT>::find_char(ptrdiff_t ptr, ptrdiff_t end, Code c) const {
  if constexpr (sizeof(CharT) == 1) {
    const void* hit = std::memchr(s_ + ptr, int(c), size_t(end - ptr));
    return hit ? static_cast<const CharT*>(hit) - s_ : -1;
  } else {
    for (; ptr < end; ptr++) {
      if (at_char(ptr) == c) return ptr;
    }
    return -1;
  }
}

template <typename CharT>
bool Vm<CharT>::counts_directly(const Code* item) {
  switch (item[0]) {
    case kIn:
    case kAny:
    case kAnyAll:
    case kLiteral:
    case kLiteralIgnore:
    case kLiteralUniIgnore:
    case kLiteralLocIgnore:
    case kNotLiteral:
    case kNotLiteralIgnore:
    case kNotLiteralUniIgnore:
    case kNotLiteralLocIgnore:
      return true;
    case kCategory:
      return item[2] == kSuccess;
    case kInIgnore:
    case kInUniIgnore:
    case kInLocIgnore:
      return item[1 + item[1]] == kSuccess;
  }
  return false;
}

template <typename CharT>
ptrdiff_t Vm<CharT>::count(const Code* item, Code maxcount) {
  ptrdiff_t start = m_.ptr_;
  ptrdiff_t end = end_;
  if (ptrdiff_t(maxcount) < end - start && maxcount != kMaxRepeat)
    end = start + ptrdiff_t(maxcount);
  Code arg = item[1];
  // Ops CPython counts directly, judged by the first op of the item alone.
  switch (item[0]) {
    case kIn:
      if (sizeof(CharT) == 1) {
        if (const Program::CharsetMap* map = map_for(item + 2)) {
          return count_while(start, end, [map](Code c) { return map->test_low(c); }) - start;
        }
      }
      return count_while(start, end, [&](Code c) { return in_plain(item + 2, c); }) - start;
    case kAny:
      return count_while(start, end, [](Code c) { return c != '\n'; }) - start;
    case kAnyAll:
      return end - start;
    case kLiteral:
      if (!fits(arg)) return 0;
      return count_while(start, end, [arg](Code c) { return c == arg; }) - start;
    case kLiteralIgnore:
      return count_while(start, end,
                         [arg](Code c) { return (c < 128 ? ascii::lower(c) : c) == arg; }) -
             start;
    case kLiteralUniIgnore:
      return count_while(start, end, [arg](Code c) { return lower_unicode(c) == arg; }) - start;
    case kLiteralLocIgnore:
      return count_while(start, end, [arg](Code c) { return char_loc_ignore(arg, c); }) - start;
    case kNotLiteral:
      if (!fits(arg)) return end - start;
      return count_while(start, end, [arg](Code c) { return c != arg; }) - start;
    case kNotLiteralIgnore:
      return count_while(start, end,
                         [arg](Code c) { return (c < 128 ? ascii::lower(c) : c) != arg; }) -
             start;
    case kNotLiteralUniIgnore:
      return count_while(start, end, [arg](Code c) { return lower_unicode(c) != arg; }) - start;
    case kNotLiteralLocIgnore:
      return count_while(start, end, [arg](Code c) { return !char_loc_ignore(arg, c); }) - start;
  }
  // Further single-character ops CPython counts by running the item as a sub-match; when
  // the item is exactly that op, counting directly gives the same answer faster.
  switch (item[0]) {
    case kCategory:
      if (item[2] == kSuccess) {
        return count_while(start, end, [arg](Code c) { return category_contains(arg, c); }) - start;
      }
      break;
    case kInIgnore:
      if (item[1 + item[1]] == kSuccess) {
        return count_while(start, end, [&](Code c) { return in_ignore(item + 2, c); }) - start;
      }
      break;
    case kInUniIgnore:
      if (item[1 + item[1]] == kSuccess) {
        return count_while(start, end, [&](Code c) { return in_uni_ignore(item + 2, c); }) - start;
      }
      break;
    case kInLocIgnore:
      if (item[1 + item[1]] == kSuccess) {
        return count_while(start, end, [&](Code c) { return in_loc_ignore(item + 2, c); }) - start;
      }
      break;
  }
  // General case: match the item repeatedly as a sub-pattern.
  if (m_.nesting_ >= kMaxNesting) return kStatusIllegal;
  m_.nesting_++;
  while (m_.ptr_ < end) {
    ptrdiff_t before = m_.ptr_;
    int status = match(item, false);
    if (status < 0) {
      m_.nesting_--;
      return status;
    }
    // An item that matched empty would match empty forever (CPython loops here; only
    // hand-made code has such items).
    if (status == 0 || m_.ptr_ == before) break;
  }
  m_.nesting_--;
  return m_.ptr_ - start;
}

// The machine. Locals live at function scope because the resume labels are entered by
// goto from the return path.
template <typename CharT>
int Vm<CharT>::match(const Code* pc, bool toplevel) {
  const size_t base = m_.frame_count_;
  Frame* ctx = push_frame();
  if (!ctx) return int(Status::kMemoryError);
  ctx->toplevel = toplevel;
  ctx->resume = kResumeNone;
  ptrdiff_t ptr;
  ptrdiff_t n;
  int ret = 0;
  Matcher::Repeat* rep;
  const Code* target;
  bool next_toplevel;
  uint8_t resume;
  // Counts dispatched ops for the interrupt hook; carried over between calls so that many
  // short attempts are counted too.
  uint32_t steps = m_.steps_;

// Calls the sub-pattern at `to`; the caller continues at label `label` with `ret` set.
#define SRE_CALL(kind, label, to, top) \
  do {                                 \
    ctx->pc = pc;                      \
    ctx->ptr = ptr;                    \
    target = (to);                     \
    next_toplevel = (top);             \
    resume = (kind);                   \
    goto call;                         \
  label:;                              \
  } while (0)

  goto enter;

call:
  ctx = push_frame();
  if (!ctx) {
    ret = int(Status::kMemoryError);
    goto error;
  }
  ctx->toplevel = next_toplevel;
  ctx->resume = resume;
  pc = target;

enter:
  ptr = m_.ptr_;
  if (pc[0] == kInfo) {
    // A sub-pattern's INFO block: reject early when too little text remains.
    ptrdiff_t room = end_ - ptr;
    if (pc[3] && room >= 0 && uint64_t(room) < pc[3]) goto fail;
    pc += pc[1] + 1;
  }

  for (;;) {
    if ((++steps & 0xfff) == 0 && m_.interrupt_.poll && m_.interrupt_.poll(m_.interrupt_.context)) {
      ret = kStatusInterrupted;
      goto error;
    }
    switch (*pc++) {
      case kMark: {
        // <MARK> <index>: even indices open a group, odd ones close it.
        Code i = pc[0];
        if (i & 1) m_.lastindex_ = ptrdiff_t(i / 2 + 1);
        if (ptrdiff_t(i) > m_.lastmark_) {
          // Marks between the old and the new lastmark were never set in this attempt.
          for (int32_t j = m_.lastmark_ + 1; j < int32_t(i); j++) m_.marks_[j] = kNoPosition;
          m_.lastmark_ = int32_t(i);
        }
        m_.marks_[i] = ptr;
        pc++;
        break;
      }

      case kLiteral:
        if (ptr >= end_ || at_char(ptr) != pc[0]) goto fail;
        pc++, ptr++;
        break;
      case kNotLiteral:
        if (ptr >= end_ || at_char(ptr) == pc[0]) goto fail;
        pc++, ptr++;
        break;
      case kLiteralIgnore:
        if (ptr >= end_ ||
            (at_char(ptr) < 128 ? ascii::lower(at_char(ptr)) : at_char(ptr)) != pc[0])
          goto fail;
        pc++, ptr++;
        break;
      case kNotLiteralIgnore:
        if (ptr >= end_ ||
            (at_char(ptr) < 128 ? ascii::lower(at_char(ptr)) : at_char(ptr)) == pc[0])
          goto fail;
        pc++, ptr++;
        break;
      case kLiteralUniIgnore:
        if (ptr >= end_ || lower_unicode(at_char(ptr)) != pc[0]) goto fail;
        pc++, ptr++;
        break;
      case kNotLiteralUniIgnore:
        if (ptr >= end_ || lower_unicode(at_char(ptr)) == pc[0]) goto fail;
        pc++, ptr++;
        break;
      case kLiteralLocIgnore:
        if (ptr >= end_ || !char_loc_ignore(pc[0], at_char(ptr))) goto fail;
        pc++, ptr++;
        break;
      case kNotLiteralLocIgnore:
        if (ptr >= end_ || char_loc_ignore(pc[0], at_char(ptr))) goto fail;
        pc++, ptr++;
        break;

      case kSuccess:
        // The end of the pattern (or of a sub-pattern run on its own). At top level,
        // fullmatch needs the end of the text, and after an empty match in an
        // iteration the next match may not be empty at the same place.
        if (ctx->toplevel &&
            ((m_.match_all_ && ptr != end_) || (m_.must_advance_ && ptr == m_.start_))) {
          goto fail;
        }
        m_.ptr_ = ptr;
        goto succeed;

      case kAt:
        if (!at(ptr, pc[0])) goto fail;
        pc++;
        break;
      case kCategory:
        if (ptr >= end_ || !category_contains(pc[0], at_char(ptr))) goto fail;
        pc++, ptr++;
        break;
      case kAny:
        if (ptr >= end_ || at_char(ptr) == '\n') goto fail;
        ptr++;
        break;
      case kAnyAll:
        if (ptr >= end_) goto fail;
        ptr++;
        break;

      // <IN> <skip> set: the set starts at pc + 1.
      case kIn:
        if (ptr >= end_ || !in_plain(pc + 1, at_char(ptr))) goto fail;
        pc += pc[0], ptr++;
        break;
      case kInIgnore:
        if (ptr >= end_ || !in_ignore(pc + 1, at_char(ptr))) goto fail;
        pc += pc[0], ptr++;
        break;
      case kInUniIgnore:
        if (ptr >= end_ || !in_uni_ignore(pc + 1, at_char(ptr))) goto fail;
        pc += pc[0], ptr++;
        break;
      case kInLocIgnore:
        if (ptr >= end_ || !in_loc_ignore(pc + 1, at_char(ptr))) goto fail;
        pc += pc[0], ptr++;
        break;

      case kJump:
      case kInfo:
        pc += pc[0];
        break;

      case kBranch:
        // <BRANCH> <skip> alternative <JUMP> <skip> ... <0>: try each alternative in
        // turn; between tries, forget what the failed one marked.
        lastmark_save(ctx);
        if (in_repeat()) mark_push(ctx->lastmark);
        for (; pc[0]; pc += pc[0]) {
          // Skip alternatives whose first literal or set cannot match here.
          if (pc[1] == kLiteral && (ptr >= end_ || at_char(ptr) != pc[2])) continue;
          if (pc[1] == kIn && (ptr >= end_ || !in_plain(pc + 3, at_char(ptr)))) continue;
          m_.ptr_ = ptr;
          SRE_CALL(kResumeBranch, resume_branch, pc + 1, ctx->toplevel);
          if (ret) {
            if (in_repeat()) mark_discard(ctx->lastmark);
            if (ret < 0) goto error;
            goto succeed;
          }
          if (in_repeat()) mark_restore(ctx->lastmark, false);
          lastmark_restore(ctx);
        }
        if (in_repeat()) mark_discard(ctx->lastmark);
        goto fail;

      case kRepeatOne:
        // <REPEAT_ONE> <skip> <min> <max> item <SUCCESS> tail, item one character wide:
        // take as many as possible, then give them back one at a time until the tail
        // matches.
        if (ptrdiff_t(pc[1]) > end_ - ptr) goto fail;
        m_.ptr_ = ptr;
        n = count(pc + 3, pc[2]);
        if (n < 0) {
          ret = int(n);
          goto error;
        }
        ctx = top_frame();  // a general count may have moved the frame stack
        ctx->count = n;
        ptr += n;
        if (n < ptrdiff_t(pc[1])) {
          if (pc == lead_) skip_to_ = ptr;
          goto fail;
        }
        if (pc[pc[0]] == kSuccess && ptr == end_ &&
            !(ctx->toplevel && m_.must_advance_ && ptr == m_.start_)) {
          m_.ptr_ = ptr;  // the tail is empty: done
          goto succeed;
        }
        lastmark_save(ctx);
        if (in_repeat()) mark_push(ctx->lastmark);
        ctx->aux = ptr + 1;  // the end of the run + 1 until the tail is first called
        for (;;) {
          // Give back items until the tail may match.
          if (ctx->count < ptrdiff_t(pc[1])) break;
          n = tail_candidate(pc + pc[0], ptr, ptr - (ctx->count - ptrdiff_t(pc[1])));
          ctx->count -= ptr - n;
          ptr = n;
          if (ctx->count < ptrdiff_t(pc[1])) break;
          m_.ptr_ = ptr;
          ctx->aux = 0;
          SRE_CALL(kResumeRepeatOne, resume_repeat_one, pc + pc[0], ctx->toplevel);
          if (ret) {
            if (in_repeat()) mark_discard(ctx->lastmark);
            if (ret < 0) goto error;
            goto succeed;
          }
          if (in_repeat()) mark_restore(ctx->lastmark, false);
          lastmark_restore(ctx);
          ptr--;
          ctx->count--;
        }
        if (in_repeat()) mark_discard(ctx->lastmark);
        if (pc == lead_ && ctx->aux) skip_to_ = ctx->aux - 1;
        goto fail;

      case kMinRepeatOne:
        // <MIN_REPEAT_ONE> <skip> <min> <max> item <SUCCESS> tail: take the minimum, then
        // one more item each time the tail fails.
        if (ptrdiff_t(pc[1]) > end_ - ptr) goto fail;
        m_.ptr_ = ptr;
        if (pc[1] == 0) {
          ctx->count = 0;
        } else {
          n = count(pc + 3, pc[1]);
          if (n < 0) {
            ret = int(n);
            goto error;
          }
          ctx = top_frame();
          if (n < ptrdiff_t(pc[1])) goto fail;
          ctx->count = n;
          ptr += n;
        }
        if (pc[pc[0]] == kSuccess && !(ctx->toplevel && ((m_.match_all_ && ptr != end_) ||
                                                         (m_.must_advance_ && ptr == m_.start_)))) {
          m_.ptr_ = ptr;  // the tail is empty: done
          goto succeed;
        }
        lastmark_save(ctx);
        if (in_repeat()) mark_push(ctx->lastmark);
        while (pc[2] == kMaxRepeat || ctx->count <= ptrdiff_t(pc[2])) {
          if (tail_candidate(pc + pc[0], ptr, ptr) == ptr) {
            m_.ptr_ = ptr;
            SRE_CALL(kResumeMinRepeatOne, resume_min_repeat_one, pc + pc[0], ctx->toplevel);
            if (ret) {
              if (in_repeat()) mark_discard(ctx->lastmark);
              if (ret < 0) goto error;
              goto succeed;
            }
            if (in_repeat()) mark_restore(ctx->lastmark, false);
            lastmark_restore(ctx);
          }
          m_.ptr_ = ptr;
          n = count(pc + 3, 1);
          if (n < 0) {
            ret = int(n);
            goto error;
          }
          ctx = top_frame();
          if (n == 0) break;
          ptr++;
          ctx->count++;
        }
        if (in_repeat()) mark_discard(ctx->lastmark);
        goto fail;

      case kPossessiveRepeatOne:
        // <POSSESSIVE_REPEAT_ONE> <skip> <min> <max> item <SUCCESS> tail: take as many as
        // possible and never give any back.
        if (ptr + ptrdiff_t(pc[1]) > end_) goto fail;
        m_.ptr_ = ptr;
        n = count(pc + 3, pc[2]);
        if (n < 0) {
          ret = int(n);
          goto error;
        }
        ctx = top_frame();
        ctx->count = n;
        ptr += n;
        if (n < ptrdiff_t(pc[1])) goto fail;
        pc += pc[0];
        if (*pc == kSuccess && ptr == end_ &&
            !(ctx->toplevel && m_.must_advance_ && ptr == m_.start_)) {
          m_.ptr_ = ptr;
          goto succeed;
        }
        break;  // the tail runs in this frame

      case kRepeat:
        // <REPEAT> <skip> <min> <max> body <MAX_UNTIL|MIN_UNTIL> tail: install a repeat
        // record; the UNTIL op does the work, entered first with count -1.
        rep = &m_.repeats_.emplace_back();
        rep->count = -1;
        rep->pattern = pc;
        rep->last_ptr = kNoPosition;
        rep->prev = m_.repeat_;
        m_.repeat_ = ptrdiff_t(m_.repeats_.size()) - 1;
        ctx->aux = m_.repeat_;
        m_.ptr_ = ptr;
        SRE_CALL(kResumeRepeat, resume_repeat, pc + pc[0], ctx->toplevel);
        m_.repeat_ = m_.repeats_[ctx->aux].prev;
        m_.repeats_.pop_back();
        if (ret) {
          if (ret < 0) goto error;
          goto succeed;
        }
        goto fail;

      case kMaxUntil:
        // Greedy loop: one more iteration if allowed and not empty, else the tail.
        if (m_.repeat_ < 0) {
          ret = kStatusIllegal;
          goto error;
        }
        ctx->aux = m_.repeat_;
        rep = &m_.repeats_[ctx->aux];
        m_.ptr_ = ptr;
        ctx->count = rep->count + 1;
        if (ctx->count < ptrdiff_t(rep->pattern[1])) {
          rep->count = ctx->count;  // not enough iterations yet
          SRE_CALL(kResumeMaxUntilMin, resume_max_until_min, rep->pattern + 3, ctx->toplevel);
          rep = &m_.repeats_[ctx->aux];
          if (ret) {
            if (ret < 0) goto error;
            goto succeed;
          }
          rep->count = ctx->count - 1;
          m_.ptr_ = ptr;
          goto fail;
        }
        if ((ctx->count < ptrdiff_t(rep->pattern[2]) || rep->pattern[2] == kMaxRepeat) &&
            m_.ptr_ != rep->last_ptr) {
          rep->count = ctx->count;
          lastmark_save(ctx);
          mark_push(ctx->lastmark);
          *save(1) = rep->last_ptr;  // zero-width iteration guard
          rep->last_ptr = m_.ptr_;
          SRE_CALL(kResumeMaxUntilMore, resume_max_until_more, rep->pattern + 3, ctx->toplevel);
          rep = &m_.repeats_[ctx->aux];
          rep->last_ptr = unsave();
          if (ret) {
            mark_discard(ctx->lastmark);
            if (ret < 0) goto error;
            goto succeed;
          }
          mark_restore(ctx->lastmark, true);
          lastmark_restore(ctx);
          rep->count = ctx->count - 1;
          m_.ptr_ = ptr;
        }
        // No further iteration here: the tail must match, outside this repeat.
        m_.repeat_ = rep->prev;
        SRE_CALL(kResumeMaxUntilTail, resume_max_until_tail, pc, ctx->toplevel);
        m_.repeat_ = ctx->aux;
        if (ret) {
          if (ret < 0) goto error;
          goto succeed;
        }
        m_.ptr_ = ptr;
        goto fail;

      case kMinUntil:
        // Lazy loop: the tail first, one more iteration only when it fails.
        if (m_.repeat_ < 0) {
          ret = kStatusIllegal;
          goto error;
        }
        ctx->aux = m_.repeat_;
        rep = &m_.repeats_[ctx->aux];
        m_.ptr_ = ptr;
        ctx->count = rep->count + 1;
        if (ctx->count < ptrdiff_t(rep->pattern[1])) {
          rep->count = ctx->count;
          SRE_CALL(kResumeMinUntilMin, resume_min_until_min, rep->pattern + 3, ctx->toplevel);
          rep = &m_.repeats_[ctx->aux];
          if (ret) {
            if (ret < 0) goto error;
            goto succeed;
          }
          rep->count = ctx->count - 1;
          m_.ptr_ = ptr;
          goto fail;
        }
        m_.repeat_ = rep->prev;
        lastmark_save(ctx);
        if (in_repeat()) mark_push(ctx->lastmark);
        SRE_CALL(kResumeMinUntilTail, resume_min_until_tail, pc, ctx->toplevel);
        {
          bool pushed = in_repeat();  // the tail restores the repeat it saw
          m_.repeat_ = ctx->aux;
          rep = &m_.repeats_[ctx->aux];
          if (ret) {
            if (pushed) mark_discard(ctx->lastmark);
            if (ret < 0) goto error;
            goto succeed;
          }
          if (pushed) mark_restore(ctx->lastmark, true);
        }
        lastmark_restore(ctx);
        m_.ptr_ = ptr;
        if ((ctx->count >= ptrdiff_t(rep->pattern[2]) && rep->pattern[2] != kMaxRepeat) ||
            m_.ptr_ == rep->last_ptr) {
          goto fail;
        }
        rep->count = ctx->count;
        *save(1) = rep->last_ptr;
        rep->last_ptr = m_.ptr_;
        SRE_CALL(kResumeMinUntilMore, resume_min_until_more, rep->pattern + 3, ctx->toplevel);
        rep = &m_.repeats_[ctx->aux];
        rep->last_ptr = unsave();
        if (ret) {
          if (ret < 0) goto error;
          goto succeed;
        }
        rep->count = ctx->count - 1;
        m_.ptr_ = ptr;
        goto fail;

      case kPossessiveRepeat:
        // <POSSESSIVE_REPEAT> <skip> <min> <max> body <SUCCESS> tail: each iteration is
        // a sub-match of its own, so nothing inside it is retried later.
        m_.ptr_ = ptr;
        ctx->count = 0;
        while (ctx->count < ptrdiff_t(pc[1])) {
          SRE_CALL(kResumePossessiveMin, resume_possessive_min, pc + 3, false);
          if (ret < 0) goto error;
          if (!ret) {
            m_.ptr_ = ptr;
            goto fail;
          }
          ctx->count++;
        }
        ptr = kNoPosition;  // so the loop below starts even where the minimum matched empty
        while ((ctx->count < ptrdiff_t(pc[2]) || pc[2] == kMaxRepeat) && m_.ptr_ != ptr) {
          lastmark_save(ctx);
          mark_push(ctx->lastmark);
          ptr = m_.ptr_;  // an iteration that ends here again would be empty
          SRE_CALL(kResumePossessiveMore, resume_possessive_more, pc + 3, false);
          if (ret) {
            mark_discard(ctx->lastmark);
            if (ret < 0) goto error;
            ctx->count++;
          } else {
            mark_restore(ctx->lastmark, true);
            lastmark_restore(ctx);
            m_.ptr_ = ptr;
            break;
          }
        }
        pc += pc[0] + 1;
        ptr = m_.ptr_;
        break;

      case kAtomicGroup:
        // <ATOMIC_GROUP> <skip> body <SUCCESS> tail: the body's first match is final.
        m_.ptr_ = ptr;
        SRE_CALL(kResumeAtomicGroup, resume_atomic_group, pc + 1, false);
        if (ret < 0) goto error;
        if (!ret) {
          m_.ptr_ = ptr;
          goto fail;
        }
        pc += pc[0];
        ptr = m_.ptr_;
        break;

      case kGroupref:
      case kGrouprefIgnore:
      case kGrouprefUniIgnore:
      case kGrouprefLocIgnore: {
        // <GROUPREF> <group>: the text of an earlier group, compared as the op says.
        Code op = pc[-1];
        ptrdiff_t begin, stop;
        if (!groupref_span(pc[0], &begin, &stop)) goto fail;
        for (; begin < stop; begin++, ptr++) {
          if (ptr >= end_) goto fail;
          Code a = at_char(ptr), b = at_char(begin);
          switch (op) {
            case kGroupref:
              break;
            case kGrouprefIgnore:
              a = a < 128 ? ascii::lower(a) : a;
              b = b < 128 ? ascii::lower(b) : b;
              break;
            case kGrouprefUniIgnore:
              a = lower_unicode(a);
              b = lower_unicode(b);
              break;
            default:
              a = lower_locale(a);
              b = lower_locale(b);
              break;
          }
          if (a != b) goto fail;
        }
        pc++;
        break;
      }

      case kGrouprefExists: {
        // <GROUPREF_EXISTS> <group> <skip> yes-part [<JUMP> <skip> no-part]
        ptrdiff_t begin, stop;
        if (!groupref_span(pc[0], &begin, &stop)) {
          pc += pc[1];
        } else {
          pc += 2;
        }
        break;
      }

      case kAssert:
        // <ASSERT> <skip> <back> pattern <SUCCESS>: lookahead (back 0) or lookbehind.
        if (ptr < ptrdiff_t(pc[1])) goto fail;
        m_.ptr_ = ptr - ptrdiff_t(pc[1]);
        SRE_CALL(kResumeAssert, resume_assert, pc + 2, false);
        if (ret < 0) goto error;
        if (!ret) goto fail;
        pc += pc[0];
        break;

      case kAssertNot:
        if (ptr >= ptrdiff_t(pc[1])) {
          m_.ptr_ = ptr - ptrdiff_t(pc[1]);
          lastmark_save(ctx);
          if (in_repeat()) mark_push(ctx->lastmark);
          SRE_CALL(kResumeAssertNot, resume_assert_not, pc + 2, false);
          if (ret) {
            if (in_repeat()) mark_discard(ctx->lastmark);
            if (ret < 0) goto error;
            goto fail;
          }
          if (in_repeat()) mark_restore(ctx->lastmark, true);
          lastmark_restore(ctx);
        }
        pc += pc[0];
        break;

      case kFailure:
        goto fail;

      default:  // set-only opcodes and unknown numbers: not valid as ops
        ret = kStatusIllegal;
        goto error;
    }
  }

fail:
  ret = 0;
  goto leave;
succeed:
  ret = 1;
leave:
  resume = ctx->resume;
  if (--m_.frame_count_ == base) {
    m_.steps_ = steps;
    return ret;
  }
  ctx = top_frame();
  pc = ctx->pc;
  ptr = ctx->ptr;
  switch (resume) {
    case kResumeBranch:
      goto resume_branch;
    case kResumeRepeatOne:
      goto resume_repeat_one;
    case kResumeMinRepeatOne:
      goto resume_min_repeat_one;
    case kResumeRepeat:
      goto resume_repeat;
    case kResumeMaxUntilMin:
      goto resume_max_until_min;
    case kResumeMaxUntilMore:
      goto resume_max_until_more;
    case kResumeMaxUntilTail:
      goto resume_max_until_tail;
    case kResumeMinUntilMin:
      goto resume_min_until_min;
    case kResumeMinUntilTail:
      goto resume_min_until_tail;
    case kResumeMinUntilMore:
      goto resume_min_until_more;
    case kResumePossessiveMin:
      goto resume_possessive_min;
    case kResumePossessiveMore:
      goto resume_possessive_more;
    case kResumeAtomicGroup:
      goto resume_atomic_group;
    case kResumeAssert:
      goto resume_assert;
    case kResumeAssertNot:
      goto resume_assert_not;
  }
  ret = kStatusIllegal;
error:
  m_.frame_count_ = base;
  m_.steps_ = steps;
  return ret;
#undef SRE_CALL
}

template <typename CharT>
int Vm<CharT>::search() {
  ptrdiff_t ptr = m_.start_;
  ptrdiff_t end = end_;
  const Code* pc = code_;
  Code flags = 0;
  ptrdiff_t prefix_len = 0, prefix_skip = 0;
  const Code* prefix = nullptr;
  const Code* charset = nullptr;
  int status = 0;

  if (ptr > end) return 0;
  if (pc[0] == kInfo) {
    // <INFO> <skip> <flags> <min> <max> [prefix | charset]
    flags = pc[2];
    if (pc[3] && end - ptr < ptrdiff_t(pc[3])) return 0;
    if (pc[3] > 1) {
      // No match can start in the last min-1 positions.
      end -= ptrdiff_t(pc[3]) - 1;
      if (end <= ptr) end = ptr;
    }
    // Program::create checked that the prefix or set is laid out as the compiler lays it
    // out; hand-made code that only passes validation is searched without it.
    if ((flags & kInfoPrefix) && m_.program_.info_scan_) {
      prefix_len = pc[5];
      prefix_skip = pc[6];
      prefix = pc + 7;
    } else if ((flags & kInfoCharset) && m_.program_.info_scan_) {
      charset = pc + 5;
    }
    pc += 1 + pc[1];
  }

  if (prefix_len >= 1) {
    // The pattern starts with a literal string: try each place it occurs, in order,
    // resuming the match after the first prefix_skip literals.
    end = end_;
    if (prefix_len > end - ptr) return 0;
    for (ptrdiff_t i = 0; i < prefix_len; i++) {
      if (!fits(prefix[i])) return 0;  // can never occur in text this narrow
    }
    m_.must_advance_ = false;
    ptrdiff_t last = end - prefix_len;
    while (ptr <= last) {
      ptr = find_char(ptr, last + 1, prefix[0]);
      if (ptr < 0) return 0;
      ptrdiff_t i = 1;
      while (i < prefix_len && at_char(ptr + i) == prefix[i]) i++;
      if (i == prefix_len) {
        m_.start_ = ptr;
        m_.ptr_ = ptr + prefix_skip;
        if (flags & kInfoLiteral) return 1;  // the prefix is the whole pattern
        status = match(pc + 2 * prefix_skip, false);
        if (status != 0) return status;
        m_.lastmark_ = -1;
        m_.lastindex_ = -1;
      }
      ptr++;
    }
    return 0;
  }

  const Code* lead = pc;
  while (lead[0] == kMark) lead += 2;
  if (lead[0] == kRepeatOne && lead[3] == kMaxRepeat && counts_directly(lead + 4)) lead_ = lead + 1;

  if (charset) {
    // The pattern starts with a character from a known set.
    end = end_;
    m_.must_advance_ = false;
    const Program::CharsetMap* map = sizeof(CharT) == 1 ? map_for(charset) : nullptr;
    for (;;) {
      if (map) {
        while (ptr < end && !map->test_low(at_char(ptr))) ptr++;
      } else {
        while (ptr < end && !in_plain(charset, at_char(ptr))) ptr++;
      }
      if (ptr >= end) return 0;
      m_.start_ = m_.ptr_ = ptr;
      skip_to_ = -1;
      status = match(pc, false);
      if (status != 0) return status;
      ptr = skip_to_ > ptr ? skip_to_ : ptr + 1;
      m_.lastmark_ = -1;
      m_.lastindex_ = -1;
    }
  }

  // General case: try every position. Only the first attempt is "top level" (the
  // must-advance rule concerns the starting position alone).
  m_.start_ = m_.ptr_ = ptr;
  skip_to_ = -1;
  status = match(pc, true);
  m_.must_advance_ = false;
  if (status == 0 && pc[0] == kAt && (pc[1] == kAtBeginning || pc[1] == kAtBeginningString)) {
    m_.start_ = m_.ptr_ = end;  // anchored at the beginning: nowhere else to try
    return 0;
  }
  const Program::FirstFilter* filter = m_.program_.first_filter_.get();
  // A leading AT fails at most positions: test it here rather than entering the matcher.
  const bool anchored = pc[0] == kAt;
  const Code anchor = anchored ? pc[1] : 0;
  while (status == 0 && ptr < end) {
    ptr = skip_to_ > ptr + 1 && skip_to_ <= end ? skip_to_ : ptr + 1;
    if (anchor == kAtBeginningLine && anchored && at_char(ptr - 1) != '\n') {
      ptrdiff_t newline = find_char(ptr, end, '\n');
      if (newline < 0) break;
      ptr = newline + 1;
    }
    if (filter) {
      // Skip positions where no match can begin (this pattern cannot match empty).
      auto can_start = [filter](Code c) {
        if (sizeof(CharT) == 1 || c < 256) return filter->test_low(c);
        for (const Code* op : filter->ops) {
          if (single_op_matches(op, c)) return true;
        }
        return false;
      };
      while (ptr < end && !can_start(at_char(ptr))) ptr++;
      if (ptr == end && (ptr >= end_ || !can_start(at_char(ptr)))) break;
    }
    if (anchored && !at(ptr, anchor)) continue;
    m_.lastmark_ = -1;
    m_.lastindex_ = -1;
    m_.start_ = m_.ptr_ = ptr;
    skip_to_ = -1;
    status = match(pc, false);
  }
  return status;
}

// --- Matcher --------------------------------------------------------------------------------

Matcher::Matcher(const Program& program, Subject subject, ptrdiff_t pos, ptrdiff_t endpos)
    : program_(program), subject_(subject) {
  ptrdiff_t length = subject.length;
  pos_ = pos < 0 ? 0 : pos > length ? length : pos;
  endpos_ = endpos < 0 ? 0 : endpos > length ? length : endpos;
  start_ = ptr_ = pos_;
}

Matcher::~Matcher() { std::free(frames_); }

bool Matcher::grow_frames() {
  size_t capacity = frame_capacity_ ? 2 * frame_capacity_ : 64;
  void* grown = std::realloc(frames_, capacity * sizeof(Frame));
  if (!grown) return false;
  frames_ = static_cast<Frame*>(grown);
  frame_capacity_ = capacity;
  return true;
}

void Matcher::reset() {
  lastmark_ = -1;
  lastindex_ = -1;
  repeat_ = -1;
  nesting_ = 0;
  frame_count_ = 0;
  saved_count_ = 0;
  repeats_.clear();
}

Status Matcher::run(Mode mode) {
  reset();
  ptr_ = start_;
  match_all_ = mode == Mode::kFullMatch;
  const Code* code = program_.code().data();
  int status;
  try {
    // MARK may write up to index 2*groups+1 (see the validator).
    if (marks_.empty()) marks_.assign(2 * program_.groups() + 2, kNoPosition);
    status = dispatch(mode, code);
  } catch (const std::bad_alloc&) {  // the marks, or the mark and repeat stacks
    status = int(Status::kMemoryError);
  }
  return Status(status);
}

int Matcher::dispatch(Mode mode, const Code* code) {
  int status;
  switch (subject_.char_size) {
    case 1: {
      Vm<uint8_t> vm(*this);
      status = mode == Mode::kSearch ? vm.search() : vm.match(code, true);
      break;
    }
    case 2: {
      Vm<uint16_t> vm(*this);
      status = mode == Mode::kSearch ? vm.search() : vm.match(code, true);
      break;
    }
    default: {
      Vm<uint32_t> vm(*this);
      status = mode == Mode::kSearch ? vm.search() : vm.match(code, true);
      break;
    }
  }
  return status;
}

Status Matcher::next(Mode mode) {
  if (exhausted_) return Status::kNoMatch;
  if (iterating_) {
    must_advance_ = ptr_ == start_;
    start_ = ptr_;
  }
  iterating_ = true;
  Status status = run(mode);
  if (status == Status::kNoMatch) exhausted_ = true;
  return status;
}

void Matcher::group_span(size_t group, ptrdiff_t* start, ptrdiff_t* end) const {
  size_t j = 2 * (group - 1);
  if (group >= 1 && group <= program_.groups() && ptrdiff_t(j) + 1 <= lastmark_ &&
      marks_[j] != kNoPosition && marks_[j + 1] != kNoPosition) {
    *start = marks_[j];
    *end = marks_[j + 1];
  } else {
    *start = *end = -1;
  }
}

bool Matcher::spans(ptrdiff_t* regs) const {
  regs[0] = start_;
  regs[1] = ptr_;
  for (size_t g = 1; g <= program_.groups(); g++) {
    group_span(g, &regs[2 * g], &regs[2 * g + 1]);
    if (regs[2 * g] > regs[2 * g + 1]) return false;
  }
  return true;
}

MatchResult match(const Program& program, Subject subject, ptrdiff_t pos, ptrdiff_t endpos,
                  Mode mode, InterruptHook hook) {
  Matcher matcher(program, subject, pos, endpos);
  matcher.set_interrupt_hook(hook);
  MatchResult result;
  result.status = matcher.run(mode);
  if (result.status == Status::kMatch) {
    result.regs.resize(2 * (program.groups() + 1));
    result.wrong_span = !matcher.spans(result.regs.data());
    result.lastindex = matcher.lastindex();
  }
  return result;
}

}  // namespace krait::sre
