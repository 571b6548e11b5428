"""Mutation fuzzing of compile(ast_object): parses source files, mutates the trees (swaps
subtrees, drops or retypes fields, bends positions, plants constants the parser never
makes) and compiles and runs nothing but compile(). Any Python exception is fine; a crash
or hang of the interpreter is the bug. Needs only _ast, so it runs on the core runtime:

    build/run_core fuzz/ast_mutate.py        (settings: SEED, ROUNDS, FILES below)
"""
import _ast

SEED = 12345
ROUNDS = 2000
FILES = "/usr/lib/python3.11/ast.py /usr/lib/python3.11/dataclasses.py /usr/lib/python3.11/textwrap.py"


class Random:
    """A small LCG, so the fuzzer needs no import system."""

    def __init__(self, seed):
        self.state = seed & (2**64 - 1)

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & (2**64 - 1)
        return self.state >> 33

    def below(self, n):
        return self.next() % n if n > 0 else 0

    def choice(self, items):
        return items[self.below(len(items))]

    def chance(self, percent):
        return self.below(100) < percent


WEIRD_VALUES = [None, 0, -1, 2**31, 2**100, "", "x", "None", "__debug__", "_", "*", b"u", 1.5,
                (1, (2, "a")), frozenset({1}), [], [None], (), ..., True, -0.0, 1j, "\ud800"]


def nodes_of(tree):
    out = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, _ast.AST):
            out.append(node)
            for name in node._fields:
                value = getattr(node, name, None)
                if isinstance(value, list):
                    stack.extend(value)
                elif isinstance(value, _ast.AST):
                    stack.append(value)
    return out


def mutate(rng, tree, donors):
    nodes = nodes_of(tree)
    for _ in range(1 + rng.below(4)):
        node = rng.choice(nodes)
        kind = rng.below(9)
        fields = node._fields + node._attributes
        if not fields:
            continue
        name = rng.choice(fields)
        if kind == 0:      # a value of the wrong kind
            setattr(node, name, rng.choice(WEIRD_VALUES))
        elif kind == 1:    # the field disappears
            try:
                delattr(node, name)
            except AttributeError:
                pass
        elif kind == 2:    # a subtree of the same class from elsewhere
            other = rng.choice(donors)
            if type(other) is type(node):
                setattr(node, name, getattr(other, name, None))
        elif kind == 3:    # any node from elsewhere
            setattr(node, name, rng.choice(donors))
        elif kind == 4:    # lists grow, shrink or get holes
            value = getattr(node, name, None)
            if isinstance(value, list):
                op = rng.below(3)
                if op == 0 and value:
                    del value[rng.below(len(value))]
                elif op == 1:
                    value.insert(rng.below(len(value) + 1), rng.choice(donors))
                else:
                    value.append(None)
        elif kind == 5:    # positions anywhere
            for attr in ("lineno", "col_offset", "end_lineno", "end_col_offset"):
                if rng.chance(50) and attr in node._attributes:
                    setattr(node, attr, rng.choice([0, -1, 1, 2, 10**6, 2**31 - 1, -(2**31)]))
        elif kind == 6:    # constants the parser never makes
            if isinstance(node, _ast.Constant):
                node.value = rng.choice(WEIRD_VALUES)
        elif kind == 7:    # contexts swapped
            if hasattr(node, "ctx"):
                node.ctx = rng.choice([_ast.Load(), _ast.Store(), _ast.Del()])
        else:              # identifiers bent
            value = getattr(node, name, None)
            if isinstance(value, str):
                setattr(node, name, rng.choice(["", "a b", "1x", "None", "__class__", "_", "é", value * 2]))


def main():
    rng = Random(SEED)
    sources = []
    for path in FILES.split():
        with open(path, "rb") as f:
            sources.append((path, f.read()))
    donors = []
    for path, source in sources:
        donors.extend(nodes_of(compile(source, path, "exec", _ast.PyCF_ONLY_AST)))
    outcomes = {}
    for round_number in range(ROUNDS):
        path, source = rng.choice(sources)
        tree = compile(source, path, "exec", _ast.PyCF_ONLY_AST)
        mutate(rng, tree, donors)
        mode = "exec"
        if rng.chance(10):
            tree = _ast.Expression(rng.choice(donors))
            mode = "eval"
        try:
            compile(tree, path, mode)
            outcome = "ok"
        except RecursionError:
            outcome = "RecursionError"
        except Exception as e:
            outcome = type(e).__name__
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    print(sorted(outcomes.items()))


main()
