//! Why a scenario, link or run file was refused, as a code with the offending values: the core
//! decides *what* is wrong, and [`Reason::message`] says it in the reader's language through the
//! i18n tables (`error.reason.*`, `error.kind.*`). The English table is also the command line's
//! text ([`std::fmt::Display`]).

use crate::i18n::{self, Lang};

/// What is wrong with one field. Values the reader typed are kept as written (names, numbers);
/// lists of what is allowed are the format's own names, joined by commas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The text is not JSON at all (serde_json's position of the first error).
    NotJson {
        line: usize,
        column: usize,
    },
    /// The document is JSON but not an object.
    NotObject,
    MissingVersion,
    /// A `version` this build does not read (the value as written).
    Version {
        found: String,
    },
    /// A required field is absent (the field path ends with its name too).
    Missing {
        name: String,
    },
    UnknownField {
        name: String,
        known: String,
    },
    DuplicateField {
        name: String,
    },
    UnknownVariant {
        name: String,
        known: String,
    },
    /// A value of the wrong JSON type.
    WrongType {
        found: Found,
        expected: Kind,
    },
    /// A value of the right type that the field cannot hold (a negative count, 1e30 as u64).
    BadValue {
        found: Found,
        expected: Kind,
    },
    /// serde said something this module does not classify (kept as serde wrote it).
    Unreadable {
        detail: String,
    },
    UnknownPreset {
        name: String,
        known: String,
    },
    UnknownProtocol {
        name: String,
        known: String,
    },
    OutOfRange {
        value: u64,
        min: u64,
        max: u64,
    },
    OnlyParticipantsVote,
    /// An amount of money or a balance outside what a scenario may set.
    MoneyOutOfRange {
        value: i64,
        min: i64,
        max: i64,
    },
    /// An account name that is empty, too long, or has characters other than letters, digits
    /// and `_`.
    BadAccountName {
        name: String,
    },
    /// A transfer from an account to itself.
    SameAccount {
        name: String,
    },
    MinAboveMax {
        min: u64,
        max: u64,
    },
    /// A timeout of 0 ms.
    Zero,
    /// A latency or timeout longer than the format allows.
    TooLong {
        ms: u64,
        max: u64,
    },
    /// A list with more entries than the format allows.
    TooMany {
        count: usize,
        max: usize,
    },
    NotATimer {
        timer: String,
        protocol: &'static str,
        known: String,
    },
    /// A fault inside `schedule` that also says when it happens.
    ScheduledTrigger,
    AfterEnd {
        at: u64,
        end: u64,
    },
    /// A fault with none or several of `at_ms`, `after` and `before_event`.
    OneTrigger,
    MissingFault,
    MissingMsg,
    MissingNode,
    MissingBy,
    MissingRate,
    MissingGroups,
    InTwoGroups {
        name: String,
    },
    UnknownNode {
        name: String,
        known: String,
    },
    /// A loss rate outside 0 to 1 (the number as JSON writes it).
    NotProbability {
        value: String,
    },
    UnknownEvent {
        name: String,
        known: String,
    },
    UnknownLabel {
        label: String,
        protocol: &'static str,
    },
    /// A run file with more events than its own `max_events`.
    MoreEvents {
        events: usize,
        max: usize,
    },
    /// An event index that is not its position in the file.
    NotInOrder {
        found: usize,
        expected: usize,
    },
}

/// The JSON type of a value, as a reader would name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Null,
    Bool,
    /// A whole number (the field is an integer type).
    Integer,
    /// Any number.
    Number,
    String,
    List,
    Object,
    /// One of a fixed set of names (an enum).
    Name,
    /// Something serde names in a way this module does not know.
    Value,
}

/// The value that was found: its kind and, for scalars, its text as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub kind: Kind,
    pub text: Option<String>,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Null => "error.kind.null",
            Kind::Bool => "error.kind.bool",
            Kind::Integer => "error.kind.integer",
            Kind::Number => "error.kind.number",
            Kind::String => "error.kind.string",
            Kind::List => "error.kind.list",
            Kind::Object => "error.kind.object",
            Kind::Name => "error.kind.name",
            Kind::Value => "error.kind.value",
        }
    }
}

impl Found {
    /// "integer `-1`", "string \"x\"", "null": the kind and the value as written.
    fn show(&self, lang: Lang) -> String {
        let key = match self.kind {
            Kind::Null => "error.found.null",
            Kind::Bool => "error.found.bool",
            Kind::Integer => "error.found.integer",
            Kind::Number => "error.found.number",
            Kind::String => "error.found.string",
            Kind::List => "error.found.list",
            Kind::Object => "error.found.object",
            Kind::Name | Kind::Value => "error.found.value",
        };
        i18n::tf(lang, key, &[("text", self.text.as_deref().unwrap_or(""))])
    }
}

impl Reason {
    /// The reason as a phrase in `lang` (after "field: ").
    pub fn message(&self, lang: Lang) -> String {
        let n = |v: u64| v.to_string();
        let (key, args): (&str, Vec<(&str, String)>) = match self {
            Reason::NotJson { line, column } => (
                "error.reason.not_json",
                vec![("line", n(*line as u64)), ("column", n(*column as u64))],
            ),
            Reason::NotObject => ("error.reason.not_object", vec![]),
            Reason::MissingVersion => ("error.reason.missing_version", vec![]),
            Reason::Version { found } => ("error.reason.version", vec![("found", found.clone())]),
            Reason::Missing { name } => ("error.reason.missing", vec![("name", name.clone())]),
            Reason::UnknownField { name, known } => (
                "error.reason.unknown_field",
                vec![("name", name.clone()), ("known", known.clone())],
            ),
            Reason::DuplicateField { name } => {
                ("error.reason.duplicate_field", vec![("name", name.clone())])
            }
            Reason::UnknownVariant { name, known } => (
                "error.reason.unknown_variant",
                vec![("name", name.clone()), ("known", known.clone())],
            ),
            Reason::WrongType { found, expected } => (
                "error.reason.wrong_type",
                vec![
                    ("found", found.show(lang)),
                    ("expected", i18n::t(lang, expected.key()).to_string()),
                ],
            ),
            Reason::BadValue { found, expected } => (
                "error.reason.bad_value",
                vec![
                    ("found", found.show(lang)),
                    ("expected", i18n::t(lang, expected.key()).to_string()),
                ],
            ),
            Reason::Unreadable { detail } => {
                ("error.reason.unreadable", vec![("detail", detail.clone())])
            }
            Reason::UnknownPreset { name, known } => (
                "error.reason.unknown_preset",
                vec![("name", name.clone()), ("known", known.clone())],
            ),
            Reason::UnknownProtocol { name, known } => (
                "error.reason.unknown_protocol",
                vec![("name", name.clone()), ("known", known.clone())],
            ),
            Reason::OutOfRange { value, min, max } => (
                "error.reason.out_of_range",
                vec![("value", n(*value)), ("min", n(*min)), ("max", n(*max))],
            ),
            Reason::OnlyParticipantsVote => ("error.reason.only_participants_vote", vec![]),
            Reason::MoneyOutOfRange { value, min, max } => (
                "error.reason.out_of_range",
                vec![
                    ("value", value.to_string()),
                    ("min", min.to_string()),
                    ("max", max.to_string()),
                ],
            ),
            Reason::BadAccountName { name } => (
                "error.reason.bad_account_name",
                vec![("name", name.clone())],
            ),
            Reason::SameAccount { name } => {
                ("error.reason.same_account", vec![("name", name.clone())])
            }
            Reason::MinAboveMax { min, max } => (
                "error.reason.min_above_max",
                vec![("min", n(*min)), ("max", n(*max))],
            ),
            Reason::Zero => ("error.reason.zero", vec![]),
            Reason::TooLong { ms, max } => (
                "error.reason.too_long",
                vec![("ms", n(*ms)), ("max", n(*max))],
            ),
            Reason::TooMany { count, max } => (
                "error.reason.too_many",
                vec![("count", n(*count as u64)), ("max", n(*max as u64))],
            ),
            Reason::NotATimer {
                timer,
                protocol,
                known,
            } => (
                "error.reason.not_a_timer",
                vec![
                    ("timer", timer.clone()),
                    ("protocol", protocol.to_string()),
                    ("known", known.clone()),
                ],
            ),
            Reason::ScheduledTrigger => ("error.reason.scheduled_trigger", vec![]),
            Reason::AfterEnd { at, end } => (
                "error.reason.after_end",
                vec![("at", n(*at)), ("end", n(*end))],
            ),
            Reason::OneTrigger => ("error.reason.one_trigger", vec![]),
            Reason::MissingFault => ("error.reason.missing_fault", vec![]),
            Reason::MissingMsg => ("error.reason.missing_msg", vec![]),
            Reason::MissingNode => ("error.reason.missing_node", vec![]),
            Reason::MissingBy => ("error.reason.missing_by", vec![]),
            Reason::MissingRate => ("error.reason.missing_rate", vec![]),
            Reason::MissingGroups => ("error.reason.missing_groups", vec![]),
            Reason::InTwoGroups { name } => {
                ("error.reason.in_two_groups", vec![("name", name.clone())])
            }
            Reason::UnknownNode { name, known } => (
                "error.reason.unknown_node",
                vec![("name", name.clone()), ("known", known.clone())],
            ),
            Reason::NotProbability { value } => (
                "error.reason.not_probability",
                vec![("value", value.clone())],
            ),
            Reason::UnknownEvent { name, known } => (
                "error.reason.unknown_event",
                vec![("name", name.clone()), ("known", known.clone())],
            ),
            Reason::UnknownLabel { label, protocol } => (
                "error.reason.unknown_label",
                vec![("label", label.clone()), ("protocol", protocol.to_string())],
            ),
            Reason::MoreEvents { events, max } => (
                "error.reason.more_events",
                vec![("events", n(*events as u64)), ("max", n(*max as u64))],
            ),
            Reason::NotInOrder { found, expected } => (
                "error.reason.not_in_order",
                vec![
                    ("found", n(*found as u64)),
                    ("expected", n(*expected as u64)),
                ],
            ),
        };
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        i18n::tf(lang, key, &args)
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}
