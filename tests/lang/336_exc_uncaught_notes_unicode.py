# Uncaught: markers count characters, not bytes, on lines with non-ASCII text; notes of
# every kind.
def café(naïve):
    return "ünïcödé" + naïve["clé"]

e = None
try:
    café({})
except KeyError as err:
    err.add_note("note with ünicode")
    err.add_note("")
    e = err
raise e
