# itertools: every public function, the edge cases of its arguments, and its error messages.
import itertools as it
import operator

print(list(it.islice(it.count(10, 3), 4)), list(it.islice(it.count(1.5, 0.5), 3)), repr(it.count(5, 2)))
print(list(it.islice(it.cycle("ab"), 5)), list(it.repeat("x", 3)), repr(it.repeat(1, 2)))
print(list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([1, 2, 3], operator.mul, initial=10)),
      list(it.accumulate([], initial=0)))
print(list(it.chain("ab", [1, 2])), list(it.chain.from_iterable(["xy", "z"])))
print(list(it.compress("abcdef", [1, 0, 1, 0, 1])), list(it.dropwhile(lambda x: x < 3, [1, 2, 3, 1])),
      list(it.takewhile(lambda x: x < 3, [1, 2, 3, 1])), list(it.filterfalse(None, [0, 1, "", "a"])))
print([(k, list(g)) for k, g in it.groupby("aabbbcab")], [(k, len(list(g))) for k, g in it.groupby([1, 3, 2, 4], key=lambda v: v % 2)])
print(list(it.islice("abcdefg", 2, None, 2)), list(it.islice(range(10), 1, 8, 3)), list(it.islice("ab", None)))
print(list(it.pairwise("abcd")), list(it.pairwise("a")), list(it.starmap(pow, [(2, 3), (3, 2)])))
a, b = it.tee(iter([1, 2, 3]))
print(next(a), list(b), list(a), len(it.tee("x", 3)))
print(list(it.zip_longest("ab", "xyz", fillvalue="-")), list(it.zip_longest()))
print(list(it.product("ab", repeat=2)), list(it.product([1, 2], "x")), list(it.product()))
print(list(it.permutations("abc", 2)), len(list(it.permutations(range(4)))), list(it.permutations("ab", 3)))
print(list(it.combinations("abcd", 2)), list(it.combinations_with_replacement("ab", 2)), list(it.combinations("a", 0)))
print(list(it.batched("abcde", 2)) if hasattr(it, "batched") else "no batched")

# Laziness and state: groupby invalidates earlier groups; islice consumes only what it needs.
groups = it.groupby("aabb")
_, first = next(groups)
next(groups)
print(list(first))
source = iter(range(10))
print(list(it.islice(source, 3)), next(source))

for call in (lambda: it.count("a"), lambda: it.repeat(), lambda: it.islice("a", -1),
             lambda: it.islice("a", 0, 1, 0), lambda: it.permutations("a", -1),
             lambda: it.combinations("ab", -1), lambda: it.product("a", repeat=-1),
             lambda: it.tee("a", -1), lambda: it.chain(1), lambda: list(it.chain([1], 2)),
             lambda: it.accumulate(), lambda: it.starmap(pow, [1]).__next__(),
             lambda: it.zip_longest("a", bad=1), lambda: it.groupby(), lambda: it.cycle(),
             lambda: it.islice("a", "b")):
    try:
        call()
        print("no error")
    except Exception as e:
        print(type(e).__name__, e)
