//! Reading the values of a fragment's parts (`lang=`, the flags, numbers, `speed=`,
//! `panels=`), refusing anything out of place with a [`ShareError::Value`] that names the part.

use super::{Panel, ShareError, MAX_SPEED};
use crate::i18n::Lang;

pub(super) fn shorten(s: &str) -> String {
    if s.chars().count() > 40 {
        let head: String = s.chars().take(40).collect();
        format!("{head}…")
    } else {
        s.to_string()
    }
}

pub(super) fn parse_lang(value: &str) -> Result<Lang, ShareError> {
    let ok = !value.is_empty()
        && value.len() <= 35
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ok {
        return Err(ShareError::Value {
            param: "lang",
            value: shorten(value),
            reason: "not a language tag",
        });
    }
    Ok(Lang::from_tag(value))
}

pub(super) fn flag(param: &'static str, value: &str) -> Result<bool, ShareError> {
    match value {
        "" | "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(ShareError::Value {
            param,
            value: shorten(value),
            reason: "use 1 or 0",
        }),
    }
}

pub(super) fn number(param: &'static str, value: &str) -> Result<usize, ShareError> {
    if value.is_empty() || value.len() > 9 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ShareError::Value {
            param,
            value: shorten(value),
            reason: "not a whole number below 10^9",
        });
    }
    value.parse().map_err(|_| ShareError::Value {
        param,
        value: shorten(value),
        reason: "not a whole number below 10^9",
    })
}

pub(super) fn parse_speed(value: &str) -> Result<f64, ShareError> {
    let bad = |reason| ShareError::Value {
        param: "speed",
        value: shorten(value),
        reason,
    };
    if value.len() > 40
        || !value.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        || !value.bytes().any(|b| b.is_ascii_digit())
    {
        return Err(bad("not a number"));
    }
    // `.5` and `5.` are numbers to a reader of links; JSON's grammar (numtext::parse) wants `0.5`.
    let padded = format!(
        "{}{value}{}",
        if value.starts_with('.') { "0" } else { "" },
        if value.ends_with('.') { "0" } else { "" }
    );
    let v = crate::numtext::parse(&padded).ok_or_else(|| bad("not a number"))?;
    if !(v > 0.0 && v <= MAX_SPEED) {
        return Err(bad("out of range (above 0, at most 1000)"));
    }
    Ok(v)
}

pub(super) fn parse_panels(value: &str) -> Result<Vec<Panel>, ShareError> {
    let mut out = Vec::new();
    for name in value.split(',').filter(|s| !s.is_empty()) {
        let p = Panel::from_name(name).ok_or_else(|| ShareError::Value {
            param: "panels",
            value: shorten(name),
            reason: "unknown panel (topology, sequence, log, inspector, status, lesson)",
        })?;
        if out.contains(&p) {
            return Err(ShareError::Value {
                param: "panels",
                value: shorten(name),
                reason: "listed twice",
            });
        }
        out.push(p);
    }
    Ok(out)
}
