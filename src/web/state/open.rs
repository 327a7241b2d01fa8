//! Opening a scenario: the state a run starts in, and a new run that keeps the settings that
//! outlive a scenario.

use super::{Events, Shared, State, FIRST_PRESET, HORIZON, SPEED_DEFAULT};
use crate::i18n::{self, Lang, Words};
use crate::lessons::Progress;
use crate::model::NodeId;
use crate::presets;
use crate::scenario::Scenario;
use crate::session;
use crate::view::eventlog;
use std::cell::RefCell;
use std::rc::Rc;

impl Default for State {
    fn default() -> Self {
        let base = presets::preset(FIRST_PRESET).unwrap_or_else(|_| Scenario::new("2pc", 3));
        State::open(base, Some(FIRST_PRESET.to_string()))
    }
}

impl State {
    /// A state showing `scenario` from its first event, or an error and no run.
    pub fn open(scenario: Scenario, preset: Option<String>) -> State {
        State::open_in(scenario, preset, Lang::En)
    }

    /// [`State::open`], speaking `lang`.
    pub fn open_in(scenario: Scenario, preset: Option<String>, lang: Lang) -> State {
        let mut s = State {
            run: None,
            base: scenario.clone(),
            preset,
            events: Events::default(),
            violations: Rc::default(),
            marks: Rc::default(),
            cursor: 0,
            clock: 0.0,
            playing: false,
            speed: SPEED_DEFAULT,
            selected: Some(NodeId(0)),
            menu: None,
            picked: 0,
            log_filter: eventlog::Filter::default(),
            help: false,
            error: None,
            announce: String::new(),
            reduced_motion: false,
            lang,
            pending_lang: None,
            narration: super::Narration::at_start(),
            lesson: None,
            progress: Rc::new(Progress::default()),
            answered: None,
            until: None,
            rate: None,
            owed: 0.0,
            embed: None,
            embed_dialog: false,
        };
        match session::start(&scenario, HORIZON) {
            Ok(run) => {
                s.run = Some(Shared(Rc::new(RefCell::new(run))));
                s.record();
                s.seek(0);
            }
            Err(e) => {
                s.error = Some(i18n::tf(
                    s.lang,
                    "ui.cannot_run",
                    &[("error", &e.say(s.lang))],
                ))
            }
        }
        s
    }

    /// Keeps the settings of `self` that outlive a scenario (speed, motion, filter), and where
    /// the lessons' narration is.
    pub(super) fn reopen(&self, scenario: Scenario, preset: Option<String>) -> State {
        let mut s = State::open_in(scenario, preset, self.lang);
        s.speed = self.speed;
        s.reduced_motion = self.reduced_motion;
        s.log_filter.hide_bookkeeping = self.log_filter.hide_bookkeeping;
        s.progress = self.progress.clone();
        s.answered = self.answered.clone();
        s.rate = self.rate;
        s.embed = self.embed.clone();
        s.narration = self.narration.clone();
        s.announce = i18n::tf(s.lang, "ui.loaded", &[("n", &s.len().to_string())]);
        s
    }
}
