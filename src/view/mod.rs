//! Pictures as data: pure layout functions from a [`crate::session::Run`]'s views to what the
//! browser app draws. No browser types live here, so every picture is tested natively.
//!
//! Each module turns views into positions, classes and labels; the web components only map
//! these values onto SVG and HTML.
//!
//! - [`topology`]: the nodes on a ring, the broker and one queue per node in the centre;
//! - [`traffic`]: messages on their links (interpolated in virtual time) and chips in queues;
//! - [`sequence`]: the space-time diagram, a lane per node and an arrow per message;
//! - [`eventlog`]: the event log, filtered by node;
//! - [`inspector`]: a role's state machine with the current state and the last transition;
//! - [`status`]: each node's outcome, who is blocked, violations, and the scrubber's marks.
//!
//! ```
//! use txscope::{presets, session, view};
//! let scenario = presets::preset("2pc-happy").unwrap();
//! let mut run = session::start(&scenario, 20_000).unwrap();
//! run.seek(3); // C has sent PREPARE to P1
//! let topo = view::topology::layout(&run.nodes(), &run.groups(), true);
//! let traffic = view::traffic::layout(&topo, &run.messages(), run.vanished(), run.now() as f64);
//! assert_eq!(traffic.dots[0].label, "PREPARE");
//! ```

pub mod eventlog;
pub mod inspector;
pub mod sequence;
pub mod status;
pub mod topology;
pub mod traffic;

use crate::model::{Outcome, Tone};
use crate::session::{EventView, Run};

/// A point in a picture's viewBox.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub fn new(x: f64, y: f64) -> Point {
        Point {
            x: round(x),
            y: round(y),
        }
    }
    /// The point `t` of the way from `self` to `to` (0 = here, 1 = there).
    pub fn lerp(self, to: Point, t: f64) -> Point {
        Point::new(self.x + (to.x - self.x) * t, self.y + (to.y - self.y) * t)
    }
    pub fn distance(self, to: Point) -> f64 {
        ((to.x - self.x).powi(2) + (to.y - self.y).powi(2)).sqrt()
    }
    /// The point `by` units from `self` towards `to`, but never past `to`.
    pub fn toward(self, to: Point, by: f64) -> Point {
        let d = self.distance(to);
        if d < 1e-9 {
            return self;
        }
        self.lerp(to, (by / d).min(1.0))
    }
}

/// Coordinates are rounded to a tenth of a unit: plenty for the eye, short in the DOM, and exact
/// in tests.
pub fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A coordinate as SVG text: rounded to a tenth, without a trailing `.0` (`118`, `3.5`, `-2`).
/// Integer formatting only: `f64`'s `Display` would bring float printing into the wasm.
pub fn num(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let a = tenths.unsigned_abs();
    match (a / 10, a % 10) {
        (whole, 0) => format!("{sign}{whole}"),
        (whole, tenth) => format!("{sign}{whole}.{tenth}"),
    }
}

/// The CSS class of a message's colour family.
pub fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Request => "tone-request",
        Tone::Yes => "tone-yes",
        Tone::No => "tone-no",
        Tone::Commit => "tone-commit",
        Tone::Abort => "tone-abort",
        Tone::Prepare => "tone-prepare",
        Tone::Ack => "tone-ack",
        Tone::Info => "tone-info",
    }
}

/// A short word shown by a node, so that no meaning rests on colour alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Badge {
    Down,
    Blocked,
    InDoubt,
    /// Waiting for something that should come.
    Pending,
    /// Waiting for something that will never come.
    Stuck,
    /// Its side of a partition ('A', 'B', ...).
    Side(char),
}

impl Badge {
    /// The badge's words in `lang` (English badges are capitals: "IN DOUBT", "side B").
    pub fn text(self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{t, tf, Lang};
        let (english, key) = match self {
            Badge::Side(c) => {
                return tf(lang, "ui.side", &[("side", c.encode_utf8(&mut [0; 4]))]);
            }
            Badge::Down => ("DOWN", "status.down"),
            Badge::Blocked => ("BLOCKED", "status.blocked"),
            Badge::InDoubt => ("IN DOUBT", "status.in_doubt"),
            Badge::Pending => ("PENDING", "status.pending"),
            Badge::Stuck => ("STUCK", "status.stuck"),
        };
        match lang {
            Lang::En => english.to_string(),
            _ => t(lang, key).to_string(),
        }
    }

    /// Its CSS class word (`down`, `in-doubt`, `side-b`).
    pub fn class(self) -> String {
        match self {
            Badge::Side(c) => format!("side-{}", c.to_ascii_lowercase()),
            Badge::Down => "down".into(),
            Badge::Blocked => "blocked".into(),
            Badge::InDoubt => "in-doubt".into(),
            Badge::Pending => "pending".into(),
            Badge::Stuck => "stuck".into(),
        }
    }
}

/// The CSS class of a node's state: its outcome if it has one (`state-commit`, `state-done`),
/// else its state's name (`state-ready`, `state-precommit`, ...).
pub fn state_class(state: &str, outcome: Option<Outcome>) -> String {
    match outcome {
        Some(o) => format!("state-{}", o.word),
        None => {
            let slug: String = state
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect();
            format!("state-{slug}")
        }
    }
}

/// Every recorded event of a run, in order (what the sequence diagram, the log and the scrubber
/// read). Formats one sentence per event: call it once per recording, not per frame.
pub fn events(run: &dyn Run) -> Vec<EventView> {
    (0..run.len()).filter_map(|i| run.event(i)).collect()
}

#[cfg(test)]
pub(crate) mod fixture {
    use crate::session::{self, Run};

    /// A preset's run with the cursor at `at` (clamped to the run).
    pub fn run(preset: &str, at: usize) -> Box<dyn Run> {
        let scenario = crate::presets::preset(preset).expect("preset");
        let mut run = session::start(&scenario, 20_000).expect("run");
        run.seek(at);
        run
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_classes_prefer_the_decision() {
        assert_eq!(state_class("READY", None), "state-ready");
        assert_eq!(state_class("PRE COMMIT", None), "state-pre-commit");
        assert_eq!(
            state_class("READY", Some(crate::protocol::commit::COMMIT)),
            "state-commit"
        );
        assert_eq!(
            state_class("INIT", Some(crate::protocol::commit::ABORT)),
            "state-abort"
        );
    }

    #[test]
    fn lerp_rounds_to_a_tenth() {
        let a = Point::new(0.0, 0.0);
        let b = Point::new(10.0, 1.0);
        assert_eq!(a.lerp(b, 1.0 / 3.0), Point { x: 3.3, y: 0.3 });
    }

    #[test]
    fn numbers_are_written_to_a_tenth() {
        let written: Vec<String> = [118.0, 3.5, -2.0, 0.04, -0.04, -1.26, 7.96, 1e6]
            .into_iter()
            .map(num)
            .collect();
        assert_eq!(
            written,
            ["118", "3.5", "-2", "0", "0", "-1.3", "8", "1000000"]
        );
    }

    #[test]
    fn events_lists_the_whole_run() {
        let run = fixture::run("2pc-happy", 0);
        let all = events(run.as_ref());
        assert_eq!(all.len(), 65);
        assert_eq!(all[2].text, "C sends PREPARE to P1 (m0)");
    }
}
