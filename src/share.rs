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

pub mod base64url;
mod error;
mod values;

pub use error::ShareError;

use crate::i18n::Lang;
use crate::lessons;
use crate::scenario::{read, Reason, Scenario};
use serde::{Deserialize, Serialize};
use values::{flag, number, parse_lang, parse_panels, parse_speed, shorten};

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

/// 32-bit FNV-1a: a checksum against damage and casual edits (not a signature).
fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}
