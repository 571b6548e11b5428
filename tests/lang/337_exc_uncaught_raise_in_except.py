# Uncaught: an error raised by a statement inside an except block, from a method.
class Store:
    def __init__(self):
        self.items = {}

    def get(self, key):
        try:
            return self.items[key]
        except KeyError:
            return self.items.fallback(key)

Store().get("missing")
