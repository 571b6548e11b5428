# logging: loggers and their hierarchy, levels, handlers and formatters, filters,
# LoggerAdapter, exceptions in records, dictConfig, and the errors of bad configuration.
import io
import logging
import logging.config
import logging.handlers

stream = io.StringIO()
handler = logging.StreamHandler(stream)
handler.setFormatter(logging.Formatter("%(levelname)s:%(name)s:%(message)s"))
root = logging.getLogger("app")
root.setLevel(logging.DEBUG)
root.addHandler(handler)
child = logging.getLogger("app.db")
print(child.parent is root, child.getEffectiveLevel(), child.isEnabledFor(logging.DEBUG), logging.getLevelName(25))
child.debug("connecting to %s:%d", "db", 5432)
child.info("ready")
child.setLevel(logging.WARNING)
child.info("hidden")
child.warning("careful %r", [1])
root.error("boom", extra={"user": "x"})
try:
    1 / 0
except ZeroDivisionError:
    root.exception("failed")


class OnlyDb(logging.Filter):
    def filter(self, record):
        return record.name.startswith("app.db")


handler.addFilter(OnlyDb())
root.critical("filtered out")
child.critical("kept")
handler.filters.clear()
adapter = logging.LoggerAdapter(root, {"request": 7})
adapter.warning("via adapter")
print(adapter.extra, root.hasHandlers(), logging.getLogger("app.db").handlers)
text = stream.getvalue()
for line in text.splitlines():
    if line.startswith(("  File", "    ")):
        continue
    print(line)

formatter = logging.Formatter("{levelname:>8}|{message}|{x}", style="{", defaults={"x": "d"})
record = logging.LogRecord("n", logging.INFO, "/p/file.py", 12, "msg %s", ("arg",), None, func="fn")
print(formatter.format(record), record.getMessage(), record.filename, record.module, record.lineno, record.funcName)
print(logging.Formatter("$levelname-$message", style="$").format(record))
try:
    logging.Formatter("%(levelname", style="%").format(record)
except ValueError as e:
    print("ValueError", e)
try:
    logging.Formatter("x", style="?")
except ValueError as e:
    print("ValueError", e)

memory_target = io.StringIO()
target = logging.StreamHandler(memory_target)
memory = logging.handlers.MemoryHandler(capacity=2, target=target)
log = logging.getLogger("mem")
log.propagate = False
log.addHandler(memory)
log.warning("one")
print(repr(memory_target.getvalue()))
log.warning("two")
print(repr(memory_target.getvalue()))

config_stream = io.StringIO()
logging.config.dictConfig({
    "version": 1,
    "formatters": {"short": {"format": "%(name)s %(levelname)s %(message)s"}},
    "handlers": {"s": {"class": "logging.StreamHandler", "formatter": "short", "stream": config_stream}},
    "loggers": {"configured": {"handlers": ["s"], "level": "INFO", "propagate": False}},
})
logging.getLogger("configured").info("configured message")
logging.getLogger("configured").debug("not shown")
print(config_stream.getvalue(), end="")
for bad in ({"version": 2}, {"version": 1, "handlers": {"h": {"class": "no.such.Handler"}}},
            {"version": 1, "loggers": {"x": {"level": "LOUD"}}}):
    try:
        logging.config.dictConfig(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, str(e).splitlines()[0])
print(logging.getLevelName("WARNING"), logging.getLevelName(logging.CRITICAL), logging.getLevelName(3))
logging.addLevelName(25, "NOTICE")
print(logging.getLevelName(25), logging.getLogger() is logging.root, logging.root.level)
try:
    root.setLevel("LOUD")
except ValueError as e:
    print("ValueError", e)
logging.shutdown()
