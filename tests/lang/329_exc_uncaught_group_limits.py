# Uncaught: groups wider than 15 and deeper than 10 are cut short.
def nest(depth):
    if depth == 0:
        return ValueError("leaf")
    return ExceptionGroup(f"level {depth}", [nest(depth - 1), TypeError(depth)])

wide = ExceptionGroup("wide", [ValueError(i) for i in range(20)])
raise ExceptionGroup("limits", [wide, nest(12)])
