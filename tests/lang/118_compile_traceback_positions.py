# The positions the compiler records (co_positions) drive the ^^^^ markers of
# tracebacks: attribute chains over several lines, calls, subscripts, binary operators.
import traceback

def fail(kind):
    data = {"a": [1, 2]}
    if kind == 0:
        return data["a"][5]
    if kind == 1:
        return (data
                ["missing"])
    if kind == 2:
        return data.get("a").nonexistent
    if kind == 3:
        return 1 + data["a"][0] / 0
    if kind == 4:
        obj = None
        return obj.attr.chain
    if kind == 5:
        return len(5)
    if kind == 6:
        x = [1]
        x[0].y = 2

for k in range(7):
    try:
        fail(k)
    except Exception as e:
        text = traceback.format_exc().splitlines()
        print("\n".join(line for line in text[-4:] if "File" not in line))
