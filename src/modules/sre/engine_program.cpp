// Program creation for the SRE engine: validation of the code words (accepting exactly what
// CPython's _validate accepts, except where CPython would read out of bounds), 256-bit maps
// for character sets, and the first-character filter for unanchored search.
// The matcher itself is in engine_match.cpp.

#include <cstring>
#include <new>

#include "modules/sre/engine_internal.h"

namespace krait::sre {

// --- character-set reading -------------------------------------------------------------

bool set_contains(const Code* set, uint32_t ch) {
  bool ok = true;
  for (;;) {
    switch (*set++) {
      case kFailure:
        return !ok;
      case kLiteral:
        if (ch == set[0]) return ok;
        set += 1;
        break;
      case kCategory:
        if (category_contains(set[0], ch)) return ok;
        set += 1;
        break;
      case kCharset:
        if (ch < 256 && ((set[ch >> 5] >> (ch & 31)) & 1)) return ok;
        set += 256 / 32;
        break;
      case kRange:
        if (set[0] <= ch && ch <= set[1]) return ok;
        set += 2;
        break;
      case kRangeUniIgnore: {
        // ch is already lower-cased by IN_UNI_IGNORE; its upper-case form may be in range.
        if (set[0] <= ch && ch <= set[1]) return ok;
        uint32_t upper = upper_unicode(ch);
        if (set[0] <= upper && upper <= set[1]) return ok;
        set += 2;
        break;
      }
      case kNegate:
        ok = !ok;
        break;
      case kBigCharset: {
        // <count> <256 block numbers packed as bytes> <count 256-bit blocks>
        Code count = *set++;
        if (ch < 0x10000) {
          unsigned char block;
          std::memcpy(&block, reinterpret_cast<const unsigned char*>(set) + (ch >> 8), 1);
          const Code* bits = set + 256 / sizeof(Code) + block * (256 / 32);
          if ((bits[(ch & 255) >> 5] >> (ch & 31)) & 1) return ok;
        }
        set += 256 / sizeof(Code) + count * (256 / 32);
        break;
      }
      default:
        return false;  // cannot happen in validated code
    }
  }
}

bool set_loc_ignore_contains(const Code* set, uint32_t ch) {
  uint32_t lower = lower_locale(ch);
  if (set_contains(set, lower)) return true;
  uint32_t upper = upper_locale(ch);
  return upper != lower && set_contains(set, upper);
}

bool single_op_matches(const Code* op, uint32_t ch) {
  switch (op[0]) {
    case kLiteral:
      return ch == op[1];
    case kNotLiteral:
      return ch != op[1];
    case kLiteralIgnore:
      return (ch < 128 ? ascii::lower(ch) : ch) == op[1];
    case kNotLiteralIgnore:
      return (ch < 128 ? ascii::lower(ch) : ch) != op[1];
    case kLiteralUniIgnore:
      return lower_unicode(ch) == op[1];
    case kNotLiteralUniIgnore:
      return lower_unicode(ch) != op[1];
    case kLiteralLocIgnore:
      return char_loc_ignore(op[1], ch);
    case kNotLiteralLocIgnore:
      return !char_loc_ignore(op[1], ch);
    case kIn:
      return set_contains(op + 2, ch);
    case kInIgnore:
      return set_contains(op + 2, ch < 128 ? ascii::lower(ch) : ch);
    case kInUniIgnore:
      return set_contains(op + 2, lower_unicode(ch));
    case kInLocIgnore:
      return set_loc_ignore_contains(op + 2, ch);
    case kAny:
      return ch != '\n';
    case kAnyAll:
      return true;
    case kCategory:
      return category_contains(op[1], ch);
  }
  return true;
}

// --- helpers for re._compiler ---------------------------------------------------------

bool ascii_iscased(int32_t ch) {
  uint32_t c = uint32_t(ch);
  return c < 128 && (c | 0x20) - 'a' < 26u;  // an ASCII letter
}
bool unicode_iscased(int32_t ch) {
  uint32_t c = uint32_t(ch);
  return c != lower_unicode(c) || c != upper_unicode(c);
}
int32_t ascii_tolower(int32_t ch) {
  uint32_t c = uint32_t(ch);
  return int32_t(c < 128 ? ascii::lower(c) : c);
}
int32_t unicode_tolower(int32_t ch) { return int32_t(lower_unicode(uint32_t(ch))); }

// --- validation ------------------------------------------------------------------------
// Mirrors the rules of CPython's _validate (Modules/_sre/sre.c), written as a loop over an
// explicit stack of nested ranges so deeply nested code cannot exhaust the C++ stack.
// Positions are signed indices so that the "skip" arithmetic of malformed code cannot
// form out-of-range pointers.

namespace {

class Validator {
 public:
  Validator(const std::vector<Code>& code, size_t groups) : code_(code), groups_(groups) {}
  bool run();

  // The character sets met on the way: (position of the set's first word, the op that
  // reads it; IN for the INFO block's set).
  std::vector<std::pair<size_t, Code>> sets;

 private:
  // What the enclosing construct checks once a nested range has been validated.
  enum Kind : uint8_t {
    kRoot,
    kBranchAlternative,
    kRepeatOneBody,
    kRepeatBody,
    kPossessiveBody,
    kGroupBody,
    kExistsThen,
    kExistsElse
  };
  struct Range {
    ptrdiff_t pos, end;
    Kind kind;
    ptrdiff_t branch_target;  // kBranchAlternative: common target of the JUMPs, -1 if unset
  };

  bool get(Range& r, Code& out) {
    if (r.pos >= r.end) return false;
    out = code_[r.pos++];
    return true;
  }
  // A skip word: the target (pos of the word + skip - adjust) may not pass the range end.
  bool get_skip(Range& r, Code& skip, Code adjust = 0) {
    if (r.pos >= r.end) return false;
    skip = code_[r.pos];
    if (Code(skip - adjust) > uint64_t(r.end - r.pos)) return false;
    r.pos++;
    return true;
  }
  bool push(ptrdiff_t pos, ptrdiff_t end, Kind kind, ptrdiff_t target = -1) {
    if (pos > end) return false;
    stack_.push_back({pos, end, kind, target});
    return true;
  }
  bool charset(ptrdiff_t pos, ptrdiff_t end);
  // Validates ops of the innermost range until it ends (returns 0, or 1 when its last op
  // is a JUMP) or a nested range is pushed (returns 2). -1: invalid.
  int scan(Range& r);
  bool finish(const Range& done, int rc);
  bool branch_next(Range& parent, ptrdiff_t target);

  const std::vector<Code>& code_;
  size_t groups_;
  std::vector<Range> stack_;
};

bool Validator::charset(ptrdiff_t pos, ptrdiff_t end) {
  Range r{pos, end, kRoot, -1};
  while (r.pos < r.end) {
    Code op, arg;
    if (!get(r, op)) return false;
    switch (op) {
      case kNegate:
        break;
      case kLiteral:
        if (!get(r, arg)) return false;
        break;
      case kRange:
      case kRangeUniIgnore:
        if (!get(r, arg) || !get(r, arg)) return false;
        break;
      case kCharset:
        if (256 / 32 > r.end - r.pos) return false;
        r.pos += 256 / 32;
        break;
      case kBigCharset: {
        Code count;
        if (!get(r, count)) return false;
        if (256 / ptrdiff_t(sizeof(Code)) > r.end - r.pos) return false;
        unsigned char blocks[256];
        std::memcpy(blocks, code_.data() + r.pos, 256);
        for (unsigned char block : blocks) {
          if (block >= count) return false;
        }
        r.pos += 256 / sizeof(Code);
        // CPython computes count * 8 in 32 bits; a wrapped product would let the matcher
        // read past the code, so the product is taken in 64 bits here.
        if (uint64_t(count) * (256 / 32) > uint64_t(r.end - r.pos)) return false;
        r.pos += ptrdiff_t(count) * (256 / 32);
        break;
      }
      case kCategory:
        if (!get(r, arg) || arg >= kCatCount) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

int Validator::scan(Range& r) {
  while (r.pos < r.end) {
    Code op, arg, skip;
    if (!get(r, op)) return -1;
    switch (op) {
      case kMark:
        // Marks need not nest properly; the matcher copes with any order.
        if (!get(r, arg) || arg > 2 * uint64_t(groups_) + 1) return -1;
        break;
      case kLiteral:
      case kNotLiteral:
      case kLiteralIgnore:
      case kNotLiteralIgnore:
      case kLiteralUniIgnore:
      case kNotLiteralUniIgnore:
      case kLiteralLocIgnore:
      case kNotLiteralLocIgnore:
        if (!get(r, arg)) return -1;
        break;
      case kSuccess:
      case kFailure:
      case kAny:
      case kAnyAll:
        break;
      case kAt:
        if (!get(r, arg) || arg >= kAtCount) return -1;
        break;
      case kIn:
      case kInIgnore:
      case kInUniIgnore:
      case kInLocIgnore: {
        if (!get_skip(r, skip)) return -1;
        ptrdiff_t last = r.pos + ptrdiff_t(skip) - 2;  // the closing FAILURE
        if (!charset(r.pos, last) || code_[last] != kFailure) return -1;
        sets.emplace_back(r.pos, op);
        r.pos += ptrdiff_t(skip) - 1;
        break;
      }
      case kInfo: {
        // <INFO> <skip> <flags> <min> <max> [<prefix len> <prefix skip> <prefix> <overlap>
        // | <charset>]
        if (!get_skip(r, skip)) return -1;
        ptrdiff_t next = r.pos + ptrdiff_t(skip) - 1;
        Code flags;
        if (!get(r, flags) || !get(r, arg) || !get(r, arg)) return -1;
        if (flags & ~(kInfoPrefix | kInfoLiteral | kInfoCharset)) return -1;
        if ((flags & kInfoPrefix) && (flags & kInfoCharset)) return -1;
        if ((flags & kInfoLiteral) && !(flags & kInfoPrefix)) return -1;
        if (flags & kInfoPrefix) {
          Code length;
          if (!get(r, length) || !get(r, arg)) return -1;
          // CPython compares against next - pos as an unsigned number, so a negative
          // distance passes its test; the explicit end check keeps the reads in bounds.
          auto too_long = [&] {
            ptrdiff_t room = next - r.pos;
            return (room >= 0 && length > uint64_t(room)) ||
                   r.pos + ptrdiff_t(length) > ptrdiff_t(code_.size());
          };
          if (too_long()) return -1;
          r.pos += length;
          if (too_long()) return -1;
          for (Code i = 0; i < length; i++) {
            if (code_[r.pos + i] >= length) return -1;
          }
          r.pos += length;
        }
        if (flags & kInfoCharset) {
          if (!charset(r.pos, next - 1) || code_[next - 1] != kFailure) return -1;
          if (r.pos < next - 1) sets.emplace_back(r.pos, kIn);
          r.pos = next;
        } else if (r.pos != next) {
          return -1;
        }
        break;
      }
      case kBranch:
        return branch_next(r, -1) ? 2 : -1;
      case kRepeatOne:
      case kMinRepeatOne:
      case kPossessiveRepeatOne: {
        Code min, max;
        if (!get_skip(r, skip) || !get(r, min) || !get(r, max) || min > max) return -1;
        ptrdiff_t body_end = r.pos + ptrdiff_t(skip) - 4;
        return push(r.pos, body_end, kRepeatOneBody) ? 2 : -1;
      }
      case kRepeat:
      case kPossessiveRepeat: {
        Code min, max;
        if (!get_skip(r, skip) || !get(r, min) || !get(r, max) || min > max) return -1;
        ptrdiff_t body_end = r.pos + ptrdiff_t(skip) - 3;
        return push(r.pos, body_end, op == kRepeat ? kRepeatBody : kPossessiveBody) ? 2 : -1;
      }
      case kAtomicGroup:
        if (!get_skip(r, skip)) return -1;
        return push(r.pos, r.pos + ptrdiff_t(skip) - 2, kGroupBody) ? 2 : -1;
      case kGroupref:
      case kGrouprefIgnore:
      case kGrouprefUniIgnore:
      case kGrouprefLocIgnore:
        if (!get(r, arg) || arg >= groups_) return -1;
        break;
      case kGrouprefExists: {
        // <GROUPREF_EXISTS> <group> <skip> then-part [<JUMP> <skip> else-part]; the skip
        // counts from the group word. A then-part ending in JUMP means an else-part follows.
        if (!get(r, arg) || arg >= groups_ || !get_skip(r, skip, 1)) return -1;
        ptrdiff_t base = r.pos - 1;
        return push(base + 1, base + ptrdiff_t(skip) - 1, kExistsThen) ? 2 : -1;
      }
      case kAssert:
      case kAssertNot: {
        // <ASSERT> <skip> <back> pattern <SUCCESS>
        if (!get_skip(r, skip) || !get(r, arg)) return -1;
        ptrdiff_t base = r.pos - 1;
        return push(base + 1, base + ptrdiff_t(skip) - 2, kGroupBody) ? 2 : -1;
      }
      case kJump:
        if (r.pos + 1 != r.end) return -1;
        r.pos = r.end;
        return 1;
      default:
        return -1;
    }
  }
  return 0;
}

// Reads the next alternative's skip word of a BRANCH and pushes the alternative (without
// its closing <JUMP> <skip>), or checks the end of the BRANCH.
bool Validator::branch_next(Range& parent, ptrdiff_t target) {
  Code skip;
  if (!get_skip(parent, skip)) return false;
  if (skip == 0) return parent.pos == target;
  return push(parent.pos, parent.pos + ptrdiff_t(skip) - 3, kBranchAlternative, target);
}

bool Validator::finish(const Range& done, int rc) {
  if (done.kind == kRoot) return rc == 0;
  Range& parent = stack_.back();
  Code op, skip;
  if (done.kind == kExistsThen) {
    if (rc == 1) {  // an else-part follows: continue at the JUMP's skip word
      parent.pos = done.end - 1;
      if (!get_skip(parent, skip)) return false;
      return push(parent.pos, parent.pos + ptrdiff_t(skip) - 1, kExistsElse);
    }
    parent.pos = done.end;
    return true;
  }
  if (rc != 0) return false;
  parent.pos = done.end;
  switch (done.kind) {
    case kBranchAlternative: {
      if (!get(parent, op) || op != kJump || !get_skip(parent, skip)) return false;
      ptrdiff_t target = parent.pos + ptrdiff_t(skip) - 1;
      if (done.branch_target >= 0 && target != done.branch_target) return false;
      return branch_next(parent, target);
    }
    case kRepeatOneBody:
    case kPossessiveBody:
    case kGroupBody:
      return get(parent, op) && op == kSuccess;
    case kRepeatBody:
      return get(parent, op) && (op == kMaxUntil || op == kMinUntil);
    default:  // kExistsElse
      return true;
  }
}

bool Validator::run() {
  if (groups_ > kMaxGroups || code_.empty() || code_.back() != kSuccess) return false;
  stack_.push_back({0, ptrdiff_t(code_.size()) - 1, kRoot, -1});
  for (;;) {
    int rc = scan(stack_.back());
    if (rc < 0) return false;
    if (rc == 2) continue;  // descend into the range just pushed
    Range done = stack_.back();
    stack_.pop_back();
    if (!finish(done, rc)) return false;
    if (stack_.empty()) return true;
  }
}

}  // namespace

// --- precomputed tables ------------------------------------------------------------------

struct ProgramBuilder {
  Program& program;

  // Builds the map for the set whose words start at set_pos, as read through `op` (IN
  // reads the character, IN_IGNORE and IN_UNI_IGNORE its lower-case form).
  void add_charset_map(size_t set_pos, Code op);
  void build_first_filter();
  void check_info_scan();
};

// The validator accepts INFO blocks whose parts overlap the code after them; search uses
// the prefix or set only when they are laid out as re._compiler lays them out: the set
// ends before the block does, and the prefix_skip literals it skips are LITERAL ops.
void ProgramBuilder::check_info_scan() {
  const std::vector<Code>& code = program.code_;
  if (code[0] != kInfo) return;
  size_t next = 1 + size_t(code[1]);
  if (code[2] & kInfoCharset) {
    program.info_scan_ = next >= 6;
  } else if (code[2] & kInfoPrefix) {
    size_t skip = code[6];
    for (size_t i = 0; i < skip; i++) {
      size_t at = next + 2 * i;
      if (at + 1 >= code.size() || code[at] != kLiteral) return;
    }
    program.info_scan_ = true;
  }
}

// Whether a set program reads the locale (then its answers may change between calls).
static bool set_uses_locale(const Code* set) {
  for (;;) {
    switch (*set++) {
      case kFailure:
        return false;
      case kLiteral:
        set += 1;
        break;
      case kCategory:
        if (set[0] == kCatLocWord || set[0] == kCatLocNotWord) return true;
        set += 1;
        break;
      case kCharset:
        set += 256 / 32;
        break;
      case kRange:
      case kRangeUniIgnore:
        set += 2;
        break;
      case kNegate:
        break;
      case kBigCharset:
        set += 1 + 256 / sizeof(Code) + set[0] * (256 / 32);
        break;
      default:
        return true;
    }
  }
}

// The answer of a set for every character >= 256 when it does not depend on the character:
// read the set as for a character that none of the character-specific entries can match.
static Program::CharsetMap::High set_high_answer(const Code* set) {
  using Map = Program::CharsetMap;
  bool ok = true;
  for (;;) {
    switch (*set++) {
      case kFailure:
        return ok ? Map::kNone : Map::kAll;
      case kLiteral:
        if (set[0] >= 256) return Map::kAsk;
        set += 1;
        break;
      case kCategory:
        switch (set[0]) {
          case kCatDigit:
          case kCatSpace:
          case kCatWord:
          case kCatLinebreak:
            break;  // ASCII classes never hold characters >= 256
          case kCatNotDigit:
          case kCatNotSpace:
          case kCatNotWord:
          case kCatNotLinebreak:
            return ok ? Map::kAll : Map::kNone;
          default:
            return Map::kAsk;
        }
        set += 1;
        break;
      case kCharset:
        set += 256 / 32;
        break;
      case kRange:
        if (set[1] >= 256) return Map::kAsk;
        set += 2;
        break;
      case kNegate:
        ok = !ok;
        break;
      default:  // BIGCHARSET, RANGE_UNI_IGNORE
        return Map::kAsk;
    }
  }
}

void ProgramBuilder::add_charset_map(size_t set_pos, Code op) {
  // Malformed code may reach one set through two different ops; such a set gets no map.
  uint32_t& slot = program.charset_slot_[set_pos];
  if (slot != 0) {
    if (slot != Program::kNoMapSlot && program.charset_map_ops_[slot - 1] != op)
      slot = Program::kNoMapSlot;
    return;
  }
  const Code* set = program.code_.data() + set_pos;
  if (op == kInLocIgnore || set_uses_locale(set)) {
    slot = Program::kNoMapSlot;
    return;
  }
  Program::CharsetMap map{};
  for (uint32_t ch = 0; ch < 256; ch++) {
    uint32_t key = ch;
    if (op == kInIgnore) key = ch < 128 ? ascii::lower(ch) : ch;
    if (op == kInUniIgnore) key = lower_unicode(ch);
    if (set_contains(set, key)) map.bits[ch >> 6] |= uint64_t(1) << (ch & 63);
  }
  // Above 255, IN_UNI_IGNORE may lower-case into the low range (KELVIN SIGN -> 'k').
  map.high = op == kInUniIgnore ? Program::CharsetMap::kAsk : set_high_answer(set);
  program.charset_maps_.push_back(map);
  program.charset_map_ops_.push_back(op);
  slot = uint32_t(program.charset_maps_.size());
}

// The first-character analysis: what can a match starting here consume first?
namespace {

class FirstAnalysis {
 public:
  explicit FirstAnalysis(const std::vector<Code>& code) : code_(code) {}
  enum Result { kConsumes, kNullable, kUnknown };
  // Analyses [pos, end): kConsumes when every way through consumes a character first
  // (recorded in ops), kNullable when it can reach `end` without consuming.
  Result sequence(size_t pos, size_t end, int depth);
  std::vector<size_t> ops;

 private:
  const std::vector<Code>& code_;
};

FirstAnalysis::Result FirstAnalysis::sequence(size_t pos, size_t end, int depth) {
  if (depth > 32 || end > code_.size()) return kUnknown;
  while (pos < end) {
    Code op = code_[pos];
    switch (op) {
      case kMark:
      case kAt:
        pos += 2;
        break;
      case kAssert:
      case kAssertNot:
      case kInfo:  // zero-width: the rest decides
        pos += 1 + code_[pos + 1];
        break;
      case kLiteral:
      case kNotLiteral:
      case kLiteralIgnore:
      case kNotLiteralIgnore:
      case kLiteralUniIgnore:
      case kNotLiteralUniIgnore:
      case kIn:
      case kInIgnore:
      case kInUniIgnore:
      case kAny:
      case kAnyAll:
      case kCategory:
        ops.push_back(pos);
        return kConsumes;
      case kFailure:
        return kConsumes;  // nothing gets past it
      case kSuccess:
        return kNullable;
      case kBranch: {
        size_t alternative = pos + 1;
        bool nullable = false;
        while (alternative < end && code_[alternative] != 0) {
          Code skip = code_[alternative];
          Result r = sequence(alternative + 1, alternative + skip - 2, depth + 1);
          if (r == kUnknown) return kUnknown;
          nullable |= r == kNullable;
          alternative += skip;
        }
        if (!nullable) return kConsumes;
        pos = alternative + 1;
        break;
      }
      case kRepeatOne:
      case kMinRepeatOne:
      case kPossessiveRepeatOne:
      case kRepeat:
      case kPossessiveRepeat:
      case kAtomicGroup: {
        Code skip = code_[pos + 1];
        bool one = op == kRepeatOne || op == kMinRepeatOne || op == kPossessiveRepeatOne;
        size_t body = op == kAtomicGroup ? pos + 2 : pos + 4;
        size_t body_end = one || op == kAtomicGroup ? pos + skip : pos + 1 + skip;
        Code min = op == kAtomicGroup ? 1 : code_[pos + 2];
        Result r = sequence(body, body_end, depth + 1);
        if (r == kUnknown) return kUnknown;
        if (r == kConsumes && min > 0) return kConsumes;
        pos = one || op == kAtomicGroup ? pos + 1 + skip : pos + 2 + skip;
        break;
      }
      default:  // back-references and conditionals may match empty or anything
        return kUnknown;
    }
  }
  return kNullable;
}

}  // namespace

void ProgramBuilder::build_first_filter() {
  const std::vector<Code>& code = program.code_;
  size_t start = 0;
  if (code[0] == kInfo) {
    if (code[2] & (kInfoPrefix | kInfoCharset)) return;  // search has a better scan
    start = 1 + code[1];
  }
  FirstAnalysis analysis(code);
  if (analysis.sequence(start, code.size(), 0) != FirstAnalysis::kConsumes) return;
  auto filter = std::make_unique<Program::FirstFilter>();
  std::memset(filter->bits, 0, sizeof filter->bits);
  for (size_t pos : analysis.ops) {
    const Code* op = code.data() + pos;
    if (op[0] == kInLocIgnore || op[0] == kLiteralLocIgnore || op[0] == kNotLiteralLocIgnore ||
        ((op[0] == kIn || op[0] == kInIgnore || op[0] == kInUniIgnore) &&
         set_uses_locale(op + 2)) ||
        (op[0] == kCategory && (op[1] == kCatLocWord || op[1] == kCatLocNotWord))) {
      return;  // the locale may change between searches
    }
    filter->ops.push_back(op);
    for (uint32_t ch = 0; ch < 256; ch++) {
      if (single_op_matches(op, ch)) filter->bits[ch >> 6] |= uint64_t(1) << (ch & 63);
    }
  }
  // A filter that lets every character < 256 through (ANY, a negated set) only costs time.
  bool passes_all = true;
  for (uint64_t word : filter->bits) passes_all &= word == ~uint64_t(0);
  if (!passes_all) program.first_filter_ = std::move(filter);
}

// --- Program ------------------------------------------------------------------------------

Program::Program() = default;
Program::~Program() = default;

std::unique_ptr<Program> Program::create(std::vector<Code> code, size_t groups,
                                         bool* out_of_memory) {
  if (out_of_memory) *out_of_memory = false;
  try {
    Validator validator(code, groups);
    if (!validator.run()) return nullptr;
    std::unique_ptr<Program> program(new Program());
    program->code_ = std::move(code);
    program->groups_ = groups;
    program->charset_slot_.assign(program->code_.size(), 0);
    ProgramBuilder builder{*program};
    builder.check_info_scan();
    for (auto [set_pos, op] : validator.sets) builder.add_charset_map(set_pos, op);
    builder.build_first_filter();
    return program;
  } catch (const std::bad_alloc&) {
    if (out_of_memory) *out_of_memory = true;
    return nullptr;
  }
}

}  // namespace krait::sre
