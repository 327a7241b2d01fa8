//! The lessons panel: pick a lesson, read each step's narration, answer *predict* checkpoints
//! and watch the run reveal the answer. Back and Next work at every step.

use super::state::{Action, LessonRun, Narration};
use crate::i18n::{t, tf, Lang};
use crate::lessons::{self, Progress};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lesson: Option<LessonRun>,
    /// Where the English narration is (the page fetches it after its first frame).
    pub narration: Narration,
    pub progress: Rc<Progress>,
    pub cursor: usize,
    pub playing: bool,
    pub dispatch: Callback<Action>,
}

fn emit(d: &Callback<Action>, a: Action) -> Callback<MouseEvent> {
    let d = d.clone();
    Callback::from(move |_: MouseEvent| d.emit(a.clone()))
}

#[component]
pub fn LessonPanel(p: &Props) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let d = &p.dispatch;
    let on_pick = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let v = super::value_of(&e);
            if v.is_empty() {
                d.emit(Action::LeaveLesson);
            } else {
                d.emit(Action::OpenLesson(v));
            }
        })
    };
    let current = p.lesson.as_ref().map(|l| l.lesson.id);
    let options = lessons::all().iter().map(|l| {
        let done = p.progress.lessons.get(l.id).is_some_and(|x| x.done);
        let title = if done {
            format!("✓ {}", l.title(lang))
        } else {
            l.title(lang).to_string()
        };
        html! { <option value={l.id} selected={current == Some(l.id)}>{ title }</option> }
    });
    let picker = html! {
        <label class="lesson-pick">
            <span>{ t(lang, "lesson.ui.list") }</span>
            <select id="lesson-pick" onchange={on_pick}>
                <option value="" selected={current.is_none()}>{ t(lang, "ui.lesson_none") }</option>
                { for options }
            </select>
        </label>
    };
    let Some(l) = &p.lesson else {
        return html! {
            <section class="lesson" aria-label={t(lang, "panel.lesson")} id="lesson">
                <h2>{ t(lang, "panel.lesson") }</h2>
                { picker }
                <p class="muted">{ t(lang, "ui.lesson_intro") }</p>
            </section>
        };
    };
    if !crate::i18n::narration_ready(lang) {
        let words = match &p.narration {
            Narration::Failed(why) => why.clone(),
            _ => t(lang, "ui.lesson_loading").to_string(),
        };
        return html! {
            <section class="lesson" aria-label={t(lang, "panel.lesson")} id="lesson">
                <h2>{ l.lesson.title(lang) }</h2>
                { picker }
                <p class="muted" id="lesson-loading" role="status">{ words }</p>
            </section>
        };
    }
    let lesson = l.lesson;
    let total = lesson.steps.len();
    let Some(text) = lesson.text(lang, l.step) else {
        return html! {};
    };
    let step = lesson.steps.get(l.step);
    let resolved = l.at(l.step);
    // In a run the learner changed, a step whose moment no longer happens shows a note instead
    // of narration that is no longer true (and a question it could not answer).
    let gone = resolved.is_none();
    let answer = step.and_then(|s| {
        p.progress
            .lessons
            .get(lesson.id)
            .and_then(|x| x.answers.get(s.id))
            .cloned()
    });
    let revealed = resolved
        .and_then(|r| r.reveal_cursor())
        .is_some_and(|r| p.cursor >= r);
    let question = text.question.filter(|_| !gone).map(|q| {
        let choices = q.choices.iter().map(|(id, words)| {
            let chosen = answer.as_deref() == Some(*id);
            let right = *id == q.answer;
            let mut class = classes!("choice");
            if chosen {
                class.push("chosen");
            }
            if revealed && answer.is_some() {
                class.push(if right { "right" } else if chosen { "wrong" } else { "other" });
            }
            let mark = if revealed && answer.is_some() && right {
                "✓ "
            } else if revealed && chosen {
                "✗ "
            } else {
                ""
            };
            html! {
                <li>
                    <button type="button" {class} data-choice={*id} disabled={answer.is_some()}
                            aria-pressed={chosen.to_string()}
                            onclick={emit(d, Action::Answer(id.to_string()))}>
                        { mark }{ *words }
                    </button>
                </li>
            }
        });
        let verdict = answer.as_ref().map(|a| {
            if !revealed {
                let skip = resolved
                    .and_then(|r| r.reveal_cursor())
                    .map(|r| emit(d, Action::Seek(r)));
                return html! {
                    <p class="watching" id="lesson-watching">
                        { t(lang, "lesson.ui.watch") }{ " " }
                        if let Some(skip) = skip {
                            <button type="button" id="lesson-skip" onclick={skip}>{ t(lang, "ui.lesson_skip") }</button>
                        }
                    </p>
                };
            }
            let right = *a == q.answer;
            html! {
                <div class={classes!("explanation", if right { "right" } else { "wrong" })} id="lesson-explanation">
                    <b>{ t(lang, if right { "lesson.ui.right" } else { "lesson.ui.wrong" }) }</b>{ " " }
                    { q.explanation }
                </div>
            }
        });
        html! {
            <div class="predict" id="lesson-question">
                <p class="prompt"><b>{ format!("{} · ", t(lang, "lesson.ui.predict")) }</b>{ q.prompt }</p>
                <ol class="choices">{ for choices }</ol>
                { for verdict }
            </div>
        }
    });
    let (right, asked) = p.progress.score(lesson);
    let last = l.step + 1 >= total;
    html! {
        <section class="lesson open" aria-label={t(lang, "panel.lesson")} id="lesson">
            <h2>{ lesson.title(lang) }</h2>
            { picker }
            <p class="lesson-step" id="lesson-step">
                { tf(lang, "lesson.ui.step", &[("n", &(l.step + 1).to_string()), ("total", &total.to_string())]) }
            </p>
            if l.changed {
                <p class="lesson-changed" id="lesson-changed">
                    { t(lang, "lesson.ui.changed") }{ " " }
                    <button type="button" id="lesson-own-run" onclick={emit(d, Action::LessonOwnRun)}>
                        { t(lang, "lesson.ui.own_run") }
                    </button>
                </p>
            }
            if gone {
                <p class="lesson-gone" id="lesson-gone" role="status">{ t(lang, "lesson.ui.gone") }</p>
            } else {
                <p class="narration" id="lesson-text">{ text.narration }</p>
            }
            { for question }
            <div class="lesson-nav">
                <button type="button" id="lesson-back" disabled={l.step == 0}
                        onclick={emit(d, Action::LessonStep(l.step.saturating_sub(1)))}>
                    { super::iconed("◀", t(lang, "lesson.ui.previous")) }
                </button>
                <button type="button" id="lesson-next" class="primary" disabled={last}
                        onclick={emit(d, Action::LessonStep(l.step + 1))}>
                    { t(lang, "lesson.ui.next") }{ " " }<span class="icon" aria-hidden="true">{ "▶" }</span>
                </button>
                <button type="button" id="lesson-leave" onclick={emit(d, Action::LeaveLesson)}>
                    { t(lang, "lesson.ui.leave") }
                </button>
            </div>
            if asked > 0 {
                <p class="muted score">{ tf(lang, "lesson.ui.score", &[("right", &right.to_string()), ("total", &asked.to_string())]) }</p>
            }
            if last {
                <p class="done">{ t(lang, "lesson.ui.done") }</p>
            }
        </section>
    }
}
