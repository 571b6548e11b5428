# A script whose non-UTF-8 bytes sit inside a multi-line string reports the encoding
# error, not an unterminated string.
import subprocess, sys, tempfile, os
for src in [b'print("""\n\xb1""")\n', b's = "abc\xb1"\n', b'x = 1\n\xb1 = 2\n']:
    with tempfile.NamedTemporaryFile("wb", suffix=".py", delete=False) as f:
        f.write(src)
    r = subprocess.run([sys.executable, f.name], capture_output=True)
    os.unlink(f.name)
    err = r.stderr.decode("utf-8", "replace")
    print(r.returncode, "Non-UTF-8 code starting with '\\xb1'" in err, "unterminated" in err)
    try:
        compile(src, "<bytes>", "exec")
    except SyntaxError as e:
        print("compile:", e.msg)
