//! The crate's layers, and a check that no module reaches up.
//!
//! Each top-level module of `src/` sits in one layer of [`LAYERS`] and may name (as
//! `crate::<module>`) only modules of its own layer's lower neighbours, never one of its own
//! layer or above. Test code (`#[cfg(test)]` items and `tests.rs` files) may use anything: a
//! picture's tests open presets, for one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layers, lowest first. This list is the one place the order is written down.
const LAYERS: &[&[&str]] = &[
    // The one container every layer uses: a map as a sorted vector.
    &["sorted"],
    // The leaves: words in two languages, numbers as text.
    &["i18n", "numtext"],
    // The shared vocabulary: ids, roles, outcomes, events; documents and where they are wrong;
    // JSON layout.
    &["model", "doc", "pretty"],
    // Protocols as state machines, and the explorer's generic search (it knows no protocol).
    &["protocol", "explorer"],
    // The simulator: time, randomness, faults, the broker.
    &["sim"],
    // The scenario: the one document URLs, files, lessons, the CLI and the explorer share.
    &["scenario"],
    &["presets", "session"],
    // What a run came to, and the explorer on scenarios.
    &["report", "check"],
    &["lessons", "export"],
    &["share"],
    &["view"],
    &["web"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every `.rs` file under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable src/") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text of a file without its test items: an item after `#[cfg(test)]` is skipped to its
/// closing brace (or its `;`).
fn without_tests(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "#[cfg(test)]" {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let mut depth = 0i32;
        let mut opened = false;
        for item in lines.by_ref() {
            depth += item.matches('{').count() as i32 - item.matches('}').count() as i32;
            opened |= item.contains('{');
            if (opened && depth <= 0) || (!opened && item.trim_end().ends_with(';')) {
                break;
            }
        }
    }
    out
}

/// The top-level modules a text names as `crate::<module>` (macros aside).
fn named(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let macro_call = rest[name.len()..].starts_with('!');
        if !name.is_empty() && !macro_call {
            out.push(name);
        }
    }
    out
}

#[test]
fn every_module_names_only_layers_below_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    // Exported macros live at the crate's root: `crate::coded_enum!` names no module.
    let macros: Vec<String> = all
        .iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            text.match_indices("macro_rules! ")
                .map(|(at, _)| {
                    text[at + "macro_rules! ".len()..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut wrong: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut checked = 0;
    for path in &all {
        let rel = path.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if matches!(top.as_str(), "lib" | "main" | "bin") || rel.ends_with("tests.rs") {
            continue;
        }
        let Some(mine) = layer_of(&top) else {
            panic!("src/{top} is in no layer: add it to LAYERS");
        };
        let text = without_tests(&std::fs::read_to_string(path).unwrap());
        for module in named(&text) {
            if module == top || macros.contains(&module) {
                continue;
            }
            let theirs = layer_of(&module)
                .unwrap_or_else(|| panic!("{} names crate::{module}, in no layer", rel.display()));
            if theirs >= mine {
                wrong
                    .entry(rel.display().to_string())
                    .or_default()
                    .push(module);
            }
        }
        checked += 1;
    }
    assert!(checked > 40, "only {checked} files read");
    assert!(
        wrong.is_empty(),
        "modules that name their own layer or one above: {wrong:#?}"
    );
}

#[test]
fn the_check_sees_what_it_must() {
    // A test item is skipped, the code after it is not.
    let text = "use crate::model::X;\n#[cfg(test)]\nmod tests {\n    use crate::web::Y;\n}\nfn f() { crate::sim::z() }\n";
    assert_eq!(named(&without_tests(text)), ["model", "sim"]);
    let one = "#[cfg(test)]\nuse crate::web::Y;\nuse crate::view::Z;\n";
    assert_eq!(named(&without_tests(one)), ["view"]);
    assert_eq!(named("crate::coded_enum! { }"), Vec::<String>::new());
    // Every module of src/ has its layer.
    for layer in LAYERS {
        for m in *layer {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
            assert!(
                dir.join(m).is_dir() || dir.join(format!("{m}.rs")).is_file(),
                "LAYERS names {m}, which src/ lacks"
            );
        }
    }
}
