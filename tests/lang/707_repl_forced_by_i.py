# -i makes a piped stdin a REPL: prompts on stderr, each statement's output flushed, errors
# reported without ending the session (the test harness waits for the first prompt).
import subprocess
import sys


def session(args, text):
    process = subprocess.Popen([sys.executable, "-q", *args], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdin.write(b"print('foo')\n")
    process.stdin.flush()
    first = process.stdout.readline()  # flushed before the next prompt, stdin still open
    out, err = process.communicate(text.encode())
    print(args, "first line:", first)
    print("  stdout:", out)
    lines = err.decode().splitlines()
    print("  prompts:", err.decode().count(">>> "), "continuation:", err.decode().count("... "))
    print("  errors:", [line.split(">>> ")[-1] for line in lines if "Error" in line])


session(["-i"], "1/0\nfor i in range(2):\n    print(i)\n\nx = 5\nx\n")
session(["-i", "-c", "print('script ran')"], "import sys; sys.exit(3)\n")
session(["-i"], "if 1:\n\nfor i in range(2): print(i)\n\n\n")
