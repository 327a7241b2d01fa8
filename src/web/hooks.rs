//! Effects owned by values whose drop undoes them: the playback timer, the keyboard listener,
//! the reduced-motion query. Each only dispatches actions; the reducer decides.

use super::state::{Action, State};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Real milliseconds between playback ticks (about 30 frames a second).
const TICK_MS: u32 = 33;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// While `playing`, dispatches [`Action::Tick`] with the real time elapsed. The interval lives
/// in the effect: stopping or unmounting drops it, which cancels it.
#[hook]
pub fn use_playback(playing: bool, dispatch: UseReducerDispatcher<State>) {
    use_effect_with(playing, move |&playing| {
        let timer = playing.then(|| {
            let mut last = now_ms();
            Interval::new(TICK_MS, move || {
                let t = now_ms();
                dispatch.dispatch(Action::Tick(t - last));
                last = t;
            })
        });
        move || drop(timer)
    });
}

/// The keyboard: Space play/pause, arrows step, Home/End, +/- speed, `?` help, Escape closes.
/// Keys typed into form fields are left alone (except Escape).
#[hook]
pub fn use_keyboard(dispatch: UseReducerDispatcher<State>) {
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|w| {
            EventListener::new_with_options(
                &w,
                "keydown",
                EventListenerOptions::enable_prevent_default(),
                move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    let key = e.key();
                    if key != "Escape" && typing(e) {
                        return;
                    }
                    let action = match key.as_str() {
                        " " | "Spacebar" if !on_button(e) => Action::TogglePlay,
                        "ArrowRight" => Action::Step,
                        "ArrowLeft" => Action::StepBack,
                        "Home" => Action::Seek(0),
                        "End" => Action::Seek(usize::MAX),
                        "+" | "=" => Action::Faster,
                        "-" | "_" => Action::Slower,
                        "?" => Action::ToggleHelp,
                        "Escape" => Action::Escape,
                        _ => return,
                    };
                    e.prevent_default();
                    dispatch.dispatch(action);
                },
            )
        });
        move || drop(listener)
    });
}

fn target_tag(e: &web_sys::KeyboardEvent) -> Option<(String, web_sys::Element)> {
    let el = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    Some((el.tag_name().to_ascii_lowercase(), el))
}

/// Whether the key goes into a form field.
fn typing(e: &web_sys::KeyboardEvent) -> bool {
    match target_tag(e) {
        Some((tag, el)) => {
            if tag == "input" {
                // Sliders and checkboxes take arrows and space themselves.
                return true;
            }
            matches!(tag.as_str(), "select" | "textarea")
                || el.get_attribute("contenteditable").is_some()
        }
        None => false,
    }
}

/// Whether Space would press a button (which then does its own job).
fn on_button(e: &web_sys::KeyboardEvent) -> bool {
    match target_tag(e) {
        Some((tag, el)) => tag == "button" || el.get_attribute("role").as_deref() == Some("button"),
        None => false,
    }
}

/// Follows `prefers-reduced-motion`.
#[hook]
pub fn use_reduced_motion(dispatch: UseReducerDispatcher<State>) {
    use_effect_with((), move |_| {
        let query = web_sys::window().and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        });
        let listener = query.map(|q| {
            dispatch.dispatch(Action::SetReducedMotion(q.matches()));
            let q2 = q.clone();
            let d = dispatch.clone();
            EventListener::new(&q, "change", move |_| {
                d.dispatch(Action::SetReducedMotion(q2.matches()))
            })
        });
        move || drop(listener)
    });
}
