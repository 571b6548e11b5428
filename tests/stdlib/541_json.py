# _json and json: decoding (every value kind, hooks, parse_* callbacks, key memo, strict,
# JSONDecodeError messages and positions), scanstring, the string escapers, encoding
# (separators, sort_keys, skipkeys, allow_nan, default, circular references, subclasses).
import _json
import json
import json.decoder
import json.encoder
import json.scanner
from collections import OrderedDict
from decimal import Decimal
import enum

print(json.decoder.scanstring is _json.scanstring, json.scanner.make_scanner is _json.make_scanner)
print(json.encoder.c_make_encoder is _json.make_encoder, _json.make_scanner.__name__, _json.make_encoder.__name__)

cases = ['', ' ', '[1', '[1,', '[1,]', '[1 2]', '{', '{"a"', '{"a":', '{"a":1', '{"a":1,', '{"a":1,}',
         '{"a" 1}', '{1:2}', '"abc', '"a\x01"', '"\\x"', '"\\u12"', '"\\u12g4"', '"\\ud800"',
         '"\\ud800\\udc00"', '"\\ud800\\u0041"', '"\\ud800\\uzzzz"', '-', '-x', '1.', '1e', '1e+', '01', 'nul',
         'NaN', '-Infinity', '[-Infinity, Infinity]', 'tru', '[1]x', '"\\', '"\\u', '"abc\\"',
         '{"a":1 "b":2}', '[,]', '{,}', '1.5e3', '-0', '-0.0', '12345678901234567890123', '1E+2', '0.5e-3',
         ' [ 1 , { "k" : [ true , false , null ] } ] ', '"\\/\\b\\f\\n\\r\\t\\"\\\\"', '"caf\u00e9 \u2603"',
         '\n\n  [1,\n 2,\n x]', '{"a": {"b": [1, {"c": }]}}', '"\U0001f600\\ud83d\\ude00"', '[1e400, -1e400]',
         '{"a": 1, "a": 2}', '"\\u00e9\\u2603"']
for text in cases:
    try:
        print(repr(text), "->", repr(json.loads(text)))
    except json.JSONDecodeError as e:
        print(repr(text), "JSONDecodeError", e, e.pos, e.lineno, e.colno)

# Hooks and callbacks
print(json.loads('{"b": 1, "a": [2.5, 3]}', object_pairs_hook=OrderedDict))
print(json.loads('{"b": 1, "a": {"c": 3}}', object_hook=lambda d: sorted(d.items())))
print(json.loads('[{"x": 1}]', object_hook=dict, object_pairs_hook=lambda pairs: ("pairs", pairs)))
print(json.loads('[1.10, 2, 3e2]', parse_float=Decimal, parse_int=lambda s: "int:" + s))
print(json.loads('[NaN, Infinity, -Infinity]', parse_constant=lambda name: "const:" + name))
keys = json.loads('[{"key": 1}, {"key": 2}]')
print(keys[0].keys() == keys[1].keys(), list(keys[0])[0] is list(keys[1])[0])
print(repr(json.loads('"a\tb"', strict=False)))
try:
    json.loads('"a\tb"')
except json.JSONDecodeError as e:
    print("strict", e)
print(json.loads(b'{"bytes": [1]}'), json.loads('[1]'.encode("utf-8-sig")))
try:
    json.loads('\ufeff[1]')
except json.JSONDecodeError as e:
    print(e)
print(json.JSONDecoder().raw_decode('[1, 2] tail'))
try:
    json.loads('[' * 100000 + ']' * 100000)
except RecursionError as e:
    print("RecursionError", e)

# scanstring and the scanner directly
print(_json.scanstring('"abc" tail', 1), _json.scanstring('x"\\u0041b"', 2), _json.scanstring('"a\x01"', 1, False))
for args in (('"abc"', 10), ('"abc"', -1), (b'"abc"', 1), ('"abc"', "1"), ('"abc', 1)):
    try:
        print(_json.scanstring(*args))
    except Exception as e:
        print(type(e).__name__, e)
scanner = _json.make_scanner(json.decoder.JSONDecoder())
print(type(scanner).__name__, scanner.strict, scanner.parse_float, scanner.parse_int, scanner.object_hook)
for args in (('[1]', 0), ('[1]', 3), ('[1]', -1), ('x', 0), (' 1', 0), ('ab 17', 3), ('"x"', 0)):
    try:
        print(scanner(*args))
    except StopIteration as e:
        print("StopIteration", e.value)
    except Exception as e:
        print(type(e).__name__, e)
print(scanner(string='[true]', idx=0))
try:
    _json.make_scanner(1)
except AttributeError as e:
    print("AttributeError", e)

# Escapers
text = 'a"\\\x00\x1f\x7f\u00e9\u2603\U0001f600\b\f\n\r\t/'
print(_json.encode_basestring(text))
print(_json.encode_basestring_ascii(text))
for function in (_json.encode_basestring, _json.encode_basestring_ascii):
    try:
        function(1)
    except TypeError as e:
        print("TypeError", e)

# Encoding
data = {"s": "caf\u00e9 \"q\"", "i": [1, -2, 2**70], "f": [1.5, 1e22, -0.0, 1/3], "b": [True, False, None],
        "nested": {"t": (1, 2), "e": [], "d": {}}, 3: "int key", 2.5: "float key", True: "bool key",
        None: "none key"}
print(json.dumps(data))
print(json.dumps(data, ensure_ascii=False))
print(json.dumps(data, separators=(",", ":")))
print(json.dumps({"b": 1, "a": 2, "c": [3]}, sort_keys=True, indent=2))
print(json.dumps({(1, 2): "skip", "k": "v"}, skipkeys=True))
for value in ({(1, 2): 1}, {"a": 1, 1: "a"}, float("nan"), [float("inf")], {float("-inf"): 1}, {1j: 0}, object()):
    try:
        print(json.dumps(value, allow_nan=False, sort_keys=isinstance(value, dict) and len(value) == 2))
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
print(json.dumps([float("nan"), float("inf"), -float("inf")]))
print(json.dumps({float("nan"): 1, float("inf"): 2}))
circular = []
circular.append(circular)
circular_dict = {}
circular_dict["self"] = circular_dict
for value in (circular, circular_dict):
    try:
        json.dumps(value)
    except ValueError as e:
        print("ValueError", e)


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


print(json.dumps([Point(1, 2), Point(3, 4)], default=lambda p: {"x": p.x, "y": p.y}))
print(json.dumps({"d": Decimal("1.5")}, default=str))


class Loop:
    pass


try:
    json.dumps(Loop(), default=lambda o: o)
except ValueError as e:
    print("ValueError", e)


class Color(enum.IntEnum):
    RED = 1


class Ratio(float):
    def __repr__(self):
        return "Ratio!"


class Text(str):
    pass


class Items(list):
    def __iter__(self):
        return iter([9, 8])


class Mapping(dict):
    def items(self):
        return [("z", 26)]


print(json.dumps([Color.RED, Ratio(0.5), Text("t"), Items([1]), Mapping(a=1), OrderedDict([("b", 2), ("a", 1)])]))
print(json.dumps({Color.RED: Ratio(2.0)}))
encoder = _json.make_encoder(None, None, _json.encode_basestring_ascii, None, ": ", ", ", False, True, True)
print(type(encoder).__name__, encoder({1: 2, "x": [1.5, float("inf"), True, None, "\u00e9"]}, 0))
print(encoder.markers, encoder.default, encoder.encoder is _json.encode_basestring_ascii, encoder.indent,
      repr(encoder.key_separator), repr(encoder.item_separator), encoder.sort_keys, encoder.skipkeys)
print(encoder({(1,): 2, "a": 3}, 0))
custom = _json.make_encoder({}, str, lambda s: "<" + s + ">", None, "=", ";", True, False, True)
print(custom({"b": ["x", "y"], "a": 1}, 0), custom.markers)
for args in ((), (1, None, None, None, ": ", ", ", False, False, False),
             (None, None, None, None, b": ", ", ", False, False, False),
             (None, None, None, None, ": ", 1, False, False, False)):
    try:
        _json.make_encoder(*args)
    except TypeError as e:
        print("TypeError", e)
bad = _json.make_encoder(None, str, lambda s: None, None, ": ", ", ", False, False, False)
try:
    bad("spam", 0)
except TypeError as e:
    print("TypeError", e)
print(json.loads(json.dumps(data)) == json.loads(json.dumps(data, ensure_ascii=False)))
