//! Reading JSON documents (scenarios, link payloads, run files) in one pass of serde_json's string
//! deserializer; an error is placed by its line and column ([`super::path`]) to name the path at
//! fault, and serde's message is turned into a [`Reason`] code the interface can translate.

use super::reason::{Found, Kind, Reason};
use super::ScenarioError;
use serde::Deserialize;
use serde_json::value::RawValue;

/// The field name of a whole document that is at fault.
pub const DOCUMENT: &str = "(document)";

/// Reads a `T` from `text`; on error, the JSON path at fault and why.
pub fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, ScenarioError> {
    serde_json::from_str(text).map_err(|e| {
        // serde reports a missing field once it has read the whole object around it.
        let missing = e.to_string().starts_with("missing field ");
        let path = super::path::at(text, e.line(), e.column(), !missing);
        classify(&path, e)
    })
}

/// The field and reason code of a serde_json error met at `path` (`.` for the document).
pub fn classify(path: &str, e: serde_json::Error) -> ScenarioError {
    use serde_json::error::Category;
    let field = |name: Option<&str>| match (path, name) {
        (".", Some(name)) => name.to_string(),
        (_, Some(name)) => format!("{path}.{name}"),
        (".", None) => DOCUMENT.to_string(),
        (_, None) => path.to_string(),
    };
    if !matches!(e.classify(), Category::Data) {
        return ScenarioError {
            field: DOCUMENT.into(),
            reason: Reason::NotJson {
                line: e.line(),
                column: e.column(),
            },
        };
    }
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let msg = full.strip_suffix(suffix.as_str()).unwrap_or(&full);
    if let Some(rest) = msg.strip_prefix("missing field ") {
        // serde names a missing field at the path of the object around it.
        let name = quoted(rest).unwrap_or(rest);
        return ScenarioError {
            field: field(Some(name)),
            reason: Reason::Missing {
                name: name.to_string(),
            },
        };
    }
    let reason = if let Some(rest) = msg.strip_prefix("unknown field ") {
        Reason::UnknownField {
            name: quoted(rest).unwrap_or(rest).to_string(),
            known: names_after(rest),
        }
    } else if let Some(rest) = msg.strip_prefix("unknown variant ") {
        Reason::UnknownVariant {
            name: quoted(rest).unwrap_or(rest).to_string(),
            known: names_after(rest),
        }
    } else if let Some(rest) = msg.strip_prefix("duplicate field ") {
        Reason::DuplicateField {
            name: quoted(rest).unwrap_or(rest).to_string(),
        }
    } else if let Some((found, expected)) = pair(msg, "invalid type: ") {
        Reason::WrongType { found, expected }
    } else if let Some((found, expected)) = pair(msg, "invalid value: ") {
        Reason::BadValue { found, expected }
    } else {
        Reason::Unreadable {
            detail: msg.to_string(),
        }
    };
    ScenarioError {
        field: field(None),
        reason,
    }
}

/// For `#[serde(deserialize_with)]` on an optional raw field: present (even as `null`) is
/// `Some`, absent is `None` (with `#[serde(default)]`).
pub fn present<'de, D>(d: D) -> Result<Option<&'de RawValue>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    <&RawValue>::deserialize(d).map(Some)
}

/// Refuses `text` unless it is one JSON object (as a scenario or run file must be): not JSON at
/// all, or JSON of another kind, with the position or the kind.
pub fn object(text: &str) -> Result<(), ScenarioError> {
    if text.trim_start().starts_with('{') {
        return Ok(());
    }
    let e = match serde_json::from_str::<serde::de::IgnoredAny>(text) {
        Err(e) => classify(".", e),
        Ok(_) => ScenarioError {
            field: DOCUMENT.into(),
            reason: Reason::NotObject,
        },
    };
    Err(e)
}

/// The first name in backquotes (serde quotes field and variant names so).
fn quoted(s: &str) -> Option<&str> {
    let start = s.find('`')? + 1;
    let len = s[start..].find('`')?;
    Some(&s[start..start + len])
}

/// The names serde lists after ", expected" (`one of `a`, `b``), joined by commas.
fn names_after(s: &str) -> String {
    let Some((_, list)) = s.split_once(", expected ") else {
        return String::new();
    };
    list.split('`')
        .skip(1)
        .step_by(2)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `{prefix}{found}, expected {expected}` as a found value and an expected kind.
fn pair(msg: &str, prefix: &str) -> Option<(Found, Kind)> {
    let (found, expected) = msg.strip_prefix(prefix)?.rsplit_once(", expected ")?;
    Some((found_value(found), expected_kind(expected)))
}

/// serde's description of an unexpected value (`integer `5``, `string "x"`, `null`, `map`).
fn found_value(s: &str) -> Found {
    let (word, text) = match s.split_once(' ') {
        Some((w, t)) => (w, Some(t)),
        None => (s, None),
    };
    let text = text.map(|t| {
        t.strip_prefix('`')
            .and_then(|t| t.strip_suffix('`'))
            .unwrap_or(t)
            .to_string()
    });
    let kind = match word {
        "null" | "unit" => Kind::Null,
        "boolean" => Kind::Bool,
        "integer" => Kind::Integer,
        "floating" => {
            let text = text.as_deref().and_then(|t| t.strip_prefix("point "));
            return Found {
                kind: Kind::Number,
                text: text.map(|t| t.trim_matches('`').to_string()),
            };
        }
        "string" => Kind::String,
        "sequence" => Kind::List,
        "map" => Kind::Object,
        _ => {
            return Found {
                kind: Kind::Value,
                text: Some(s.to_string()),
            }
        }
    };
    Found { kind, text }
}

/// The kind of value serde's `expected ...` text asks for (`u32`, `a string`, `struct Latency`).
fn expected_kind(s: &str) -> Kind {
    let s = s.trim_start_matches("a ").trim_start_matches("an ");
    let integer = |t: &str| {
        (t.starts_with('u') || t.starts_with('i'))
            && t.len() > 1
            && (t[1..].bytes().all(|b| b.is_ascii_digit()) || &t[1..] == "size")
    };
    match s {
        "f32" | "f64" => Kind::Number,
        "string" | "borrowed string" | "char" => Kind::String,
        "boolean" => Kind::Bool,
        "sequence" => Kind::List,
        "map" => Kind::Object,
        t if integer(t) => Kind::Integer,
        t if t.starts_with("enum ") || t.contains("variant") => Kind::Name,
        t if t.starts_with("struct ") || t.starts_with("tuple") => Kind::Object,
        _ => Kind::Value,
    }
}
