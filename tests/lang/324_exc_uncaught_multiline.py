# Uncaught: expressions spanning several lines mark from their start to the end of the
# first line.
def combine(*parts):
    return "".join(parts)

first = "a"
result = combine(first,
                 "b",
                 None,
                 "c")
