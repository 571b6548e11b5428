# pyexpat: every handler, buffering, ordered/specified attributes, namespaces, interning,
# errors (ExpatError attributes, handler exceptions), ParseFile, and the xml packages built
# on it (minidom, sax, ElementTree, pulldom, plistlib).
import io
import pyexpat
from xml.parsers import expat

print(pyexpat.EXPAT_VERSION.startswith("expat_"), pyexpat.native_encoding, type(pyexpat.version_info))
print(pyexpat.ErrorString(3), pyexpat.ErrorString(9999))
print(pyexpat.errors.XML_ERROR_TAG_MISMATCH, pyexpat.errors.codes["mismatched tag"],
      pyexpat.errors.messages[7])
print(pyexpat.model.XML_CTYPE_SEQ, pyexpat.model.XML_CQUANT_PLUS)
print(expat.ExpatError is pyexpat.error, expat.ExpatError.__module__, pyexpat.XMLParserType.__name__)

DOC = b"""<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE root [
  <!ELEMENT root (item+, (b|c)*)>
  <!ATTLIST item id CDATA #REQUIRED kind (x|y) "x">
  <!ENTITY ent "entity text">
  <!NOTATION gif SYSTEM "image/gif">
  <!ENTITY pic SYSTEM "pic.gif" NDATA gif>
]>
<root xmlns:n="http://n">
  <?target some data?>
  <!-- a comment -->
  <item id="1">text &amp; &ent; more</item>
  <n:item id="2" kind="y"><![CDATA[<raw>]]></n:item>
</root>
"""

events = []


def recorder(name):
    def handler(*args):
        events.append((name,) + args)
    return handler


p = pyexpat.ParserCreate()
for attr in ["StartElementHandler", "EndElementHandler", "ProcessingInstructionHandler",
             "CharacterDataHandler", "UnparsedEntityDeclHandler", "NotationDeclHandler",
             "CommentHandler", "StartCdataSectionHandler", "EndCdataSectionHandler",
             "StartDoctypeDeclHandler", "EndDoctypeDeclHandler", "EntityDeclHandler",
             "XmlDeclHandler", "ElementDeclHandler", "AttlistDeclHandler", "SkippedEntityHandler"]:
    setattr(p, attr, recorder(attr[:-7]))
p.NotStandaloneHandler = lambda: 1
p.buffer_text = True
print(p.Parse(DOC, True))
for event in events:
    print(event)
print(p.ErrorCode, p.CurrentLineNumber, p.buffer_size, p.buffer_used)

# Ordered and specified attributes, namespaces with prefixes, interning.
events.clear()
intern = {}
p = pyexpat.ParserCreate(namespace_separator="!", intern=intern)
p.ordered_attributes = True
p.specified_attributes = True
p.namespace_prefixes = True
p.StartElementHandler = recorder("start")
p.StartNamespaceDeclHandler = recorder("ns")
p.EndNamespaceDeclHandler = recorder("endns")
p.Parse('<a xmlns="urn:d" xmlns:q="urn:q" q:z="1" b="2"><q:c/><q:c/></a>', True)
for event in events:
    print(event)
print(sorted(intern, key=repr), list(intern) == list(intern.values()))

# Character data in pieces, str input, DefaultHandler.
pieces = []
p = pyexpat.ParserCreate()
p.CharacterDataHandler = pieces.append
p.Parse("<a>one ")
p.Parse("two &#233;</a>", True)
print(pieces)
out = []
p = pyexpat.ParserCreate()
p.DefaultHandler = out.append
p.Parse(b"<a x='1'>t&amp;</a>", True)
print(out)

# ParseFile, GetInputContext, SetBase.
p = pyexpat.ParserCreate()
p.SetBase("http://base/")
contexts = []
p.StartElementHandler = lambda name, attrs: contexts.append(p.GetInputContext()[:10])
print(p.ParseFile(io.BytesIO(b"<a><b/></a>")), contexts, p.GetBase(), p.GetInputContext())

# Errors.
for data in [b"<a><b></a>", b"<a>", b"<a></a><b/>", b"\xff<a/>", b"<a x='1' x='2'/>"]:
    p = pyexpat.ParserCreate()
    try:
        p.Parse(data, True)
    except expat.ExpatError as e:
        print(e, "|", e.code, e.lineno, e.offset, p.ErrorCode, p.ErrorLineNumber, p.ErrorColumnNumber)


def boom(name, attrs):
    raise KeyError(name)


p = pyexpat.ParserCreate()
p.StartElementHandler = boom
try:
    p.Parse(b"<a><b/></a>", True)
except KeyError as e:
    print("KeyError", e)

for bad in [lambda: pyexpat.ParserCreate(namespace_separator="ab"),
            lambda: pyexpat.ParserCreate(encoding=1),
            lambda: pyexpat.ParserCreate(intern=[]),
            lambda: setattr(pyexpat.ParserCreate(), "buffer_size", 0),
            lambda: setattr(pyexpat.ParserCreate(), "buffer_size", 1.5),
            lambda: setattr(pyexpat.ParserCreate(), "nonexistent", 1),
            lambda: delattr(pyexpat.ParserCreate(), "StartElementHandler"),
            lambda: pyexpat.ParserCreate().ParseFile(1),
            lambda: pyexpat.ParserCreate().ParseFile(io.StringIO("<a/>")),
            lambda: pyexpat.ParserCreate().Parse(1),
            lambda: pyexpat.XMLParserType()]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)

# An 8-bit encoding Expat does not know itself, through Python's codecs.
p = pyexpat.ParserCreate()
got = []
p.CharacterDataHandler = got.append
p.Parse("<?xml version='1.0' encoding='iso8859-15'?><a>\u20ac</a>".encode("iso8859-15"), True)
print(got)

# The packages on top.
import plistlib
import xml.dom.minidom
import xml.dom.pulldom
import xml.etree.ElementTree as ET
import xml.sax

doc = xml.dom.minidom.parseString("<r><c a='1'>t</c><!-- x --><d/></r>")
print(doc.toxml())
print(doc.documentElement.getElementsByTagName("c")[0].getAttribute("a"))
tree = ET.fromstring("<a xmlns:p='urn:p'><p:b c='d'>e</p:b>tail</a>")
print(ET.tostring(tree), [el.tag for el in tree.iter()])
print(plistlib.loads(plistlib.dumps({"a": [1, 2.5, "x", True], "b": b"bytes"})))


class Handler(xml.sax.ContentHandler):
    def startElement(self, name, attrs):
        print("sax start", name, dict(attrs))

    def characters(self, content):
        print("sax chars", repr(content))


xml.sax.parseString(b"<q r='s'>text</q>", Handler())
for event, node in xml.dom.pulldom.parseString("<a><b>x</b></a>"):
    print("pulldom", event, node.nodeName)
