# The builtin hash modules (_md5, _sha1, _sha256, _sha512, _sha3), blake2's unsigned
# parameters, and one hash object shared by threads (the per-object lock).
import _md5, _sha1, _sha256, _sha512, _sha3
import hashlib
import threading

for module in (_md5, _sha1, _sha256, _sha512, _sha3):
    print(module.__name__, sorted(n for n in dir(module) if not n.startswith('_') and n != 'implementation'))

for ctor in (_md5.md5, _sha1.sha1, _sha256.sha224, _sha256.sha256, _sha512.sha384, _sha512.sha512):
    h = ctor(b'abc')
    c = h.copy()
    c.update(b'def')
    print(type(h).__module__, type(h).__name__, h.name, h.digest_size, h.block_size, h.hexdigest()[:16],
          c.hexdigest() == ctor(b'abcdef').hexdigest(), h.digest() == hashlib.new(h.name, b'abc').digest())

for ctor in (_sha3.sha3_224, _sha3.sha3_256, _sha3.sha3_384, _sha3.sha3_512):
    h = ctor(b'abc')
    print(h.name, h.digest_size, h.block_size, h._capacity_bits, h._rate_bits, h._suffix, h.hexdigest()[:16])
for ctor in (_sha3.shake_128, _sha3.shake_256):
    h = ctor(b'abc')
    print(h.name, h.digest_size, h.block_size, h._capacity_bits, h._rate_bits, h._suffix, h.hexdigest(8), len(h.digest(100)))
    for bad in (-1, 1 << 29, 1 << 64, 'x'):
        try:
            h.digest(bad)
        except Exception as e:
            print(' ', type(e).__name__, e)

def attempt(label, f, *args, **kwargs):
    try:
        f(*args, **kwargs)
        print(label, 'ok')
    except Exception as e:
        print(label, type(e).__name__, e)

attempt('md5 str', _md5.md5, 'x')
attempt('md5 int', _md5.md5, 1)
attempt('md5 data=', _md5.md5, data=b'')
attempt('md5 two', _md5.md5, b'', b'')
attempt('md5 type', _md5.MD5Type)
attempt('sha3 string=', _sha3.sha3_224, string=b'')
attempt('shake data=', _sha3.shake_128, data=b'')
attempt('sha3 str', _sha3.sha3_256, 'x')
print(_md5.md5(string=b'a', usedforsecurity=False).hexdigest())

for ctor in (hashlib.blake2b, hashlib.blake2s):
    for kw in (dict(node_offset=1 << 48), dict(node_offset=(1 << 64) - 1), dict(node_offset=1 << 64),
               dict(leaf_size=1 << 32), dict(leaf_size=1 << 64), dict(leaf_size=-1), dict(node_offset=1.0),
               dict(node_offset=True)):
        attempt(ctor.__name__ + ' ' + str(kw), ctor, **kw)

# Threads updating one object with large chunks: every chunk lands whole.
data = bytes(range(256)) * 64
for ctor in (hashlib.sha1, _sha1.sha1, hashlib.blake2b, lambda: hashlib.new('sha256')):
    h = ctor()
    expected = ctor()
    def work():
        for _ in range(20):
            h.update(data)
    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for _ in range(80):
        expected.update(data)
    print('threaded', h.name, h.hexdigest() == expected.hexdigest())
