# Text tools: pprint (widths, nesting, sorting, recursion, PrettyPrinter options), difflib
# (SequenceMatcher, unified/context/ndiff diffs, close matches, HtmlDiff's table) and
# fnmatch (patterns, case rules, translate, filter).
import difflib
import fnmatch
import pprint

data = {"name": "krait", "numbers": list(range(30)), "nested": {"b": [1, {"c": (2, 3)}], "a": "x" * 50},
        "set": {3, 1, 2}, "empty": {}, "tuple": (1,)}
pprint.pprint(data)
pprint.pprint(data, width=40, depth=2, compact=True)
pprint.pprint(data, sort_dicts=False, indent=2, width=120)
print(pprint.pformat([[1, 2]] * 3, width=10), pprint.saferepr({"k": [1, 2]}))
recursive = [1]
recursive.append(recursive)
print(pprint.pformat(recursive).replace(str(id(recursive)), "ID"), pprint.isrecursive(recursive), pprint.isreadable(recursive), pprint.isreadable([1]))
print(pprint.PrettyPrinter(width=20, underscore_numbers=True).pformat([123456789, 2 ** 40]))
try:
    pprint.PrettyPrinter(width=0)
except ValueError as e:
    print("ValueError", e)

a = "the quick brown fox jumps".split()
b = "the quick red fox leaps high".split()
matcher = difflib.SequenceMatcher(None, a, b)
print(round(matcher.ratio(), 4), matcher.get_matching_blocks(), matcher.get_opcodes())
print(difflib.SequenceMatcher(None, "abcd", "bcde").find_longest_match(0, 4, 0, 4))
left = ["one\n", "two\n", "three\n", "four\n"]
right = ["one\n", "2\n", "three\n", "four\n", "five\n"]
print("".join(difflib.unified_diff(left, right, "a.txt", "b.txt", "then", "now")), end="")
print("".join(difflib.context_diff(left, right, "a.txt", "b.txt")), end="")
print("".join(difflib.ndiff(["abcde\n"], ["abXde\n"])), end="")
print(difflib.get_close_matches("appel", ["ape", "apple", "peach", "puppy"]), difflib.get_close_matches("x", ["y"]))
print(list(difflib.restore(difflib.ndiff(left, right), 2)) == right)
table = difflib.HtmlDiff(wrapcolumn=20).make_table(left, right)
print(table.count("<tr>"), "diff_chg" in table, "diff_add" in table)
try:
    difflib.get_close_matches("a", ["a"], n=0)
except ValueError as e:
    print("ValueError", e)

names = ["main.py", "Main.PY", "test_x.py", "x.pyc", "data[1].txt", "a?b", ".hidden"]
for pattern in ("*.py", "*.[pP][yY]", "test_?.py", "data[[]1].txt", "[!m]*", "*", "a[?]b", "[a-c]*"):
    print(pattern, fnmatch.filter(names, pattern), fnmatch.fnmatchcase("Main.PY", pattern))
print(fnmatch.fnmatch("A.TXT", "*.txt"), fnmatch.translate("*.py"), fnmatch.translate("[!a-c]?x*"))
