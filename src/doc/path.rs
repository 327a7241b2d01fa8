//! The JSON path (`faults[2].node`) of a place in a document, from serde_json's line and column
//! of an error: the text read up to there is scanned once, keeping the keys and indices of the
//! objects and arrays still open. This replaces serde_path_to_error, whose wrappers around every
//! visitor were ~50 KB of the page's wasm (BENCHMARKS.md "App (browser)").

/// One open object or array.
enum Frame {
    /// An object and the key whose value is being read (`None` between members).
    Object(Option<String>),
    Array(usize),
}

/// The byte offset of serde_json's (1-based line, bytes-since-newline column) position.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column).min(text.len())
}

/// The path of the value being read when `text` had been read up to `line`/`column`:
/// `.` for the document itself. With `inner_key` false the innermost object's current key is
/// left out (the path of the object, for a field it lacks).
pub fn at(text: &str, line: usize, column: usize, inner_key: bool) -> String {
    let read = &text.as_bytes()[..offset(text, line, column)];
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < read.len() {
        match read[i] {
            b'{' => stack.push(Frame::Object(None)),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object(key)) => *key = None,
                Some(Frame::Array(n)) => *n += 1,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i = start;
                while i < read.len() && read[i] != b'"' {
                    i += if read[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object(key @ None)) = stack.last_mut() {
                    let end = i.min(read.len());
                    *key = Some(String::from_utf8_lossy(&read[start..end]).into_owned());
                }
            }
            _ => {}
        }
        i += 1;
    }
    if !inner_key {
        if let Some(Frame::Object(key)) = stack.last_mut() {
            *key = None;
        }
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(n) => {
                path.push('[');
                path.push_str(&n.to_string());
                path.push(']');
            }
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::at;

    /// The path at the end of `text` (as if serde_json had stopped there).
    fn end(text: &str) -> String {
        let lines = text.split('\n').count();
        let column = text.rsplit('\n').next().unwrap().len();
        at(text, lines, column, true)
    }

    #[test]
    fn keys_and_indices_of_open_containers() {
        assert_eq!(end(r#"{"a": 1"#), "a");
        assert_eq!(end(r#"{"a": 1, "b": {"c": [1, 2, {"d": "x"#), "b.c[2].d");
        assert_eq!(end(r#"{"a": {"x": 1}, "b""#), "b");
        assert_eq!(end("{\"a\":\n [1,\n 2"), "a[1]");
        assert_eq!(end(r#"{"a\"b": 1"#), "a\\\"b");
        assert_eq!(end(r#"{"s": "}{,[", "t": 2"#), "t");
        assert_eq!(end(""), ".");
        assert_eq!(at(r#"{"a": {"x": 1"#, 1, 13, false), "a");
    }
}
