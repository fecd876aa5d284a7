#!/usr/bin/env python3
"""Keeps of a stylesheet only what the pages can use: every rule without a `kern-` class
(custom properties, element styles, fonts), and of the rules with `kern-` classes the
selectors whose classes all appear in the pages' sources. Empty at-rule blocks go.

    scripts/prune-css.py IN.css SOURCE... > OUT.css

SOURCE files are searched for `kern-…` class names (the Rust templates, the script).
"""

import re
import sys

CLASS = re.compile(r"\.(kern-[A-Za-z0-9_-]+)")
USED = re.compile(r"kern-[A-Za-z0-9_-]+")


def blocks(css, start=0):
    """Yields (prelude, body or None, end) for each item at this nesting level."""
    i, n = start, len(css)
    while i < n:
        j, depth, quote = i, 0, None
        while j < n:
            c = css[j]
            if quote:
                if c == "\\":
                    j += 1
                elif c == quote:
                    quote = None
            elif c in "\"'":
                quote = c
            elif c == "/" and css.startswith("/*", j):
                j = css.index("*/", j) + 1
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            elif depth == 0 and c == ";":
                yield css[i:j].strip(), None
                i = j + 1
                break
            elif depth == 0 and c == "{":
                body_start = j + 1
                k, level, quote = body_start, 1, None
                while level:
                    d = css[k]
                    if quote:
                        if d == "\\":
                            k += 1
                        elif d == quote:
                            quote = None
                    elif d in "\"'":
                        quote = d
                    elif d == "{":
                        level += 1
                    elif d == "}":
                        level -= 1
                    k += 1
                yield css[i:j].strip(), css[body_start : k - 1]
                i = k
                break
            elif c == "}":
                i = n
                break
            j += 1
        else:
            rest = css[i:].strip()
            if rest:
                yield rest, None
            return


def split_selectors(prelude):
    parts, depth, current = [], 0, ""
    for c in prelude:
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        if c == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += c
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def prune(css, used):
    out = []
    for prelude, body in blocks(css):
        if body is None:
            out.append(prelude + ";")
            continue
        if prelude.startswith("@"):
            name = prelude.split()[0].split("(")[0]
            if name in ("@media", "@supports", "@layer", "@container", "@scope"):
                inner = prune(body, used)
                if inner:
                    out.append(prelude + "{" + inner + "}")
            else:
                out.append(prelude + "{" + body + "}")
            continue
        # Nested rules (CSS nesting) inside a style rule are kept as they are.
        kept = [s for s in split_selectors(prelude) if all(c in used for c in CLASS.findall(s))]
        if kept:
            out.append(",".join(kept) + "{" + body + "}")
    return "".join(out)


def main():
    css = open(sys.argv[1], encoding="utf-8").read()
    used = set()
    for source in sys.argv[2:]:
        used.update(USED.findall(open(source, encoding="utf-8").read()))
    sys.stdout.write(prune(css, used) + "\n")


if __name__ == "__main__":
    main()
