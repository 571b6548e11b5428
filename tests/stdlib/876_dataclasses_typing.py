# dataclasses (fields, defaults, ordering, frozen, slots, kw_only, post-init, replace,
# asdict/astuple, errors) and typing (generics, aliases, Protocol, TypedDict, NamedTuple,
# get_type_hints, overload, Literal, Annotated, ParamSpec, runtime errors).
import dataclasses
import typing
from dataclasses import dataclass, field
from typing import (Annotated, Any, Callable, ClassVar, Dict, Final, Generic, List, Literal,
                    NamedTuple, Optional, ParamSpec, Protocol, TypedDict, TypeVar, Union)


@dataclass(order=True)
class Point:
    x: int
    y: int = 0
    tags: list = field(default_factory=list, compare=False, repr=False)
    total: ClassVar[int] = 0


@dataclass(frozen=True, slots=True)
class Frozen:
    name: str
    size: float = 1.0


@dataclass(kw_only=True)
class Options:
    verbose: bool = False
    level: int = dataclasses.field(default=1, metadata={"unit": "steps"})


@dataclass
class WithPost:
    a: int
    b: int = field(init=False)

    def __post_init__(self):
        self.b = self.a * 2


p = Point(1, 2)
print(p, Point(1) < Point(2), Point(1, 5) == Point(1, 5, ["t"]), sorted([Point(3), Point(1, 9)]))
print([f.name for f in dataclasses.fields(Point)], dataclasses.asdict(p), dataclasses.astuple(p))
print(dataclasses.replace(p, y=7), dataclasses.is_dataclass(p), dataclasses.is_dataclass(int))
fr = Frozen("n")
print(fr, hash(fr) == hash(Frozen("n")), Frozen.__slots__, hasattr(fr, "__dict__"))
try:
    fr.name = "m"
except dataclasses.FrozenInstanceError as e:
    print(type(e).__name__, e)
print(Options(level=3), dataclasses.fields(Options)[1].metadata["unit"], WithPost(4))
try:
    Options(True)
except TypeError as e:
    print("TypeError", e)
for make in (lambda: dataclass(type("Bad", (), {"__annotations__": {"a": list}, "a": []})),
             lambda: dataclasses.make_dataclass("D", ["a", ("b", int, 1), "c"]),
             lambda: Point(), lambda: dataclasses.fields(3)):
    try:
        print(make())
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
D = dataclasses.make_dataclass("D", [("a", int), ("b", int, field(default=5))], namespace={"twice": lambda self: self.a * 2})
print(D(2), D(2).twice())

T = TypeVar("T")
K = TypeVar("K", str, bytes)
P = ParamSpec("P")


class Box(Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item


class Closeable(Protocol):
    def close(self) -> None: ...


@typing.runtime_checkable
class Sized2(Protocol):
    def __len__(self) -> int: ...


class Movie(TypedDict, total=False):
    title: str
    year: int


class Pair(NamedTuple):
    left: int
    right: str = "r"


def annotated(a: int, b: "Optional[str]" = None) -> List[int]:
    return [a]


print(Box[int], Box[int](3).item, Box.__parameters__, List[int], Dict[str, List[int]], Optional[int])
print(Union[int, str], Union[int, int], int | str, Callable[[int], str], Callable[P, T], Literal["a", 1])
print(typing.get_origin(List[int]), typing.get_args(Dict[str, int]), typing.get_args(Callable[[int], str]))
print(typing.get_type_hints(annotated), typing.get_type_hints(Movie), Movie.__total__)
print(Annotated[int, "meta"], typing.get_type_hints(Annotated, include_extras=True) if False else "", Final[int])
print(Pair(1), Pair._fields, Pair._field_defaults, Pair(1)._replace(right="x"), Pair._make([2, "y"]))
print(isinstance([], Sized2), isinstance(3, Sized2), Movie(title="t"), typing.cast(int, "x"))
print(K.__constraints__, T.__name__, P.args, typing.TYPE_CHECKING, Any, typing.NoReturn)


@typing.overload
def over(x: int) -> int: ...
@typing.overload
def over(x: str) -> str: ...
def over(x):
    return x


print(over(1), len(typing.get_overloads(over)))
for bad in (lambda: isinstance(3, Closeable), lambda: List[int](), lambda: Generic[int],
            lambda: Union[()], lambda: Box[int, str], lambda: typing.Optional[int, str],
            lambda: TypeVar("X", int), lambda: Literal[1]()):
    try:
        bad()
        print("no error")
    except TypeError as e:
        print("TypeError", e)
