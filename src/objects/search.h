// Substring search over arrays of code units, shared by str (1-, 2- and 4-byte units) and
// bytes/bytearray (1-byte units): find, rfind and count. One unit uses memchr (or a plain
// loop for wide units); short needles a skip loop that checks the last unit of the window
// and a 64-bit "bloom" of the needle's units; long needles the Crochemore–Perrin two-way
// algorithm, whose worst case is linear, so `'a' * 10**6 + 'b'` never goes quadratic.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "text/swar.h"

namespace krait::search {

// Needles longer than this use the two-way algorithm.
constexpr int64_t kTwoWayThreshold = 32;

template <class T>
inline int64_t find_unit(const T* s, int64_t n, T c) {
  if constexpr (sizeof(T) == 1) {
    const void* hit = std::memchr(s, c, size_t(n));
    return hit ? static_cast<const T*>(hit) - s : -1;
  } else {
    for (int64_t i = 0; i < n; ++i) {
      if (s[i] == c) return i;
    }
    return -1;
  }
}

template <class T>
inline int64_t rfind_unit(const T* s, int64_t n, T c) {
  if constexpr (sizeof(T) == 1) {
    const void* hit = memrchr(s, c, size_t(n));
    return hit ? static_cast<const T*>(hit) - s : -1;
  } else {
    for (int64_t i = n - 1; i >= 0; --i) {
      if (s[i] == c) return i;
    }
    return -1;
  }
}

template <class T>
inline int64_t count_unit(const T* s, int64_t n, T c, int64_t max_count) {
  int64_t count = 0;
  if constexpr (sizeof(T) == 1) {
    if (max_count >= n) return swar::count_byte(s, n, c);
    const T* end = s + n;
    while (count < max_count) {
      const void* hit = std::memchr(s, c, size_t(end - s));
      if (!hit) break;
      ++count;
      s = static_cast<const T*>(hit) + 1;
    }
  } else {
    for (int64_t i = 0; i < n && count < max_count; ++i) count += s[i] == c;
  }
  return count;
}

namespace detail {

// Reads an array forward, or backward (so rfind is find on the reversed arrays).
template <class T, bool Reverse>
struct Units {
  const T* p;
  int64_t n;
  T operator[](int64_t i) const { return Reverse ? p[n - 1 - i] : p[i]; }
};

// The needle preprocessed for two-way search: its critical factorisation
// needle = u v with |u| = split, and the period of v's local structure.
template <class T, bool Reverse>
class TwoWay {
 public:
  TwoWay(const T* needle, int64_t m) : x_{needle, m}, m_(m) {
    int64_t p1, p2;
    int64_t s1 = maximal_suffix(false, &p1);
    int64_t s2 = maximal_suffix(true, &p2);
    if (s1 > s2) {
      ell_ = s1, period_ = p1;
    } else {
      ell_ = s2, period_ = p2;
    }
    // The needle is "periodic" when u is a suffix of the prefix of length period: then the
    // search remembers how much of the needle already matched after a period shift.
    periodic_ = true;
    for (int64_t i = 0; i <= ell_; ++i) {
      if (period_ + i >= m_ || x_[i] != x_[period_ + i]) {
        periodic_ = false;
        break;
      }
    }
    if (!periodic_) period_ = std::max(ell_ + 1, m_ - ell_ - 1) + 1;
  }

  // First match in hay[start, n), or -1.
  int64_t find(const Units<T, Reverse>& y, int64_t start) const {
    int64_t n = y.n;
    int64_t j = start;
    if (periodic_) {
      int64_t memory = -1;
      while (j <= n - m_) {
        int64_t i = std::max(ell_, memory) + 1;
        while (i < m_ && x_[i] == y[i + j]) ++i;
        if (i >= m_) {
          i = ell_;
          while (i > memory && x_[i] == y[i + j]) --i;
          if (i <= memory) return j;
          j += period_;
          memory = m_ - period_ - 1;
        } else {
          j += i - ell_;
          memory = -1;
        }
      }
    } else {
      while (j <= n - m_) {
        int64_t i = ell_ + 1;
        while (i < m_ && x_[i] == y[i + j]) ++i;
        if (i >= m_) {
          i = ell_;
          while (i >= 0 && x_[i] == y[i + j]) --i;
          if (i < 0) return j;
          j += period_;
        } else {
          j += i - ell_;
        }
      }
    }
    return -1;
  }

 private:
  // Position before the maximal suffix of the needle for the order (or its reverse), and
  // that suffix's period.
  int64_t maximal_suffix(bool reversed_order, int64_t* period) const {
    int64_t ms = -1, j = 0, k = 1;
    *period = 1;
    while (j + k < m_) {
      T a = x_[j + k], b = x_[ms + k];
      bool less = reversed_order ? a > b : a < b;
      if (less) {
        j += k;
        k = 1;
        *period = j - ms;
      } else if (a == b) {
        if (k != *period) {
          ++k;
        } else {
          j += *period;
          k = 1;
        }
      } else {
        ms = j;
        j = ms + 1;
        k = *period = 1;
      }
    }
    return ms;
  }

  Units<T, Reverse> x_;
  int64_t m_;
  int64_t ell_ = 0;
  int64_t period_ = 1;
  bool periodic_ = false;
};

inline uint64_t bloom_bit(uint32_t unit) { return uint64_t{1} << (unit & 63); }

// Short needles: compare the last unit of each window first; on a mismatch, if the unit
// just past the window is not in the needle at all, skip the whole window.
template <class T, bool Reverse>
class ShortNeedle {
 public:
  ShortNeedle(const T* needle, int64_t m) : x_{needle, m}, m_(m) {
    T last = x_[m - 1];
    skip_ = m - 1;
    for (int64_t i = 0; i < m - 1; ++i) {
      bloom_ |= bloom_bit(x_[i]);
      if (x_[i] == last) skip_ = m - 2 - i;
    }
    bloom_ |= bloom_bit(last);
  }

  int64_t find(const Units<T, Reverse>& y, int64_t start) const {
    int64_t n = y.n;
    T last = x_[m_ - 1];
    for (int64_t j = start; j <= n - m_;) {
      if (y[j + m_ - 1] == last) {
        int64_t i = 0;
        while (i < m_ - 1 && y[j + i] == x_[i]) ++i;
        if (i == m_ - 1) return j;
        if (j + m_ < n && !(bloom_ & bloom_bit(y[j + m_]))) {
          j += m_ + 1;
        } else {
          j += skip_ + 1;
        }
      } else if (j + m_ < n && !(bloom_ & bloom_bit(y[j + m_]))) {
        j += m_ + 1;
      } else {
        ++j;
      }
    }
    return -1;
  }

 private:
  Units<T, Reverse> x_;
  int64_t m_;
  int64_t skip_ = 0;
  uint64_t bloom_ = 0;
};

}  // namespace detail

// A needle of two or more units prepared once and searched for repeatedly (count, replace
// and split call next() for every occurrence).
template <class T, bool Reverse = false>
class Searcher {
 public:
  Searcher(const T* needle, int64_t m)
      : long_(m > kTwoWayThreshold), two_way_(needle, long_ ? m : 1), short_(needle, m) {}
  // First occurrence at or after `start` in hay[0, n) (Reverse: counted from the end).
  int64_t next(const T* hay, int64_t n, int64_t start) const {
    detail::Units<T, Reverse> y{hay, n};
    return long_ ? two_way_.find(y, start) : short_.find(y, start);
  }

 private:
  bool long_;
  detail::TwoWay<T, Reverse> two_way_;
  detail::ShortNeedle<T, Reverse> short_;
};

// First index of needle[0, m) in hay[0, n), or -1. m == 0 finds 0.
template <class T>
int64_t find(const T* hay, int64_t n, const T* needle, int64_t m) {
  if (m > n) return -1;
  if (m == 0) return 0;
  if (m == 1) return find_unit(hay, n, needle[0]);
  if constexpr (sizeof(T) == 1) {
    const void* hit = memmem(hay, size_t(n), needle, size_t(m));
    return hit ? static_cast<const T*>(hit) - hay : -1;
  } else {
    return Searcher<T>(needle, m).next(hay, n, 0);
  }
}

// Last index of needle in hay, or -1. m == 0 finds n.
template <class T>
int64_t rfind(const T* hay, int64_t n, const T* needle, int64_t m) {
  if (m > n) return -1;
  if (m == 0) return n;
  if (m == 1) return rfind_unit(hay, n, needle[0]);
  int64_t at = Searcher<T, true>(needle, m).next(hay, n, 0);
  return at < 0 ? -1 : n - at - m;
}

// Non-overlapping occurrences of needle (m >= 1) in hay, at most max_count.
template <class T>
int64_t count(const T* hay, int64_t n, const T* needle, int64_t m, int64_t max_count) {
  if (m > n) return 0;
  if (m == 1) return count_unit(hay, n, needle[0], max_count);
  Searcher<T> searcher(needle, m);
  int64_t count = 0;
  for (int64_t at = 0; count < max_count;) {
    at = searcher.next(hay, n, at);
    if (at < 0) break;
    ++count;
    at += m;
  }
  return count;
}

}  // namespace krait::search
