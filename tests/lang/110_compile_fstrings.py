# f-strings and string formatting: conversions, format specs (nested), debug `=`, % with
# a tuple (turned into an f-string by the compiler), implicit concatenation.
name = "world"
value = 3.14159
width = 10
print(f"hello {name}!")
print(f"{name!r} {name!s} {name!a} {'é'!a}")
print(f"{value:.2f} {value:{width}.3f} {value:>{width}}|")
print(f"{{literal}} {{{name}}}")
print(f"{name=} {value=:.1f} {1 + 1 = }")
print(f"{'nested ' + f'{name}'}")
print(f"{3:b} {255:#x} {1000000:,} {0.5:%}")
print(f"" == "", f"{''}" == "")
print("a" "b" f"{name}" "c")
print("%s and %r" % (name, name), "%5s|%-5s|%.2s" % ("ab", "cd", "efgh"))
print("%s" % (name,), "%d%%" % (50,), "%a" % ("é",))
x = 5
print(f"{x if x > 3 else 0}", f"{[i for i in range(3)]}", f"{ {'k': 1}['k'] }")
print(f"{(lambda y: y * 2)(4)}")
print(f"{x!r:>5}|{'s':^5}|")
def obj():
    class Fmt:
        def __format__(self, spec):
            return f"<{spec}>"
    return Fmt()
print(f"{obj():custom spec}", format(obj(), ""))
parts = [str(i) for i in range(40)]
print(len(f"{parts[0]}{parts[1]}{parts[2]}{parts[3]}{parts[4]}{parts[5]}{parts[6]}{parts[7]}{parts[8]}{parts[9]}{parts[10]}{parts[11]}{parts[12]}{parts[13]}{parts[14]}{parts[15]}{parts[16]}{parts[17]}{parts[18]}{parts[19]}{parts[20]}"))
print(f"multi\nline {name}")
print(rf"raw \n {name}", br"\x00", b"bytes" + b"more")
print(u"unicode prefix", "\N{GREEK SMALL LETTER ALPHA}", "\u00e9\U0001F600")
