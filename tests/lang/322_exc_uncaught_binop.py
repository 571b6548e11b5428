# Uncaught: a binary operation inside a larger expression; ~~~~ marks the operands and ^^
# the operator.
def compute(a, b):
    scale = 10
    return scale * (a  //  b) + 1

def run():
    items = [4, 2, 0]
    return [compute(x, items[2]) for x in items]

print(compute(4, 2))
run()
