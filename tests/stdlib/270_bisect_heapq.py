# bisect and heapq over their native halves: insertion points with lo/hi/key, insort on
# lists and other sequences, heap invariants, the max-heap helpers and errors.
import bisect
import heapq
import _bisect
import _heapq


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


print(bisect.bisect is _bisect.bisect_right, heapq.heappush is _heapq.heappush)
data = [(i * 7919) % 1000 for i in range(3000)]
a = []
for x in data[:300]:
    bisect.insort_right(a, x)
    bisect.insort_left(a, x // 2)
print(a[:40], len(a), a == sorted(a))
print([bisect.bisect_left(a, v) for v in (0, 5, 500, 1000)], [bisect.bisect_right(a, v, 10, 50) for v in (0, 5, 500)])
pairs = []
for x in data[:60]:
    bisect.insort(pairs, (x, -x), key=lambda p: p[0])
print(pairs[:12], bisect.bisect(pairs, 500, key=lambda p: p[0]), bisect.bisect_left(pairs, 500, key=lambda p: p[0]))
class Seq:
    def __init__(self):
        self.items = []
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        return self.items[i]
    def insert(self, i, x):
        self.items.insert(i, x)
s = Seq()
for x in [5, 1, 4, 1, 3]:
    bisect.insort(s, x)
print(s.items, bisect.bisect_left((1, 2, 3, 3, 4), 3), bisect.bisect_right(range(100), 50.5))
show(lambda: bisect.bisect_left([1, 2], 1, -1))
show(lambda: bisect.bisect_left([1, 2], 1, 5))
show(lambda: bisect.bisect_left([1, 2], 1, 0, 10))
show(lambda: bisect.bisect_left(5, 1))
show(lambda: bisect.bisect_left([1, 2, 3], 2, lo=None))
show(lambda: bisect.insort_left((1, 2), 2))
show(lambda: bisect.bisect([1, "a"], 2))

h = list(data)
heapq.heapify(h)
print(h[:20], all(h[i] <= h[2 * i + 1] for i in range(len(h) // 2)))
h2 = []
for x in data[:500]:
    heapq.heappush(h2, x)
print(h2[:20], [heapq.heappop(h2) for _ in range(10)], heapq.heappushpop(h2, 3), heapq.heapreplace(h2, 999), h2[:10])
print(heapq.nsmallest(5, data), heapq.nlargest(5, data), heapq.nlargest(3, data, key=lambda x: -x))
print(list(heapq.merge([1, 4, 9], [2, 3, 10], [0])), list(heapq.merge([9, 4, 1], [10, 3, 2], reverse=True)))
m = list(data[:100])
_heapq._heapify_max(m)
print(m[:10], _heapq._heappop_max(m), _heapq._heapreplace_max(m, -1), m[:10])
show(lambda: heapq.heappush((), 1))
show(lambda: heapq.heappop([]))
show(lambda: heapq.heapreplace([], 1))
show(lambda: heapq.heappushpop([], 1))
show(lambda: heapq.heapify(5))
show(lambda: heapq.heappush([1, 2], "a"))
class Evil:
    def __init__(self, heap):
        self.heap = heap
    def __lt__(self, other):
        self.heap.clear()
        return True
evil_heap = []
evil_heap.extend([Evil(evil_heap), Evil(evil_heap), Evil(evil_heap)])
show(lambda: heapq.heappush(evil_heap, Evil(evil_heap)))
