# unittest (cases, subtests, skips, expected failures, fixtures, mocks, the text runner's
# report) and doctest (docstring examples, failures, testmod/run_docstring_examples).
import doctest
import io
import unittest
from unittest import mock


class Sample(unittest.TestCase):
    log = []

    @classmethod
    def setUpClass(cls):
        cls.log.append("setUpClass")

    def setUp(self):
        self.log.append("setUp")

    def tearDown(self):
        self.log.append("tearDown")

    def test_pass(self):
        self.assertEqual(1 + 1, 2)
        self.assertIn("a", "abc")
        self.assertAlmostEqual(0.1 + 0.2, 0.3)
        with self.assertRaisesRegex(ValueError, "bad"):
            raise ValueError("bad value")

    def test_fail(self):
        self.assertEqual([1, 2], [1, 3])

    def test_error(self):
        {}["missing"]

    @unittest.skip("not today")
    def test_skipped(self):
        pass

    @unittest.expectedFailure
    def test_expected(self):
        self.assertTrue(False)

    def test_subtests(self):
        for i in range(3):
            with self.subTest(i=i):
                self.assertLess(i, 2)

    def test_cleanup(self):
        self.addCleanup(self.log.append, "cleanup")


stream = io.StringIO()
suite = unittest.defaultTestLoader.loadTestsFromTestCase(Sample)
print(suite.countTestCases(), sorted(t.id().split(".")[-1] for t in suite))
result = unittest.TextTestRunner(stream=stream, verbosity=2).run(suite)
print(result.testsRun, len(result.failures), len(result.errors), len(result.skipped),
      len(result.expectedFailures), result.wasSuccessful())
report = stream.getvalue()
for line in report.splitlines():
    if line.startswith(("test_", "FAIL:", "ERROR:", "AssertionError", "KeyError", "Ran", "FAILED")):
        print(line.replace(" in 0.00", " in T").split(" in ")[0])
print(Sample.log[:4], Sample.log.count("cleanup"))

with mock.patch("os.getcwd", return_value="/mocked") as patched:
    import os
    print(os.getcwd(), patched.call_count)
m = mock.MagicMock()
m.method(1, key=2)
m.method.assert_called_once_with(1, key=2)
print(m.method.call_args, len(m), mock.call(1) == mock.call(1))
try:
    m.method.assert_called_with(3)
except AssertionError as e:
    print(str(e).splitlines()[0])


def add(a, b):
    """Adds.

    >>> add(1, 2)
    3
    >>> add('a', 'b')
    'ab'
    >>> [add(i, i) for i in range(3)]
    [0, 2, 4]
    >>> add(1, 1)
    3
    >>> add(None, 1)
    Traceback (most recent call last):
        ...
    TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'
    """
    return a + b


finder = doctest.DocTestFinder()
tests = finder.find(add, "add", globs={"add": add})
print([(t.name, len(t.examples)) for t in tests])
out = io.StringIO()
runner = doctest.DocTestRunner(verbose=False)
for t in tests:
    runner.run(t, out=out.write)
print(runner.summarize(verbose=False))
print("\n".join(l for l in out.getvalue().splitlines() if not l.startswith("File ")))
parser = doctest.DocTestParser()
examples = parser.get_examples(">>> x = 1\n>>> x + 1\n2\n")
print([(e.source, e.want) for e in examples])
print(doctest.OutputChecker().check_output("1  2\n", "1 2\n", doctest.NORMALIZE_WHITESPACE))
