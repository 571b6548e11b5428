# -X no_debug_ranges and PYTHONNODEBUGRANGES: code objects keep only line numbers, so
# co_positions() has no columns and tracebacks no carets; _testinternalcapi.get_config()
# reports the configuration the command line and the environment made.
import os
import subprocess
import sys
import tempfile

CODE = r'''
import sys, _testinternalcapi
def f(a, b):
    return a / b
print(list(f.__code__.co_positions()))
config = _testinternalcapi.get_config()
for key in ("code_debug_ranges", "isolated", "use_environment", "site_import", "optimization_level",
            "write_bytecode", "verbose", "parser_debug", "safe_path", "use_hash_seed", "hash_seed",
            "buffered_stdio", "user_site_directory", "argv", "xoptions", "warnoptions", "run_filename",
            "run_command", "run_module", "skip_source_first_line", "check_hash_pycs_mode"):
    print(" ", key, repr(config[key]))
print("GC header", _testinternalcapi.SIZEOF_PYGC_HEAD)
f(1, 0)
'''


def run(*options, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    environment.update(env, PYTHONHASHSEED="0")
    with tempfile.TemporaryDirectory() as directory:
        script = os.path.join(directory, "script.py")
        with open(script, "w") as f:
            f.write(CODE)
        done = subprocess.run([sys.executable, *options, script, "arg"], capture_output=True, text=True,
                              env=environment)
    print(options, env, "status", done.returncode)
    print(done.stdout.replace(script, "<script>"), end="")
    print(done.stderr.replace(script, "<script>"), end="")


run()
run("-X", "no_debug_ranges", "-O", "-B")
run("-s", "-u", "-W", "error", "-d", PYTHONNODEBUGRANGES="1")
run("-I", "-X", "dev", "--check-hash-based-pycs", "always", PYTHONNODEBUGRANGES="1")

# The path normaliser start-up uses for ._pth entries (posixpath.normpath's rules).
import _testinternalcapi
for path in ("", "/", "//", "///", "//x/../..", "/a/./b//../c/", "a/../../b", "./a/.", "../..", "x/..",
             "/../a", "a//b///c", "/a/b/..//..", "..//a/./b/.."):
    print(repr(path), repr(_testinternalcapi.normalize_path(path)))

# The codec of operating-system strings, with the handlers the locale codec takes.
CODEC = r'''
import _testinternalcapi as t
for text in ("ascii", "latin:\xe9", "surrogates:\udc80\udcff"):
    for errors in ("strict", "surrogateescape", "surrogatepass", "replace"):
        try:
            print(repr(text), errors, t.EncodeLocaleEx(text, 0, errors))
        except (RuntimeError, ValueError) as e:
            print(repr(text), errors, type(e).__name__, e)
for data in (b"ascii", b"\xc3\xa9", b"\xff", b"\xed\xb2\x80"):
    for errors in ("strict", "surrogateescape", "surrogatepass"):
        try:
            print(data, errors, ascii(t.DecodeLocaleEx(data, 0, errors)))
        except (RuntimeError, ValueError) as e:
            print(data, errors, type(e).__name__, e)
'''
for variables in ({}, {"LC_ALL": "C"}):
    print(variables)
    for options in ((), ("-X", "utf8=0")):
        done = subprocess.run([sys.executable, *options, "-c", CODEC], capture_output=True, text=True,
                              env={**os.environ, **variables})
        print(options, done.returncode, done.stdout, done.stderr)
