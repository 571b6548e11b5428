# sys.stdin/stdout/stderr encodings and error handlers: UTF-8 mode's surrogateescape by
# default, PYTHONIOENCODING=encoding[:errors] (encoding alone means strict; stderr keeps
# backslashreplace), codec names normalised, unknown codecs stop start-up.
import os
import subprocess
import sys

CODE = "import sys\nfor n in ('stdin', 'stdout', 'stderr'):\n    s = getattr(sys, n)\n    print(n, s.encoding, s.errors)"


def run(value, code=CODE, stdin=b""):
    env = dict(os.environ)
    env.pop("PYTHONIOENCODING", None)
    env["LC_ALL"] = "C.UTF-8"  # python3.11's defaults depend on the locale
    if value is not None:
        env["PYTHONIOENCODING"] = value
    p = subprocess.run([sys.executable, "-c", code], input=stdin, capture_output=True, env=env)
    return p.returncode, p.stdout, p.stderr


for value in (None, "", ":", "latin-1", "latin-1:", ":ignore", "ascii:replace", "UTF8:backslashreplace"):
    status, out, err = run(value)
    print(f"PYTHONIOENCODING={value!r}: status {status}")
    print("  " + out.decode().strip().replace("\n", "\n  "))

status, out, err = run("cp424", "print(chr(0xa2))")
print("cp424:", out)
status, out, err = run("ascii:replace", "print(chr(0xa2))")
print("ascii:replace:", out)
status, out, err = run("ascii", "print(chr(0xa2))")
print("ascii strict fails:", status, out, b"UnicodeEncodeError" in err)
status, out, err = run(":surrogateescape", "print(chr(0xdcbd))")
print("surrogateescape:", out)
status, out, err = run(None, "import sys; s = sys.stdin.read(); print(ascii(s)); sys.stdout.write(s)", b"h\xff\n")
print("undecodable stdin round trip:", out)
status, out, err = run("latin-1", "import sys; sys.exit('h\\xe9')")
print("exit message in latin-1:", status, err)
status, out, err = run("bogus", "print(1)")
print("unknown codec:", status, out, b"LookupError: unknown encoding: bogus" in err)
