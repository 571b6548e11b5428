# With PYTHONHASHSEED=0 (the test runner's environment) set and frozenset reprs list
# their elements in CPython's order: strings hash with CPython's SipHash key derivation,
# mixed element types probe the same table slots.
print({'b', 'a', 'c'}, {3, 1, 2}, {(1, 2), 3.5, None})
print(frozenset({'spam', 'eggs', 'ham', 'bacon'}))
print({b'x', b'yy', b'zzz', 'x', 'yy'})
print({1.5, -2, 'two', (3, 'four'), frozenset({5}), True, None, ...})
print(set('abracadabra'), set('hello world'))
words = 'the quick brown fox jumps over the lazy dog'.split()
print(set(words))
print({w: len(w) for w in words}.keys() & set(words[:4]))
print(set(range(20, 0, -3)) | {'x', 'y'})
s = set(words)
s.discard('fox')
s.add('cat')
print(s, s.pop())
print({hash('a') == hash('a'), hash('') == 0, hash(b'') == 0})
