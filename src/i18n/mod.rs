//! English and Simplified Chinese for every string people read: controls, status, errors, lesson
//! text and the event log.
//!
//! Each language keeps all its strings in one table ([`en`], [`zh`]), keyed by dotted `&str` keys
//! (`control.play`, `event.send`, `lesson.2pc-basics.vote.q`). A string may hold placeholders in
//! braces (`{node}`), filled by [`tf`]; both languages must use the same placeholders for a key
//! (`tests/i18n.rs` checks that, and that no key is missing in either table).
//!
//! English is always built in, but for the lessons' narration ([`is_narration`]: each step's
//! text, question, choices and explanation), which is built in with feature `en-narration` (the
//! command line and the tests); the page [`install_narration`]s it from
//! `static/i18n/en-narration.json` after its first frame, and [`narration_ready`] says whether it
//! has. Chinese is built in with feature `zh-table`; the page is built without it and
//! [`install`]s the same table (narration included) from `static/i18n/zh.json` when Chinese is
//! chosen (`tests/i18n.rs` keeps both files equal to the tables). Until then a Chinese lookup
//! falls back to English, and [`is_ready`] says so.
//!
//! Protocol labels (PREPARE, READY, COMMIT, `decision-timeout`, ...) are the protocols'
//! vocabulary and stay as they are in every language; the sentences around them are translated.
//!
//! ```
//! use txscope::i18n::{self, Lang};
//! let zh = Lang::from_tag("zh-Hans-CN");
//! assert_eq!(zh, Lang::Zh);
//! assert_eq!(i18n::t(zh, "control.play"), "播放");
//! assert_eq!(i18n::tf(Lang::En, "event.crash", &[("node", "C")]), "C crashes");
//! ```

/// A language's table written as pairs, `packed_table![("key", "string"), ...]`, kept as one
/// [`Packed`] string: `key` U+001F `string` U+001E for each entry. One string instead of a slice
/// of pairs, so that the page's wasm carries no pointer and length for each of its ~900 strings.
macro_rules! packed_table {
    ($(($key:literal, $text:literal $(,)?)),* $(,)?) => {
        super::Packed {
            text: concat!($($key, "\u{1f}", $text, "\u{1e}"),*),
            len: [$(packed_table!(@unit $key)),*].len(),
        }
    };
    (@unit $key:literal) => {
        ()
    };
}

mod en;
#[cfg(feature = "en-narration")]
mod en_narration;
#[cfg(feature = "zh-table")]
mod zh;

/// A built-in table as [`packed_table!`] writes it.
pub(crate) struct Packed {
    text: &'static str,
    /// How many entries the table was written with (the unpacked table must have as many).
    len: usize,
}

impl Packed {
    /// The entries, in the order they were written.
    fn entries(&self) -> Vec<(&'static str, &'static str)> {
        let mut entries = Vec::with_capacity(self.len);
        entries.extend(
            self.text
                .split_terminator('\u{1e}')
                .map(|entry| entry.split_once('\u{1f}').unwrap_or((entry, ""))),
        );
        entries
    }
}

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A language the interface speaks.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The language for a BCP-47 tag: any tag whose primary subtag is `zh` (`zh`, `zh-CN`,
    /// `zh-Hans-CN`, `ZH_cn`) is Chinese; anything else, including an empty or malformed tag, is
    /// English.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The first supported language in a browser's preference list (`navigator.languages`),
    /// English if none is.
    pub fn negotiate<'a>(tags: impl IntoIterator<Item = &'a str>) -> Lang {
        for tag in tags {
            let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
            if primary.eq_ignore_ascii_case("zh") {
                return Lang::Zh;
            }
            if primary.eq_ignore_ascii_case("en") {
                return Lang::En;
            }
        }
        Lang::En
    }

    /// The tag to put in `<html lang>` and in links.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's name in itself, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }

    /// The name of this language's table file (`static/i18n/<stem>.json`).
    pub fn file_stem(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// Every key and string of this language, in the order the table lists them: empty while a
    /// language that is not built in has not been [`install`]ed. English's lists its narration
    /// last, when that is built in (not what [`install_narration`] adds).
    pub fn table(self) -> &'static [(&'static str, &'static str)] {
        builtin(self)
            .or_else(|| installed(self).get().copied())
            .unwrap_or(&[])
    }

    /// The index of the table, once there is a table to index.
    fn index(self) -> Option<&'static HashMap<&'static str, &'static str>> {
        static EN: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
        static ZH: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
        let cell = match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        };
        if let Some(index) = cell.get() {
            return Some(index);
        }
        let table = self.table();
        if table.is_empty() {
            return None;
        }
        Some(cell.get_or_init(|| table.iter().copied().collect()))
    }
}

/// A table's strings by key.
type Index = HashMap<&'static str, &'static str>;

/// The table compiled into this build for `lang`, if any.
fn builtin(lang: Lang) -> Option<&'static [(&'static str, &'static str)]> {
    static EN: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    match lang {
        Lang::En => Some(EN.get_or_init(|| {
            #[allow(unused_mut)]
            let mut entries = en::TABLE.entries();
            #[cfg(feature = "en-narration")]
            entries.extend(en_narration::TABLE.entries());
            entries
        })),
        Lang::Zh => {
            #[cfg(feature = "zh-table")]
            {
                static ZH: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
                return Some(ZH.get_or_init(|| zh::TABLE.entries()));
            }
            #[allow(unreachable_code)]
            None
        }
    }
}

/// Where an [`install`]ed table of `lang` is kept.
fn installed(lang: Lang) -> &'static OnceLock<&'static [(&'static str, &'static str)]> {
    static EN: OnceLock<&'static [(&'static str, &'static str)]> = OnceLock::new();
    static ZH: OnceLock<&'static [(&'static str, &'static str)]> = OnceLock::new();
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// Whether `lang`'s strings are at hand (built in or installed), so that text in it is not
/// English standing in.
pub fn is_ready(lang: Lang) -> bool {
    !lang.table().is_empty()
}

/// Whether `key` is part of a lesson's narration (`lesson.<id>.<step>...`), the part of the
/// English table the page fetches after its first frame. A lesson's title and summary
/// (`lesson.<id>.title`) and the lesson panel's own words (`lesson.ui.*`) are not: the panel
/// shows them from the start.
pub fn is_narration(key: &str) -> bool {
    key.strip_prefix("lesson.")
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(lesson, rest)| lesson != "ui" && rest.contains('.'))
}

/// English narration installed from its file, by key.
static EN_NARRATION: OnceLock<Index> = OnceLock::new();

/// Whether the lessons' narration in `lang` is at hand: built in or [`install_narration`]ed for
/// English; Chinese's comes with its table.
pub fn narration_ready(lang: Lang) -> bool {
    match lang {
        Lang::En => cfg!(feature = "en-narration") || EN_NARRATION.get().is_some(),
        Lang::Zh => is_ready(Lang::Zh),
    }
}

/// Installs the English narration from `json`, the text of `static/i18n/en-narration.json` (a
/// JSON list of `[key, string]` pairs). Every key must be narration ([`is_narration`]), so that
/// no other file can stand in for it. Installing it again, or where it is built in, changes
/// nothing.
pub fn install_narration(json: &str) -> Result<(), TableError> {
    let pairs = read_pairs(json)?;
    if pairs.is_empty() {
        return Err(TableError::Malformed {
            reason: "it has no entries".into(),
        });
    }
    if let Some((key, _)) = pairs.iter().find(|(k, _)| !is_narration(k)) {
        return Err(TableError::Foreign { key: key.clone() });
    }
    if narration_ready(Lang::En) {
        return Ok(());
    }
    let _ = EN_NARRATION.set(leak(pairs).iter().copied().collect());
    Ok(())
}

/// A table file's pairs.
fn read_pairs(json: &str) -> Result<Vec<(String, String)>, TableError> {
    serde_json::from_str(json).map_err(|e| TableError::Malformed {
        reason: e.to_string(),
    })
}

/// Pairs kept for the life of the page (each table file is installed at most once).
fn leak(pairs: Vec<(String, String)>) -> &'static [(&'static str, &'static str)] {
    let table: Vec<(&'static str, &'static str)> = pairs
        .into_iter()
        .map(|(k, v)| -> (&'static str, &'static str) {
            (Box::leak(k.into_boxed_str()), Box::leak(v.into_boxed_str()))
        })
        .collect();
    Box::leak(table.into_boxed_slice())
}

/// What is wrong with a language's table file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    /// Not a JSON list of `[key, string]` pairs.
    #[error("the table is not a list of [key, string] pairs: {reason}")]
    Malformed { reason: String },
    /// A key that English has is not in the file (a file from another version of the app).
    #[error("the table has no string for {key}")]
    Missing { key: &'static str },
    /// The narration file holds a key that is not narration (another table's file).
    #[error("the table has {key}, which is not a lesson's narration")]
    Foreign { key: String },
}

impl Words for TableError {
    fn key(&self) -> Cow<'static, str> {
        match self {
            TableError::Malformed { .. } => "error.table_malformed",
            TableError::Missing { .. } => "error.table_missing",
            TableError::Foreign { .. } => "error.table_foreign",
        }
        .into()
    }

    fn args(&self, _: Lang) -> Vec<(&'static str, String)> {
        match self {
            TableError::Malformed { reason } => vec![("reason", reason.clone())],
            TableError::Missing { key } => vec![("key", (*key).to_string())],
            TableError::Foreign { key } => vec![("key", key.clone())],
        }
    }
}

/// Makes `lang` speak from `json`, the text of its table file (a JSON list of `[key, string]`
/// pairs in table order, as `static/i18n/zh.json`). Checked against English's keys first, so a
/// stale file is refused rather than half shown. A language that is built in or was installed
/// already keeps its table (and this returns `Ok`).
pub fn install(lang: Lang, json: &str) -> Result<(), TableError> {
    let pairs = read_pairs(json)?;
    let given: HashMap<&str, &str> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if let Some((key, _)) = Lang::En
        .table()
        .iter()
        .find(|(k, _)| !given.contains_key(k))
    {
        return Err(TableError::Missing { key });
    }
    if is_ready(lang) {
        return Ok(());
    }
    // The table lives as long as the page: leaked once per language.
    let _ = installed(lang).set(leak(pairs));
    Ok(())
}

/// The string for `key` in `lang`, if the table has it.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    if let Some(text) = lang.index().and_then(|index| index.get(key)) {
        return Some(text);
    }
    match lang {
        Lang::En => EN_NARRATION.get()?.get(key).copied(),
        Lang::Zh => None,
    }
}

/// The string for `key` in `lang`; falls back to English, then to the key itself, so a missing
/// string shows up as its key on the page instead of failing. (`tests/i18n.rs` keeps both tables
/// complete.)
pub fn t(lang: Lang, key: &str) -> &str {
    lookup(lang, key)
        .or_else(|| lookup(Lang::En, key))
        .unwrap_or(key)
}

/// Something people read, said through the tables: a key and the values of its placeholders.
///
/// The layers above implement it for their own types (an event, a scenario error, a role), so
/// that this module knows none of them.
pub trait Words {
    /// The key of the template.
    fn key(&self) -> Cow<'static, str>;

    /// The placeholders' values, in `lang` where they are words themselves.
    fn args(&self, lang: Lang) -> Vec<(&'static str, String)> {
        let _ = lang;
        Vec::new()
    }

    /// The words in `lang`.
    fn say(&self, lang: Lang) -> String {
        let args = self.args(lang);
        let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tf(lang, &self.key(), &pairs)
    }
}

/// The template for `key` with its placeholders filled from `args`. A placeholder with no value
/// is left as it is (`{node}`), so a mistake is visible rather than silent.
pub fn tf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    fill(t(lang, key), args)
}

/// Fills `{name}` placeholders in a template.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder names a template uses, sorted and without repeats.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names.sort_unstable();
    names.dedup();
    names
}

/// The key of a preset's title and description (`preset.2pc-happy.title`, `.description`).
pub fn preset_key(preset: &str, part: &str) -> String {
    format!("preset.{preset}.{part}")
}

/// The key of a state-machine transition's label: `machine.` and the label's words in lower case
/// joined by `_` ("begin / send PREPARE" -> `machine.begin_send_prepare`).
pub fn machine_key(label: &str) -> String {
    let words: Vec<String> = label
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    format!("machine.{}", words.join("_"))
}

/// A timer's name in `lang`. The protocols name their timers by identifiers (`vote-timeout`),
/// which scenarios also use; these are the words people read. The name itself if the tables
/// lack it.
pub fn timer_name(lang: Lang, label: &str) -> &str {
    lookup(lang, &format!("timer.{label}")).unwrap_or(label)
}

/// A state-machine transition's label (the protocols write them in English) in `lang`; the label
/// itself if the tables lack it, as English's does on purpose (no copy of the protocols' words).
pub fn machine_label(lang: Lang, label: &str) -> &str {
    lookup(lang, &machine_key(label)).unwrap_or(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unpacking gives back every entry as written: no string holds a separator, none is lost.
    #[test]
    fn packed_tables_unpack_to_every_entry_they_were_written_with() {
        let mut tables = vec![&en::TABLE];
        #[cfg(feature = "en-narration")]
        tables.push(&en_narration::TABLE);
        #[cfg(feature = "zh-table")]
        tables.push(&zh::TABLE);
        for packed in tables {
            let entries = packed.entries();
            assert_eq!(entries.len(), packed.len);
            assert!(packed.len > 200, "{} entries", packed.len);
            assert!(entries
                .iter()
                .all(|(k, _)| !k.is_empty() && !k.contains(' ')));
        }
        #[cfg(feature = "en-narration")]
        {
            let mut english = en::TABLE.entries();
            english.extend(en_narration::TABLE.entries());
            assert_eq!(Lang::En.table(), english.as_slice());
            assert!(en_narration::TABLE
                .entries()
                .iter()
                .all(|(k, _)| is_narration(k)));
            assert!(!en::TABLE.entries().iter().any(|(k, _)| is_narration(k)));
        }
        assert_eq!(t(Lang::En, "control.play"), "Play");
    }

    #[test]
    fn narration_is_a_lessons_steps_not_its_title_or_the_panels_words() {
        assert!(is_narration("lesson.2pc-basics.vote.q"));
        assert!(is_narration("lesson.outbox.relay.text"));
        assert!(!is_narration("lesson.2pc-basics.title"));
        assert!(!is_narration("lesson.ui.next"));
        assert!(!is_narration("lesson.ui.a.b"));
        assert!(!is_narration("control.play"));
    }
}
