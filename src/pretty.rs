//! Indenting compact JSON text the way `serde_json::to_string_pretty` does (two spaces, `": "`,
//! empty `{}`/`[]` kept on one line). Serialising compactly and indenting the text afterwards
//! keeps one instantiation of each `Serialize` impl in the page instead of one per formatter
//! (BENCHMARKS.md "App (browser)").

/// `compact` (valid JSON without insignificant whitespace) indented.
pub fn indent(compact: &str) -> String {
    let bytes = compact.as_bytes();
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut i = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(bytes.len());
                out.push_str(&compact[start..end]);
            }
            b'{' | b'[' => {
                let close = if b == b'{' { b'}' } else { b']' };
                out.push(b as char);
                if bytes.get(i + 1) == Some(&close) {
                    out.push(close as char);
                    i += 1;
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(b as char);
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            b':' => out.push_str(": "),
            _ => {
                // A number, `true`, `false` or `null`: copy up to the next structural byte.
                let start = i;
                while i + 1 < bytes.len() && !b",:]}".contains(&bytes[i + 1]) {
                    i += 1;
                }
                out.push_str(&compact[start..=i]);
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::indent;
    use serde_json::json;

    #[test]
    fn indents_like_serde_json() {
        let docs = [
            json!({"a": 1, "b": [1, 2.5, -3e-7], "c": {}, "d": [], "e": {"f": [{"g": null}]}}),
            json!({"s": "a \"quoted\" {brace}, [bracket]: colon \\ and é", "t": true}),
            json!([]),
            json!("x"),
            json!([[], [[]], {"k": {"k": {}}}]),
        ];
        for d in docs {
            let want = serde_json::to_string_pretty(&d).unwrap();
            assert_eq!(indent(&serde_json::to_string(&d).unwrap()), want);
        }
        for (name, _) in crate::presets::PRESETS {
            let s = crate::presets::preset(name).unwrap();
            let want = serde_json::to_string_pretty(&s).unwrap();
            assert_eq!(indent(&serde_json::to_string(&s).unwrap()), want, "{name}");
        }
    }
}
