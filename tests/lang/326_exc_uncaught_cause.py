# Uncaught: an explicit chain (raise ... from ...) over three exceptions.
class ConfigError(Exception):
    pass

def parse(text):
    try:
        return int(text)
    except ValueError as e:
        raise ConfigError(f"bad number {text!r}") from e

def load():
    try:
        parse("x1")
    except ConfigError as e:
        raise RuntimeError("loading failed") from e

load()
