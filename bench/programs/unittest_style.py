# A unittest-style workload: many tiny test methods on TestCase-like classes with assert
# helpers, setUp/tearDown, an assertRaises context manager, discovery by dir(), and a
# runner that records passes, failures and errors. It is a small framework of its own (not
# the stdlib's unittest, whose per-test bookkeeping would dominate) so that the time goes
# to the many small method calls, attribute loads and raised exceptions that test suites
# make.


class TestCase:
    def __init__(self, method_name):
        self.method_name = method_name

    def setUp(self):
        pass

    def tearDown(self):
        pass

    def fail(self, message):
        raise AssertionError(message)

    def assertEqual(self, first, second, message=None):
        if not first == second:
            self.fail(message or f"{first!r} != {second!r}")

    def assertNotEqual(self, first, second, message=None):
        if first == second:
            self.fail(message or f"{first!r} == {second!r}")

    def assertTrue(self, value, message=None):
        if not value:
            self.fail(message or f"{value!r} is not true")

    def assertFalse(self, value, message=None):
        if value:
            self.fail(message or f"{value!r} is not false")

    def assertIs(self, first, second, message=None):
        if first is not second:
            self.fail(message or f"{first!r} is not {second!r}")

    def assertIsNone(self, value, message=None):
        self.assertIs(value, None, message)

    def assertIn(self, member, container, message=None):
        if member not in container:
            self.fail(message or f"{member!r} not found in {container!r}")

    def assertAlmostEqual(self, first, second, places=7):
        if round(abs(first - second), places) != 0:
            self.fail(f"{first!r} != {second!r} within {places} places")

    def assertRaises(self, expected):
        return RaisesContext(self, expected)

    def run(self, result):
        result.tests_run += 1
        try:
            self.setUp()
        except Exception as error:
            result.add_error(self, error)
            return
        try:
            getattr(self, self.method_name)()
        except AssertionError as error:
            result.add_failure(self, error)
        except Exception as error:
            result.add_error(self, error)
        else:
            result.successes += 1
        finally:
            self.tearDown()


class RaisesContext:
    def __init__(self, case, expected):
        self.case = case
        self.expected = expected
        self.exception = None

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.case.fail(f"{self.expected.__name__} not raised")
        if not issubclass(kind, self.expected):
            return False
        self.exception = value
        return True


class TestResult:
    def __init__(self):
        self.tests_run = 0
        self.successes = 0
        self.failures = []
        self.errors = []

    def add_failure(self, case, error):
        self.failures.append((type(case).__name__, case.method_name, str(error)))

    def add_error(self, case, error):
        self.errors.append((type(case).__name__, case.method_name, type(error).__name__))


def discover(*classes):
    return [cls(name) for cls in classes for name in sorted(dir(cls)) if name.startswith("test")]


# --- code under test --------------------------------------------------------------------

class Stack:
    def __init__(self):
        self.items = []

    def push(self, item):
        self.items.append(item)

    def pop(self):
        if not self.items:
            raise IndexError("pop from empty stack")
        return self.items.pop()

    def peek(self):
        return self.items[-1] if self.items else None

    def __len__(self):
        return len(self.items)


def parse_pair(text):
    key, _, value = text.partition("=")
    if not key:
        raise ValueError(f"no key in {text!r}")
    return key.strip(), int(value)


def average(values):
    return sum(values) / len(values)


# --- the tests --------------------------------------------------------------------------

class TestStack(TestCase):
    def setUp(self):
        self.stack = Stack()
        self.stack.push(1)
        self.stack.push(2)

    def tearDown(self):
        self.stack = None

    def test_push(self):
        self.stack.push(3)
        self.assertEqual(len(self.stack), 3)

    def test_pop(self):
        self.assertEqual(self.stack.pop(), 2)
        self.assertEqual(self.stack.pop(), 1)

    def test_pop_empty(self):
        self.stack.pop()
        self.stack.pop()
        with self.assertRaises(IndexError) as context:
            self.stack.pop()
        self.assertIn("empty", str(context.exception))

    def test_peek(self):
        self.assertEqual(self.stack.peek(), 2)
        self.assertEqual(len(self.stack), 2)

    def test_peek_empty(self):
        self.assertIsNone(Stack().peek())

    def test_wrong_length(self):
        self.assertEqual(len(self.stack), 3)  # fails on purpose


class TestParsing(TestCase):
    def test_simple(self):
        self.assertEqual(parse_pair("a=1"), ("a", 1))

    def test_spaces(self):
        self.assertEqual(parse_pair(" key =42"), ("key", 42))

    def test_negative(self):
        self.assertEqual(parse_pair("n=-7")[1], -7)

    def test_no_key(self):
        with self.assertRaises(ValueError):
            parse_pair("=3")

    def test_bad_value(self):
        with self.assertRaises(ValueError):
            parse_pair("x=y")

    def test_unexpected_error(self):
        parse_pair("x")  # an error on purpose: int("") raises ValueError


class TestNumbers(TestCase):
    def setUp(self):
        self.values = [1, 2, 3, 4]

    def test_average(self):
        self.assertEqual(average(self.values), 2.5)

    def test_average_float(self):
        self.assertAlmostEqual(average([0.1, 0.2, 0.3]), 0.2)

    def test_average_empty(self):
        with self.assertRaises(ZeroDivisionError):
            average([])

    def test_sum(self):
        self.assertEqual(sum(self.values), 10)

    def test_max(self):
        self.assertEqual(max(self.values), 4)
        self.assertNotEqual(min(self.values), 4)

    def test_truth(self):
        self.assertTrue(self.values)
        self.assertFalse([])

    def test_identity(self):
        self.assertIs(self.values, self.values)

    def test_rounding(self):
        self.assertAlmostEqual(1 / 3, 0.333, places=2)

    def test_off_by_one(self):
        self.assertAlmostEqual(average(self.values), 2.6)  # fails on purpose


class TestStrings(TestCase):
    def test_upper(self):
        self.assertEqual("abc".upper(), "ABC")

    def test_split(self):
        self.assertEqual("a,b,c".split(","), ["a", "b", "c"])

    def test_join(self):
        self.assertEqual("-".join(["x", "y"]), "x-y")

    def test_in(self):
        self.assertIn("ell", "hello")

    def test_format(self):
        self.assertEqual(f"{3:03d}", "003")

    def test_strip(self):
        self.assertEqual("  x ".strip(), "x")

    def test_startswith(self):
        self.assertTrue("prefix".startswith("pre"))

    def test_missing(self):
        self.assertIn("z", "abc")  # fails on purpose


checksum = 0
passed = failed = errored = 0
for round_number in range(17_000):
    result = TestResult()
    for test in discover(TestStack, TestParsing, TestNumbers, TestStrings):
        test.run(result)
    passed += result.successes
    failed += len(result.failures)
    errored += len(result.errors)
    checksum += sum(len(message) for _, _, message in result.failures) + result.tests_run
print(passed, failed, errored, checksum)
print(result.failures)
print(result.errors)
