#!/usr/bin/env python3
"""Fail when the model's include graph has a cycle (make layers).

Each model/*.c file belongs to a module: its name up to the first '-'
(calendar-export.c is part of calendar, kpi-import.c of kpi). A header
belongs to the modules whose .c files define the functions it declares
(playbook.h to playbook: playbook.c, playbook-parse.c, playbook-store.c;
internal.h to db). A `#include "x.h"` line in a .c file is an edge from its
module to every module implementing x.h. The graph of modules must be acyclic:
the due rule lives in playbook, the Today checklist in today above checklist,
calendar and kpi, and so on.

    python3 tools/model-cycles.py [ROOT]
"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
model = os.path.join(root, "model")
include = os.path.join(root, "include")


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def module_of(c_file):
    return os.path.basename(c_file)[:-2].split("-")[0]


# Functions a header declares: "name(" at the top level of a declaration.
DECL = re.compile(r"^[A-Za-z_][\w \t\*]*?\b([a-z_]\w*)\s*\(", re.M)
# Functions a .c file defines: a declaration line followed by a body.
DEF = re.compile(r"^(?!static\b)[A-Za-z_][\w \t\*]*?\b([a-z_]\w*)\s*\([^;{]*\)\s*\{", re.M)

headers = {}
for d in (include, model):
    for f in sorted(os.listdir(d)):
        if f.endswith(".h"):
            text = strip_comments(open(os.path.join(d, f), encoding="utf-8").read())
            names = set(DECL.findall(text))
            # static inline helpers in a header are its own, not an implementation's.
            names -= set(re.findall(r"static\s+inline[^(]*?\b(\w+)\s*\(", text))
            headers[f] = names

sources = sorted(f for f in os.listdir(model) if f.endswith(".c"))
defines = {}
includes = {}
for f in sources:
    text = open(os.path.join(model, f), encoding="utf-8").read()
    defines[f] = set(DEF.findall(strip_comments(text)))
    includes[f] = re.findall(r'^\s*#\s*include\s+"([^"]+)"', text, re.M)

impl = {}
for h, names in headers.items():
    impl[h] = {module_of(f) for f in sources if names & defines[f]}

edges = {}
why = {}
for f in sources:
    m = module_of(f)
    edges.setdefault(m, set())
    for h in includes[f]:
        for target in impl.get(h, ()):
            if target != m:
                edges[m].add(target)
                why.setdefault((m, target), "model/%s includes %s" % (f, h))

# Depth-first search for a cycle; report the first one found.
WHITE, GREY, BLACK = 0, 1, 2
colour = {m: WHITE for m in edges}
stack = []


def visit(m):
    colour[m] = GREY
    stack.append(m)
    for t in sorted(edges.get(m, ())):
        if colour.get(t, WHITE) == GREY:
            return stack[stack.index(t):] + [t]
        if colour.get(t, WHITE) == WHITE:
            found = visit(t)
            if found:
                return found
    stack.pop()
    colour[m] = BLACK
    return None


for m in sorted(edges):
    if colour[m] == WHITE:
        cycle = visit(m)
        if cycle:
            print("layering: the model's include graph has a cycle: %s" % " -> ".join(cycle))
            for a, b in zip(cycle, cycle[1:]):
                print("  %s -> %s: %s" % (a, b, why[(a, b)]))
            sys.exit(1)
print("model include graph: %d modules, no cycle" % len(edges))
