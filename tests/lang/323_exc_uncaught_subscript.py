# Uncaught: a failing subscript inside an expression.
data = {"alpha": [1, 2, 3], "beta": {"x": 1}}

def lookup(key, index):
    return data[key][index] * 2

print(lookup("alpha", 1))
print(lookup("beta", "x"))
print(lookup("alpha", 7))
