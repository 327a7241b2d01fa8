//! Protocol values as the machinery keeps them.
//!
//! Every protocol writes its messages, timers, log records, states and local transactions as
//! its own enums, so that its handlers match on names. The simulator, the session, the explorer
//! and the pictures are written once for all protocols: they hold those values as [`Code`]s, and
//! ask the protocol (through its engine) for labels and meanings. [`Coded`] is the two-way
//! mapping; [`coded_enum!`](crate::coded_enum) writes it for enums without fields.

/// A protocol value without the protocol's types: which of its named kinds it is (an index into
/// the protocol's labels for that sort of value) and a number that completes it (a transfer, a
/// step, a phase; 0 when the kind needs none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Code {
    pub kind: u16,
    pub arg: u32,
}

/// One word per code: states are hashed for every step the explorer takes, and a code is most
/// of what a state holds.
impl std::hash::Hash for Code {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        h.write_u64(u64::from(self.kind) << 32 | u64::from(self.arg));
    }
}

impl Code {
    /// A kind that needs no number.
    pub const fn kind(kind: u16) -> Code {
        Code { kind, arg: 0 }
    }

    pub const fn with(kind: u16, arg: u32) -> Code {
        Code { kind, arg }
    }
}

/// One sort of a protocol's values (its messages, its timers, ...) and its codes.
///
/// `from_code(v.code()) == Some(v)` for every value, and `LABELS[v.code().kind]` is its label.
pub trait Coded: Copy + Eq + std::fmt::Debug + 'static {
    /// Every label of this sort of value, by kind: what people read and what scenario patterns
    /// match ("PREPARE", "READY", "vote-timeout").
    const LABELS: &'static [&'static str];

    fn code(&self) -> Code;

    /// The value a code stands for; `None` for a code this sort never makes.
    fn from_code(code: Code) -> Option<Self>;

    fn label(&self) -> &'static str {
        Self::LABELS[self.code().kind as usize]
    }

    /// What the value's number means to people (none, unless the kind carries one).
    fn arg(&self) -> Arg {
        Arg::None
    }

    /// The value as people read it: its label and its number.
    fn named(&self) -> Named {
        Named {
            label: self.label(),
            arg: self.arg(),
        }
    }
}

/// What the number that completes a value stands for, so that every picture and sentence can
/// show it the same way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Arg {
    #[default]
    None,
    /// A transfer of the scenario (`t1`, from 1).
    Transfer(u32),
    /// An order of the scenario (`o1`, from 1).
    Order(u32),
    /// A step of a saga or a branch of a global transaction (`#2`, from 1).
    Step(u32),
    /// How many times something has been tried (`×3`).
    Attempt(u32),
}

impl Arg {
    /// How the number reads after the label; `None` when there is none.
    pub fn text(self) -> Option<String> {
        match self {
            Arg::None => None,
            Arg::Transfer(n) => Some(format!("t{n}")),
            Arg::Order(n) => Some(format!("o{n}")),
            Arg::Step(n) => Some(format!("#{n}")),
            Arg::Attempt(n) => Some(format!("\u{d7}{n}")),
        }
    }
}

/// A value as people read it: its label and, if its kind has one, its number.
///
/// It serializes as the label alone: what scenario patterns match and the JSON trace shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Named {
    pub label: &'static str,
    pub arg: Arg,
}

impl Named {
    pub const fn plain(label: &'static str) -> Named {
        Named {
            label,
            arg: Arg::None,
        }
    }

    /// The label with its number ("TRANSFER t1"), or the label alone.
    pub fn text(&self) -> String {
        match self.arg.text() {
            Some(a) => format!("{} {a}", self.label),
            None => self.label.to_string(),
        }
    }
}

impl serde::Serialize for Named {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label)
    }
}

/// The label of `code` among `labels` ("?" for a kind out of range: a code from elsewhere).
pub fn label_of(labels: &'static [&'static str], code: Code) -> &'static str {
    labels.get(code.kind as usize).copied().unwrap_or("?")
}

/// An enum without fields whose variants are its kinds, each with its label:
///
/// ```
/// txscope::coded_enum! {
///     /// A traffic light.
///     pub enum Light { Red = "RED", Green = "GREEN" }
/// }
/// use txscope::model::Coded;
/// assert_eq!(Light::Green.label(), "GREEN");
/// assert_eq!(Light::from_code(Light::Red.code()), Some(Light::Red));
/// ```
#[macro_export]
macro_rules! coded_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $label:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $crate::model::Coded for $name {
            const LABELS: &'static [&'static str] = &[$($label),+];

            fn code(&self) -> $crate::model::Code {
                $crate::model::Code::kind(*self as u16)
            }

            fn from_code(code: $crate::model::Code) -> Option<Self> {
                const ALL: &[$name] = &[$($name::$variant),+];
                if code.arg != 0 {
                    return None;
                }
                ALL.get(code.kind as usize).copied()
            }
        }
    };
}

/// An enum whose every variant carries one number (a transfer, an order), with its labels: the
/// number reads as the [`Arg`] variant given first (`Transfer`: `t1`; `Order`: `o1`), and the
/// method named second returns it.
///
/// ```
/// txscope::numbered_enum! { Order, order;
///     pub enum Cmd { Reserve = "RESERVE", Release = "RELEASE" }
/// }
/// use txscope::model::Coded;
/// assert_eq!(Cmd::Release(2).order(), 2);
/// assert_eq!(Cmd::from_code(Cmd::Release(2).code()), Some(Cmd::Release(2)));
/// assert_eq!(Cmd::Release(2).named().text(), "RELEASE o2");
/// ```
#[macro_export]
macro_rules! numbered_enum {
    (
        $arg:ident, $getter:ident;
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $label:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $($(#[$vmeta])* $variant(u32)),+
        }

        impl $name {
            /// The number it carries.
            pub fn $getter(self) -> u32 {
                match self {
                    $($name::$variant(n))|+ => n,
                }
            }
        }

        impl $crate::model::Coded for $name {
            const LABELS: &'static [&'static str] = &[$($label),+];

            // The variants are tried in order, counting kinds (an enum of one variant makes the
            // first test irrefutable).
            #[allow(irrefutable_let_patterns)]
            fn code(&self) -> $crate::model::Code {
                let mut kind = 0u16;
                $(
                    if let $name::$variant(n) = *self {
                        return $crate::model::Code::with(kind, n);
                    }
                    kind += 1;
                )+
                let _ = kind;
                unreachable!("every variant is listed")
            }

            fn from_code(code: $crate::model::Code) -> Option<Self> {
                const ALL: &[fn(u32) -> $name] = &[$($name::$variant),+];
                ALL.get(code.kind as usize).map(|make| make(code.arg))
            }

            fn arg(&self) -> $crate::model::Arg {
                $crate::model::Arg::$arg(self.$getter())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::coded_enum! {
        enum Sample { A = "A", B = "BEE", C = "C" }
    }

    #[test]
    fn codes_round_trip_and_carry_their_labels() {
        for s in [Sample::A, Sample::B, Sample::C] {
            assert_eq!(Sample::from_code(s.code()), Some(s));
        }
        assert_eq!(Sample::B.label(), "BEE");
        assert_eq!(Sample::from_code(Code::kind(3)), None);
        assert_eq!(Sample::from_code(Code::with(1, 7)), None);
        assert_eq!(label_of(Sample::LABELS, Code::kind(9)), "?");
    }
}
