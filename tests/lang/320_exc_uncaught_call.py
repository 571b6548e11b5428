# Uncaught: a call chain through nested functions; the markers under calls whose span is
# only part of the line.
def level3(x):
    return x.upper()

def level2(x):
    result = level3(x) + "!"
    return result

def level1(values):
    def nested(v):
        return [level2(item) for item in v]
    return nested(values)

print("start")
total = len(level1(["a", "b", 3]))
