# faulthandler: dump_traceback to a file, fatal signals in a child process, the watchdog,
# register/unregister, and the argument errors. Thread ids are masked.
# Under AddressSanitizer the crashing children must die by the signal, not by ASan's report:
# asan-options: handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0:handle_abort=0
import faulthandler
import os
import re
import signal
import subprocess
import sys
import tempfile
import textwrap


def masked(text):
    return re.sub(r"0x[0-9a-f]+", "0xTID", text)


def run_child(code, env_extra=None, args=()):
    env = dict(os.environ)
    env.pop("PYTHONFAULTHANDLER", None)
    if env_extra:
        env.update(env_extra)
    proc = subprocess.run([sys.executable, *args, "-c", textwrap.dedent(code)],
                          capture_output=True, env=env)
    return proc.returncode, masked(proc.stdout.decode()), masked(proc.stderr.decode())


def show(title, result):
    code, out, err = result
    print("==", title, "exit", code)
    if out:
        print(out, end="")
    if err:
        print(err, end="")


print(faulthandler.is_enabled())
with tempfile.TemporaryFile("wb+") as fp:
    def inner():
        faulthandler.dump_traceback(fp, all_threads=False)

    def outer():
        inner()

    outer()
    faulthandler.dump_traceback(fp.fileno(), all_threads=True)
    fp.seek(0)
    print(masked(fp.read().decode()).replace(__file__, "FILE"), end="")

with tempfile.TemporaryFile("wb+") as fp:
    faulthandler.enable(fp)
    print(faulthandler.is_enabled())
    print(faulthandler.disable(), faulthandler.disable(), faulthandler.is_enabled())

for signame, call in [("SIGSEGV", "_sigsegv()"), ("SIGSEGV no GIL", "_sigsegv(True)"),
                      ("SIGABRT", "_sigabrt()"), ("SIGFPE", "_sigfpe()"),
                      ("read NULL", "_read_null()")]:
    show(signame, run_child(f"""
        import faulthandler
        faulthandler.enable()
        def crash():
            faulthandler.{call}
        crash()
        """))

show("single thread", run_child("""
    import faulthandler
    faulthandler.enable(all_threads=False)
    faulthandler._sigsegv()
    """))
show("disabled", run_child("""
    import faulthandler
    faulthandler.enable()
    faulthandler.disable()
    faulthandler._sigsegv()
    """))
show("-X faulthandler", run_child("import faulthandler; print(faulthandler.is_enabled())",
                                  args=("-X", "faulthandler")))
show("PYTHONFAULTHANDLER", run_child("import faulthandler; print(faulthandler.is_enabled())",
                                     env_extra={"PYTHONFAULTHANDLER": "1"}))
show("extension modules", run_child("""
    import faulthandler, sys
    sys.stdlib_module_names = frozenset(n for n in sys.stdlib_module_names if n != 'faulthandler')
    faulthandler.enable()
    faulthandler._sigsegv()
    """))
show("watchdog", run_child("""
    import faulthandler, time
    def wait():
        faulthandler.dump_traceback_later(0.4, repeat=True)
        time.sleep(1.0)
        faulthandler.cancel_dump_traceback_later()
    wait()
    print("done")
    """))
show("watchdog cancelled", run_child("""
    import faulthandler, time
    faulthandler.dump_traceback_later(0.1)
    faulthandler.cancel_dump_traceback_later()
    time.sleep(0.3)
    faulthandler.cancel_dump_traceback_later()
    print("done")
    """))
show("watchdog exit", run_child("""
    import faulthandler, time
    faulthandler.dump_traceback_later(1.5, exit=True)
    time.sleep(5)
    print("not reached")
    """))
show("register", run_child("""
    import faulthandler, os, signal
    def handler(signum, frame):
        print("python handler", signum == signal.SIGUSR1)
    signal.signal(signal.SIGUSR1, handler)
    faulthandler.register(signal.SIGUSR1, all_threads=False, chain=True)
    def send():
        os.kill(os.getpid(), signal.SIGUSR1)
    send()
    print(faulthandler.unregister(signal.SIGUSR1), faulthandler.unregister(signal.SIGUSR1))
    """))

for call in [lambda: faulthandler.enable(-1),
             lambda: faulthandler.enable("x"),
             lambda: faulthandler.enable(2 ** 40),
             lambda: faulthandler.register(signal.SIGSEGV),
             lambda: faulthandler.register(0),
             lambda: faulthandler.unregister(10000),
             lambda: faulthandler.dump_traceback_later(-1),
             lambda: faulthandler.dump_traceback_later(0),
             lambda: faulthandler.dump_traceback_later(1e300),
             lambda: faulthandler.dump_traceback_later("1")]:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)

saved = sys.stderr
sys.stderr = None
for call in [faulthandler.enable, faulthandler.dump_traceback,
             lambda: faulthandler.dump_traceback_later(1e-3),
             lambda: faulthandler.register(signal.SIGUSR1)]:
    try:
        call()
    except RuntimeError as e:
        print("RuntimeError", e)
sys.stderr = saved
print(faulthandler.is_enabled())

