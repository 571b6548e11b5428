// The pyexpat module on the system libexpat, as CPython's C module: xmlparser objects with
// one attribute per Expat handler (each installs or removes a C trampoline that calls the
// Python callable), character-data buffering (buffer_text), ordered/specified attributes,
// name interning, Parse/ParseFile, ExpatError with code/lineno/offset, and the errors and
// model submodules. A handler that raises stops the parser; Parse re-raises its exception.
#include <expat.h>

#include <climits>
#include <cstdlib>
#include <cstring>

#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/module_exceptions.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"
#include "runtime/recursion_guard.h"
#include "runtime/runtime.h"

namespace krait {

namespace {

constexpr int kDefaultBufferSize = 8192;  // character data buffered before a call
constexpr int kReadSize = 2048;           // ParseFile's read() size

Object* expat_error_type = nullptr;  // xml.parsers.expat.ExpatError, made once

// The handlers, in CPython's order (dir() lists them sorted anyway).
enum Handler : int {
  kStartElement,
  kEndElement,
  kProcessingInstruction,
  kCharacterData,
  kUnparsedEntityDecl,
  kNotationDecl,
  kStartNamespaceDecl,
  kEndNamespaceDecl,
  kComment,
  kStartCdataSection,
  kEndCdataSection,
  kDefault,
  kDefaultExpand,
  kNotStandalone,
  kExternalEntityRef,
  kStartDoctypeDecl,
  kEndDoctypeDecl,
  kEntityDecl,
  kXmlDecl,
  kElementDecl,
  kAttlistDecl,
  kSkippedEntity,
  kHandlerCount,
};

struct XmlParserObject : Object {
  XML_Parser parser;
  Value handlers[kHandlerCount];  // owned callables, or null
  Value intern;                   // owned dict, or null (no interning)
  Object* parent;                 // the parser an external-entity parser came from (owned)
  char* buffer;                   // character data waiting for one call; null: no buffering
  int buffer_size;
  int buffer_used;
  bool ordered_attributes;
  bool specified_attributes;
  bool namespace_prefixes;
  bool in_callback;
  bool failed;  // a handler raised: no more calls until Parse returns
};

extern TypeObject xmlparser_type;

XmlParserObject* as_parser(Value v) { return static_cast<XmlParserObject*>(v.as_object()); }
XmlParserObject* user_parser(void* user_data) { return static_cast<XmlParserObject*>(user_data); }

// --- Conversions ---

Ref<> text_or_none(const XML_Char* text) {
  if (!text) return new_none();
  return str_from_utf8(text);
}

Ref<> text_of_length(const XML_Char* text, int length) {
  if (!text) return new_none();
  return str_from_utf8({text, size_t(length)});
}

// Names, ids and URIs are interned in the parser's dict, so repeated tags share one str
// (None too, as CPython does).
Ref<> intern_name(XmlParserObject* self, const XML_Char* name) {
  Ref<> text = text_or_none(name);
  if (!text || !self->intern) return text;
  auto* dict = static_cast<DictObject*>(self->intern.as_object());
  Value known = dict_get(dict, text.value());
  if (known) return new_ref(known);
  if (error_occurred() || !dict_set(dict, text.value(), text.value())) return nullptr;
  return text;
}

// --- Calling Python handlers ---

void install_handler(XmlParserObject* self, int which, bool on);

// A handler raised: remember it and stop Expat.
void flag_error(XmlParserObject* self) {
  self->failed = true;
  XML_StopParser(self->parser, XML_FALSE);
}

Ref<> call_handler(XmlParserObject* self, Value handler, const Value* args, size_t nargs) {
  Ref<> keep = new_ref(handler);
  bool was_in_callback = self->in_callback;
  self->in_callback = true;
  Ref<> result = call(handler, args, nargs);
  self->in_callback = was_in_callback;
  if (!result) flag_error(self);
  return result;
}

bool call_character_handler(XmlParserObject* self, const XML_Char* data, int length) {
  Value handler = self->handlers[kCharacterData];
  if (!handler) return true;
  Ref<> text = text_of_length(data, length);
  if (!text) {
    flag_error(self);
    return false;
  }
  Value arg = text.value();
  return bool(call_handler(self, handler, &arg, 1));
}

bool flush_character_buffer(XmlParserObject* self) {
  if (!self->buffer || self->buffer_used == 0) return true;
  int used = self->buffer_used;
  self->buffer_used = 0;
  return call_character_handler(self, self->buffer, used);
}

// The handler to call for an event other than character data, after flushing buffered
// text; null when there is none or parsing failed.
Value ready_handler(XmlParserObject* self, int which) {
  if (self->failed || !self->handlers[which]) return Value();
  if (!flush_character_buffer(self) || self->failed) return Value();
  return self->handlers[which];
}

// Calls handler `which` with the converted arguments; a failed conversion stops parsing.
template <size_t N>
Ref<> dispatch(XmlParserObject* self, Value handler, Ref<> (&args)[N]) {
  Value values[N == 0 ? 1 : N];
  for (size_t i = 0; i < N; ++i) {
    if (!args[i]) {
      flag_error(self);
      return nullptr;
    }
    values[i] = args[i].value();
  }
  return call_handler(self, handler, values, N);
}

Ref<> dispatch0(XmlParserObject* self, Value handler) { return call_handler(self, handler, nullptr, 0); }

// dispatch for the callbacks whose handler result Expat does not use (a failure is
// already flagged and stops parsing).
template <size_t N>
void notify(XmlParserObject* self, Value handler, Ref<> (&args)[N]) {
  Ref<> unused = dispatch(self, handler, args);
}
void notify0(XmlParserObject* self, Value handler) { Ref<> unused = dispatch0(self, handler); }

// --- The C trampolines, one per Expat callback ---

void on_start_element(void* user, const XML_Char* name, const XML_Char** attributes) {
  XmlParserObject* self = user_parser(user);
  Value handler = ready_handler(self, kStartElement);
  if (!handler) return;
  int count = 0;
  if (self->specified_attributes) {
    count = XML_GetSpecifiedAttributeCount(self->parser);
  } else {
    while (attributes[count]) count += 2;
  }
  Ref<> container;
  if (self->ordered_attributes) container = list_new(0);
  else container = dict_new();
  if (!container) return flag_error(self);
  for (int i = 0; i < count; i += 2) {
    Ref<> key = intern_name(self, attributes[i]);
    if (!key) return flag_error(self);
    Ref<> value = text_or_none(attributes[i + 1]);
    if (!value) return flag_error(self);
    if (self->ordered_attributes) {
      if (!list_append(as_list(container), key.value()) || !list_append(as_list(container), value.value()))
        return flag_error(self);
    } else if (!dict_set(static_cast<DictObject*>(container.get()), key.value(), value.value())) {
      return flag_error(self);
    }
  }
  Ref<> args[] = {intern_name(self, name), std::move(container)};
  notify(self, handler, args);
}

void on_end_element(void* user, const XML_Char* name) {
  XmlParserObject* self = user_parser(user);
  Value handler = ready_handler(self, kEndElement);
  if (!handler) return;
  Ref<> args[] = {intern_name(self, name)};
  notify(self, handler, args);
}

void on_processing_instruction(void* user, const XML_Char* target, const XML_Char* data) {
  XmlParserObject* self = user_parser(user);
  Value handler = ready_handler(self, kProcessingInstruction);
  if (!handler) return;
  Ref<> args[] = {intern_name(self, target), text_or_none(data)};
  notify(self, handler, args);
}

void on_character_data(void* user, const XML_Char* data, int length) {
  XmlParserObject* self = user_parser(user);
  if (self->failed) return;
  if (!self->buffer) {
    call_character_handler(self, data, length);
    return;
  }
  if (self->buffer_used + length > self->buffer_size) {
    if (!flush_character_buffer(self) || !self->handlers[kCharacterData]) return;
  }
  if (length > self->buffer_size) {
    call_character_handler(self, data, length);
    self->buffer_used = 0;
  } else {
    std::memcpy(self->buffer + self->buffer_used, data, size_t(length));
    self->buffer_used += length;
  }
}

void on_unparsed_entity_decl(void* user, const XML_Char* entity_name, const XML_Char* base,
                             const XML_Char* system_id, const XML_Char* public_id,
                             const XML_Char* notation_name) {
  XmlParserObject* self = user_parser(user);
  Value handler = ready_handler(self, kUnparsedEntityDecl);
  if (!handler) return;
  Ref<> args[] = {intern_name(self, entity_name), intern_name(self, base), intern_name(self, system_id),
                  intern_name(self, public_id), intern_name(self, notation_name)};
  notify(self, handler, args);
}

void on_notation_decl(void* user, const XML_Char* notation_name, const XML_Char* base,
                      const XML_Char* system_id, const XML_Char* public_id) {
  XmlParserObject* self = user_parser(user);
  Value handler = ready_handler(self, kNotationDecl);
  if (!handler) return;
  Ref<> args[] = {intern_name(self, notation_name), intern_name(self, base), intern_name(self, system_id),
                  intern_name(self, public_id)};
  notify(self, handler, args);
}

void on_start_namespace_decl(void* user, const XML_Char* prefix, const XML_Char* uri) {
  XmlParserObject* self = user_parser(user);
  Value handler = ready_handler(self, kStartNamespaceDecl);
  if (!handler) return;
  Ref<> args[] = {intern_name(self, prefix), intern_name(self, uri)};
  notify(self, handler, args);
}

void on_end_namespace_decl(void* user, const XML_Char* prefix) {
  XmlParserObject* self = user_parser(user);
  Value handler = ready_handler(self, kEndNamespaceDecl);
  if (!handler) return;
  Ref<> args[] = {intern_name(self, prefix)};
  notify(self, handler, args);
}

void on_comment(void* user, const XML_Char* data) {
  XmlParserObject* self = user_parser(user);
  Value handler = ready_handler(self, kComment);
  if (!handler) return;
  Ref<> args[] = {text_or_none(data)};
  notify(self, handler, args);
}

void on_start_cdata_section(void* user) {
  XmlParserObject* self = user_parser(user);
  if (Value handler = ready_handler(self, kStartCdataSection)) notify0(self, handler);
}

void on_end_cdata_section(void* user) {
  XmlParserObject* self = user_parser(user);
  if (Value handler = ready_handler(self, kEndCdataSection)) notify0(self, handler);
}

template <int Which>
void on_default(void* user, const XML_Char* data, int length) {
  XmlParserObject* self = user_parser(user);
  Value handler = ready_handler(self, Which);
  if (!handler) return;
  Ref<> args[] = {text_of_length(data, length)};
  notify(self, handler, args);
}

// A handler's result as an int (NotStandalone, ExternalEntityRef); 0 after an error.
int int_result(XmlParserObject* self, Ref<> result) {
  if (!result) return 0;
  int64_t value;
  if (!index_to_int64(result.value(), &value)) {
    flag_error(self);
    return 0;
  }
  return int(value);
}

int on_not_standalone(void* user) {
  XmlParserObject* self = user_parser(user);
  Value handler = ready_handler(self, kNotStandalone);
  if (!handler) return 0;
  return int_result(self, dispatch0(self, handler));
}

int on_external_entity_ref(XML_Parser parser, const XML_Char* context, const XML_Char* base,
                           const XML_Char* system_id, const XML_Char* public_id) {
  XmlParserObject* self = user_parser(XML_GetUserData(parser));
  Value handler = ready_handler(self, kExternalEntityRef);
  if (!handler) return 0;
  Ref<> args[] = {text_or_none(context), intern_name(self, base), intern_name(self, system_id),
                  intern_name(self, public_id)};
  return int_result(self, dispatch(self, handler, args));
}

void on_start_doctype_decl(void* user, const XML_Char* name, const XML_Char* system_id,
                           const XML_Char* public_id, int has_internal_subset) {
  XmlParserObject* self = user_parser(user);
  Value handler = ready_handler(self, kStartDoctypeDecl);
  if (!handler) return;
  Ref<> args[] = {intern_name(self, name), intern_name(self, system_id), intern_name(self, public_id),
                  int_from_int64(has_internal_subset)};
  notify(self, handler, args);
}

void on_end_doctype_decl(void* user) {
  XmlParserObject* self = user_parser(user);
  if (Value handler = ready_handler(self, kEndDoctypeDecl)) notify0(self, handler);
}

void on_entity_decl(void* user, const XML_Char* entity_name, int is_parameter_entity,
                    const XML_Char* value, int value_length, const XML_Char* base,
                    const XML_Char* system_id, const XML_Char* public_id, const XML_Char* notation_name) {
  XmlParserObject* self = user_parser(user);
  Value handler = ready_handler(self, kEntityDecl);
  if (!handler) return;
  Ref<> args[] = {intern_name(self, entity_name), int_from_int64(is_parameter_entity),
                  text_of_length(value, value_length), intern_name(self, base), intern_name(self, system_id),
                  intern_name(self, public_id), intern_name(self, notation_name)};
  notify(self, handler, args);
}

void on_xml_decl(void* user, const XML_Char* version, const XML_Char* encoding, int standalone) {
  XmlParserObject* self = user_parser(user);
  Value handler = ready_handler(self, kXmlDecl);
  if (!handler) return;
  Ref<> args[] = {text_or_none(version), text_or_none(encoding), int_from_int64(standalone)};
  notify(self, handler, args);
}

// (type, quantifier, name, children) for an element declaration's content model.
Ref<> content_model(const XML_Content& model) {
  RecursionGuard guard("");
  if (guard.failed()) return nullptr;
  Ref<TupleObject> children = tuple_allocate(model.numchildren);
  if (!children) return nullptr;
  for (unsigned i = 0; i < model.numchildren; ++i) {
    Ref<> child = content_model(model.children[i]);
    if (!child) return nullptr;
    children->items[i] = child.release();
  }
  Ref<> type = int_from_int64(model.type);
  Ref<> quantifier = int_from_int64(model.quant);
  Ref<> name = text_or_none(model.name);
  if (!type || !quantifier || !name) return nullptr;
  return tuple_steal({type.release(), quantifier.release(), name.release(), children.release()});
}

void on_element_decl(void* user, const XML_Char* name, XML_Content* model) {
  XmlParserObject* self = user_parser(user);
  Value handler = ready_handler(self, kElementDecl);
  if (handler) {
    Ref<> args[] = {intern_name(self, name), content_model(*model)};
    notify(self, handler, args);
  }
  XML_FreeContentModel(self->parser, model);
}

void on_attlist_decl(void* user, const XML_Char* element_name, const XML_Char* attribute_name,
                     const XML_Char* attribute_type, const XML_Char* default_value, int is_required) {
  XmlParserObject* self = user_parser(user);
  Value handler = ready_handler(self, kAttlistDecl);
  if (!handler) return;
  Ref<> args[] = {intern_name(self, element_name), intern_name(self, attribute_name),
                  text_or_none(attribute_type), text_or_none(default_value), int_from_int64(is_required)};
  notify(self, handler, args);
}

void on_skipped_entity(void* user, const XML_Char* entity_name, int is_parameter_entity) {
  XmlParserObject* self = user_parser(user);
  Value handler = ready_handler(self, kSkippedEntity);
  if (!handler) return;
  Ref<> args[] = {intern_name(self, entity_name), int_from_int64(is_parameter_entity)};
  notify(self, handler, args);
}

// Sets or removes the C trampoline of handler `which`.
void install_handler(XmlParserObject* self, int which, bool on) {
  XML_Parser p = self->parser;
  switch (which) {
    case kStartElement:
      XML_SetStartElementHandler(p, on ? on_start_element : nullptr);
      break;
    case kEndElement:
      XML_SetEndElementHandler(p, on ? on_end_element : nullptr);
      break;
    case kProcessingInstruction:
      XML_SetProcessingInstructionHandler(p, on ? on_processing_instruction : nullptr);
      break;
    case kCharacterData:
      XML_SetCharacterDataHandler(p, on ? on_character_data : nullptr);
      break;
    case kUnparsedEntityDecl:
      XML_SetUnparsedEntityDeclHandler(p, on ? on_unparsed_entity_decl : nullptr);
      break;
    case kNotationDecl:
      XML_SetNotationDeclHandler(p, on ? on_notation_decl : nullptr);
      break;
    case kStartNamespaceDecl:
      XML_SetStartNamespaceDeclHandler(p, on ? on_start_namespace_decl : nullptr);
      break;
    case kEndNamespaceDecl:
      XML_SetEndNamespaceDeclHandler(p, on ? on_end_namespace_decl : nullptr);
      break;
    case kComment:
      XML_SetCommentHandler(p, on ? on_comment : nullptr);
      break;
    case kStartCdataSection:
      XML_SetStartCdataSectionHandler(p, on ? on_start_cdata_section : nullptr);
      break;
    case kEndCdataSection:
      XML_SetEndCdataSectionHandler(p, on ? on_end_cdata_section : nullptr);
      break;
    case kDefault:
      XML_SetDefaultHandler(p, on ? on_default<kDefault> : nullptr);
      break;
    case kDefaultExpand:
      XML_SetDefaultHandlerExpand(p, on ? on_default<kDefaultExpand> : nullptr);
      break;
    case kNotStandalone:
      XML_SetNotStandaloneHandler(p, on ? on_not_standalone : nullptr);
      break;
    case kExternalEntityRef:
      XML_SetExternalEntityRefHandler(p, on ? on_external_entity_ref : nullptr);
      break;
    case kStartDoctypeDecl:
      XML_SetStartDoctypeDeclHandler(p, on ? on_start_doctype_decl : nullptr);
      break;
    case kEndDoctypeDecl:
      XML_SetEndDoctypeDeclHandler(p, on ? on_end_doctype_decl : nullptr);
      break;
    case kEntityDecl:
      XML_SetEntityDeclHandler(p, on ? on_entity_decl : nullptr);
      break;
    case kXmlDecl:
      XML_SetXmlDeclHandler(p, on ? on_xml_decl : nullptr);
      break;
    case kElementDecl:
      XML_SetElementDeclHandler(p, on ? on_element_decl : nullptr);
      break;
    case kAttlistDecl:
      XML_SetAttlistDeclHandler(p, on ? on_attlist_decl : nullptr);
      break;
    case kSkippedEntity:
      XML_SetSkippedEntityHandler(p, on ? on_skipped_entity : nullptr);
      break;
    default:
      break;
  }
}

// Encodings Expat does not know: single-byte Python codecs, by decoding all 256 bytes.
int on_unknown_encoding(void*, const XML_Char* name, XML_Encoding* info) {
  char all_bytes[256];
  for (int i = 0; i < 256; ++i) all_bytes[i] = char(i);
  Ref<> data = bytes_from({all_bytes, sizeof all_bytes});
  Ref<> encoding = str_from_utf8(name);
  Ref<> errors = str_from_ascii("replace");
  if (!data || !encoding || !errors) return XML_STATUS_ERROR;
  Ref<> decode = get_attr(data.value(), "decode");
  Ref<> text = decode ? call2(decode.value(), encoding.value(), errors.value()) : nullptr;
  if (!text) return XML_STATUS_ERROR;
  if (!is_str(text.value()) || as_str(text.value())->length != 256) {
    value_error("multi-byte encodings are not supported");
    return XML_STATUS_ERROR;
  }
  for (int i = 0; i < 256; ++i) {
    char32_t c = as_str(text.value())->at(i);
    info->map[i] = c == 0xFFFD ? -1 : int(c);
  }
  info->data = nullptr;
  info->convert = nullptr;
  info->release = nullptr;
  return XML_STATUS_OK;
}

// --- Errors ---

// ExpatError("<message>: line L, column C") with code, lineno and offset.
Raised raise_expat_error(XmlParserObject* self, XML_Error code) {
  int64_t line = int64_t(XML_GetCurrentLineNumber(self->parser));
  int64_t column = int64_t(XML_GetCurrentColumnNumber(self->parser));
  const XML_LChar* text = XML_ErrorString(code);
  std::string message = std::string(text ? text : "") + ": line " + std::to_string(line) + ", column " +
                        std::to_string(column);
  Ref<> message_object = str_from_utf8(message);
  if (!message_object) return Raised();
  Ref<> error = call1(Value(expat_error_type), message_object.value());
  if (!error) return Raised();
  Ref<> code_object = int_from_int64(code), line_object = int_from_int64(line),
        column_object = int_from_int64(column);
  if (!code_object || !line_object || !column_object || !set_attr(error.value(), "code", code_object.value()) ||
      !set_attr(error.value(), "offset", column_object.value()) ||
      !set_attr(error.value(), "lineno", line_object.value())) {
    return Raised();
  }
  return raise_exception(error.value());
}

// What Parse and ParseFile return for Expat's status.
Ref<> parse_result(XmlParserObject* self, XML_Status status) {
  if (self->failed || error_occurred()) {
    self->failed = false;
    return nullptr;
  }
  if (status == XML_STATUS_ERROR) return raise_expat_error(self, XML_GetErrorCode(self->parser));
  if (!flush_character_buffer(self)) {
    self->failed = false;
    return nullptr;
  }
  return int_from_int64(status);
}

// --- Creating parsers ---

Ref<> parser_allocate() {
  auto* self = allocate<XmlParserObject>(&xmlparser_type);
  if (!self) return nullptr;
  self->buffer_size = kDefaultBufferSize;
  return Ref<>::steal(Value(self));
}

bool optional_text_arg(Value v, const char* function, const char* name, std::string* out, bool* given) {
  *given = false;
  if (!v || is_none(v)) return true;
  if (!is_str(v)) return type_error("{}() argument '{}' must be str or None, not {}", function, name, type_name(v));
  *out = std::string(str_utf8(v));
  *given = true;
  return true;
}

Ref<> pyexpat_parser_create(Value, const Value* args) {
  std::string encoding, separator;
  bool has_encoding, has_separator;
  if (!optional_text_arg(args[0], "ParserCreate", "encoding", &encoding, &has_encoding) ||
      !optional_text_arg(args[1], "ParserCreate", "namespace_separator", &separator, &has_separator)) {
    return nullptr;
  }
  if (has_separator && as_str(args[1])->length > 1)
    return value_error("namespace_separator must be at most one character, omitted, or None");
  Ref<> intern;
  if (!args[2]) {
    intern = dict_new();
    if (!intern) return nullptr;
  } else if (!is_none(args[2])) {
    if (!is_dict(args[2])) return type_error("intern must be a dictionary");
    intern = new_ref(args[2]);
  }
  Ref<> result = parser_allocate();
  if (!result) return nullptr;
  XmlParserObject* self = as_parser(result);
  const char* encoding_name = has_encoding ? encoding.c_str() : nullptr;
  self->parser = has_separator ? XML_ParserCreateNS(encoding_name, separator.empty() ? '\0' : separator[0])
                               : XML_ParserCreate(encoding_name);
  if (!self->parser) return raise(exc::RuntimeError, "XML_ParserCreate failed");
  self->intern = intern ? intern.release() : Value();
  XML_SetUserData(self->parser, self);
  XML_SetUnknownEncodingHandler(self->parser, on_unknown_encoding, nullptr);
  gc_track(self);
  return result;
}

Ref<> pyexpat_error_string(Value, const Value* args) {
  int64_t code;
  if (!index_to_int64(args[0], &code)) return nullptr;
  const XML_LChar* text = XML_ErrorString(XML_Error(code));
  return text_or_none(text);
}

// --- xmlparser methods ---

Ref<> parser_parse(Value self_value, const Value* args) {
  XmlParserObject* self = as_parser(self_value);
  int final_flag = args[1] ? is_true(args[1]) : 0;
  if (final_flag < 0) return nullptr;
  Value data = args[0];
  const char* bytes;
  int64_t length;
  Buffer view;
  bool has_view = false;
  if (is_str(data)) {
    std::string_view text = str_utf8(data);
    bytes = text.data();
    length = int64_t(text.size());
    XML_SetEncoding(self->parser, "utf-8");
  } else {
    if (!buffer_get(data, &view, kBufferSimple)) return nullptr;
    has_view = true;
    bytes = static_cast<const char*>(view.data);
    length = view.length;
  }
  XML_Status status = XML_STATUS_OK;
  // Expat takes an int length: feed larger inputs in pieces.
  while (length > INT_MAX && status == XML_STATUS_OK) {
    status = XML_Parse(self->parser, bytes, INT_MAX, XML_FALSE);
    bytes += INT_MAX;
    length -= INT_MAX;
  }
  if (status == XML_STATUS_OK && !self->failed) status = XML_Parse(self->parser, bytes, int(length), final_flag);
  if (has_view) buffer_release(&view);
  return parse_result(self, status);
}

Ref<> parser_parse_file(Value self_value, const Value* args) {
  XmlParserObject* self = as_parser(self_value);
  Ref<> read;
  int found = get_attr_optional(args[0], ID(read), &read);
  if (found < 0) return nullptr;
  if (found == 0) return type_error("argument must have 'read' attribute");
  Ref<> size = int_from_int64(kReadSize);
  XML_Status status;
  for (;;) {
    Ref<> chunk = call1(read.value(), size.value());
    if (!chunk) return nullptr;
    if (!is_bytes(chunk.value()))
      return type_error("read() did not return a bytes object (type={})", type_name(chunk.value()));
    Buffer view;
    if (!buffer_get(chunk.value(), &view, kBufferSimple)) return nullptr;
    if (view.length > kReadSize) {
      buffer_release(&view);
      return value_error("read() returned too much data: {} bytes requested, {} returned", int64_t(kReadSize),
                         view.length);
    }
    int length = int(view.length);
    status = XML_Parse(self->parser, static_cast<const char*>(view.data), length, length == 0);
    buffer_release(&view);
    if (status == XML_STATUS_ERROR || self->failed || length == 0) break;
  }
  return parse_result(self, status);
}

Ref<> parser_set_base(Value self, const Value* args) {
  if (!is_str(args[0])) return type_error("SetBase() argument must be str, not {}", type_name(args[0]));
  std::string base(str_utf8(args[0]));
  if (!XML_SetBase(as_parser(self)->parser, base.c_str())) return raise_memory_error();
  return new_none();
}

Ref<> parser_get_base(Value self, const Value*) { return text_or_none(XML_GetBase(as_parser(self)->parser)); }

Ref<> parser_get_input_context(Value self_value, const Value*) {
  XmlParserObject* self = as_parser(self_value);
  if (!self->in_callback) return new_none();
  int offset, size;
  const char* context = XML_GetInputContext(self->parser, &offset, &size);
  if (!context) return new_none();
  return bytes_from({context + offset, size_t(size - offset)});
}

Ref<> parser_external_entity_parser_create(Value self_value, const Value* args) {
  XmlParserObject* self = as_parser(self_value);
  std::string context, encoding;
  bool has_context = false, has_encoding = false;
  if (args[0] && !is_none(args[0])) {
    if (!is_str(args[0]))
      return type_error("ExternalEntityParserCreate() argument 1 must be str or None, not {}", type_name(args[0]));
    context = std::string(str_utf8(args[0]));
    has_context = true;
  }
  if (args[1]) {
    if (!is_str(args[1]))
      return type_error("ExternalEntityParserCreate() argument 2 must be str, not {}", type_name(args[1]));
    encoding = std::string(str_utf8(args[1]));
    has_encoding = true;
  }
  Ref<> result = parser_allocate();
  if (!result) return nullptr;
  XmlParserObject* child = as_parser(result);
  child->parser = XML_ExternalEntityParserCreate(self->parser, has_context ? context.c_str() : nullptr,
                                                 has_encoding ? encoding.c_str() : nullptr);
  if (!child->parser) return raise_memory_error();
  XML_SetUserData(child->parser, child);
  child->parent = self;
  incref(self);
  child->buffer_size = self->buffer_size;
  if (self->buffer) {
    child->buffer = static_cast<char*>(std::malloc(size_t(child->buffer_size)));
    if (!child->buffer) return raise_memory_error();
  }
  child->ordered_attributes = self->ordered_attributes;
  child->specified_attributes = self->specified_attributes;
  child->namespace_prefixes = self->namespace_prefixes;
  if (self->intern) child->intern = new_ref(self->intern).release();
  for (int i = 0; i < kHandlerCount; ++i) {
    if (!self->handlers[i]) continue;
    child->handlers[i] = new_ref(self->handlers[i]).release();
    install_handler(child, i, true);
  }
  gc_track(child);
  return result;
}

Ref<> parser_set_param_entity_parsing(Value self, const Value* args) {
  int64_t flag;
  if (!index_to_int64(args[0], &flag)) return nullptr;
  return int_from_int64(XML_SetParamEntityParsing(as_parser(self)->parser, XML_ParamEntityParsing(flag)));
}

Ref<> parser_use_foreign_dtd(Value self_value, const Value* args) {
  XmlParserObject* self = as_parser(self_value);
  int flag = args[0] ? is_true(args[0]) : 1;
  if (flag < 0) return nullptr;
  XML_Error code = XML_UseForeignDTD(self->parser, flag ? XML_TRUE : XML_FALSE);
  if (code != XML_ERROR_NONE) return raise_expat_error(self, code);
  return new_none();
}

// --- xmlparser attributes ---

template <int Which>
Ref<> handler_get(Value self) {
  Value handler = as_parser(self)->handlers[Which];
  return handler ? new_ref(handler) : new_none();
}

template <int Which>
int handler_set(Value self_value, Value value) {
  XmlParserObject* self = as_parser(self_value);
  if (!value) return runtime_error("Cannot delete attribute");
  // Text buffered for the old character-data handler goes to it first.
  if (Which == kCharacterData && !flush_character_buffer(self)) {
    self->failed = false;
    return -1;
  }
  Value old = self->handlers[Which];
  self->handlers[Which] = is_none(value) ? Value() : new_ref(value).release();
  install_handler(self, Which, bool(self->handlers[Which]));
  if (old) decref(old);
  return 0;
}

Ref<> get_error_code(Value self) { return int_from_int64(XML_GetErrorCode(as_parser(self)->parser)); }
Ref<> get_line(Value self) { return int_from_int64(int64_t(XML_GetCurrentLineNumber(as_parser(self)->parser))); }
Ref<> get_column(Value self) {
  return int_from_int64(int64_t(XML_GetCurrentColumnNumber(as_parser(self)->parser)));
}
Ref<> get_byte_index(Value self) { return int_from_int64(int64_t(XML_GetCurrentByteIndex(as_parser(self)->parser))); }

Ref<> get_buffer_text(Value self) { return new_bool(as_parser(self)->buffer != nullptr); }
int set_buffer_text(Value self_value, Value value) {
  XmlParserObject* self = as_parser(self_value);
  if (!value) return runtime_error("Cannot delete attribute");
  int on = is_true(value);
  if (on < 0) return -1;
  if (on && !self->buffer) {
    self->buffer = static_cast<char*>(std::malloc(size_t(self->buffer_size)));
    if (!self->buffer) return raise_memory_error();
    self->buffer_used = 0;
  } else if (!on && self->buffer) {
    if (!flush_character_buffer(self)) {
      self->failed = false;
      return -1;
    }
    std::free(self->buffer);
    self->buffer = nullptr;
  }
  return 0;
}

Ref<> get_buffer_size(Value self) { return int_from_int64(as_parser(self)->buffer_size); }
int set_buffer_size(Value self_value, Value value) {
  XmlParserObject* self = as_parser(self_value);
  if (!value) return runtime_error("Cannot delete attribute");
  if (!is_int(value)) return type_error("buffer_size must be an integer");
  int64_t size;
  if (!int_to_int64(value, &size)) return overflow_error("Python int too large to convert to C long");
  if (size <= 0) return value_error("buffer_size must be greater than zero");
  if (size > INT_MAX) return value_error("buffer_size must not be greater than {}", int64_t(INT_MAX));
  if (self->buffer) {
    if (self->buffer_size == size) return 0;
    if (!flush_character_buffer(self)) {
      self->failed = false;
      return -1;
    }
    char* grown = static_cast<char*>(std::realloc(self->buffer, size_t(size)));
    if (!grown) return raise_memory_error();
    self->buffer = grown;
  }
  self->buffer_size = int(size);
  return 0;
}

Ref<> get_buffer_used(Value self) { return int_from_int64(as_parser(self)->buffer_used); }

template <bool XmlParserObject::*Flag>
Ref<> flag_get(Value self) {
  return new_bool(as_parser(self)->*Flag);
}

template <bool XmlParserObject::*Flag>
int flag_set(Value self_value, Value value) {
  XmlParserObject* self = as_parser(self_value);
  if (!value) return runtime_error("Cannot delete attribute");
  int on = is_true(value);
  if (on < 0) return -1;
  self->*Flag = on;
  if (Flag == &XmlParserObject::namespace_prefixes) XML_SetReturnNSTriplet(self->parser, on);
  return 0;
}

Ref<> get_intern(Value self) {
  Value intern = as_parser(self)->intern;
  return intern ? new_ref(intern) : new_none();
}

#define KRAIT_HANDLER(name, which) {name, handler_get<which>, handler_set<which>}
const GetSetDef xmlparser_getsets[] = {
    KRAIT_HANDLER("StartElementHandler", kStartElement),
    KRAIT_HANDLER("EndElementHandler", kEndElement),
    KRAIT_HANDLER("ProcessingInstructionHandler", kProcessingInstruction),
    KRAIT_HANDLER("CharacterDataHandler", kCharacterData),
    KRAIT_HANDLER("UnparsedEntityDeclHandler", kUnparsedEntityDecl),
    KRAIT_HANDLER("NotationDeclHandler", kNotationDecl),
    KRAIT_HANDLER("StartNamespaceDeclHandler", kStartNamespaceDecl),
    KRAIT_HANDLER("EndNamespaceDeclHandler", kEndNamespaceDecl),
    KRAIT_HANDLER("CommentHandler", kComment),
    KRAIT_HANDLER("StartCdataSectionHandler", kStartCdataSection),
    KRAIT_HANDLER("EndCdataSectionHandler", kEndCdataSection),
    KRAIT_HANDLER("DefaultHandler", kDefault),
    KRAIT_HANDLER("DefaultHandlerExpand", kDefaultExpand),
    KRAIT_HANDLER("NotStandaloneHandler", kNotStandalone),
    KRAIT_HANDLER("ExternalEntityRefHandler", kExternalEntityRef),
    KRAIT_HANDLER("StartDoctypeDeclHandler", kStartDoctypeDecl),
    KRAIT_HANDLER("EndDoctypeDeclHandler", kEndDoctypeDecl),
    KRAIT_HANDLER("EntityDeclHandler", kEntityDecl),
    KRAIT_HANDLER("XmlDeclHandler", kXmlDecl),
    KRAIT_HANDLER("ElementDeclHandler", kElementDecl),
    KRAIT_HANDLER("AttlistDeclHandler", kAttlistDecl),
    KRAIT_HANDLER("SkippedEntityHandler", kSkippedEntity),
    {"ErrorCode", get_error_code},
    {"ErrorLineNumber", get_line},
    {"ErrorColumnNumber", get_column},
    {"ErrorByteIndex", get_byte_index},
    {"CurrentLineNumber", get_line},
    {"CurrentColumnNumber", get_column},
    {"CurrentByteIndex", get_byte_index},
    {"buffer_size", get_buffer_size, set_buffer_size},
    {"buffer_text", get_buffer_text, set_buffer_text},
    {"buffer_used", get_buffer_used},
    {"namespace_prefixes", flag_get<&XmlParserObject::namespace_prefixes>,
     flag_set<&XmlParserObject::namespace_prefixes>},
    {"ordered_attributes", flag_get<&XmlParserObject::ordered_attributes>,
     flag_set<&XmlParserObject::ordered_attributes>},
    {"specified_attributes", flag_get<&XmlParserObject::specified_attributes>,
     flag_set<&XmlParserObject::specified_attributes>},
    {"intern", get_intern},
    {},
};
#undef KRAIT_HANDLER

const MethodDef xmlparser_methods[] = {
    {.name = "Parse", .impl = parser_parse, .signature = "($self, data, isfinal=False, /)",
     .doc = "Parse XML data.\n\n`isfinal' should be true at end of input."},
    {.name = "ParseFile", .impl = parser_parse_file, .signature = "($self, file, /)",
     .doc = "Parse XML data from file-like object."},
    {.name = "SetBase", .impl = parser_set_base, .signature = "($self, base, /)",
     .doc = "Set the base URL for the parser."},
    {.name = "GetBase", .impl = parser_get_base, .signature = "($self, /)",
     .doc = "Return base URL string for the parser."},
    {.name = "GetInputContext", .impl = parser_get_input_context, .signature = "($self, /)",
     .doc = "Return the untranslated text of the input that caused the current event.\n\n"
            "If the event was generated by a large amount of text (such as a start tag\n"
            "for an element with many attributes), not all of the text may be available."},
    {.name = "ExternalEntityParserCreate", .impl = parser_external_entity_parser_create,
     .signature = "($self, context, encoding=?, /)",
     .doc = "Create a parser for parsing an external entity based on the information passed to the "
            "ExternalEntityRefHandler."},
    {.name = "SetParamEntityParsing", .impl = parser_set_param_entity_parsing, .signature = "($self, flag, /)",
     .doc = "Controls parsing of parameter entities (including the external DTD subset).\n\n"
            "Possible flag values are XML_PARAM_ENTITY_PARSING_NEVER,\n"
            "XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE and\n"
            "XML_PARAM_ENTITY_PARSING_ALWAYS. Returns true if setting the flag\n"
            "was successful."},
    {.name = "UseForeignDTD", .impl = parser_use_foreign_dtd, .signature = "($self, flag=True, /)",
     .doc = "Allows the application to provide an artificial external subset if one is not specified as "
            "part of the document instance.\n\n"
            "This readily allows the use of a 'default' document type controlled by the\n"
            "application, while still getting the advantage of providing document type\n"
            "information to the parser. 'flag' defaults to True if not provided."},
    {},
};

void xmlparser_traverse(Object* o, VisitFn visit, void* arg) {
  auto* self = static_cast<XmlParserObject*>(o);
  for (Value handler : self->handlers) {
    if (handler.is_object()) visit(handler.as_object(), arg);
  }
  if (self->intern.is_object()) visit(self->intern.as_object(), arg);
  if (self->parent) visit(self->parent, arg);
}

void xmlparser_clear(Object* o) {
  auto* self = static_cast<XmlParserObject*>(o);
  for (int i = 0; i < kHandlerCount; ++i) {
    Value handler = self->handlers[i];
    if (!handler) continue;
    self->handlers[i] = Value();
    if (self->parser) install_handler(self, i, false);
    decref(handler);
  }
  if (Value intern = self->intern) {
    self->intern = Value();
    decref(intern);
  }
}

void xmlparser_dealloc(Object* o) {
  auto* self = static_cast<XmlParserObject*>(o);
  gc_untrack(o);
  xmlparser_clear(o);
  if (self->parser) XML_ParserFree(self->parser);
  std::free(self->buffer);
  // The parent goes last: Expat's child parser uses its tables until freed.
  if (self->parent) decref(self->parent);
  free_object(o);
}

TypeObject xmlparser_type{TypeSpec{
    .name = "pyexpat.xmlparser",
    .doc = "XML parser",
    .basic_size = sizeof(XmlParserObject),
    .flags = kTypeHaveGC | kTypeDisallowInstantiation,
    .slots = {.dealloc = xmlparser_dealloc, .traverse = xmlparser_traverse, .clear = xmlparser_clear,
              .getattr = generic_get_attr, .setattr = generic_set_attr},
    .methods = xmlparser_methods,
    .getsets = xmlparser_getsets,
}};

// --- The module ---

const MethodDef pyexpat_methods[] = {
    {.name = "ParserCreate", .impl = pyexpat_parser_create,
     .signature = "($module, /, encoding=None, namespace_separator=None, intern=?)",
     .doc = "Return a new XML parser object."},
    {.name = "ErrorString", .impl = pyexpat_error_string, .signature = "($module, code, /)",
     .doc = "Returns string error for given number."},
    {},
};

// The names of Expat's error codes, for pyexpat.errors.
const struct {
  const char* name;
  XML_Error code;
} error_names[] = {
#define KRAIT_ERROR(name) {#name, name}
    KRAIT_ERROR(XML_ERROR_NO_MEMORY),
    KRAIT_ERROR(XML_ERROR_SYNTAX),
    KRAIT_ERROR(XML_ERROR_NO_ELEMENTS),
    KRAIT_ERROR(XML_ERROR_INVALID_TOKEN),
    KRAIT_ERROR(XML_ERROR_UNCLOSED_TOKEN),
    KRAIT_ERROR(XML_ERROR_PARTIAL_CHAR),
    KRAIT_ERROR(XML_ERROR_TAG_MISMATCH),
    KRAIT_ERROR(XML_ERROR_DUPLICATE_ATTRIBUTE),
    KRAIT_ERROR(XML_ERROR_JUNK_AFTER_DOC_ELEMENT),
    KRAIT_ERROR(XML_ERROR_PARAM_ENTITY_REF),
    KRAIT_ERROR(XML_ERROR_UNDEFINED_ENTITY),
    KRAIT_ERROR(XML_ERROR_RECURSIVE_ENTITY_REF),
    KRAIT_ERROR(XML_ERROR_ASYNC_ENTITY),
    KRAIT_ERROR(XML_ERROR_BAD_CHAR_REF),
    KRAIT_ERROR(XML_ERROR_BINARY_ENTITY_REF),
    KRAIT_ERROR(XML_ERROR_ATTRIBUTE_EXTERNAL_ENTITY_REF),
    KRAIT_ERROR(XML_ERROR_MISPLACED_XML_PI),
    KRAIT_ERROR(XML_ERROR_UNKNOWN_ENCODING),
    KRAIT_ERROR(XML_ERROR_INCORRECT_ENCODING),
    KRAIT_ERROR(XML_ERROR_UNCLOSED_CDATA_SECTION),
    KRAIT_ERROR(XML_ERROR_EXTERNAL_ENTITY_HANDLING),
    KRAIT_ERROR(XML_ERROR_NOT_STANDALONE),
    KRAIT_ERROR(XML_ERROR_UNEXPECTED_STATE),
    KRAIT_ERROR(XML_ERROR_ENTITY_DECLARED_IN_PE),
    KRAIT_ERROR(XML_ERROR_FEATURE_REQUIRES_XML_DTD),
    KRAIT_ERROR(XML_ERROR_CANT_CHANGE_FEATURE_ONCE_PARSING),
    KRAIT_ERROR(XML_ERROR_UNBOUND_PREFIX),
    KRAIT_ERROR(XML_ERROR_UNDECLARING_PREFIX),
    KRAIT_ERROR(XML_ERROR_INCOMPLETE_PE),
    KRAIT_ERROR(XML_ERROR_XML_DECL),
    KRAIT_ERROR(XML_ERROR_TEXT_DECL),
    KRAIT_ERROR(XML_ERROR_PUBLICID),
    KRAIT_ERROR(XML_ERROR_SUSPENDED),
    KRAIT_ERROR(XML_ERROR_NOT_SUSPENDED),
    KRAIT_ERROR(XML_ERROR_ABORTED),
    KRAIT_ERROR(XML_ERROR_FINISHED),
    KRAIT_ERROR(XML_ERROR_SUSPEND_PE),
    KRAIT_ERROR(XML_ERROR_RESERVED_PREFIX_XML),
    KRAIT_ERROR(XML_ERROR_RESERVED_PREFIX_XMLNS),
    KRAIT_ERROR(XML_ERROR_RESERVED_NAMESPACE_URI),
    KRAIT_ERROR(XML_ERROR_INVALID_ARGUMENT),
    KRAIT_ERROR(XML_ERROR_NO_BUFFER),
    KRAIT_ERROR(XML_ERROR_AMPLIFICATION_LIMIT_BREACH),
#undef KRAIT_ERROR
};

// A submodule (pyexpat.errors, pyexpat.model), also entered in sys.modules.
Ref<> add_submodule(ModuleObject* module, const char* short_name, const char* full_name, const char* doc) {
  Ref<> name = str_from_ascii(full_name);
  if (!name) return nullptr;
  Ref<ModuleObject> submodule = module_new(name.value());
  if (!submodule) return nullptr;
  Ref<> doc_object = str_from_ascii(doc);
  if (!doc_object || !set_attr(submodule.value(), "__doc__", doc_object.value()) ||
      !module_add_object(module, short_name, submodule.value()) ||
      !dict_set_str(static_cast<DictObject*>(runtime().modules), full_name, submodule.value())) {
    return nullptr;
  }
  return submodule;
}

bool add_errors_module(ModuleObject* module) {
  Ref<> errors = add_submodule(module, "errors", "pyexpat.errors", "Constants used to describe error conditions.");
  Ref<DictObject> codes = dict_new(), messages = dict_new();
  if (!errors || !codes || !messages) return false;
  for (const auto& error : error_names) {
    Ref<> message = text_or_none(XML_ErrorString(error.code));
    Ref<> code = int_from_int64(error.code);
    if (!message || !code || is_none(message.value())) return !error_occurred();
    if (!set_attr(errors.value(), error.name, message.value()) || !dict_set(codes.get(), message.value(), code.value()) ||
        !dict_set(messages.get(), code.value(), message.value())) {
      return false;
    }
  }
  return set_attr(errors.value(), "codes", codes.value()) && set_attr(errors.value(), "messages", messages.value());
}

bool add_model_module(ModuleObject* module) {
  Ref<> model = add_submodule(module, "model", "pyexpat.model", "Constants used to interpret content model information.");
  if (!model) return false;
  const struct {
    const char* name;
    int value;
  } constants[] = {
      {"XML_CTYPE_EMPTY", XML_CTYPE_EMPTY}, {"XML_CTYPE_ANY", XML_CTYPE_ANY},     {"XML_CTYPE_MIXED", XML_CTYPE_MIXED},
      {"XML_CTYPE_NAME", XML_CTYPE_NAME},   {"XML_CTYPE_CHOICE", XML_CTYPE_CHOICE}, {"XML_CTYPE_SEQ", XML_CTYPE_SEQ},
      {"XML_CQUANT_NONE", XML_CQUANT_NONE}, {"XML_CQUANT_OPT", XML_CQUANT_OPT},   {"XML_CQUANT_REP", XML_CQUANT_REP},
      {"XML_CQUANT_PLUS", XML_CQUANT_PLUS},
  };
  for (const auto& constant : constants) {
    Ref<> value = int_from_int64(constant.value);
    if (!value || !set_attr(model.value(), constant.name, value.value())) return false;
  }
  return true;
}

bool add_features(ModuleObject* module) {
  Ref<ListObject> features = list_new(0);
  if (!features) return false;
  for (const XML_Feature* feature = XML_GetFeatureList(); feature && feature->feature != XML_FEATURE_END; ++feature) {
    Ref<> name = str_from_utf8(feature->name);
    Ref<> value = int_from_int64(feature->value);
    if (!name || !value) return false;
    Ref<TupleObject> item = tuple_steal({name.release(), value.release()});
    if (!item || !list_append(features.get(), item.value())) return false;
  }
  return module_add_object(module, "features", features.value());
}

bool pyexpat_exec(ModuleObject* module) {
  if (!expat_error_type) {
    Ref<> error = new_exception_type("xml.parsers.expat.ExpatError", &exc::Exception);
    if (!error) return false;
    expat_error_type = error.release_object();
  }
  XML_Expat_Version version = XML_ExpatVersionInfo();
  Ref<> version_info = tuple_steal({Value::small_int(version.major), Value::small_int(version.minor),
                                    Value::small_int(version.micro)});
  if (!version_info) return false;
  return module_add_object(module, "ExpatError", Value(expat_error_type)) &&
         module_add_object(module, "error", Value(expat_error_type)) && type_ready(&xmlparser_type) &&
         module_add_object(module, "XMLParserType", Value(&xmlparser_type)) &&
         module_add_string(module, "EXPAT_VERSION", XML_ExpatVersion()) &&
         module_add_object(module, "version_info", version_info.value()) &&
         module_add_string(module, "native_encoding", "UTF-8") &&
         module_add_int(module, "XML_PARAM_ENTITY_PARSING_NEVER", XML_PARAM_ENTITY_PARSING_NEVER) &&
         module_add_int(module, "XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE",
                        XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE) &&
         module_add_int(module, "XML_PARAM_ENTITY_PARSING_ALWAYS", XML_PARAM_ENTITY_PARSING_ALWAYS) &&
         add_errors_module(module) && add_model_module(module) && add_features(module);
}

}  // namespace

extern const ModuleDef module_pyexpat = {
    .name = "pyexpat",
    .doc = "Python wrapper for Expat parser.",
    .methods = pyexpat_methods,
    .exec = pyexpat_exec,
};

}  // namespace krait
