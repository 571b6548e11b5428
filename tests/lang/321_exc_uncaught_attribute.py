# Uncaught: attribute access on an object, with the "Did you mean" suggestion computed from
# dir() of the object.
class Config:
    def __init__(self):
        self.verbose = True
        self.verbosity = 2

    def describe(self):
        return "config"

cfg = Config()
print(cfg.verbose)
value = cfg.describe() + str(cfg.verbositi)
