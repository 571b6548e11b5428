#!/usr/bin/python3.11
"""Compare krait's compiler with python3.11's on Python source files.

For each file, python3.11 compiles it and prints a normalized listing (instructions with
their arguments and source positions, exception table, code object attributes); krait's
tools/dev/compile_dump --normalized prints the same format. The differences between the
instruction sets (PRECALL, CACHE, relative jump variants, YIELD_VALUE's argument) are
normalized away here, so any remaining difference is a real one.

  tools/compare_bytecode.py --dump BUILD/compile_dump FILE...     # report per file
  tools/compare_bytecode.py --python-only FILE                    # the python3.11 side
"""
import argparse
import dis
import os
import subprocess
import sys

# The oracle is the system python3.11 (3.11.2); another 3.11 on PATH compiles differently.
ORACLE = '/usr/bin/python3.11'
if os.path.realpath(sys.executable) != os.path.realpath(ORACLE):
    os.execv(ORACLE, [ORACLE] + sys.argv)

RENAME = {
    'JUMP_FORWARD': 'JUMP', 'JUMP_BACKWARD': 'JUMP', 'JUMP_BACKWARD_NO_INTERRUPT': 'JUMP',
    'POP_JUMP_FORWARD_IF_FALSE': 'POP_JUMP_IF_FALSE', 'POP_JUMP_BACKWARD_IF_FALSE': 'POP_JUMP_IF_FALSE',
    'POP_JUMP_FORWARD_IF_TRUE': 'POP_JUMP_IF_TRUE', 'POP_JUMP_BACKWARD_IF_TRUE': 'POP_JUMP_IF_TRUE',
    'POP_JUMP_FORWARD_IF_NONE': 'POP_JUMP_IF_NONE', 'POP_JUMP_BACKWARD_IF_NONE': 'POP_JUMP_IF_NONE',
    'POP_JUMP_FORWARD_IF_NOT_NONE': 'POP_JUMP_IF_NOT_NONE',
    'POP_JUMP_BACKWARD_IF_NOT_NONE': 'POP_JUMP_IF_NOT_NONE',
}
NAME_ARGS = {'LOAD_NAME', 'STORE_NAME', 'DELETE_NAME', 'LOAD_GLOBAL', 'STORE_GLOBAL',
             'DELETE_GLOBAL', 'LOAD_ATTR', 'LOAD_METHOD', 'STORE_ATTR', 'DELETE_ATTR',
             'IMPORT_NAME', 'IMPORT_FROM', 'LOAD_FAST', 'LOAD_FAST_CHECK', 'STORE_FAST',
             'DELETE_FAST', 'MAKE_CELL', 'LOAD_CLOSURE', 'LOAD_DEREF', 'LOAD_CLASSDEREF',
             'STORE_DEREF', 'DELETE_DEREF'}


def const_repr(c):
    return 'code' if hasattr(c, 'co_code') else repr(c)


def pos_text(p):
    return '(' + ', '.join('None' if v is None else str(v) for v in p) + ')'


def normalized(co, depth, out):
    ind = '  ' * depth
    out.append(f"{ind}CODE {co.co_name} {co.co_qualname} {co.co_firstlineno} {co.co_flags} "
               f"{co.co_argcount} {co.co_posonlyargcount} {co.co_kwonlyargcount} "
               f"{co.co_varnames!r} {co.co_cellvars!r} {co.co_freevars!r}".replace('"', "'"))
    out.append(f"{ind}CONSTS [{', '.join(const_repr(c) for c in co.co_consts)}]")
    instrs = [i for i in dis.get_instructions(co) if i.opname not in ('PRECALL', 'CACHE', 'EXTENDED_ARG')]
    index = {i.offset: n for n, i in enumerate(instrs)}
    end_offset = len(co.co_code)
    index[end_offset] = len(instrs)
    positions = list(co.co_positions())

    def at(offset):
        while offset not in index:
            offset += 2
        return index[offset]

    for n, i in enumerate(instrs):
        name = RENAME.get(i.opname, i.opname)
        if i.opcode in dis.hasjabs or i.opcode in dis.hasjrel:
            arg = f'-> {at(i.argval)}'
        elif name == 'LOAD_CONST':
            arg = const_repr(i.argval)
        elif name == 'KW_NAMES':
            arg = const_repr(co.co_consts[i.arg])
        elif name in NAME_ARGS:
            arg = i.argrepr
        elif name in ('BINARY_OP', 'COMPARE_OP'):
            arg = i.argrepr
        elif name == 'YIELD_VALUE' or i.arg is None:
            arg = ''
        else:
            arg = str(i.arg)
        out.append(f"{ind}{n} {name} {arg} {pos_text(positions[i.offset // 2])}")
    for e in dis._parse_exception_table(co):
        out.append(f"{ind}EXC {at(e.start)} {at(e.end)} {at(e.target)} {e.depth} {'lasti' if e.lasti else '-'}")
    for c in co.co_consts:
        if hasattr(c, 'co_code'):
            normalized(c, depth + 1, out)


def mask_flags(listing, mask):
    out = []
    for line in listing.splitlines(True):
        fields = line.split(' ')
        stripped = line.lstrip(' ')
        if stripped.startswith('CODE '):
            indent = len(line) - len(stripped)
            parts = stripped.split(' ')
            parts[4] = str(int(parts[4]) & ~mask)
            line = ' ' * indent + ' '.join(parts)
        out.append(line)
    return ''.join(out)


def python_listing(path, mode='exec', optimize=0):
    with open(path, 'rb') as f:
        source = f.read()
    try:
        co = compile(source, path, mode, dont_inherit=True, optimize=optimize)
    except SyntaxError as e:
        attrs = ''.join(f' {a}={getattr(e, a)!r}'
                        for a in ('filename', 'lineno', 'offset', 'end_lineno', 'end_offset', 'text'))
        return f'ERROR {e!r}{attrs}\n'
    out = []
    normalized(co, 0, out)
    return '\n'.join(out) + '\n'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dump', help='path of the compile_dump tool')
    ap.add_argument('--python-only', action='store_true')
    ap.add_argument('--diff', action='store_true', help='print the diffs')
    ap.add_argument('--mask-flags', type=lambda v: int(v, 0), default=0,
                    help='co_flags bits to ignore in krait\'s output (e.g. 0x40)')
    ap.add_argument('--mode', default='exec', choices=['exec', 'eval', 'single'])
    ap.add_argument('-O', dest='optimize', action='count', default=0)
    ap.add_argument('files', nargs='+')
    args = ap.parse_args()
    if args.python_only:
        for f in args.files:
            sys.stdout.write(python_listing(f, args.mode, args.optimize))
        return
    import difflib
    same = 0
    for f in args.files:
        expected = python_listing(f, args.mode, args.optimize)
        options = ['--mode', args.mode] + (['-' + 'O' * args.optimize] if args.optimize else [])
        got = subprocess.run([args.dump, '--normalized'] + options + [f], capture_output=True,
                             text=True, errors='replace').stdout
        if args.mask_flags:
            got = mask_flags(got, args.mask_flags)
        # CPython 3.11's LOAD_FAST checks for unbound locals; krait's compiler marks the
        # loads that need it (LOAD_FAST_CHECK, as in 3.12).
        got = got.replace(' LOAD_FAST_CHECK ', ' LOAD_FAST ')
        if expected == got:
            same += 1
            continue
        print(f'DIFF {f}')
        if args.diff:
            sys.stdout.writelines(difflib.unified_diff(
                expected.splitlines(True), got.splitlines(True), 'python3.11', 'krait', n=2))
    print(f'{same}/{len(args.files)} identical')


if __name__ == '__main__':
    main()
