# types.GenericAlias: iter(alias) yields the starred alias once (a generic_alias_iterator
# that pickles as iter(alias)), a starred alias pickles and copies as next(iter(...)),
# and dir(alias) is dir(origin) plus the alias's own attributes.
import copy
import pickle

alias = tuple[int, ...]
it = iter(alias)
print(type(it).__name__, it.__reduce__())
print(next(it), list(it))
starred = next(iter(list[str]))
print(starred, starred.__unpacked__, starred.__reduce__()[0].__name__)
for value in (tuple[*tuple[int, ...]], *tuple[int], tuple[int, str], list[*tuple[int, str]]):
    for proto in range(pickle.HIGHEST_PROTOCOL + 1):
        loaded = pickle.loads(pickle.dumps(value, proto))
        assert loaded == value and loaded.__args__ == value.__args__, (value, proto)
    copied = copy.deepcopy(value)
    print(value, copied, copied == value, copy.copy(value).__args__ == value.__args__)
extra = [name for name in dir(list[int]) if name not in dir(list)]
print(extra)
print(set(dir(list)) <= set(dir(list[int])), dir(list[int]) == sorted(dir(list[int])))
