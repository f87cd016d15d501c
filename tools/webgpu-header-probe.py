#!/usr/bin/env python3
"""Generate the probe programs used by tools/check-webgpu-header.sh.

Usage: webgpu-header-probe.py HEADER OUTDIR

Reads the declarations of a webgpu.h (ours; the parser also copes with the
official one) and writes two C++ files that include <webgpu/webgpu.h>:

  OUTDIR/layout.cpp      prints sizeof/alignof of every struct, offsetof and
                         sizeof of every field, the value of every enum and
                         bitflag constant and of every WGPU_* constant.
                         Compiled against two headers, the outputs must match.
  OUTDIR/signatures.cpp  static_asserts that every function, callback type,
                         handle and struct field has exactly the type written
                         in HEADER. Compiled against another header, it fails
                         on any difference.

Each check sits in its own `#ifndef SKIP_<n>` block and OUTDIR/items.txt maps
<n> to a description and a line range, so the driver can name what failed
and compile the rest without it.
"""
import re
import sys


def parse(text):
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    text = re.sub(r'//[^\n]*', '', text)
    text = re.sub(r'\bWGPU_(OBJECT|ENUM|STRUCTURE|FUNCTION)_ATTRIBUTE\b', '', text)
    norm = lambda s: ' '.join(s.split())
    decl = {}
    decl['constants'] = [(n, v.strip()) for n, v in
                         re.findall(r'^\s*#define (WGPU_[A-Z0-9_]+)\s+(\(.*)$', text, flags=re.M)
                         if not n.endswith('_INIT')]
    decl['handles'] = re.findall(r'typedef struct (WGPU\w+Impl)\s*\*\s*(WGPU\w+)\s*;', text)
    decl['enums'] = [(name, re.findall(r'\b(WGPU\w+)\s*=', body))
                     for name, body in re.findall(r'typedef enum (WGPU\w+) \{(.*?)\}\s*\1\s*;', text, flags=re.S)]
    decl['flags'] = [(name, re.findall(r'static const %s (%s_\w+)\s*=' % (name, name), text))
                     for name in re.findall(r'typedef WGPUFlags (WGPU\w+)\s*;', text)]
    decl['callbacks'] = [(name, norm(ret), norm(args)) for ret, name, args in
                         re.findall(r'typedef ([\w\s\*]+?)\s*\(\*(WGPU\w+Callback)\)\((.*?)\)\s*;', text, flags=re.S)]
    decl['structs'] = []
    for name, body in re.findall(r'typedef struct (WGPU\w+) \{(.*?)\}\s*\1\s*;', text, flags=re.S):
        fields = [re.match(r'(.*?)\s*(\w+)$', norm(f)).groups() for f in body.split(';') if f.strip()]
        decl['structs'].append((name, fields))
    decl['functions'] = [(name, norm(ret), norm(args)) for ret, name, args in
                         re.findall(r'^\s*WGPU_EXPORT ([^\n(]*?)\s*\b(wgpu\w+)\((.*?)\)[^;]*;', text, flags=re.S | re.M)]
    return decl


class Writer:
    """Collects numbered, individually skippable checks."""

    def __init__(self, prologue):
        self.lines = list(prologue)
        self.items = []

    def item(self, desc, body):
        n = len(self.items)
        self.lines.append('#ifndef SKIP_%d' % n)
        first = len(self.lines) + 1
        self.lines.extend(body)
        self.items.append((n, desc, first, len(self.lines)))
        self.lines.append('#endif')


def main():
    header, outdir = sys.argv[1], sys.argv[2]
    d = parse(open(header).read())

    # layout.cpp: values that must be identical under both headers.
    lay = Writer(['#include <webgpu/webgpu.h>', '#include <cstddef>', '#include <cstdio>', '',
                  'static void P(const char* what, unsigned long long v) { std::printf("%s = %llu\\n", what, v); }',
                  '', 'int main() {'])
    for c, _ in d['constants']:
        lay.item('constant ' + c, ['P("%s", (unsigned long long)(%s));' % (c, c),
                                   'P("sizeof %s", sizeof(%s));' % (c, c)])
    for name, values in d['enums']:
        body = ['P("sizeof %s", sizeof(%s));' % (name, name)]
        body += ['P("%s", (unsigned long long)%s);' % (v, v) for v in values]
        lay.item('enum ' + name, body)
    for name, values in d['flags']:
        body = ['P("sizeof %s", sizeof(%s));' % (name, name)]
        body += ['P("%s", (unsigned long long)%s);' % (v, v) for v in values]
        lay.item('bitflag ' + name, body)
    for name, fields in d['structs']:
        body = ['P("sizeof %s", sizeof(%s));' % (name, name), 'P("alignof %s", alignof(%s));' % (name, name)]
        for _, f in fields:
            body.append('P("offsetof %s.%s", offsetof(%s, %s));' % (name, f, name, f))
            body.append('P("sizeof %s.%s", sizeof(((%s*)0)->%s));' % (name, f, name, f))
        lay.item('struct ' + name, body)
    lay.lines += ['return 0;', '}']

    # signatures.cpp: exact types as written in HEADER.
    # No helper macro: a failing static_assert must be reported on its own line.
    sig = Writer(['#include <webgpu/webgpu.h>', '#include <type_traits>', ''])
    same = 'static_assert(std::is_same<%s, %s>::value, "%s");'
    for name, value in d['constants']:
        sig.item('constant ' + name, [same % ('decltype(%s)' % name, 'decltype%s' % value, 'type of ' + name),
                                      'static_assert(%s == %s, "value of %s");' % (name, value, name)])
    for impl, name in d['handles']:
        sig.item('handle ' + name, [same % (name, 'struct %s*' % impl, 'handle ' + name)])
    for name, ret, args in d['callbacks']:
        sig.item('callback ' + name, [same % (name, '%s (*)(%s)' % (ret, args), 'callback ' + name)])
    for name, fields in d['structs']:
        sig.item('struct ' + name + ' field types',
                 [same % ('decltype(%s::%s)' % (name, f), t, 'field %s.%s' % (name, f)) for t, f in fields])
    for name, ret, args in d['functions']:
        sig.item('function ' + name, [same % ('decltype(&%s)' % name, '%s (*)(%s)' % (ret, args), 'function ' + name)])

    for fname, w in (('layout', lay), ('signatures', sig)):
        open('%s/%s.cpp' % (outdir, fname), 'w').write('\n'.join(w.lines) + '\n')
        with open('%s/%s.items' % (outdir, fname), 'w') as f:
            for n, desc, first, last in w.items:
                f.write('%d %d %d %s\n' % (n, first, last, desc))
    counts = {k: len(v) for k, v in d.items()}
    print('probe: %(constants)d constants, %(handles)d handles, %(enums)d enums, %(flags)d bitflag types, '
          '%(callbacks)d callback types, %(structs)d structs, %(functions)d functions' % counts)


if __name__ == '__main__':
    main()
