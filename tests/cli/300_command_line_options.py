# Command-line options and environment variables seen from the started interpreter:
# sys.flags, the UTF-8 mode, -c and coding cookies, undecodable arguments, closed
# standard streams, the display hook on an unencodable repr, flush errors at exit.
import os
import subprocess
import sys


def run(*args, env=None, stdin=None, **kwargs):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    environment.update(env or {})
    done = subprocess.run([sys.executable, *args], env=environment, input=stdin,
                          capture_output=True, **kwargs)
    return done.returncode, done.stdout, done.stderr


def show(title, result):
    status, out, err = result
    print(f"{title}: status {status}")
    for line in out.decode("ascii", "backslashreplace").splitlines():
        print("   out:", line)
    for line in err.decode("ascii", "backslashreplace").splitlines():
        print("   err:", line)


FLAGS = "import sys; f = sys.flags; print(f.debug, f.optimize, f.verbose, f.dont_write_bytecode)"
for value in ("", "0", "1", "text", "2"):
    variables = dict(PYTHONDEBUG=value, PYTHONOPTIMIZE=value, PYTHONDONTWRITEBYTECODE=value)
    show(f"flags from the environment {value!r}", run("-c", FLAGS, env=variables))
show("-d -d -O and PYTHONOPTIMIZE=1", run("-d", "-d", "-O", "-c", FLAGS, env={"PYTHONOPTIMIZE": "1"}))
show("-OO and PYTHONOPTIMIZE=1", run("-OO", "-c", FLAGS, env={"PYTHONOPTIMIZE": "1"}))

RANDOM = "import sys; print('random is', sys.flags.hash_randomization)"
for value in ("", "random", "0", "42"):
    show(f"PYTHONHASHSEED={value!r}", run("-c", RANDOM, env={"PYTHONHASHSEED": value}))
show("-R with PYTHONHASHSEED=0", run("-R", "-c", RANDOM, env={"PYTHONHASHSEED": "0"}))
hashes = {run("-R", "-c", "print(hash('spam'))", env={"PYTHONHASHSEED": "0"})[1] for i in range(3)}
print("-R gives random hashes:", len(hashes) > 1)

UTF8 = "import sys, io; print(sys.flags.utf8_mode, io.text_encoding(None))"
for options, variables in ([(), {}], [("-X", "utf8"), {}], [("-X", "utf8=1"), {}], [("-X", "utf8=0"), {}],
                           [(), {"PYTHONUTF8": "1"}], [(), {"PYTHONUTF8": "0"}],
                           [("-X", "utf8=0"), {"PYTHONUTF8": "1"}], [("-E",), {"PYTHONUTF8": "1"}],
                           [(), {"LC_ALL": "C"}], [(), {"LC_ALL": "POSIX"}],
                           [("-X", "utf8=0"), {"LC_ALL": "C"}]):
    show(f"utf8 mode {options} {variables}", run(*options, "-c", UTF8, env=variables))
show("PYTHONUTF8=xxx", run("-c", "pass", env={"PYTHONUTF8": "xxx"}))
show("-X utf8=2", run("-X", "utf8=2", "-c", "pass"))
show("LC_CTYPE coerced", run("-c", "import os; print(os.environ.get('LC_CTYPE'))",
                             env={"LC_ALL": "", "LANG": "C", "LC_CTYPE": "C"}))
show("LC_CTYPE not coerced", run("-c", "import os; print(os.environ.get('LC_CTYPE'))",
                                 env={"LC_ALL": "", "LANG": "C", "LC_CTYPE": "C", "PYTHONCOERCECLOCALE": "0"}))

# -c ignores a coding cookie: the command is already text.
show("-c with a latin-1 cookie", run("-c", "# coding: latin1\nprint(ascii('\xe6\u20ac'))"))
show("undecodable -c", run("-c", b'print(ascii("\xff"))'))
code = "import sys, os; print(ascii(sys.argv[1:]), [ascii(os.fsencode(a)) for a in sys.argv[1:]])"
show("undecodable arguments", run("-c", code, b"\xff\xc3\xff\xc3\xa9\xed\xa0\x80\xfd\xbf\xbf\xbb\xba\xba", b"ok"))
show("undecodable -X option", run("-X", b"name=\xff", "-c", "import sys; print(ascii(sys._xoptions))"))

# Closed descriptors give None streams.
for streams in (["stdin"], ["stdout"], ["stderr"], ["stdin", "stdout", "stderr"]):
    check = f"import os, sys\nfor i, s in enumerate({streams}):\n    if getattr(sys, s) is not None: os._exit(i + 1)\nos._exit(42)"
    fds = [["stdin", "stdout", "stderr"].index(s) for s in streams]
    show(f"closed {streams}", run("-E", "-c", check, preexec_fn=lambda: [os.close(fd) for fd in fds]))

# The interactive display hook escapes what the output encoding cannot encode.
for encoding in ("ascii", "latin-1", "utf-8"):
    show(f"displayhook with {encoding}", run("-i", "-q", env={"PYTHONIOENCODING": encoding},
                                            stdin=b"'a=\\xe9 b=\\udc80 c=\\U00010000'\nexit()\n"))

# A flush of stdout that fails at exit is reported and makes the status 120.
show("stdout closed under its buffer",
     run("-c", "import os, sys\nsys.stdout.write('x')\nos.close(sys.stdout.fileno())"))
show("stdout closed by the program", run("-c", "import sys; sys.stdout.close()"))

# The help texts are there.
for option in ("--help-env", "--help-xoptions", "--help-all"):
    status, out, err = run(option)
    print(option, status, b"PYTHONHOME" in out, b"-X dev" in out, err)

# Outside the UTF-8 mode, an ASCII locale decodes arguments (and names files) in ASCII,
# bytes >= 0x80 becoming surrogates; the UTF-8 mode reads them as UTF-8.
LOCALE = ("import io, locale, sys; print(sys.flags.utf8_mode, sys.getfilesystemencoding(), "
          "sys.stdout.encoding, sys.stdout.errors, locale.getpreferredencoding(), ascii(sys.argv[1:]))")
for options in ((), ("-X", "utf8"), ("-X", "utf8=0")):
    show(f"C locale {options}", run(*options, "-c", LOCALE, "h\xe9\u20ac", env={"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0"}))
show("C locale, undecodable -c", run("-X", "utf8=0", "-c", "print('\xe9')", env={"LC_ALL": "C"}))

# -X warn_default_encoding and PYTHONWARNDEFAULTENCODING: EncodingWarning where the locale
# encoding is implied (open, TextIOWrapper, io.text_encoding with its stacklevel).
WARN = ("import io, sys\nprint(sys.flags.warn_default_encoding)\nopen('/dev/null').close()\n"
        "io.text_encoding(None)\ndef f(): return io.text_encoding(None, 3)\ndef g(): return f()\ng()\n"
        "io.TextIOWrapper(io.BytesIO(), encoding='utf-8')\nio.TextIOWrapper(io.BytesIO())\n"
        "print(io.text_encoding('latin-1'))")
show("-X warn_default_encoding", run("-X", "warn_default_encoding", "-c", WARN))
show("PYTHONWARNDEFAULTENCODING", run("-c", WARN, env={"PYTHONWARNDEFAULTENCODING": "1"}))
show("as an error", run("-X", "warn_default_encoding", "-W", "error::EncodingWarning", "-c", WARN))
show("not asked for", run("-c", WARN))
