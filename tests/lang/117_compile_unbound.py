# Locals that may be unbound (LOAD_FAST_CHECK), deletion, and names bound in only some
# branches or loop iterations.
def maybe(flag):
    if flag:
        v = "bound"
    return v
print(maybe(True))
try:
    maybe(False)
except UnboundLocalError as e:
    print(e)

def loop_var(n):
    for i in range(n):
        pass
    return i
print(loop_var(3))
try:
    loop_var(0)
except UnboundLocalError as e:
    print(e)

def del_then_use():
    x = 1
    del x
    x = 2
    return x
print(del_then_use())

def del_twice():
    x = 1
    del x
    try:
        del x
    except UnboundLocalError as e:
        return str(e)
print(del_twice())

def except_name():
    try:
        raise ValueError
    except ValueError as err:
        pass
    try:
        return err
    except UnboundLocalError as e:
        return str(e)
print(except_name())

def many_locals():
    ns = {}
    code = "def big():\n" + "".join(f"    v{i} = {i}\n" for i in range(80)) + "    del v70\n    return v70\n"
    exec(code, ns)
    try:
        ns["big"]()
    except UnboundLocalError as e:
        return str(e)
print(many_locals())

def global_fallback():
    return undefined_global_name
try:
    global_fallback()
except NameError as e:
    print(e)

class C:
    try:
        print(undefined_in_class)
    except NameError as e:
        print(e)
