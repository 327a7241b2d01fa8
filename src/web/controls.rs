//! Playback controls and the timeline scrubber over the whole run.

use super::state::{speed_of, Action, SPEED_MAX, SPEED_MIN};
use crate::i18n::{t, tf, Lang};
use crate::view::status::TimeMark;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn emit(d: &Callback<Action>, a: Action) -> Callback<MouseEvent> {
    let d = d.clone();
    Callback::from(move |_: MouseEvent| d.emit(a.clone()))
}

fn input_value(e: &Event) -> Option<String> {
    e.target()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()
        .map(|i| i.value())
}

#[derive(Properties, PartialEq)]
pub struct PlaybackProps {
    pub playing: bool,
    pub cursor: usize,
    pub len: usize,
    pub speed: i32,
    pub picked: usize,
    pub split: bool,
    /// No partition tools (a read-only embed).
    #[prop_or_default]
    pub read_only: bool,
    pub dispatch: Callback<Action>,
}

/// Play/pause, step, step back, reset, speed, and the partition buttons.
#[component]
pub fn Playback(p: &PlaybackProps) -> Html {
    let d = &p.dispatch;
    let lang = use_context::<Lang>().unwrap_or_default();
    let on_speed = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e).and_then(|v| v.parse::<i32>().ok()) {
                d.emit(Action::SetSpeed(v));
            }
        })
    };
    let ms = speed_of(p.speed);
    let ms_text = if ms < 10.0 {
        crate::numtext::fixed(ms, 1)
    } else {
        crate::numtext::fixed(ms, 0)
    };
    let speed_text = tf(lang, "ui.speed_value", &[("ms", &ms_text)]);
    html! {
        <div class="playback" role="toolbar" aria-label={t(lang, "ui.playback")}>
            <button type="button" class="primary" id="play" onclick={emit(d, Action::TogglePlay)}
                    aria-keyshortcuts="Space">
                { if p.playing { super::iconed("❚❚", t(lang, "control.pause")) } else { super::iconed("▶", t(lang, "control.play")) } }
            </button>
            <button type="button" id="step-back" onclick={emit(d, Action::StepBack)}
                    disabled={p.cursor == 0} aria-keyshortcuts="ArrowLeft"
                    title={t(lang, "control.step_back")}>{ super::iconed("◀", t(lang, "lesson.ui.previous")) }</button>
            <button type="button" id="step" onclick={emit(d, Action::Step)}
                    disabled={p.cursor >= p.len} aria-keyshortcuts="ArrowRight"
                    title={t(lang, "control.step_forward")}>{ t(lang, "ui.step") }</button>
            <button type="button" id="reset" onclick={emit(d, Action::Reset)}
                    title={t(lang, "ui.reset_help")}>{ super::iconed("⟲", t(lang, "ui.reset")) }</button>
            <label class="speed">
                <span>{ t(lang, "control.speed") }</span>
                <input type="range" id="speed" min={SPEED_MIN.to_string()} max={SPEED_MAX.to_string()}
                       step="1" value={p.speed.to_string()} oninput={on_speed}
                       aria-valuetext={tf(lang, "ui.speed_help", &[("speed", &speed_text)])} />
                <output for="speed">{ speed_text }</output>
            </label>
            if !p.read_only {
            <span class="partition-tools">
                <button type="button" id="split" onclick={emit(d, Action::Split)} disabled={p.picked == 0}
                        title={t(lang, "ui.split_help")}>
                    { super::iconed("✂", &tf(lang, "ui.split", &[("n", &p.picked.to_string())])) }
                </button>
                <button type="button" id="heal" onclick={emit(d, Action::Heal)} disabled={!p.split}>{ super::iconed("⇔", t(lang, "ui.heal")) }</button>
            </span>
            }
            <button type="button" class="help-button" onclick={emit(d, Action::ToggleHelp)}
                    aria-keyshortcuts="?" aria-label={t(lang, "ui.keyboard_help")}>{ "?" }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub cursor: usize,
    pub len: usize,
    pub time_ms: u64,
    pub marks: Rc<Vec<TimeMark>>,
    pub dispatch: Callback<Action>,
}

/// The scrubber: a slider over every event of the run, with its notable events marked.
#[component]
pub fn Timeline(p: &TimelineProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let on_input = {
        let d = p.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e).and_then(|v| v.parse::<usize>().ok()) {
                d.emit(Action::Seek(v));
            }
        })
    };
    let marks = p.marks.iter().map(|m| {
        html! {
            <button type="button" class={classes!("tmark", m.class)} key={m.index}
                    style={format!("left:{}%", crate::numtext::fixed(m.frac * 100.0, 2))} title={m.title.clone()}
                    aria-label={m.title.clone()} onclick={emit(&p.dispatch, Action::Seek(m.index + 1))}>
                { m.symbol }
            </button>
        }
    });
    html! {
        <section class="timeline" aria-label={t(lang, "ui.timeline")}>
            <div class="tmarks">{ for marks }</div>
            <input type="range" id="scrubber" min="0" max={p.len.to_string()} step="1"
                   value={p.cursor.to_string()} oninput={on_input}
                   aria-label={t(lang, "ui.position")}
                   aria-valuetext={tf(lang, "ui.position_value", &[("cursor", &p.cursor.to_string()), ("total", &p.len.to_string()), ("ms", &p.time_ms.to_string())])} />
            <div class="tinfo" id="position">
                { tf(lang, "ui.position_short", &[("cursor", &p.cursor.to_string()), ("total", &p.len.to_string()), ("ms", &p.time_ms.to_string())]) }
            </div>
        </section>
    }
}
