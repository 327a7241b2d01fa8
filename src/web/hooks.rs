//! Effects owned by values whose drop undoes them: the playback frames, the keyboard listener,
//! the reduced-motion query. Each only dispatches actions; the reducer decides.

use super::state::{Action, State};
use gloo::events::{EventListener, EventListenerOptions};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Real milliseconds between playback ticks: every other frame at 60 Hz (about 30 a second).
const TICK_MS: f64 = 33.0;
/// A frame this early still ticks, so that 60 Hz frames (16.7 ms apart) tick every other one.
const TICK_SLACK_MS: f64 = 8.0;

/// While `playing`, dispatches [`Action::Tick`] with the real time elapsed, at the start of an
/// animation frame: the tick's rendering then lands in that same frame, where a timer firing at
/// any moment of a frame would often push it into the next. The loop lives in the effect:
/// stopping or unmounting drops it, which cancels it.
#[hook]
pub fn use_playback(playing: bool, dispatch: UseReducerDispatcher<State>) {
    use_effect_with(playing, move |&playing| {
        let frames = playing.then(|| {
            let mut last: Option<f64> = None;
            Frames::start(move |t| match last {
                Some(l) if t - l < TICK_MS - TICK_SLACK_MS => {}
                Some(l) => {
                    dispatch.dispatch(Action::Tick(t - l));
                    last = Some(t);
                }
                None => last = Some(t),
            })
        });
        move || drop(frames)
    });
}

/// The loop's callback, in a cell it can reach itself through to ask for the next frame.
type FrameCallback = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// A `requestAnimationFrame` loop calling `f` with each frame's time stamp (ms). Dropping it
/// cancels the frame asked for and frees the callback.
struct Frames {
    id: Rc<Cell<i32>>,
    callback: FrameCallback,
}

impl Frames {
    fn start(mut f: impl FnMut(f64) + 'static) -> Option<Frames> {
        let window = web_sys::window()?;
        let id = Rc::new(Cell::new(0));
        let callback: FrameCallback = Rc::default();
        let (id2, callback2, window2) = (id.clone(), callback.clone(), window.clone());
        *callback.borrow_mut() = Some(Closure::new(move |t: f64| {
            // Ask for the next frame first: `f` may stop the loop, which cancels it.
            if let Some(c) = callback2.borrow().as_ref() {
                id2.set(
                    window2
                        .request_animation_frame(c.as_ref().unchecked_ref())
                        .unwrap_or(0),
                );
            }
            f(t);
        }));
        let first = callback
            .borrow()
            .as_ref()
            .map(|c| window.request_animation_frame(c.as_ref().unchecked_ref()));
        id.set(first?.ok()?);
        Some(Frames { id, callback })
    }
}

impl Drop for Frames {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            let _ = w.cancel_animation_frame(self.id.get());
        }
        // Breaks the cycle (the callback holds its own cell). If this runs inside the callback,
        // wasm-bindgen frees the closure when the call returns.
        self.callback.borrow_mut().take();
    }
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
