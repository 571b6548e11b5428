# Processes: subprocess (fork_exec and its error pipe), os.fork/waitpid, os.system,
# exec failures and the at-fork callbacks.
import os
import signal
import subprocess
import sys

r = subprocess.run(["echo", "hello", "world"], capture_output=True)
print(r.returncode, r.stdout, r.stderr)
r = subprocess.run("echo $KRAIT_X; exit 3", shell=True, stdout=subprocess.PIPE, env={"KRAIT_X": "from env", "PATH": os.environ["PATH"]})
print(r.returncode, r.stdout)
r = subprocess.run(["cat"], input=b"fed through stdin", capture_output=True)
print(r.stdout)
r = subprocess.run(["pwd"], cwd="/", capture_output=True, text=True)
print(repr(r.stdout))
print(subprocess.check_output(["printf", "%s-%s", "a", "b"]))
print(subprocess.check_output("echo err 1>&2", shell=True, stderr=subprocess.STDOUT))
print(subprocess.call(["true"]), subprocess.call(["false"]))
try:
    subprocess.check_call(["sh", "-c", "exit 7"])
except subprocess.CalledProcessError as e:
    print("CalledProcessError", e.returncode, e)
try:
    subprocess.run(["/nonexistent/program"])
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno, e.filename)
try:
    subprocess.run(["krait-no-such-program-xyz"])
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno, e.filename)
try:
    subprocess.run(["ls"], cwd="/nonexistent-dir")
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno, e.filename)
try:
    subprocess.run(["/etc/passwd"])
except PermissionError as e:
    print("PermissionError", e.errno)
try:
    subprocess.run(["true"], preexec_fn=lambda: 1 / 0)
except subprocess.SubprocessError as e:
    print(type(e).__name__, e)
r = subprocess.run([sys.executable if False else "sh", "-c", "echo $$ > /dev/null; echo preexec"], preexec_fn=lambda: None, capture_output=True)
print(r.stdout)
try:
    subprocess.run(["sleep", "5"], timeout=0.1)
except subprocess.TimeoutExpired as e:
    print("TimeoutExpired", 0 < e.timeout <= 0.1)

p = subprocess.Popen(["sh", "-c", "read x; echo got $x; echo oops >&2"], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
out, err = p.communicate("line")
print(repr(out), repr(err), p.returncode, p.pid > 0)
p = subprocess.Popen(["sleep", "10"])
p.terminate()
print(p.wait(), p.returncode == -signal.SIGTERM)
p = subprocess.Popen(["sh", "-c", "exit 4"])
print(p.wait(), p.poll())
with subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE) as p:
    p.stdin.write(b"abc")
    p.stdin.close()
    print(p.stdout.read())
r, w = os.pipe()
p = subprocess.Popen(["sh", "-c", f"echo passed >&{w}"], pass_fds=(w,))
p.wait()
os.close(w)
print(os.read(r, 100))
os.close(r)
print(subprocess.getoutput("echo hi; echo there"), subprocess.getstatusoutput("exit 2"))

# fork, wait and exit codes
events = []
os.register_at_fork(before=lambda: events.append("before"), after_in_parent=lambda: events.append("parent"))
pid = os.fork()
if pid == 0:
    os._exit(5)
wpid, status = os.waitpid(pid, 0)
print(wpid == pid, os.WIFEXITED(status), os.WEXITSTATUS(status), os.waitstatus_to_exitcode(status), events)
pid = os.fork()
if pid == 0:
    os.kill(os.getpid(), signal.SIGKILL)
_, status = os.waitpid(pid, 0)
print(os.WIFSIGNALED(status), os.WTERMSIG(status), os.waitstatus_to_exitcode(status))
pid = os.fork()
if pid == 0:
    os.execv("/bin/sh", ["sh", "-c", "exit 9"])
print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
pid = os.fork()
if pid == 0:
    os.execve("/bin/sh", ["sh", "-c", "exit $CODE"], {"CODE": "11"})
print(os.waitstatus_to_exitcode(os.wait()[1]))
print(os.WEXITSTATUS(os.system("exit 6")))
try:
    os.waitpid(-1, 0)
except ChildProcessError as e:
    print("ChildProcessError", e.errno)
try:
    os.register_at_fork()
except TypeError as e:
    print("TypeError", e)
try:
    os.register_at_fork(before=1)
except TypeError as e:
    print("TypeError", e)
for args in (("x", []), ("x", ()), ("x", [""]), ("x", 5)):
    try:
        os.execv(*args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
try:
    os.execv("/nonexistent", ["x"])
except FileNotFoundError as e:
    print("FileNotFoundError", e.filename)
pid = os.posix_spawn("/bin/sh", ["sh", "-c", "exit 12"], os.environ)
print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
pid = os.posix_spawnp("sh", ["sh", "-c", "exit 13"], os.environ)
print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
