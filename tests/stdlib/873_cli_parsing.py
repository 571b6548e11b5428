# Command-line parsing modules: argparse, getopt, optparse, shlex, with their error texts.
import argparse
import contextlib
import getopt
import io
import optparse
import shlex

parser = argparse.ArgumentParser(prog="tool", description="Does things.", epilog="Bye.")
parser.add_argument("files", nargs="+", help="input files")
parser.add_argument("-v", "--verbose", action="count", default=0)
parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
parser.add_argument("-n", type=int, metavar="N", help="how many")
parser.add_argument("--flag", action="store_true")
parser.add_argument("--tag", action="append", dest="tags")
group = parser.add_mutually_exclusive_group()
group.add_argument("--json", action="store_true")
group.add_argument("--xml", action="store_true")
sub = parser.add_subparsers(dest="command")
run = sub.add_parser("run", help="run it")
run.add_argument("--jobs", type=int, default=1)

print(parser.parse_args(["a", "-vv", "--mode", "slow", "-n", "3", "--tag", "x", "--tag", "y"]))
print(parser.parse_args(["a", "--json", "run", "--jobs", "4"]))
print(parser.parse_known_args(["a", "--unknown", "-q"]))
print(parser.format_usage(), end="")
print(parser.format_help().replace("optional arguments", "options"))
for argv in (["--mode", "medium", "a"], [], ["a", "-n", "x"], ["a", "--json", "--xml"], ["a", "--jobs"]):
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            parser.parse_args(argv)
        except SystemExit as e:
            print("exit", e.code)
    print(err.getvalue().strip().splitlines()[-1])
try:
    parser.add_argument("--mode")
except argparse.ArgumentError as e:
    print(type(e).__name__, e)
print(argparse.Namespace(a=1) == argparse.Namespace(a=1), vars(argparse.Namespace(b=2)))

print(getopt.getopt(["-a", "-b", "val", "--long=x", "rest", "-c"], "ab:c", ["long="]))
print(getopt.gnu_getopt(["rest", "-a", "--long", "x"], "a", ["long="]))
for args in ((["-z"], "a", []), (["--lo"], "", ["long", "lonely"]), (["-b"], "b:", []), (["--long=1"], "", ["long"])):
    try:
        getopt.getopt(*args)
    except getopt.GetoptError as e:
        print("GetoptError", e, e.opt)

op = optparse.OptionParser(prog="old", usage="%prog [options] arg")
op.add_option("-q", "--quiet", action="store_false", dest="verbose", default=True)
op.add_option("-f", "--file", dest="filename", metavar="FILE")
op.add_option("-k", type="int", default=2)
options, args = op.parse_args(["-q", "-f", "out.txt", "-k", "5", "pos"])
print(options.verbose, options.filename, options.k, args)
print(op.format_help())
err = io.StringIO()
with contextlib.redirect_stderr(err):
    try:
        op.parse_args(["-k", "nope"])
    except SystemExit as e:
        print("exit", e.code)
print(err.getvalue().strip().splitlines()[-1])

print(shlex.split("a 'b c' \"d e\" f\\ g # not a comment"), shlex.split("x # y", comments=True))
print(shlex.quote("it's"), shlex.quote("safe-word"), shlex.quote(""), shlex.join(["a b", "c"]))
lexer = shlex.shlex("a=b, c", posix=True, punctuation_chars=True)
print(list(lexer))
try:
    shlex.split("'unterminated")
except ValueError as e:
    print("ValueError", e)
