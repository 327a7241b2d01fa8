//! Share links: what a link carries for what is on screen, and opening one (its scenario,
//! cursor, lesson, language and embed settings).

use super::{Action, State};
use crate::i18n;
use crate::lessons;
use std::rc::Rc;
use yew::Reducible;

impl State {
    /// A share link's fragment for what is on screen: the scenario with its hand-made faults,
    /// and the cursor.
    pub fn link(&self) -> Option<String> {
        Some(self.share()?.to_fragment())
    }

    /// What a share link carries for what is on screen.
    pub fn share(&self) -> Option<crate::share::Link> {
        let run = self.run.as_ref()?;
        let r = run.0.try_borrow().ok()?;
        Some(crate::share::Link {
            scenario: r.scenario().clone(),
            cursor: Some(self.cursor),
            lesson: self.lesson.as_ref().map(|l| l.lesson.id.to_string()),
            step: self.lesson.as_ref().map(|l| l.step),
            lang: Some(self.lang),
            embed: self.embed.clone(),
        })
    }
}

/// [`Action::OpenLink`]: the link's scenario at its cursor, in its lesson if it names one.
pub(super) fn open_link(mut s: State, text: String) -> Rc<State> {
    match crate::share::Link::from_fragment(&text) {
        Ok(link) => {
            if let Some(lang) = link.lang {
                s.lang = lang;
            }
            if let Some(e) = &link.embed {
                s.rate = e.speed.filter(|v| *v > 0.0);
                s.embed = Some(e.clone());
            }
            let start = link.embed.as_ref().and_then(|e| e.start_step);
            let autoplay = link.embed.as_ref().is_some_and(|e| e.autoplay);
            let lesson = link.lesson.as_deref().and_then(lessons::find);
            let mut n = match lesson {
                Some(l) => s
                    .open_lesson(l, Some(link.scenario.clone()), start.or(link.step))
                    .unwrap_or_else(|e| {
                        let mut n = s.reopen(link.scenario.clone(), None);
                        n.error = Some(e);
                        n
                    }),
                None => s.reopen(link.scenario, None),
            };
            if let (None, Some(c)) = (start, link.cursor) {
                n.seek(c);
                n.tell();
            }
            if autoplay {
                return Rc::new(n).reduce(Action::Play);
            }
            return Rc::new(n);
        }
        Err(e) => {
            s.error = Some(i18n::tf(
                s.lang,
                "ui.bad_link",
                &[("error", &e.message(s.lang))],
            ))
        }
    }
    Rc::new(s)
}
