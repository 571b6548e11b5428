# Name resolution: locals, globals, closures and cells, nonlocal, class scopes skipped by
# nested functions, comprehension scopes, walrus binding in the enclosing function, name
# mangling, unbound locals.
x = "global"
def read_global():
    return x
def shadow():
    x = "local"
    return x
def use_global():
    global x
    x = "rebound"
print(read_global(), shadow())
use_global()
print(x)

def counter():
    count = 0
    def increment():
        nonlocal count
        count += 1
        return count
    return increment
inc = counter()
print(inc(), inc(), inc())

def make_adders():
    return [lambda v, i=i: v + i for i in range(3)], [lambda v: v + i for i in range(3)]
early, late = make_adders()
print([f(10) for f in early], [f(10) for f in late])

def outer():
    a = 1
    def middle():
        b = 2
        def inner():
            return a + b
        return inner
    return middle()()
print(outer())

class Scope:
    value = 1
    values = [value for _ in range(2)] if False else None
    def method(self):
        try:
            return value
        except NameError as e:
            return str(e)
print(Scope().method())

y = 10
class ClassScope:
    y = 20
    z = [y for _ in range(1)]
print(ClassScope.z)

def comp_scope():
    total = 0
    results = [total := total + n for n in range(5)]
    return results, total
print(comp_scope())

def unbound():
    try:
        print(undefined_local)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    undefined_local = 1
unbound()

def deleted():
    v = 1
    del v
    try:
        return v
    except UnboundLocalError as e:
        return str(e)
print(deleted())

def free_deleted():
    v = 1
    def get():
        return v
    del v
    try:
        return get()
    except NameError as e:
        return str(e)
print(free_deleted())

class Mangled:
    __secret = "hidden"
    def reveal(self):
        return self.__secret, Mangled._Mangled__secret
    def __private(self):
        return "private method"
    def call(self):
        return self.__private()
print(Mangled().reveal(), Mangled().call(), "_Mangled__secret" in Mangled.__dict__)

class _Under:
    __x = 1
print([k for k in _Under.__dict__ if "x" in k])

def nested_global():
    def inner():
        global late_global
        late_global = "set"
    inner()
nested_global()
print(late_global)

def class_in_function():
    v = "closure"
    class Inner:
        v = "class attr"
        def get(self):
            return v
    return Inner().get(), Inner.v
print(class_in_function())

def locals_order(a, b):
    c = 3
    d = 4
    return list(locals())
print(locals_order(1, 2))

def cell_param(p):
    def inner():
        return p
    p = p * 2
    return inner()
print(cell_param(21))
print(cell_param.__code__.co_cellvars, cell_param.__code__.co_varnames)

gen_var = "outer"
gen = (gen_var for _ in range(1))
gen_var = "changed"
print(list(gen))
