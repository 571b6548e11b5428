// The Python objects of the _sre module — re.Pattern, re.Match and _sre.SRE_Scanner — and
// what their files share: holding a subject's code units while the engine (engine.h) runs
// over them, slicing results out of the subject, and making Match objects.
// module.cpp: the _sre functions; pattern.cpp: Pattern; match.cpp: Match and Scanner.
#pragma once

#include <cstdint>

#include "core/error.h"
#include "modules/sre/engine.h"
#include "objects/bytes.h"

namespace krait {

struct ModuleObject;

namespace sre_module {

extern TypeObject pattern_type;
extern TypeObject match_type;
extern TypeObject scanner_type;

// Pattern.flags bits the repr names (re.RegexFlag).
constexpr int64_t kFlagLocale = 4;
constexpr int64_t kFlagUnicode = 32;
constexpr int64_t kFlagAscii = 256;

struct PatternObject : Object {
  Value pattern;          // the source: str, bytes-like or None (owned)
  int64_t flags;
  int64_t groups;         // capturing groups
  Object* groupindex;     // dict name -> index (owned; null when there are no named groups)
  Object* indexgroup;     // tuple index -> name or None (owned; null as groupindex)
  int is_bytes;           // 1 bytes pattern, 0 str pattern, -1 pattern None (either subject)
  sre::Program* program;  // owned
  Object* weakreflist;
};

struct MatchObject : Object {
  Value string;         // the subject as given (owned)
  PatternObject* pattern;  // owned
  Object* regs;         // cached m.regs tuple (owned) or null
  int64_t pos, endpos;
  int64_t lastindex;    // -1: None
  int64_t group_count;  // groups + 1 (group 0 included)
  ptrdiff_t marks[];    // 2 * group_count: start, end of each group; -1 when unmatched
};

// The matching state of a scanner (and of finditer, which iterates one).
struct ScannerState;
struct ScannerObject : Object {
  PatternObject* pattern;  // owned
  ScannerState* state;     // owned; null once exhausted and released
};

inline PatternObject* as_pattern(Value v) { return static_cast<PatternObject*>(v.as_object()); }
inline MatchObject* as_match(Value v) { return static_cast<MatchObject*>(v.as_object()); }

// A subject's code units, held while the engine reads them (CPython's getstring plus the
// buffer its state keeps): a str is read in place (it is immutable); any other object
// through the buffer protocol, whose export stays held (a bytearray cannot resize) until
// release().
class SubjectView {
 public:
  SubjectView() = default;
  SubjectView(const SubjectView&) = delete;
  SubjectView& operator=(const SubjectView&) = delete;
  ~SubjectView() { release(); }

  // Reads `string` and checks it against the pattern's kind; false with TypeError
  // ("expected string or bytes-like object, got 'int'", "cannot use a string pattern on
  // a bytes-like object", ...).
  bool acquire(const PatternObject* pattern, Value string);
  void release();

  const sre::Subject& subject() const { return subject_; }
  bool is_bytes() const { return is_bytes_; }

 private:
  sre::Subject subject_;
  bool is_bytes_ = false;
  bool has_buffer_ = false;
  Buffer buffer_;
};

// Stops a long match when a signal handler raised (KeyboardInterrupt): the engine polls it.
sre::InterruptHook interrupt_hook();
// Raises the error for an engine status other than kMatch/kNoMatch.
Raised raise_status(sre::Status status);

// string[start:end] as CPython's _sre slices it: a str (of any str subclass) gives an
// exact str; a bytes-like subject gives bytes copied from its buffer (`subject` holds the
// data the engine read).
Ref<> subject_slice(Value string, const sre::Subject& subject, bool is_bytes, int64_t start, int64_t end);
// string[0:0] of the subject's own type, what sub() returns when it built no pieces
// (CPython's PySequence_GetSlice).
Ref<> empty_subject_slice(Value string);

// A Match object for the matcher's last successful match.
Ref<> match_new(PatternObject* pattern, Value string, const sre::Matcher& matcher);
// The value of group `index` (valid index): the slice, or `missing` (borrowed) if the
// group did not participate.
Ref<> match_group_value(MatchObject* match, int64_t index, Value missing);

// The Scanner for pattern.scanner(string, pos, endpos) and finditer.
Ref<> scanner_new(PatternObject* pattern, Value string, int64_t pos, int64_t endpos);

// `import re` and re.<name>(args...), for the parts of _sre CPython also leaves to re
// (templates: re._subx, re._expand).
Ref<> call_re_helper(const char* name, const Value* args, size_t nargs);

}  // namespace sre_module
}  // namespace krait
