# termios on a pseudo-terminal: attributes, window size, the queue/flow calls, the
# constants, termios.error and the argument errors; tty.setraw/setcbreak on top.
import os
import termios
import tty


def attempt(label, function):
    try:
        print(label, function())
    except Exception as e:
        print(label, type(e).__name__, e.args)


names = [n for n in dir(termios) if n[0].isupper()]
print(len(names), names[:5], names[-5:])
print(termios.B38400, termios.CS8, termios.ICANON, termios.ECHO, termios.NCCS,
      termios.VMIN, termios.VTIME, termios.TCSANOW, termios.TCSAFLUSH, termios.CRTSCTS,
      termios.TIOCGWINSZ, termios.TIOCSWINSZ, termios.FIONREAD)
print(termios.error.__module__, termios.error.__mro__, termios.error.__doc__)

master, slave = os.openpty()
attrs = termios.tcgetattr(slave)
print(len(attrs), attrs[:6], len(attrs[6]), attrs[6][:4])
print(all(type(c) is bytes and len(c) == 1 for c in attrs[6]))
print(termios.tcgetattr(master)[:4] == attrs[:4])

# Outside canonical mode VMIN and VTIME come back as ints.
raw = list(attrs)
raw[3] &= ~(termios.ICANON | termios.ECHO)
raw[6] = list(raw[6])
raw[6][termios.VMIN] = 1
raw[6][termios.VTIME] = 0
print(termios.tcsetattr(slave, termios.TCSANOW, raw))
now = termios.tcgetattr(slave)
print(now[3] & termios.ICANON, now[3] & termios.ECHO, now[6][termios.VMIN], now[6][termios.VTIME])
print(type(now[6][termios.VINTR]), now[6][termios.VINTR])

# Ints and 1-byte bytes are both accepted in cc; ints are truncated to a byte.
cooked = list(attrs)
cooked[6] = list(cooked[6])
cooked[6][termios.VINTR] = 7
cooked[6][termios.VQUIT] = -1
cooked[6][termios.VERASE] = True
termios.tcsetattr(slave, termios.TCSADRAIN, cooked)
cc = termios.tcgetattr(slave)[6]
print(cc[termios.VINTR], cc[termios.VQUIT], cc[termios.VERASE], cc[termios.VMIN])
termios.tcsetattr(slave, termios.TCSAFLUSH, attrs)
print(termios.tcgetattr(slave) == attrs)

# Speeds.
fast = list(attrs)
fast[4] = fast[5] = termios.B9600
termios.tcsetattr(slave, termios.TCSANOW, fast)
print(termios.tcgetattr(slave)[4:6] == [termios.B9600, termios.B9600])
termios.tcsetattr(slave, termios.TCSANOW, attrs)

# Canonical mode with echo: a line typed on the master comes back and is readable.
os.write(master, b"hello\n")
print(os.read(slave, 100))
print(os.read(master, 100))

# Window size.
print(termios.tcsetwinsize(slave, (24, 80)), termios.tcgetwinsize(slave))
termios.tcsetwinsize(master, [50, 132])
print(termios.tcgetwinsize(slave), termios.tcgetwinsize(master))
termios.tcsetwinsize(slave, b"\x05\x06")
print(termios.tcgetwinsize(slave))
attempt("winsize int", lambda: termios.tcsetwinsize(slave, 5))
attempt("winsize 3", lambda: termios.tcsetwinsize(slave, (1, 2, 3)))
attempt("winsize dict", lambda: termios.tcsetwinsize(slave, {0: 1, 1: 2}))
attempt("winsize str item", lambda: termios.tcsetwinsize(slave, (1, "x")))
attempt("winsize range", lambda: termios.tcsetwinsize(slave, (1, 70000)))
attempt("winsize negative", lambda: termios.tcsetwinsize(slave, (-1, 1)))
attempt("winsize huge", lambda: termios.tcsetwinsize(slave, (1, 2 ** 70)))
print(termios.tcgetwinsize(slave))

# Queues, flow, break, drain.
print(termios.tcflush(slave, termios.TCIOFLUSH), termios.tcflow(slave, termios.TCOON),
      termios.tcdrain(slave), termios.tcsendbreak(slave, 0))
attempt("tcflush bad", lambda: termios.tcflush(slave, 99))
attempt("tcflow bad", lambda: termios.tcflow(slave, 99))

# File objects: anything with fileno().
class Holder:
    def fileno(self):
        return slave

print(termios.tcgetattr(Holder()) == attrs, termios.tcgetwinsize(Holder()))
with open(slave, "rb", buffering=0, closefd=False) as f:
    print(termios.tcgetattr(f) == attrs)

# Errors: not a tty, bad fds, bad arguments.
r, w = os.pipe()
for label, call in [
    ("tcgetattr pipe", lambda: termios.tcgetattr(r)),
    ("tcsetattr pipe", lambda: termios.tcsetattr(r, 0, attrs)),
    ("tcgetwinsize pipe", lambda: termios.tcgetwinsize(r)),
    ("tcsetwinsize pipe", lambda: termios.tcsetwinsize(r, (1, 2))),
    ("tcsendbreak pipe", lambda: termios.tcsendbreak(r, 0)),
    ("tcdrain pipe", lambda: termios.tcdrain(r)),
    ("tcflush pipe", lambda: termios.tcflush(r, termios.TCIFLUSH)),
    ("tcflow pipe", lambda: termios.tcflow(r, termios.TCOON)),
    ("closed fd", lambda: termios.tcgetattr(999)),
    ("negative fd", lambda: termios.tcgetattr(-1)),
    ("str fd", lambda: termios.tcgetattr("0")),
    ("float fd", lambda: termios.tcgetattr(1.5)),
    ("huge fd", lambda: termios.tcgetattr(2 ** 70)),
    ("attrs not list", lambda: termios.tcsetattr(slave, 0, tuple(attrs))),
    ("attrs short", lambda: termios.tcsetattr(slave, 0, attrs[:6])),
    ("cc short", lambda: termios.tcsetattr(slave, 0, attrs[:6] + [attrs[6][:-1]])),
    ("cc float", lambda: termios.tcsetattr(slave, 0, attrs[:6] + [attrs[6][:-1] + [1.5]])),
    ("cc 2 bytes", lambda: termios.tcsetattr(slave, 0, attrs[:6] + [attrs[6][:-1] + [b"ab"]])),
    ("cc str", lambda: termios.tcsetattr(slave, 0, attrs[:6] + [attrs[6][:-1] + ["a"]])),
    ("flag str", lambda: termios.tcsetattr(slave, 0, ["x"] + attrs[1:])),
    ("flag float", lambda: termios.tcsetattr(slave, 0, [1.5] + attrs[1:])),
    ("flag huge", lambda: termios.tcsetattr(slave, 0, [2 ** 70] + attrs[1:])),
    ("bad speed", lambda: termios.tcsetattr(slave, 0, attrs[:4] + [99999] + attrs[5:])),
    ("bad when", lambda: termios.tcsetattr(slave, 99, attrs)),
    ("str when", lambda: termios.tcsetattr(slave, "x", attrs)),
    ("str duration", lambda: termios.tcsendbreak(slave, "x")),
]:
    attempt(label, call)
try:
    termios.tcgetattr(r)
except termios.error as e:
    print(isinstance(e, OSError), isinstance(e, Exception), e.args[0] == 25, str(e))
print(termios.tcgetattr(slave) == attrs)

# tty builds on termios.
tty.setraw(slave)
mode = termios.tcgetattr(slave)
print(mode[3] & termios.ICANON, mode[3] & termios.ECHO, mode[1] & termios.OPOST, mode[6][termios.VMIN])
termios.tcsetattr(slave, termios.TCSANOW, attrs)
tty.setcbreak(slave)
mode = termios.tcgetattr(slave)
print(mode[3] & termios.ICANON, mode[3] & termios.ECHO, mode[1] & termios.OPOST, mode[6][termios.VMIN])
print(os.isatty(slave), os.isatty(r))
for fd in (master, slave, r, w):
    os.close(fd)
