#!/usr/bin/env python3
"""Reads the project's #include "..." lines and fails on a broken layering rule (docs/ARCHITECTURE.md).

  scripts/check_layers.py [ROOT]      exit 0: the rules hold; 1: each broken rule printed; 2: usage

The rules:
  1. A header's file name is unique in core/, widgets/ and app/ (an include names one file).
  2. No include cycle between units (but the ones ALLOWED_CYCLES names, each with its reason). A unit is a header with its sources: x.h, x_p.h, x.cpp and
     x_*.cpp, plus any source whose first local include is a header of the same folder (valuefloat.cpp
     opens with valuetext_p.h: it belongs to valuetext). "a includes b" in any file of unit A that names a
     header of unit B is an edge A -> B.
  3. The folder graph is acyclic: the folders' edges are the units' edges between different folders.
  4. A folder includes only what its layer may see: ALLOWED below lists, for each folder, the folders it
     may include (and the build links); an include from anywhere else fails. This is the same rule the
     CMake targets enforce, kept here so that the map in docs/ARCHITECTURE.md and the build agree.
  5. No source file in core/, widgets/ or app/ is over MAX_LINES lines.
  6. Every QtConcurrent::run( in widgets/ and app/ names npyw::jobPool() on its line: Qt's painting waits on
     the global pool, so a job there could hold every repaint (widgets/document/jobpool.h).
Runs as the CTest test `layers`.
"""
import os
import re
import sys

MAX_LINES = 600
TOP = ("core", "widgets", "app")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)

# Folder -> folders whose headers it may include (besides its own). Transitive closure is not implied:
# list each one the folder uses. Keep in step with the target_link_libraries of each CMakeLists.txt.
CORE_BELOW = {
    "core/base": [],
    "core/codec": ["core/base"],
    "core/zip": ["core/base", "core/codec"],
    "core/format": ["core/base"],
    "core/values": ["core/base", "core/format"],
    "core/io": ["core/base", "core/codec", "core/zip", "core/format", "core/values"],
    "core/pickle": ["core/base", "core/format", "core/values", "core/io"],
    "core/analysis": ["core/base", "core/format", "core/values", "core/io"],
    "core/render": ["core/base", "core/format", "core/values", "core/io", "core/analysis"],
    "core/journal": ["core/base", "core/codec", "core/format", "core/values", "core/io"],
    "core/transform": ["core/base", "core/format", "core/values", "core/io"],
}
CORE = sorted(CORE_BELOW)
ALLOWED = dict(CORE_BELOW)
ALLOWED.update({
    "widgets/document": CORE,
    "widgets/charts": CORE + ["widgets/document"],
    "widgets/table": CORE + ["widgets/document", "widgets/charts"],
    "widgets/members": CORE + ["widgets/document", "widgets/charts", "widgets/table"],
    "widgets/compare": CORE + ["widgets/document", "widgets/charts"],
})
# The unit cycles allowed, each with its reason; any other cycle fails.
ALLOWED_CYCLES = {
    ("app/gui/mainwindow", "app/gui/windowregistry"):
        "the registry opens, finds and closes the windows, and a window asks it to (as Tiled's DocumentManager "
        "and MainWindow); it is the top of the graph, nothing includes app/gui",
}
WIDGETS = sorted(f for f in ALLOWED if f.startswith("widgets/"))
ALLOWED.update({
    "app/gui": CORE + WIDGETS,
    "app/tool": CORE,
})


def sources(root):
    for top in TOP:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith((".h", ".cpp", ".inc")):
                    path = os.path.join(dirpath, name)
                    yield os.path.relpath(path, root).replace(os.sep, "/")


def stem(name):
    base = name.rsplit(".", 1)[0]
    return base[:-2] if base.endswith("_p") else base


def sccs(graph):
    """Tarjan's strongly connected components (iterative), each as a sorted list."""
    index, low, onstack, stack, out, counter = {}, {}, set(), [], [], [0]
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        onstack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    onstack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in onstack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    onstack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                out.append(sorted(component))
    return out


def check(root):
    problems = []
    files = list(sources(root))
    headers = {}
    for path in files:
        if path.endswith(".h"):
            headers.setdefault(os.path.basename(path), []).append(path)
    for name, paths in sorted(headers.items()):
        if len(paths) > 1:
            problems.append(f"header name {name} is not unique: {', '.join(paths)}")

    includes = {}
    for path in files:
        with open(os.path.join(root, path), encoding="utf-8") as f:
            text = f.read()
        lines = text.count("\n")
        if lines > MAX_LINES and not path.endswith(".inc"):
            problems.append(f"{path}: {lines} lines (at most {MAX_LINES})")
        if not path.startswith("core/"):
            for number, line in enumerate(text.split("\n"), 1):
                code = line.strip()
                if code.startswith(("*", "/*", "//")):
                    continue
                if "QtConcurrent::run(" in code and "jobPool()" not in code:
                    problems.append(f"{path}:{number}: QtConcurrent::run without npyw::jobPool() (see jobpool.h)")
        found = []
        for name in INCLUDE.findall(text):
            base = os.path.basename(name)
            local = os.path.join(os.path.dirname(path), name).replace(os.sep, "/")
            if local in files:
                found.append(local)
            elif base in headers and len(headers[base]) == 1:
                found.append(headers[base][0])
        includes[path] = found

    def unit_of(path):
        folder, name = os.path.split(path)
        s = stem(name)
        if path.endswith(".cpp") and not any(os.path.join(folder, s + ext) in includes for ext in (".h", "_p.h")):
            if "_" in s and os.path.join(folder, s.split("_")[0] + ".h") in includes:
                s = s.split("_")[0]
            else:
                first = next((inc for inc in includes[path] if os.path.dirname(inc) == folder), None)
                if first:
                    s = stem(os.path.basename(first))
        return folder + "/" + s

    units = {}
    for path in files:
        u = unit_of(path)
        units.setdefault(u, set())
        for inc in includes[path]:
            v = unit_of(inc)
            if v != u:
                units[u].add(v)
                folder, target = os.path.dirname(path), os.path.dirname(inc)
                if folder != target and folder in ALLOWED and target not in ALLOWED[folder]:
                    problems.append(f"{path} includes {inc}: {folder} may not include {target}")
        if os.path.dirname(path) not in ALLOWED:
            problems.append(f"{path}: folder {os.path.dirname(path)} is not in the layer map (scripts/check_layers.py)")

    for component in sccs(units):
        if len(component) > 1 and tuple(component) not in ALLOWED_CYCLES:
            problems.append("include cycle between units: " + " <-> ".join(component))

    folders = {}
    for u, targets in units.items():
        fu = u.rsplit("/", 1)[0]
        folders.setdefault(fu, set())
        for v in targets:
            fv = v.rsplit("/", 1)[0]
            if fv != fu:
                folders[fu].add(fv)
    for component in sccs(folders):
        if len(component) > 1:
            problems.append("include cycle between folders: " + " <-> ".join(component))
    return problems, len(files), len(units), len(folders)


def main(argv):
    if len(argv) > 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    root = argv[1] if len(argv) == 2 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    problems, nfiles, nunits, nfolders = check(root)
    for p in problems:
        print(p)
    print(f"layers: {nfiles} files, {nunits} units, {nfolders} folders, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
