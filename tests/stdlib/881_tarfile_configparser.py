# tarfile (writing and reading every compression, members, extraction, PAX headers,
# errors) and configparser (sections, interpolation, types, defaults, writing, errors).
import configparser
import io
import os
import tarfile
import tempfile

with tempfile.TemporaryDirectory() as root:
    src = os.path.join(root, "src")
    os.makedirs(os.path.join(src, "sub"))
    with open(os.path.join(src, "a.txt"), "w") as f:
        f.write("alpha\n")
    with open(os.path.join(src, "sub", "b.bin"), "wb") as f:
        f.write(bytes(range(256)) * 4)
    os.symlink("a.txt", os.path.join(src, "link"))
    for mode in ("w", "w:gz", "w:bz2", "w:xz"):
        path = os.path.join(root, "archive.tar" + mode[2:])
        with tarfile.open(path, mode) as tar:
            tar.add(src, arcname="pkg", filter=lambda ti: (setattr(ti, "mtime", 0), setattr(ti, "uname", "u"),
                                                            setattr(ti, "gname", "g"), ti)[-1])
            info = tarfile.TarInfo("pkg/generated.txt")
            payload = b"made in memory\n"
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
        print(mode, tarfile.is_tarfile(path))
        with tarfile.open(path) as tar:
            for m in sorted(tar.getmembers(), key=lambda m: m.name):
                print("  ", m.name, m.type, m.size, m.isdir(), m.issym(), m.linkname, oct(m.mode & 0o777) if m.isdir() else "")
            print("  ", tar.extractfile("pkg/a.txt").read(), tar.getmember("pkg/generated.txt").size)
            out = os.path.join(root, "out" + mode[2:])
            tar.extractall(out)
            print("  ", sorted(os.listdir(os.path.join(out, "pkg"))), open(os.path.join(out, "pkg", "link")).read().strip())
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo("ünïcode-" + "x" * 120)
        info.pax_headers = {"comment": "hello"}
        tar.addfile(info, io.BytesIO())
    buffer.seek(0)
    with tarfile.open(fileobj=buffer) as tar:
        member = tar.getmembers()[0]
        print(len(member.name), member.pax_headers["comment"], tar.getnames()[0][:8])
    for bad in (lambda: tarfile.open(os.path.join(root, "src", "a.txt")), lambda: tarfile.open(os.path.join(root, "none.tar")),
                lambda: tarfile.open(os.path.join(root, "archive.tar"), "r:gz"), lambda: tarfile.open("x", "q"),
                lambda: tarfile.open(os.path.join(root, "archive.tar")).getmember("nope")):
        try:
            bad()
        except (tarfile.TarError, OSError, ValueError, KeyError) as e:
            print(type(e).__name__, str(e).replace(root, "ROOT"))

text = """
[DEFAULT]
base = /srv
debug = no

[server]
host = example.com
port = 8080
root = %(base)s/www
ratio = 0.75
; a comment
multi = first
    second

[empty]
"""
config = configparser.ConfigParser()
config.read_string(text)
print(config.sections(), config.defaults(), "server" in config, config.has_option("empty", "base"))
server = config["server"]
print(server["root"], server.getint("port"), server.getfloat("ratio"), server.getboolean("debug"), repr(server["multi"]))
print(config.get("server", "missing", fallback="fb"), config.get("server", "root", raw=True), sorted(server))
print(config.items("empty"), dict(config.items("server", vars={"base": "/opt"}))["root"])
config["new"] = {"key": "value", "num": 3}
config.set("server", "host", "other.org")
config.remove_option("server", "ratio")
out = io.StringIO()
config.write(out)
print(out.getvalue(), end="")
extended = configparser.ConfigParser(interpolation=configparser.ExtendedInterpolation())
extended.read_dict({"paths": {"home": "/home/u", "docs": "${home}/docs"}, "other": {"x": "${paths:docs}/x"}})
print(extended["other"]["x"], configparser.RawConfigParser().optionxform("MiXeD"))
for bad in ("[a]\nk = 1\n[a]\n", "k = 1\n", "[a]\nk = 1\nk = 2\n", "[a]\nk = %(missing)s\n", "[a]\nk = %(k)s\n", "[a]\nx = %\n", "[a]\n=bad\n"):
    parser = configparser.ConfigParser()
    try:
        parser.read_string(bad)
        print(parser["a"]["k"] if parser.has_option("a", "k") else parser["a"]["x"])
    except (configparser.Error, KeyError) as e:
        print(type(e).__name__, str(e).replace("\n", " | "))
for bad in (lambda: config.get("nosection", "a"), lambda: config.get("server", "nokey"), lambda: config.getint("server", "host"),
            lambda: config.add_section("server"), lambda: config.add_section("DEFAULT"), lambda: config.set("server", "k", 1)):
    try:
        bad()
    except (configparser.Error, ValueError, TypeError) as e:
        print(type(e).__name__, e)
