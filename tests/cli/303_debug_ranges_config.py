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
