// Unicode number text to ASCII; see number_ascii.h.
#include "text/number_ascii.h"

#include "text/unicode.h"
#include "text/utf8.h"

namespace krait::text {

std::string number_text_to_ascii(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  const char* p = utf8.data();
  const char* end = p + utf8.size();
  while (p < end) {
    if (static_cast<unsigned char>(*p) < 0x80) {
      out.push_back(*p++);
      continue;
    }
    char32_t c;
    int n = utf8::decode(p, end, &c, true);
    if (n == 0) {
      out.push_back('?');
      ++p;
      continue;
    }
    p += n;
    if (unicode::is_space(c)) {
      out.push_back(' ');
    } else if (int digit = unicode::decimal_value(c); digit >= 0) {
      out.push_back(static_cast<char>('0' + digit));
    } else {
      out.push_back('?');
    }
  }
  return out;
}

}  // namespace krait::text
