#!/usr/bin/env python3
"""Lists import circles between the files of a Rust crate: file A names an item of file B
(`use crate::…`, `crate::…::item` in code, `super::…`) and B, directly or through others, names
one of A. Each circle is printed as the files in it; the exit status is 1 when there is any.

    tools/import_cycles.py backend/src domain/src

Why: areas that lean on each other both ways cannot be understood, tested or moved one at a time.
A module's own children (`foo.rs` beside `foo/`) count like any other file.
"""
import os
import re
import sys

PATH = re.compile(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")
GROUP = re.compile(r"\buse\s+(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)*)::\{([^;]*)\};", re.S)


def modules(src):
    """Module path (tuple) → file, for every .rs file under `src`."""
    found = {}
    for folder, _, files in os.walk(src):
        for name in files:
            if not name.endswith(".rs"):
                continue
            rel = os.path.relpath(os.path.join(folder, name), src)[:-3].split(os.sep)
            if rel in (["lib"], ["main"]):
                rel = []
            elif rel[-1] == "mod":
                rel = rel[:-1]
            found[tuple(rel)] = os.path.join(folder, name)
    return found


def strip(text):
    """The code without comments, strings and `#[cfg(test)]` modules (tests may lean anywhere)."""
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r'"(\\.|[^"\\])*"', '""', text)
    at = text.find("#[cfg(test)]\nmod ")
    return text if at < 0 else text[:at]


def targets(module, text, known):
    """The modules a file names."""
    paths = []
    for base, head, body in GROUP.findall(text):
        for part in re.split(r",", re.sub(r"\{[^{}]*\}", "", body)):
            part = part.strip().split(" as ")[0].strip()
            if part and part != "self":
                paths.append((base, head + "::" + part.replace(" ", "")))
            elif part == "self":
                paths.append((base, head))
    paths += PATH.findall(GROUP.sub("", text))
    out = set()
    for base, rest in paths:
        parts = [p for p in rest.split("::") if p]
        if base == "crate":
            full = parts
        else:
            up = list(module[:-1])
            while parts and parts[0] == "super":
                up = up[:-1]
                parts = parts[1:]
            full = up + parts
        # The longest prefix that is a module: the file the named item lives in.
        for end in range(len(full), -1, -1):
            if tuple(full[:end]) in known:
                out.add(tuple(full[:end]))
                break
    out.discard(module)
    return out


def circles(graph):
    """Strongly connected components with more than one file (Tarjan)."""
    index, low, stack, on, result, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in list(graph):
        if v not in index:
            visit(v)
    return result


def main(roots):
    found_any = False
    for src in roots:
        known = modules(src)
        graph = {}
        for module, path in known.items():
            with open(path, encoding="utf-8") as f:
                graph[module] = targets(module, strip(f.read()), known)
        # A module file and its own children: parent → child through `pub use`/`mod` is structure,
        # not leaning; only a child naming its parent back is counted, so drop parent → child.
        for module, names in graph.items():
            graph[module] = {n for n in names if n[: len(module)] != module or not module}
        found = circles(graph)
        for circle in found:
            print(f"{src}: " + " -> ".join(known[m] for m in circle))
        if not found:
            print(f"{src}: no import circles between its {len(known)} files")
        found_any = found_any or bool(found)
    return 1 if found_any else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["backend/src", "domain/src"]))
