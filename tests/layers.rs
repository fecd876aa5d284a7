//! Layers point one way: no module of the library may import one that imports it back,
//! neither file by file (`bundle::files` ↔ `bundle::verify`) nor between the top-level
//! modules (`checks` ↔ `validate`). The test reads `src/` as text: every `crate::…`,
//! `super::…` and `self::…` path, `use` trees included, names the module it lands in.
//! Cycles that are known and still to be broken are listed in `KNOWN`; a new one fails.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Cycles that exist and are to be removed (each the sorted modules of one strongly
/// connected set). This list may only shrink.
const KNOWN: &[&[&str]] = &[];

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The library's modules (the binary's `cli` is a front end on top: left out) and their
/// source without comments and unit tests.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            if parts == ["lib"] || parts == ["main"] || parts.first().is_some_and(|p| p == "cli") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            out.insert(parts.join("::"), code_of(&text));
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    walk(&root, &root, &mut out);
    out
}

/// Source without line comments and without the unit tests at its end.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path that starts at `crate`, `super` or `self`, with `use` trees expanded.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    // `use` trees: `use crate::a::{self, b, c::{d, e}};`
    for stmt in code.split(';') {
        let Some(at) = stmt.find("use ") else {
            continue;
        };
        // `x as y` is `x` here (`@` cannot occur in a path).
        let tree: String = stmt[at + 4..]
            .replace(" as ", "@")
            .split_whitespace()
            .collect();
        if ["crate", "super", "self"]
            .iter()
            .any(|r| tree.starts_with(&format!("{r}::")))
        {
            expand(&[], &tree, &mut out);
        }
    }
    // Paths written inline: `crate::finding::registry::Code::X`.
    let bytes = code.as_bytes();
    for root in ["crate::", "super::", "self::"] {
        for (i, _) in code.match_indices(root) {
            if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') {
                continue;
            }
            let path: String = code[i..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            out.push(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
        }
    }
    out
}

fn expand(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
    let Some(open) = tree.find('{') else {
        let mut path = prefix.to_vec();
        path.extend(
            tree.split("::")
                .filter(|s| !s.is_empty() && *s != "*")
                .map(|s| s.split('@').next().unwrap_or(s).to_owned()),
        );
        out.push(path);
        return;
    };
    let mut head = prefix.to_vec();
    head.extend(
        tree[..open]
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
    );
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let (mut depth, mut start) = (0, 0);
    let mut items = Vec::new();
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    for item in items.into_iter().filter(|i| !i.is_empty()) {
        if item == "self" {
            out.push(head.clone());
        } else {
            expand(&head, item, out);
        }
    }
}

/// Which module imports which (file by file); a module's own submodules do not count.
fn file_graph() -> Graph {
    let modules = modules();
    let mut graph = Graph::new();
    for (name, code) in &modules {
        let own: Vec<&str> = name.split("::").collect();
        let edges = graph.entry(name.clone()).or_default();
        for path in paths_in(code) {
            let (mut base, mut rest): (Vec<&str>, &[String]) = match path[0].as_str() {
                "crate" => (Vec::new(), &path[1..]),
                "super" => (own[..own.len() - 1].to_vec(), &path[1..]),
                _ => (own.clone(), &path[1..]),
            };
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            let full: Vec<&str> = base
                .into_iter()
                .chain(rest.iter().map(String::as_str))
                .collect();
            for k in (1..=full.len()).rev() {
                let target = full[..k].join("::");
                if modules.contains_key(&target) {
                    if target != *name && !target.starts_with(&format!("{name}::")) {
                        edges.insert(target);
                    }
                    break;
                }
            }
        }
    }
    graph
}

/// The graph between top-level modules: a subtree's imports are its root's.
fn top_graph(files: &Graph) -> Graph {
    let top = |m: &str| m.split("::").next().unwrap_or(m).to_owned();
    let mut graph = Graph::new();
    for (from, tos) in files {
        let edges = graph.entry(top(from)).or_default();
        for to in tos {
            if top(to) != top(from) {
                edges.insert(top(to));
            }
        }
    }
    graph
}

/// The strongly connected sets of more than one module (Tarjan), each sorted.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut set = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                set.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if set.len() > 1 {
                set.sort();
                s.found.push(set);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.found
}

/// A cycle's edges, to say where to cut it.
fn describe(graph: &Graph, cycle: &[String]) -> String {
    let mut out = String::new();
    for from in cycle {
        for to in &graph[from] {
            if cycle.contains(to) {
                out.push_str(&format!("\n    {from} -> {to}"));
            }
        }
    }
    out
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let files = file_graph();
    assert!(
        files.contains_key("finding::registry"),
        "the library was read"
    );
    let top = top_graph(&files);
    let known: Vec<Vec<String>> = KNOWN
        .iter()
        .map(|c| c.iter().map(|s| (*s).to_owned()).collect())
        .collect();
    let mut found = Vec::new();
    for (graph, cycle) in cycles(&files)
        .into_iter()
        .map(|c| (&files, c))
        .chain(cycles(&top).into_iter().map(|c| (&top, c)))
    {
        if !known.contains(&cycle) {
            found.push(format!("{cycle:?}{}", describe(graph, &cycle)));
        }
    }
    assert!(found.is_empty(), "new import cycles:\n{}", found.join("\n"));
}

#[test]
fn the_known_cycles_still_exist_or_are_struck_off() {
    // A cycle that is gone must leave `KNOWN`, so that it cannot come back unnoticed.
    let files = file_graph();
    let mut all = cycles(&files);
    all.extend(cycles(&top_graph(&files)));
    for known in KNOWN {
        let known: Vec<String> = known.iter().map(|s| (*s).to_owned()).collect();
        assert!(
            all.contains(&known),
            "{known:?} is no cycle any more: strike it off KNOWN"
        );
    }
}

#[test]
fn the_reader_sees_use_trees_and_inline_paths() {
    let paths = paths_in(
        "use crate::a::{self, b, c::{d, base as f}};\nfn x() { super::g::h(); crate::i::J; }",
    );
    for expected in [
        vec!["crate", "a"],
        vec!["crate", "a", "b"],
        vec!["crate", "a", "c", "d"],
        vec!["crate", "a", "c", "base"],
        vec!["super", "g", "h"],
        vec!["crate", "i", "J"],
    ] {
        assert!(
            paths.contains(&expected.iter().map(|s| s.to_string()).collect()),
            "{expected:?} in {paths:?}"
        );
    }
}
