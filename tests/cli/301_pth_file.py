# A "<executable>._pth" file beside the interpreter (here a symbolic link to it) replaces
# the computation of sys.path: its lines, relative to its directory, are sys.path; the
# interpreter runs isolated, and imports site only when a line says "import site".
import os
import subprocess
import sys
import sysconfig
import tempfile

stdlib = sysconfig.get_path("stdlib")


def run(lines, code, **env):
    with tempfile.TemporaryDirectory() as directory:
        directory = os.path.realpath(directory)
        executable = os.path.join(directory, "py")
        os.symlink(sys.executable, executable)
        with open(executable + "._pth", "w") as f:
            f.write("\n".join(lines) + "\n")
        environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        environment.update(env)
        done = subprocess.run([executable, "-c", code], capture_output=True, text=True, env=environment)
        print("status", done.returncode)
        print(done.stdout.replace(directory, "<dir>").replace(stdlib, "<stdlib>"), end="")
        print(done.stderr.replace(directory, "<dir>"), end="")


SHOW = ("import sys; f = sys.flags\n"
        "print(f.isolated, f.ignore_environment, f.no_site, f.safe_path, sys.executable.endswith('/py'))\n"
        "for p in sys.path:\n"
        "    if p.startswith(('<', '/tmp')) or p.endswith('python3.11'): print(' ', p)\n"
        "import os; print(os.path.basename(os.__file__))")
run(["# a comment", "", "fake-path", "sub/../other  # trailing comment", ".", stdlib], SHOW, PYTHONPATH="from-env")
run(["fake-path", stdlib, "import site"], SHOW + "\nimport site; print('site imported')")
run(["fake-path", stdlib, "import os"], SHOW)
