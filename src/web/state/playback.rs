//! Playback: moving the cursor and the clock through the recording, by hand or on the timer's
//! ticks, and stopping where a lesson wants the learner to look.

use super::{Events, State, IDLE_FACTOR, MAX_STEPS_PER_TICK, SPEED_MAX, SPEED_MIN, TIMELINE_GAP};
use crate::i18n::{self, Lang};
use crate::session::Place;
use crate::view::{self, status};
use std::rc::Rc;

impl State {
    /// Re-reads the recording after the run changed: events, violations, timeline marks.
    pub(super) fn record(&mut self) {
        let Some(run) = &self.run else { return };
        let Ok(mut r) = run.0.try_borrow_mut() else {
            return;
        };
        let mut events = view::events(r.as_ref());
        if self.lang != Lang::En {
            for e in &mut events {
                if let Some(text) = r.sentence(e.index, self.lang) {
                    e.text = text;
                }
            }
        }
        let here = r.cursor();
        r.seek(events.len());
        let violations: Vec<u64> = r.violations().iter().map(|v| v.event).collect();
        r.seek(here);
        self.marks = Rc::new(status::timeline(&events, &violations, TIMELINE_GAP));
        self.violations = Rc::new(violations);
        self.events = Events(Rc::new(events));
    }

    /// Moves the cursor (clamped) and the clock to its time.
    pub(super) fn seek(&mut self, index: usize) {
        let Some(run) = &self.run else { return };
        let Ok(mut r) = run.0.try_borrow_mut() else {
            return;
        };
        let index = index.min(r.len());
        r.seek(index);
        self.cursor = index;
        self.clock = r.now() as f64;
    }

    /// The sentence the live region reads after a step.
    pub(super) fn tell(&mut self) {
        self.announce = match self
            .cursor
            .checked_sub(1)
            .and_then(|i| self.events.0.get(i))
        {
            Some(e) => i18n::tf(
                self.lang,
                "ui.event_announce",
                &[
                    ("index", &(e.index + 1).to_string()),
                    ("total", &self.len().to_string()),
                    ("ms", &e.time.to_string()),
                    ("text", &e.text),
                ],
            ),
            None => i18n::tf(
                self.lang,
                "ui.run_start",
                &[("total", &self.len().to_string())],
            ),
        };
    }

    /// Whether some message is on a link (the clock runs slower then).
    pub(super) fn traffic(&self) -> bool {
        let Some(run) = &self.run else { return false };
        let Ok(r) = run.0.try_borrow() else {
            return false;
        };
        r.messages()
            .iter()
            .any(|m| matches!(m.place, Place::Link { .. }))
    }

    pub(super) fn tick(&mut self, real_ms: f64) {
        if !self.playing {
            return;
        }
        let stop = self.until.map_or(usize::MAX, |u| u.0).min(self.len());
        if let Some(rate) = self.rate {
            self.owed += real_ms.clamp(0.0, 250.0) / 1000.0 * rate;
            let n = self.owed.floor();
            self.owed -= n;
            let target = (self.cursor + n as usize).min(stop);
            if target != self.cursor {
                self.seek(target);
                self.tell();
            }
            if self.cursor >= stop {
                self.arrive();
            }
            return;
        }
        if self.cursor >= stop {
            self.arrive();
            return;
        }
        let factor = if self.traffic() { 1.0 } else { IDLE_FACTOR };
        let dt = real_ms.clamp(0.0, 250.0) / 1000.0 * self.speed_ms_per_s() * factor;
        self.clock += dt;
        let mut target = self.cursor;
        let events = self.events.0.clone();
        while target < stop
            && (events[target].time as f64) <= self.clock
            && target - self.cursor < MAX_STEPS_PER_TICK
        {
            target += 1;
        }
        let clock = self.clock;
        if target >= stop {
            self.seek(stop);
            self.arrive();
            self.tell();
            return;
        }
        if target != self.cursor {
            self.seek(target);
        }
        // Never run ahead of the next event's time.
        let next = events[target].time as f64;
        self.clock = clock.min(next).max(self.clock);
    }

    /// Playback reached its stop: pause, and show the lesson step it was heading for.
    pub(super) fn arrive(&mut self) {
        self.playing = false;
        if let Some((_, Some(step))) = self.until.take() {
            self.show_step(step, false);
        }
    }

    /// [`super::Action::Play`]: from the start if at the end; in a lesson, on to its next step.
    pub(super) fn play(&mut self) {
        if self.cursor >= self.len() {
            self.seek(0);
        }
        self.playing = self.run.is_some();
        self.menu = None;
        // In a lesson, play on to the next step and stop there.
        if self.until.is_none() {
            if let Some(l) = &self.lesson {
                let cursor = self.cursor;
                self.until = l
                    .steps
                    .iter()
                    .position(|st| st.is_some_and(|st| st.cursor() > cursor))
                    .and_then(|i| Some((l.at(i)?.cursor(), Some(i))));
            }
        }
    }
}

/// Virtual milliseconds per real second at speed step `s`.
pub fn speed_of(s: i32) -> f64 {
    10f64.powf(s.clamp(SPEED_MIN, SPEED_MAX) as f64 / 10.0)
}
