//! Playback controls and the timeline scrubber over the whole run.

use super::state::{speed_of, Action, SPEED_MAX, SPEED_MIN};
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
    pub dispatch: Callback<Action>,
}

/// Play/pause, step, step back, reset, speed, and the partition buttons.
#[component]
pub fn Playback(p: &PlaybackProps) -> Html {
    let d = &p.dispatch;
    let on_speed = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e).and_then(|v| v.parse::<i32>().ok()) {
                d.emit(Action::SetSpeed(v));
            }
        })
    };
    let ms = speed_of(p.speed);
    let speed_text = if ms < 10.0 {
        format!("{ms:.1} ms/s")
    } else {
        format!("{ms:.0} ms/s")
    };
    html! {
        <div class="playback" role="toolbar" aria-label="Playback">
            <button type="button" class="primary" id="play" onclick={emit(d, Action::TogglePlay)}
                    aria-keyshortcuts="Space">
                { if p.playing { "⏸ Pause" } else { "▶ Play" } }
            </button>
            <button type="button" id="step-back" onclick={emit(d, Action::StepBack)}
                    disabled={p.cursor == 0} aria-keyshortcuts="ArrowLeft">{ "◀ Back" }</button>
            <button type="button" id="step" onclick={emit(d, Action::Step)}
                    disabled={p.cursor >= p.len} aria-keyshortcuts="ArrowRight">{ "Step ▶" }</button>
            <button type="button" id="reset" onclick={emit(d, Action::Reset)}
                    title="Back to the start; removes hand-made faults">{ "⟲ Reset" }</button>
            <label class="speed">
                <span>{ "Speed" }</span>
                <input type="range" id="speed" min={SPEED_MIN.to_string()} max={SPEED_MAX.to_string()}
                       step="1" value={p.speed.to_string()} oninput={on_speed}
                       aria-valuetext={format!("{speed_text} of virtual time")} />
                <output for="speed">{ speed_text }</output>
            </label>
            <span class="partition-tools">
                <button type="button" id="split" onclick={emit(d, Action::Split)} disabled={p.picked == 0}
                        title="Cut the picked nodes off from the others">
                    { format!("✂ Split ({} picked)", p.picked) }
                </button>
                <button type="button" id="heal" onclick={emit(d, Action::Heal)} disabled={!p.split}>{ "⇔ Heal" }</button>
            </span>
            <button type="button" class="help-button" onclick={emit(d, Action::ToggleHelp)}
                    aria-keyshortcuts="?" aria-label="Keyboard help">{ "?" }</button>
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
                    style={format!("left:{:.2}%", m.frac * 100.0)} title={m.title.clone()}
                    aria-label={m.title.clone()} onclick={emit(&p.dispatch, Action::Seek(m.index + 1))}>
                { m.symbol }
            </button>
        }
    });
    html! {
        <section class="timeline" aria-label="Timeline">
            <div class="tmarks">{ for marks }</div>
            <input type="range" id="scrubber" min="0" max={p.len.to_string()} step="1"
                   value={p.cursor.to_string()} oninput={on_input}
                   aria-label="Position in the run (events applied)"
                   aria-valuetext={format!("{} of {} events, {} ms", p.cursor, p.len, p.time_ms)} />
            <div class="tinfo" id="position">
                { format!("event {} / {} · t = {} ms", p.cursor, p.len, p.time_ms) }
            </div>
        </section>
    }
}
