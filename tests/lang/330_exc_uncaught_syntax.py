# Uncaught: a SyntaxError from compile() is shown with its file, line, text and carets.
source = """
def f():
    x = (1 +
         2 +* 3)
"""
try:
    compile("a = 1 +", "first.py", "exec")
except SyntaxError as e:
    print(e.msg, e.lineno, e.offset)
compile(source, "broken.py", "exec")
