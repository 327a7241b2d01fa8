//! Links that reopen a run: the scenario (with its hand-made faults), the lesson and step, the
//! cursor, the language and how an embedded player looks, all in a URL fragment.
//!
//! Format (version 1), in the part after `#`, `&`-separated:
//!
//! - `v1=<data>.<check>`: `<data>` is base64url (no padding) of compact JSON
//!   `{"scenario": {...}, "lesson": "...", "step": 2, "cursor": 57}` (every field but `scenario`
//!   optional); `<check>` is base64url of the 4-byte FNV-1a hash of the JSON, so a damaged or
//!   edited link is refused instead of opening a different run. The scenario is stored whole,
//!   never as a preset name, so a link keeps opening the same run when presets change.
//! - `lang=<BCP-47 tag>`: `zh`, `zh-CN`, ... for Chinese, anything else for English.
//! - `embed=1`: show the player alone; with `panels=topology,sequence,log,inspector,status,lesson`,
//!   `autoplay=1`, `start=<step>`, `speed=<events per second>`, `ro=1` (read-only: no fault
//!   injection, no editing).
//!
//! Unknown or repeated parts are refused, naming the part. Decoding never panics
//! (`tests/share.rs` fuzzes it).
//!
//! ```
//! use txscope::{i18n::Lang, presets, share::Link};
//! let link = Link {
//!     scenario: presets::preset("2pc-happy").unwrap(),
//!     cursor: Some(12),
//!     lang: Some(Lang::Zh),
//!     ..Link::default()
//! };
//! let fragment = link.to_fragment();
//! assert!(fragment.starts_with("v1=") && fragment.ends_with("&lang=zh-CN"));
//! assert_eq!(Link::from_fragment(&fragment).unwrap(), link);
//! ```

use crate::i18n::Words;
use crate::i18n::{self, Lang};
use crate::lessons;
use crate::scenario::{read, Reason, Scenario, ScenarioError};
use serde::{Deserialize, Serialize};

/// The longest fragment this build reads.
pub const MAX_LEN: usize = 64 * 1024;
/// The highest playback speed (events per second) a link may ask for.
pub const MAX_SPEED: f64 = 1000.0;

/// A panel of the player, as named in `panels=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Panel {
    Topology,
    Sequence,
    Log,
    Inspector,
    Status,
    Lesson,
}

impl Panel {
    pub const ALL: [Panel; 6] = [
        Panel::Topology,
        Panel::Sequence,
        Panel::Log,
        Panel::Inspector,
        Panel::Status,
        Panel::Lesson,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Panel::Topology => "topology",
            Panel::Sequence => "sequence",
            Panel::Log => "log",
            Panel::Inspector => "inspector",
            Panel::Status => "status",
            Panel::Lesson => "lesson",
        }
    }

    pub fn from_name(name: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// How an embedded player looks and behaves.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Embed {
    /// The panels to show, in order; empty: the player's default set.
    pub panels: Vec<Panel>,
    pub autoplay: bool,
    /// The lesson step to start at.
    pub start_step: Option<usize>,
    /// Playback speed in events per second.
    pub speed: Option<f64>,
    /// No fault injection and no editing.
    pub read_only: bool,
}

/// Everything a link carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub scenario: Scenario,
    pub lesson: Option<String>,
    /// The lesson step shown.
    pub step: Option<usize>,
    /// The cursor: how many events have happened.
    pub cursor: Option<usize>,
    pub lang: Option<Lang>,
    /// `Some` for an embedded player.
    pub embed: Option<Embed>,
}

impl Default for Link {
    fn default() -> Self {
        Link {
            scenario: Scenario::new("2pc", 3),
            lesson: None,
            step: None,
            cursor: None,
            lang: None,
            embed: None,
        }
    }
}

/// What is wrong with a link.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    #[error("the link is empty")]
    Empty,
    #[error("the link is {len} characters long; at most {max}")]
    TooLong { len: usize, max: usize },
    #[error("unknown part {name:?}")]
    UnknownParam { name: String },
    #[error("{name:?} appears twice")]
    DuplicateParam { name: String },
    #[error("no v1= part")]
    MissingPayload,
    #[error("format {version} is newer than this build (it reads v1)")]
    Version { version: String },
    #[error("{part}: character {position} is not base64url")]
    Base64 { part: &'static str, position: usize },
    #[error("checksum mismatch: the link is damaged or was edited")]
    Checksum,
    #[error("v1 data, {field}: {reason}")]
    Json { field: String, reason: Reason },
    #[error("{param}={value:?}: {reason}")]
    Value {
        param: &'static str,
        value: String,
        reason: &'static str,
    },
    #[error("scenario.{}: {}", .0.field, .0.reason)]
    Scenario(ScenarioError),
    #[error("unknown lesson {lesson:?}")]
    Lesson { lesson: String },
    #[error("step {step} is past the end of lesson {lesson:?} ({steps} steps)")]
    Step {
        lesson: String,
        step: usize,
        steps: usize,
    },
}

impl ShareError {
    /// The error as a sentence in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let n = |v: &usize| v.to_string();
        match self {
            ShareError::Empty => i18n::t(lang, "error.share.empty").to_string(),
            ShareError::TooLong { len, max } => i18n::tf(
                lang,
                "error.share.too_long",
                &[("len", &n(len)), ("max", &n(max))],
            ),
            ShareError::UnknownParam { name } => {
                i18n::tf(lang, "error.share.unknown_param", &[("name", name)])
            }
            ShareError::DuplicateParam { name } => {
                i18n::tf(lang, "error.share.duplicate_param", &[("name", name)])
            }
            ShareError::MissingPayload => i18n::t(lang, "error.share.missing_payload").to_string(),
            ShareError::Version { version } => {
                i18n::tf(lang, "error.share.version", &[("version", version)])
            }
            ShareError::Base64 { position, .. } => {
                i18n::tf(lang, "error.share.base64", &[("position", &n(position))])
            }
            ShareError::Checksum => i18n::t(lang, "error.share.checksum").to_string(),
            ShareError::Json { field, reason } => i18n::tf(
                lang,
                "error.share.json",
                &[("field", field), ("reason", &reason.message(lang))],
            ),
            ShareError::Value { param, value, .. } => i18n::tf(
                lang,
                "error.share.value",
                &[("param", param), ("value", value)],
            ),
            ShareError::Scenario(e) => {
                i18n::tf(lang, "error.share.scenario", &[("error", &e.say(lang))])
            }
            ShareError::Lesson { lesson } => {
                i18n::tf(lang, "error.share.lesson", &[("lesson", lesson)])
            }
            ShareError::Step {
                lesson,
                step,
                steps,
            } => i18n::tf(
                lang,
                "error.share.step",
                &[("lesson", lesson), ("step", &n(step)), ("steps", &n(steps))],
            ),
        }
    }
}

/// The JSON inside `v1=`, as written (fields in the scenario's own order).
#[derive(Serialize)]
struct PayloadOut<'a> {
    scenario: &'a Scenario,
    #[serde(skip_serializing_if = "Option::is_none")]
    lesson: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    step: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cursor: Option<usize>,
}

/// The JSON inside `v1=`, as read (the scenario is kept as text and read by
/// [`Scenario::from_json`], which names the field at fault).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Payload {
    scenario: Box<serde_json::value::RawValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lesson: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    step: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cursor: Option<usize>,
}

const PARAMS: &[&str] = &[
    "v1", "lang", "embed", "panels", "autoplay", "start", "speed", "ro",
];

impl Link {
    /// The fragment, without the leading `#`.
    pub fn to_fragment(&self) -> String {
        let payload = PayloadOut {
            scenario: &self.scenario,
            lesson: self.lesson.as_deref(),
            step: self.step,
            cursor: self.cursor,
        };
        let json = serde_json::to_string(&payload).expect("a payload always serializes");
        let mut out = format!(
            "v1={}.{}",
            base64url::encode(json.as_bytes()),
            base64url::encode(&fnv1a(json.as_bytes()).to_be_bytes())
        );
        if let Some(lang) = self.lang {
            out.push_str("&lang=");
            out.push_str(lang.tag());
        }
        if let Some(e) = &self.embed {
            out.push_str("&embed=1");
            if !e.panels.is_empty() {
                let names: Vec<&str> = e.panels.iter().map(|p| p.name()).collect();
                out.push_str("&panels=");
                out.push_str(&names.join(","));
            }
            if e.autoplay {
                out.push_str("&autoplay=1");
            }
            if let Some(s) = e.start_step {
                out.push_str(&format!("&start={s}"));
            }
            if let Some(s) = e.speed {
                out.push_str("&speed=");
                out.push_str(&crate::numtext::float(s));
            }
            if e.read_only {
                out.push_str("&ro=1");
            }
        }
        out
    }

    /// A whole URL: `base` (anything before `#`) plus the fragment.
    pub fn to_url(&self, base: &str) -> String {
        let base = base.split('#').next().unwrap_or("");
        format!("{base}#{}", self.to_fragment())
    }

    /// Reads a fragment (with or without its `#`) or a whole URL.
    pub fn from_fragment(text: &str) -> Result<Link, ShareError> {
        if text.len() > MAX_LEN {
            return Err(ShareError::TooLong {
                len: text.len(),
                max: MAX_LEN,
            });
        }
        let fragment = match text.find('#') {
            Some(i) => &text[i + 1..],
            None => text,
        };
        let fragment = fragment.trim();
        if fragment.is_empty() {
            return Err(ShareError::Empty);
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut data = None;
        let mut lang = None;
        let mut embed_flag = false;
        let mut embed = Embed::default();
        let mut embed_opts = false;
        for part in fragment.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            if !PARAMS.contains(&name) {
                if name.len() > 1
                    && name.starts_with('v')
                    && name[1..].bytes().all(|b| b.is_ascii_digit())
                {
                    return Err(ShareError::Version {
                        version: name.to_string(),
                    });
                }
                return Err(ShareError::UnknownParam {
                    name: shorten(name),
                });
            }
            if seen.contains(&name) {
                return Err(ShareError::DuplicateParam {
                    name: name.to_string(),
                });
            }
            seen.push(name);
            match name {
                "v1" => data = Some(value),
                "lang" => lang = Some(parse_lang(value)?),
                "embed" => embed_flag = flag("embed", value)?,
                "panels" => {
                    embed_opts = true;
                    embed.panels = parse_panels(value)?;
                }
                "autoplay" => {
                    embed_opts = true;
                    embed.autoplay = flag("autoplay", value)?;
                }
                "start" => {
                    embed_opts = true;
                    embed.start_step = Some(number("start", value)?);
                }
                "speed" => {
                    embed_opts = true;
                    embed.speed = Some(parse_speed(value)?);
                }
                "ro" => {
                    embed_opts = true;
                    embed.read_only = flag("ro", value)?;
                }
                _ => unreachable!("every name in PARAMS is handled"),
            }
        }
        let data = data.ok_or(ShareError::MissingPayload)?;
        let payload = decode_payload(data)?;
        let scenario = Scenario::from_json(payload.scenario.get()).map_err(ShareError::Scenario)?;
        if let Some(id) = &payload.lesson {
            let lesson = lessons::find(id).ok_or_else(|| ShareError::Lesson {
                lesson: shorten(id),
            })?;
            for step in [payload.step, embed.start_step].into_iter().flatten() {
                if step >= lesson.steps.len() {
                    return Err(ShareError::Step {
                        lesson: id.clone(),
                        step,
                        steps: lesson.steps.len(),
                    });
                }
            }
        }
        Ok(Link {
            scenario,
            lesson: payload.lesson,
            step: payload.step,
            cursor: payload.cursor,
            lang,
            embed: (embed_flag || embed_opts).then_some(embed),
        })
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 40 {
        let head: String = s.chars().take(40).collect();
        format!("{head}…")
    } else {
        s.to_string()
    }
}

fn decode_payload(data: &str) -> Result<Payload, ShareError> {
    let (body, check) = data.split_once('.').ok_or(ShareError::Checksum)?;
    let bytes = base64url::decode(body).map_err(|position| ShareError::Base64 {
        part: "v1",
        position,
    })?;
    let check = base64url::decode(check).map_err(|position| ShareError::Base64 {
        part: "v1 checksum",
        position: body.len() + 1 + position,
    })?;
    if check.as_slice() != fnv1a(&bytes).to_be_bytes() {
        return Err(ShareError::Checksum);
    }
    let text = std::str::from_utf8(&bytes).map_err(|e| ShareError::Json {
        field: read::DOCUMENT.into(),
        reason: Reason::NotJson {
            line: 1,
            column: e.valid_up_to() + 1,
        },
    })?;
    read::from_str(text).map_err(|e| ShareError::Json {
        field: e.field,
        reason: e.reason,
    })
}

fn parse_lang(value: &str) -> Result<Lang, ShareError> {
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

fn flag(param: &'static str, value: &str) -> Result<bool, ShareError> {
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

fn number(param: &'static str, value: &str) -> Result<usize, ShareError> {
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

fn parse_speed(value: &str) -> Result<f64, ShareError> {
    let bad = |reason| ShareError::Value {
        param: "speed",
        value: shorten(value),
        reason,
    };
    if value.len() > 40 || !value.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(bad("not a number"));
    }
    let v: f64 = value.parse().map_err(|_| bad("not a number"))?;
    if !(v > 0.0 && v <= MAX_SPEED) {
        return Err(bad("out of range (above 0, at most 1000)"));
    }
    Ok(v)
}

fn parse_panels(value: &str) -> Result<Vec<Panel>, ShareError> {
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

/// 32-bit FNV-1a: a checksum against damage and casual edits (not a signature).
fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Base64url without padding (RFC 4648 §5), strict: decoding refuses padding, characters
/// outside the alphabet, an impossible length and non-zero trailing bits, so each byte string
/// has exactly one encoding.
pub mod base64url {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                chunk.get(1).copied().unwrap_or(0),
                chunk.get(2).copied().unwrap_or(0),
            ];
            let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
            let chars = chunk.len() + 1;
            for i in 0..chars {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        out
    }

    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some((c - b'A') as u32),
            b'a'..=b'z' => Some((c - b'a') as u32 + 26),
            b'0'..=b'9' => Some((c - b'0') as u32 + 52),
            b'-' => Some(62),
            b'_' => Some(63),
            _ => None,
        }
    }

    /// The bytes, or the (0-based) position of the first character that makes the text invalid.
    pub fn decode(text: &str) -> Result<Vec<u8>, usize> {
        let bytes = text.as_bytes();
        if let Some(i) = bytes.iter().position(|&c| value(c).is_none()) {
            return Err(i);
        }
        if bytes.len() % 4 == 1 {
            return Err(bytes.len() - 1);
        }
        let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
        for (k, chunk) in bytes.chunks(4).enumerate() {
            let mut n: u32 = 0;
            for (i, &c) in chunk.iter().enumerate() {
                n |= value(c).unwrap_or(0) << (18 - 6 * i);
            }
            let full = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            let keep = chunk.len() - 1;
            // Bits past the last whole byte must be zero (canonical encoding).
            let spare = match chunk.len() {
                2 => n & 0xFFFF,
                3 => n & 0xFF,
                _ => 0,
            };
            if spare != 0 {
                return Err(k * 4 + chunk.len() - 1);
            }
            out.extend_from_slice(&full[..keep]);
        }
        Ok(out)
    }
}
