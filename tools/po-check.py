#!/usr/bin/env python3
"""Check po/zh_CN.po against the sources: every _("...") and N_("...") msgid in
tui/, cli/ and model/ must have a non-empty, non-fuzzy msgstr, with the same printf
conversions in the same order (or numbered, %2$s) and, in a format, no lone '%'.
Prints the problems and exits 1.

    tools/po-check.py [TOP]            check
    tools/po-check.py [TOP] --append   append the missing msgids with empty msgstr (for translators)
"""
import os
import re
import sys

STR = r'"(?:[^"\\\n]|\\.)*"'
CALL = re.compile(r'\bN?_\(\s*((?:' + STR + r'\s*)+)\)')
PIECE = re.compile(STR)
CONV = re.compile(r'%(?:\d+\$)?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcsp%]')


def conversions(fmt):
    """The printf conversions in argument order ("%2$s" counts as the second), %% left out."""
    convs = [c for c in CONV.findall(fmt) if c != '%%']
    pos = [re.match(r'%(\d+)\$', c) for c in convs]
    if convs and all(pos):
        convs = [re.sub(r'^%\d+\$', '%', c) for _n, c in
                 sorted(zip([int(m.group(1)) for m in pos], convs))]
    return convs


def stray_percent(fmt):
    """A '%' that starts no conversion (printf's undefined behaviour; a literal one is %%)."""
    return '%' in CONV.sub('', fmt)


def c_unquote(s):
    out, i = [], 1
    while i < len(s) - 1:
        c = s[i]
        if c == '\\':
            i += 1
            c = {'n': '\n', 't': '\t', 'r': '\r'}.get(s[i], s[i])
        out.append(c)
        i += 1
    return ''.join(out)


def strip_comments(text):
    # Comments may hold _("...") examples; strings stay (a "//" inside one is kept).
    return re.sub(r'(' + STR + r')|/\*.*?\*/|//[^\n]*',
                  lambda m: m.group(1) or ('\n' * m.group(0).count('\n')) or ' ', text,
                  flags=re.S)


def source_msgids(top):
    ids = {}
    for d in ('tui', 'cli', 'model'):
        for name in sorted(os.listdir(os.path.join(top, d))):
            if not name.endswith(('.c', '.h')):
                continue
            path = os.path.join(d, name)
            text = strip_comments(open(os.path.join(top, path), encoding='utf-8').read())
            for m in CALL.finditer(text):
                msgid = ''.join(c_unquote(p) for p in PIECE.findall(m.group(1)))
                line = text.count('\n', 0, m.start()) + 1
                ids.setdefault(msgid, '%s:%d' % (path, line))
    return ids


def po_entries(path):
    entries, cur, part, fuzzy = {}, None, None, False
    def flush():
        if cur is not None and cur['id']:
            entries[cur['id']] = (cur['str'], cur['fuzzy'])
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line.startswith('#,'):
            fuzzy = 'fuzzy' in line
        elif line.startswith('msgid '):
            flush()
            cur = {'id': c_unquote(line[6:].strip()), 'str': '', 'fuzzy': fuzzy}
            fuzzy, part = False, 'id'
        elif line.startswith('msgstr '):
            cur['str'], part = c_unquote(line[7:].strip()), 'str'
        elif line.startswith('"') and cur is not None:
            cur[part] += c_unquote(line.strip())
    flush()
    return entries


def po_quote(s):
    s = s.replace('\\', '\\\\').replace('"', '\\"').replace('\t', '\\t')
    if '\n' in s[:-1]:
        parts = s.split('\n')
        lines = [p + '\\n' for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
        return '""\n' + '\n'.join('"%s"' % l for l in lines)
    return '"%s"' % s.replace('\n', '\\n')


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    top = args[0] if args else os.path.join(os.path.dirname(__file__), '..')
    po = os.path.join(top, 'po', 'zh_CN.po')
    ids = source_msgids(top)
    entries = po_entries(po)
    missing = [i for i in ids if i not in entries or not entries[i][0] or entries[i][1]]
    if '--append' in sys.argv:
        with open(po, 'a', encoding='utf-8') as f:
            for i in missing:
                if i not in entries:
                    f.write('\n#: %s\nmsgid %s\nmsgstr ""\n' % (ids[i], po_quote(i)))
        return 0
    bad = 0
    for i in missing:
        print('missing: %s: %r' % (ids[i], i))
        bad += 1
    for i, (s, _f) in entries.items():
        if i in ids and s and conversions(i) != conversions(s):
            print('conversions differ: %s: %r -> %r' % (ids[i], i, s))
            bad += 1
        elif i in ids and s and CONV.search(i) and stray_percent(s):
            # A format (it has conversions): a lone '%' in the translation is no text.
            print('stray %%: %s: %r -> %r (write %%%% for a percent sign)' % (ids[i], i, s))
            bad += 1
    print('%d msgids in the sources, %d entries in %s, %d problems' %
          (len(ids), len(entries), po, bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
