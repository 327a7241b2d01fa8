//! Embedding: the `postMessage` API (docs/embed.md), the "Embed" dialog that writes the
//! `<iframe>` snippet, and storage that survives a sandbox.
//!
//! Inside `<iframe sandbox="allow-scripts">` the page has an opaque origin: touching
//! `localStorage` throws, so every access goes through [`storage`], which answers `None`; and
//! messages to the parent go to target origin `"*"` (an opaque origin cannot be named).

use super::state::Action;
use crate::i18n::{t, Lang};
use crate::lessons::Progress;
use crate::share::{Embed, Link, Panel};
use gloo::events::EventListener;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

/// The `localStorage` key of lesson progress.
pub const PROGRESS_KEY: &str = "txscope.progress.v1";

/// `localStorage`, if this page may use it (a sandboxed iframe may not: the access throws).
pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Saved lesson progress; `Err` with a fresh start if an entry was there but unreadable.
pub fn load_progress() -> Result<Progress, Progress> {
    let stored = storage().and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten());
    match stored {
        None => Ok(Progress::default()),
        Some(text) => Progress::from_json(&text).map_err(|_| Progress::default()),
    }
}

pub fn save_progress(p: &Progress) {
    if let Some(s) = storage() {
        let _ = s.set_item(PROGRESS_KEY, &p.to_json());
    }
}

/// The embedding page, if this page is in a frame.
fn parent() -> Option<web_sys::Window> {
    let w = web_sys::window()?;
    let parent = w.parent().ok()??;
    (!js_sys::Object::is(&parent, &w)).then_some(parent)
}

/// Posts `{type: "txscope", event, ...fields}` to the embedding page (nothing if not framed).
pub fn post(event: &str, fields: serde_json::Value) {
    let Some(parent) = parent() else { return };
    let mut msg = serde_json::json!({ "type": "txscope", "event": event });
    if let (Some(m), serde_json::Value::Object(f)) = (msg.as_object_mut(), fields) {
        m.extend(f);
    }
    if let Ok(v) = js_sys::JSON::parse(&msg.to_string()) {
        let _ = parent.post_message(&v, "*");
    }
}

fn field(data: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(data, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn index(data: &JsValue, name: &str) -> Option<usize> {
    let n = field(data, name)?.as_f64()?;
    (n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= 1e9).then_some(n as usize)
}

/// The action a message asks for; `None` for anything not well-formed.
pub fn command(data: &JsValue) -> Option<Action> {
    if !data.is_object() {
        return None;
    }
    if field(data, "type")?.as_string()? != "txscope" {
        return None;
    }
    match field(data, "command")?.as_string()?.as_str() {
        "play" => Some(Action::Play),
        "pause" => Some(Action::Pause),
        "seek" => match (index(data, "cursor"), index(data, "step")) {
            (Some(c), _) => Some(Action::Seek(c)),
            (None, Some(s)) => Some(Action::LessonStep(s)),
            (None, None) => None,
        },
        "load" => {
            if let Some(link) = field(data, "link").and_then(|v| v.as_string()) {
                return Some(Action::OpenLink(link));
            }
            if let Some(id) = field(data, "lesson").and_then(|v| v.as_string()) {
                return Some(Action::OpenLesson(id));
            }
            if let Some(name) = field(data, "preset").and_then(|v| v.as_string()) {
                let s = crate::presets::preset(&name).ok()?;
                return Some(Action::LoadJson(s.to_json()));
            }
            let s = field(data, "scenario")?;
            let text = match s.as_string() {
                Some(text) => text,
                None if s.is_object() => js_sys::JSON::stringify(&s).ok()?.as_string()?,
                None => return None,
            };
            Some(Action::LoadJson(text))
        }
        _ => None,
    }
}

/// Takes commands from the embedding page while mounted; says `ready` once listening.
#[hook]
pub fn use_commands(dispatch: Callback<Action>) {
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|w| {
            EventListener::new(&w, "message", move |e| {
                let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else {
                    return;
                };
                if let Some(a) = command(&e.data()) {
                    dispatch.emit(a);
                }
            })
        });
        post("ready", serde_json::json!({}));
        move || drop(listener)
    });
}

/// The page's address without its fragment.
pub fn page_url() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    href.split('#').next().unwrap_or("").to_string()
}

#[derive(Properties, PartialEq)]
pub struct DialogProps {
    /// The run on screen, as a link.
    pub link: Link,
    pub dispatch: Callback<Action>,
}

/// The "Embed" dialog: options, and the `<iframe>` snippet they make.
#[component]
pub fn EmbedDialog(p: &DialogProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let opts = use_state(|| Embed {
        panels: vec![
            Panel::Topology,
            Panel::Sequence,
            Panel::Status,
            Panel::Lesson,
        ],
        read_only: true,
        ..Embed::default()
    });
    let mut link = p.link.clone();
    link.embed = Some((*opts).clone());
    let url = link.to_url(&page_url());
    let snippet = format!(
        "<iframe src=\"{}\" width=\"100%\" height=\"560\" style=\"border:0\" sandbox=\"allow-scripts\" title=\"TxScope\" loading=\"lazy\"></iframe>",
        url.replace('&', "&amp;").replace('"', "&quot;")
    );
    let toggle = |f: fn(&mut Embed)| {
        let opts = opts.clone();
        Callback::from(move |_: Event| {
            let mut o = (*opts).clone();
            f(&mut o);
            opts.set(o);
        })
    };
    let panels = Panel::ALL.iter().map(|&panel| {
        let on = opts.panels.contains(&panel);
        let opts = opts.clone();
        let onchange = Callback::from(move |_: Event| {
            let mut o = (*opts).clone();
            if on {
                o.panels.retain(|x| *x != panel);
            } else {
                o.panels.push(panel);
                o.panels.sort();
            }
            opts.set(o);
        });
        let key = match panel {
            Panel::Topology => "panel.topology",
            Panel::Sequence => "panel.sequence",
            Panel::Log => "panel.log",
            Panel::Inspector => "panel.inspector",
            Panel::Status => "panel.status",
            Panel::Lesson => "panel.lesson",
        };
        html! {
            <label class="check">
                <input type="checkbox" checked={on} {onchange} data-panel={panel.name()} />
                <span>{ t(lang, key) }</span>
            </label>
        }
    });
    let close = {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::ToggleEmbedDialog))
    };
    let on_speed = {
        let opts = opts.clone();
        Callback::from(move |e: Event| {
            let v = super::value_of(&e);
            let mut o = (*opts).clone();
            o.speed = crate::numtext::parse(&v).filter(|v| *v > 0.0);
            opts.set(o);
        })
    };
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="embed-title">
            <div class="help embed-dialog">
                <h2 id="embed-title">{ t(lang, "control.embed") }</h2>
                <p>{ t(lang, "ui.embed_intro") }</p>
                <fieldset>
                    <legend>{ t(lang, "ui.embed_panels") }</legend>
                    { for panels }
                </fieldset>
                <label class="check">
                    <input type="checkbox" id="embed-autoplay" checked={opts.autoplay}
                           onchange={toggle(|o| o.autoplay = !o.autoplay)} />
                    <span>{ t(lang, "ui.embed_autoplay") }</span>
                </label>
                <label class="check">
                    <input type="checkbox" id="embed-ro" checked={opts.read_only}
                           onchange={toggle(|o| o.read_only = !o.read_only)} />
                    <span>{ t(lang, "ui.embed_read_only") }</span>
                </label>
                <label class="check">
                    <span>{ t(lang, "ui.embed_speed") }</span>
                    <select id="embed-speed" onchange={on_speed}>
                        <option value="" selected={opts.speed.is_none()}>{ t(lang, "ui.embed_speed_time") }</option>
                        { for [2.0, 5.0, 10.0, 20.0].iter().map(|v| html! {
                            <option value={crate::numtext::float(*v)} selected={opts.speed == Some(*v)}>
                                { crate::i18n::tf(lang, "ui.embed_speed_eps", &[("n", &crate::numtext::float(*v))]) }
                            </option>
                        }) }
                    </select>
                </label>
                <textarea id="embed-code" rows="5" readonly=true spellcheck="false" value={snippet}
                          aria-label={t(lang, "ui.embed_code")} />
                <p class="muted">{ t(lang, "ui.embed_note") }</p>
                <button type="button" onclick={close}>{ t(lang, "control.close") }</button>
            </div>
        </div>
    }
}

/// Tells the embedding page what happens: every move of the cursor (`step`), each decision and
/// invariant violation the cursor passes while moving forward, and each checkpoint answered.
#[hook]
pub fn use_reports(state: &UseReducerHandle<super::state::State>) {
    let last = use_mut_ref(|| (0usize, None::<super::state::Events>));
    let names: Vec<String> = state
        .run
        .as_ref()
        .and_then(|r| {
            let r = r.0.try_borrow().ok()?;
            let roster = r.roster();
            Some(roster.ids().map(|id| roster.name(id).to_string()).collect())
        })
        .unwrap_or_default();
    let violations = state.violations.clone();
    let lesson = state.lesson.as_ref().map(|l| (l.lesson.id, l.step));
    use_effect_with(
        (state.cursor, state.events.clone(), lesson),
        move |(cursor, events, lesson)| {
            let cursor = *cursor;
            let mut l = last.borrow_mut();
            let time = cursor
                .checked_sub(1)
                .and_then(|i| events.0.get(i))
                .map_or(0, |e| e.time);
            let mut fields = serde_json::json!({
                "cursor": cursor, "total": events.0.len(), "time": time,
            });
            if let (Some((id, step)), Some(m)) = (lesson, fields.as_object_mut()) {
                m.insert("lesson".into(), (*id).into());
                m.insert("step".into(), (*step).into());
            }
            post("step", fields);
            let prev = l.0;
            let same = l.1.as_ref() == Some(events);
            if same && cursor > prev && cursor - prev <= 2_000 {
                let name = |n: Option<crate::model::NodeId>| {
                    n.and_then(|n| names.get(n.index()).cloned())
                        .unwrap_or_default()
                };
                for e in events.0.get(prev..cursor).unwrap_or(&[]) {
                    let decision = e
                        .outcome
                        .filter(|_| e.kind == crate::model::EventKind::Become);
                    if let Some(d) = decision {
                        post(
                            "decision",
                            serde_json::json!({
                                "index": e.index, "time": e.time, "node": name(e.node),
                                "decision": d.label().to_ascii_lowercase(),
                            }),
                        );
                    }
                }
                for &v in violations.iter() {
                    if (prev as u64..cursor as u64).contains(&v) {
                        post("violation", serde_json::json!({ "index": v }));
                    }
                }
            }
            *l = (cursor, Some(events.clone()));
        },
    );
    use_effect_with(state.answered.clone(), |a| {
        if let Some(a) = a {
            post(
                "checkpoint",
                serde_json::json!({
                    "lesson": a.lesson, "step": a.step, "choice": a.choice, "correct": a.correct,
                }),
            );
        }
    });
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn js(text: &str) -> JsValue {
        js_sys::JSON::parse(text).unwrap_or(JsValue::UNDEFINED)
    }

    #[wasm_bindgen_test]
    fn well_formed_commands_become_actions() {
        let cases = [
            (r#"{"type":"txscope","command":"play"}"#, Action::Play),
            (r#"{"type":"txscope","command":"pause"}"#, Action::Pause),
            (
                r#"{"type":"txscope","command":"seek","cursor":12}"#,
                Action::Seek(12),
            ),
            (
                r#"{"type":"txscope","command":"seek","step":2}"#,
                Action::LessonStep(2),
            ),
            (
                r#"{"type":"txscope","command":"load","lesson":"2pc-basics"}"#,
                Action::OpenLesson("2pc-basics".into()),
            ),
            (
                r#"{"type":"txscope","command":"load","link":"lang=zh"}"#,
                Action::OpenLink("lang=zh".into()),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(command(&js(text)), Some(want), "{text}");
        }
        let scenario = r#"{"type":"txscope","command":"load","scenario":{"version":1,"protocol":"2pc","participants":2}}"#;
        assert!(matches!(command(&js(scenario)), Some(Action::LoadJson(_))));
    }

    #[wasm_bindgen_test]
    fn anything_else_is_ignored() {
        for text in [
            r#""play""#,
            "42",
            "null",
            "[]",
            r#"{"type":"other","command":"play"}"#,
            r#"{"type":"txscope"}"#,
            r#"{"type":"txscope","command":"fly"}"#,
            r#"{"type":"txscope","command":"seek"}"#,
            r#"{"type":"txscope","command":"seek","cursor":-1}"#,
            r#"{"type":"txscope","command":"seek","cursor":1.5}"#,
            r#"{"type":"txscope","command":"seek","cursor":"3"}"#,
            r#"{"type":"txscope","command":"load"}"#,
            r#"{"type":"txscope","command":"load","scenario":7}"#,
            r#"{"type":"txscope","command":"load","preset":"no-such-preset"}"#,
        ] {
            assert_eq!(command(&js(text)), None, "{text}");
        }
        assert_eq!(command(&JsValue::UNDEFINED), None);
    }
}
