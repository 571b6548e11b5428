# Which objects accept weak references, type by type, exactly as in CPython.
import weakref, sys, re, io, array, collections, functools, itertools, types, threading, socket, decimal
def gen(): yield 1
async def coro(): pass
class C:
    def m(self): pass
c = C()
import os
cands = {
 'int': 1, 'float': 1.0, 'complex': 1j, 'str': 's', 'bytes': b'b', 'bytearray': bytearray(), 'tuple': (1,), 'list': [], 'dict': {},
 'set': set(), 'frozenset': frozenset(), 'type': C, 'function': gen, 'builtin_function': len, 'bound_method': c.m,
 'builtin_method': [].append, 'module': sys, 'generator': gen(), 'code': gen.__code__, 'property': property(), 
 'staticmethod': staticmethod(gen), 'classmethod': classmethod(gen), 'range': range(1), 'slice': slice(1), 'object': object(),
 'pattern': re.compile('x'), 'match': re.match('x', 'x'), 'StringIO': io.StringIO(), 'BytesIO': io.BytesIO(), 'array': array.array('i'),
 'deque': collections.deque(), 'defaultdict': collections.defaultdict(), 'OrderedDict': collections.OrderedDict(), 'partial': functools.partial(len),
 'count': itertools.count(), 'SimpleNamespace': types.SimpleNamespace(), 'Lock': threading.Lock(), 'RLock': threading.RLock(),
 'frame': sys._getframe(), 'cell': (lambda x: (lambda: x))(c).__closure__[0], 'memoryview': memoryview(b''), 'exception': ValueError(),
 'iter': iter([]), 'map': map(len, []), 'zip': zip(), 'enumerate': enumerate([]), 'None': None, 'NotImplemented': NotImplemented,
 'Ellipsis': ..., 'socket': socket.socket(), 'Decimal': decimal.Decimal(1), 'weakref': weakref.ref(c), 'mappingproxy': C.__dict__,
 'method-wrapper': c.__str__, 'wrapper_descriptor': object.__str__, 'method_descriptor': list.append, 'getset': type.__dict__['__name__'],
 'classmethod_descriptor': dict.__dict__['fromkeys'], 'coroutine': coro, 'lru_cache': functools.lru_cache(None)(len), 'TextIOWrapper': sys.stdout,
 'FileIO': io.FileIO(__file__), 'super': super(C, c), 'traceback': None,
}
try: 1/0
except Exception as e: cands['traceback'] = e.__traceback__
for k, v in cands.items():
    if k == 'coroutine':
        v = coro()
    try:
        weakref.ref(v); ok = True
    except TypeError: ok = False
    print(k, ok)
    if k == 'coroutine':
        v.close()
cands['socket'].close()
cands['FileIO'].close()
