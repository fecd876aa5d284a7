#!/usr/bin/env python3
"""The part of KERN's stylesheet the pages of `onboard serve` use (run by vendor-kern.sh).

Reads KERN's compiled dist/kern.css and keeps:
- every rule whose selector names no KERN class (the base: box sizing, focus, body);
- of the other selectors, those whose every `kern-*` class matches a pattern of
  assets/kern/classes.txt (fnmatch patterns, one a line; the one list of what the pages use);
- the custom properties (`--kern-*`) that a kept declaration, or assets/onboard.css, reads,
  directly or through other custom properties; and @keyframes a kept rule animates.
Writes the subset, readable (one declaration a line), with @font-face rules for the Fira Sans
weights it asks for in front, and prints those weights (one a line) for pyftsubset.

usage: kern-css-subset.py KERN_CSS CLASSES_TXT ONBOARD_CSS VERSION OUT_CSS
"""

import fnmatch
import re
import sys

import tinycss2

KERN_CLASS = re.compile(r"\.(kern-[A-Za-z0-9_-]+)")
VAR_REF = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
WEIGHT_NAMES = {"normal": 400, "bold": 700}


def parse_rules(tokens):
    return tinycss2.parse_rule_list(tokens, skip_comments=True, skip_whitespace=True)


def declarations(rule):
    return [
        d
        for d in tinycss2.parse_blocks_contents(
            rule.content, skip_comments=True, skip_whitespace=True
        )
        if d.type == "declaration"
    ]


def split_selectors(prelude):
    """The selectors of a selector list, split at its top-level commas."""
    parts, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append(current)
            current = []
        else:
            current.append(token)
    parts.append(current)
    return [tinycss2.serialize(p).strip() for p in parts]


class Subset:
    def __init__(self, patterns):
        self.patterns = patterns
        self.used_patterns = set()

    def allowed(self, selector):
        for name in KERN_CLASS.findall(selector):
            hits = [p for p in self.patterns if fnmatch.fnmatchcase(name, p)]
            if not hits:
                return False
            self.used_patterns.update(hits)
        return True

    def filter(self, rules):
        """The kept rules, as (kind, head, body): kind 'rule' with declarations, or 'block'
        (an at-rule) with nested entries."""
        kept = []
        for rule in rules:
            if rule.type == "qualified-rule":
                selectors = [s for s in split_selectors(rule.prelude) if self.allowed(s)]
                if selectors:
                    kept.append(("rule", selectors, declarations(rule)))
            elif rule.type == "at-rule":
                keyword = rule.at_keyword.lower()
                head = "@" + rule.at_keyword + " " + tinycss2.serialize(rule.prelude).strip()
                if keyword == "charset":
                    continue  # served as UTF-8 by its Content-Type
                if keyword in ("media", "supports", "layer") and rule.content is not None:
                    inner = self.filter(parse_rules(rule.content))
                    if inner:
                        kept.append(("block", head, inner))
                elif keyword == "keyframes":
                    frames = [
                        ("rule", split_selectors(f.prelude), declarations(f))
                        for f in parse_rules(rule.content)
                        if f.type == "qualified-rule"
                    ]
                    kept.append(("keyframes", head, frames))
                else:
                    sys.exit(f"kern-css-subset: unexpected at-rule {head!r}")
        return kept


def walk_declarations(entries):
    for kind, _head, body in entries:
        if kind == "rule":
            yield from body
        else:
            yield from walk_declarations(body)


def value_of(declaration):
    return tinycss2.serialize(declaration.value).strip()


def prune(entries, onboard_css):
    """Drops custom properties nothing reads and keyframes nothing runs."""
    definitions = {}
    roots = set(VAR_REF.findall(onboard_css))
    animations = set()
    for d in walk_declarations(entries):
        value = value_of(d)
        if d.name.startswith("--"):
            definitions.setdefault(d.name, []).append(value)
        else:
            roots.update(VAR_REF.findall(value))
            if d.lower_name in ("animation", "animation-name"):
                animations.update(re.findall(r"[A-Za-z_][A-Za-z0-9_-]*", value))
    needed, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed.add(name)
        for value in definitions.get(name, []):
            todo.extend(VAR_REF.findall(value))

    def keep(entries):
        out = []
        for kind, head, body in entries:
            if kind == "rule":
                body = [d for d in body if not d.name.startswith("--") or d.name in needed]
                if body:
                    out.append((kind, head, body))
            elif kind == "keyframes":
                if head.split()[-1] in animations:
                    out.append((kind, head, body))
            else:
                body = keep(body)
                if body:
                    out.append((kind, head, body))
        return out

    return keep(entries), definitions


def font_weights(entries, definitions):
    """The font weights the kept rules ask for, resolved through custom properties."""

    def resolve(value, depth=0):
        match = re.fullmatch(r"var\(\s*(--[A-Za-z0-9_-]+)\s*(?:,\s*(.+))?\)", value)
        if not match or depth > 20:
            return value
        name, fallback = match.groups()
        if name in definitions:
            return resolve(definitions[name][0], depth + 1)
        return resolve(fallback.strip(), depth + 1) if fallback else value

    weights = set()
    for d in walk_declarations(entries):
        if d.lower_name == "font-weight":
            value = resolve(value_of(d)).lower()
            value = WEIGHT_NAMES.get(value, value)
            if str(value).isdigit():
                weights.add(int(value))
            elif value not in ("inherit", "initial", "unset"):
                sys.exit(f"kern-css-subset: font-weight {value!r} is not a number")
    # 400 for text, 700 for what the browser makes bolder (<strong>, <b>).
    return sorted(weights | {400, 700})


def write(entries, out, indent=""):
    for kind, head, body in entries:
        if kind == "rule":
            out.append(indent + (",\n" + indent).join(head) + " {")
            for d in body:
                important = " !important" if d.important else ""
                out.append(f"{indent}  {d.name}: {value_of(d)}{important};")
            out.append(indent + "}")
        else:
            out.append(indent + head + " {")
            write(body, out, indent + "  ")
            out.append(indent + "}")


def main():
    kern_css, classes_txt, onboard_css, version, out_css = sys.argv[1:]
    patterns = [
        line.split("#", 1)[0].strip()
        for line in open(classes_txt, encoding="utf-8")
        if line.split("#", 1)[0].strip()
    ]
    source = open(kern_css, encoding="utf-8").read()
    subset = Subset(patterns)
    entries = subset.filter(parse_rules(source))
    unused = [p for p in patterns if p not in subset.used_patterns]
    if unused:
        sys.exit(f"kern-css-subset: no rule of KERN {version} matches {unused}")
    entries, definitions = prune(entries, open(onboard_css, encoding="utf-8").read())
    weights = font_weights(entries, definitions)

    out = [
        f"/* KERN UX {version} (npm @kern-ux/native, https://kern-ux.de), licensed under the",
        "   EUPL-1.2 (LICENSE.md beside this file): the part of dist/kern.css that onboard's",
        "   pages use. Generated by scripts/vendor-kern.sh from the classes in classes.txt;",
        "   do not edit, rerun the script. */",
    ]
    for weight in weights:
        out += [
            "@font-face {",
            '  font-family: "Fira Sans";',
            f'  src: url("fira-sans-{weight}.woff2") format("woff2");',
            f"  font-weight: {weight};",
            "  font-style: normal;",
            "  font-display: swap;",
            "}",
        ]
    write(entries, out)
    with open(out_css, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("\n".join(str(w) for w in weights))


if __name__ == "__main__":
    main()
