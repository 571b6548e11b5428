"""Runs one command and reports its wall time and peak RSS: bench/run.py's launcher.

  python3.11 -S -I measure_child.py REPORT_FD TIMEOUT COMMAND...

Why a launcher: on Linux a process's ru_maxrss keeps the high-water RSS of the process it
was forked from (exec records it), so a child forked straight from bench/run.py reports at
least run.py's own RSS (~12 MiB), more than `python3.11 -c pass` uses. This launcher stays
small (no site, only built-in modules), forks the command, and reports the child's own
ru_maxrss from os.wait4. It writes "SECONDS MAXRSS_KIB EXIT_STATUS TIMED_OUT" to REPORT_FD;
the command inherits stdin, stdout and stderr.
"""
import os
import signal
import sys
import time


def main():
    report_fd, timeout, command = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
    timed_out = []
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(report_fd)
            os.execvp(command[0], command)
        except OSError as error:
            os.write(2, f"cannot run {command[0]}: {error}\n".encode())
        os._exit(127)

    def kill(signal_number, frame):
        timed_out.append(True)
        os.kill(pid, signal.SIGKILL)

    signal.signal(signal.SIGALRM, kill)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    signal.setitimer(signal.ITIMER_REAL, 0)
    os.write(report_fd, f"{elapsed!r} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)} {int(bool(timed_out))}\n"
             .encode())


main()
