# signal: Python handlers run between instructions and interrupt blocking calls; masks,
# timers, the default SIGINT handler and the module's checks.
import os
import signal
import time

received = []

def handler(signum, frame):
    received.append((signum, frame is not None))

print(signal.getsignal(signal.SIGUSR1) is signal.SIG_DFL, signal.getsignal(signal.SIGINT) is signal.default_int_handler)
print(signal.getsignal(signal.SIGPIPE))
old = signal.signal(signal.SIGUSR1, handler)
print(old, signal.getsignal(signal.SIGUSR1) is handler)
os.kill(os.getpid(), signal.SIGUSR1)
print(received)
signal.raise_signal(signal.SIGUSR1)
print(len(received))

# A handler that raises interrupts whatever is running.
class Alarm(Exception):
    pass

def raising(signum, frame):
    raise Alarm(signum)

signal.signal(signal.SIGALRM, raising)
signal.setitimer(signal.ITIMER_REAL, 0.05)
start = time.monotonic()
try:
    time.sleep(5)
except Alarm as e:
    print("Alarm", e.args[0] == signal.SIGALRM, time.monotonic() - start < 4)
print(signal.getitimer(signal.ITIMER_REAL))

# A handler that returns lets the interrupted sleep finish (PEP 475).
signal.signal(signal.SIGALRM, handler)
received.clear()
signal.setitimer(signal.ITIMER_REAL, 0.02)
start = time.monotonic()
time.sleep(0.1)
print(received[:1], time.monotonic() - start >= 0.1)

# Busy loops are interrupted too.
signal.signal(signal.SIGALRM, raising)
signal.setitimer(signal.ITIMER_REAL, 0.05)
try:
    while True:
        pass
except Alarm:
    print("loop interrupted")

# The default SIGINT handler raises KeyboardInterrupt.
try:
    signal.raise_signal(signal.SIGINT)
except KeyboardInterrupt:
    print("KeyboardInterrupt")
try:
    signal.default_int_handler(signal.SIGINT, None)
except KeyboardInterrupt as e:
    print("KeyboardInterrupt", e.args)

# Ignored signals and masks
signal.signal(signal.SIGUSR2, signal.SIG_IGN)
os.kill(os.getpid(), signal.SIGUSR2)
print(signal.getsignal(signal.SIGUSR2))
signal.signal(signal.SIGUSR2, handler)
received.clear()
old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR2])
os.kill(os.getpid(), signal.SIGUSR2)
print(received, signal.SIGUSR2 in signal.sigpending())
signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
print(received)
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR2])
os.kill(os.getpid(), signal.SIGUSR2)
print(signal.sigwait([signal.SIGUSR2]))
info = None
os.kill(os.getpid(), signal.SIGUSR2)
info = signal.sigtimedwait([signal.SIGUSR2], 1.0)
print(info.si_signo, info.si_pid == os.getpid(), signal.sigtimedwait([signal.SIGUSR2], 0.01))
signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)

# Introspection and errors
valid = signal.valid_signals()
print(len(valid) > 30, signal.SIGKILL in valid, 0 in valid)
print(signal.strsignal(signal.SIGINT), signal.strsignal(signal.SIGKILL))
print(signal.NSIG, signal.SIGRTMIN <= signal.SIGRTMAX, int(signal.SIG_DFL), int(signal.SIG_IGN))
print(signal.Signals.SIGTERM, repr(signal.Signals(2)), signal.Handlers.SIG_IGN)
for call in (lambda: signal.signal(signal.SIGKILL, handler), lambda: signal.signal(0, handler),
             lambda: signal.signal(signal.SIGUSR1, 5), lambda: signal.getsignal(1000),
             lambda: signal.pthread_sigmask(signal.SIG_BLOCK, [1000]), lambda: signal.strsignal(0),
             lambda: signal.set_wakeup_fd(0)):
    try:
        call()
    except (OSError, ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(issubclass(signal.ItimerError, OSError))

# The wakeup fd receives the signal number.
r, w = os.pipe()
os.set_blocking(w, False)
previous = signal.set_wakeup_fd(w)
os.kill(os.getpid(), signal.SIGUSR1)
print(previous, os.read(r, 10) == bytes([signal.SIGUSR1]))
print(signal.set_wakeup_fd(-1) == w)
os.close(r)
os.close(w)

print(signal.alarm(0))
signal.signal(signal.SIGUSR1, signal.SIG_DFL)
signal.signal(signal.SIGALRM, signal.SIG_DFL)
print(signal.getsignal(signal.SIGALRM))
