//! The root component: owns the state, derives the pictures from the session at each render,
//! and lays out the panels.

use super::controls::{Playback, Timeline};
use super::embed::{self, EmbedDialog};
use super::explorer::Explorer;
use super::hooks::{use_keyboard, use_playback, use_reduced_motion};
use super::inspector::Inspector;
use super::lesson::LessonPanel;
use super::panels::{EventLog, Help, StatusPanel};
use super::sequence::SequenceView;
use super::settings::Settings;
use super::state::{Action, State};
use super::topology::TopologyView;
use crate::i18n::{t, tf, Lang};
use crate::model::NodeId;
use crate::model::Transport;
use crate::share::Panel;
use crate::view::{status, topology, traffic};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    use_playback(state.playing, state.dispatcher());
    use_keyboard(state.dispatcher());
    use_reduced_motion(state.dispatcher());
    // One callback for the app's life: a new one each render would make every panel's props
    // differ, and every panel render again on every playback tick.
    let dispatch: Callback<Action> = {
        let d = state.dispatcher();
        (*use_memo((), move |_| Callback::from(move |a: Action| d.dispatch(a)))).clone()
    };
    // At start: the browser's language, saved lesson progress, then a share link in the URL
    // (which may set the language itself).
    {
        let d = state.dispatcher();
        use_effect_with((), move |_| {
            d.dispatch(Action::SetLang(browser_lang()));
            match embed::load_progress() {
                Ok(p) => d.dispatch(Action::LoadProgress(p)),
                Err(p) => {
                    d.dispatch(Action::LoadProgress(p));
                    d.dispatch(Action::Error(t(browser_lang(), "error.progress").into()));
                }
            }
            if let Some(fragment) = start_fragment() {
                d.dispatch(Action::OpenLink(fragment));
            }
        });
    }
    use_effect_with(state.lang, |&lang| {
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
    });
    // A language whose table is not in the wasm (Chinese) is fetched when chosen: until it
    // arrives, its strings fall back to English; when it arrives the page renders again; if it
    // cannot come, the page stays in English and says why.
    let tables = use_state(|| 0u32);
    {
        let d = state.dispatcher();
        let tables = tables.clone();
        use_effect_with(state.lang, move |&lang| {
            if !crate::i18n::is_ready(lang) {
                wasm_bindgen_futures::spawn_local(async move {
                    match super::language::load(lang).await {
                        Ok(()) => tables.set(*tables + 1),
                        Err(e) => {
                            d.dispatch(Action::SetLang(Lang::En));
                            d.dispatch(Action::Error(super::language::failure_message(lang, &e)));
                        }
                    }
                });
            }
        });
    }
    use_effect_with(state.progress.clone(), |p| {
        if **p != crate::lessons::Progress::default() {
            embed::save_progress(p);
        }
    });
    embed::use_commands(dispatch.clone());
    embed::use_reports(&state);
    // A link pasted into the address bar of an open app changes only the fragment: open it too
    // (but not the fragment this page just wrote itself).
    let written = use_mut_ref(String::new);
    {
        let d = state.dispatcher();
        let written = written.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo::events::EventListener::new(&w, "hashchange", move |_| {
                    let Some(fragment) = start_fragment() else {
                        return;
                    };
                    if *written.borrow() != fragment {
                        d.dispatch(Action::OpenLink(fragment));
                    }
                })
            });
            move || drop(listener)
        });
    }
    let lang = state.lang;
    let on_link = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            if let (Some(f), Some(w)) = (state.link(), web_sys::window()) {
                *written.borrow_mut() = f.clone();
                let _ = w.location().set_hash(&f);
                copy_text(&w, &embed::page_url(), &f);
            }
        })
    };
    let on_lang = {
        let d = dispatch.clone();
        Callback::from(move |e: Event| {
            let v = super::value_of(&e);
            d.emit(Action::SetLang(Lang::from_tag(&v)));
        })
    };
    let lang_select = html! {
        <label class="lang">
            <span class="sr-only">{ t(lang, "app.language") }</span>
            <select id="lang" onchange={on_lang} aria-label={t(lang, "app.language")}>
                { for Lang::ALL.iter().map(|l| html! {
                    <option value={l.tag()} selected={*l == lang}>{ l.native_name() }</option>
                }) }
            </select>
        </label>
    };
    let error = state.error.as_ref().map(|e| {
        let d = dispatch.clone();
        html! {
            <div class="error" role="alert" id="error">
                <span>{ e }</span>
                <button type="button" aria-label={t(lang, "ui.dismiss")} onclick={Callback::from(move |_: MouseEvent| d.emit(Action::DismissError))}>{ "✕" }</button>
            </div>
        }
    });
    let read_only = state.read_only();
    let settings = if read_only {
        html! {}
    } else {
        html! { <Settings base={state.base.clone()} preset={state.preset.clone()} dispatch={dispatch.clone()} /> }
    };
    let Some(shared) = &state.run else {
        return html! {
            <ContextProvider<Lang> context={lang}>
            <main class="txscope">
                <header><h1>{ t(lang, "app.title") }</h1>{ lang_select }</header>
                { error }
                { settings }
            </main>
            </ContextProvider<Lang>>
        };
    };
    let Ok(run) = shared.0.try_borrow() else {
        return html! { <main class="txscope"><p>{ t(lang, "ui.busy") }</p></main> };
    };
    let nodes = run.nodes();
    let queue = run.scenario().transport == Transport::Queue;
    let topo = topology::layout(&nodes, &run.groups(), queue);
    let at = if state.reduced_motion {
        run.now() as f64
    } else {
        state.clock
    };
    let traffic = traffic::layout(&topo, &run.messages(), run.vanished(), at);
    let finished = state.cursor >= state.len();
    let status = status::status(&nodes, run.violations(), run.terminated(), finished, lang);
    let names: Vec<String> = nodes.iter().map(|n| n.name.clone()).collect();
    let selected = state
        .selected
        .filter(|s| s.index() < nodes.len())
        .unwrap_or(NodeId(0));
    let inspected = nodes.get(selected.index()).cloned();
    let queue_of: Vec<traffic::Chip> = traffic
        .chips
        .iter()
        .filter(|c| c.node == selected)
        .cloned()
        .collect();
    let split = topo.sides > 1;
    let protocol = run.scenario().protocol.clone();
    let title = crate::i18n::t(lang, &format!("protocol.{protocol}")).to_string();
    let hand_made = run
        .scenario()
        .faults
        .len()
        .saturating_sub(state.base.faults.len());
    let now = run.now();
    drop(run);
    let embedded = state.embed.is_some();
    let shown: Vec<Panel> = match &state.embed {
        Some(e) if !e.panels.is_empty() => e.panels.clone(),
        Some(_) => vec![
            Panel::Topology,
            Panel::Sequence,
            Panel::Status,
            Panel::Lesson,
        ],
        None => Panel::ALL.to_vec(),
    };
    let has = |p: Panel| shown.contains(&p);
    let transport = t(
        lang,
        if queue {
            "ui.transport.queue"
        } else {
            "ui.transport.lossy"
        },
    );
    let subtitle = tf(
        lang,
        "ui.subtitle",
        &[
            ("title", &title),
            ("n", &nodes.len().saturating_sub(1).to_string()),
            ("transport", transport),
        ],
    );
    let hand_made_text = tf(
        lang,
        if hand_made == 1 {
            "ui.hand_made.one"
        } else {
            "ui.hand_made.many"
        },
        &[("n", &hand_made.to_string())],
    );
    let tools = (!embedded).then(|| {
        let link = state.share();
        let export = {
            let state = state.clone();
            let d = dispatch.clone();
            Callback::from(move |_: MouseEvent| {
                let text = state.run.as_ref().and_then(|r| {
                    let r = r.0.try_borrow().ok()?;
                    Some(crate::export::export(&**r, super::state::HORIZON))
                });
                if text.and_then(|t| super::files::save_text("txscope-run.json", "application/json", &t)).is_none() {
                    d.emit(Action::Error(t(lang, "ui.export_failed").into()));
                }
            })
        };
        let import = {
            let d = dispatch.clone();
            Callback::from(move |e: Event| {
                let d2 = d.clone();
                if super::files::read_chosen(&e, move |text| d2.emit(Action::Import(text))).is_none() {
                    d.emit(Action::Error(t(lang, "ui.import_failed").into()));
                }
            })
        };
        let picture = |png: bool| {
            let d = dispatch.clone();
            Callback::from(move |_: MouseEvent| {
                let done = if png {
                    super::files::save_png("txscope-sequence.png")
                } else {
                    super::files::save_svg("txscope-sequence.svg")
                };
                if done.is_none() {
                    d.emit(Action::Error(t(lang, "ui.export_failed").into()));
                }
            })
        };
        let embed_open = {
            let d = dispatch.clone();
            Callback::from(move |_: MouseEvent| d.emit(Action::ToggleEmbedDialog))
        };
        html! {
            <div class="tools" role="toolbar" aria-label={t(lang, "ui.tools")}>
                <button type="button" id="share" class="share" onclick={on_link.clone()}
                        title={t(lang, "ui.share_help")}>
                    { t(lang, "control.copy_link") }
                </button>
                if link.is_some() {
                    <button type="button" id="embed" onclick={embed_open}>{ t(lang, "control.embed") }</button>
                }
                <button type="button" id="export-json" onclick={export}>{ super::iconed("⤓", t(lang, "control.export")) }</button>
                <label class="file-button">
                    <span>{ super::iconed("⤒", t(lang, "control.import")) }</span>
                    <input type="file" id="import-file" accept=".json,application/json" onchange={import} />
                </label>
                <button type="button" id="export-svg" onclick={picture(false)}>{ super::iconed("⤓", "SVG") }</button>
                <button type="button" id="export-png" onclick={picture(true)}>{ super::iconed("⤓", "PNG") }</button>
            </div>
        }
    });
    let dialog = state
        .embed_dialog
        .then(|| state.share())
        .flatten()
        .map(|link| {
            let mut link = link;
            link.embed = None;
            html! { <EmbedDialog {link} dispatch={dispatch.clone()} /> }
        });
    html! {
        <ContextProvider<Lang> context={lang}>
        <main class={classes!("txscope", state.reduced_motion.then_some("reduced-motion"), embedded.then_some("embedded"), read_only.then_some("read-only"))}>
            <header class="top">
                if !embedded {
                    <h1>{ t(lang, "app.title") }</h1>
                }
                <p class="subtitle">
                    { subtitle }
                    if hand_made > 0 { { format!(" · {hand_made_text}") } }
                </p>
                { lang_select }
                { for tools }
                <Playback playing={state.playing} cursor={state.cursor} len={state.len()} speed={state.speed}
                          picked={state.picked.len()} {split} {read_only} dispatch={dispatch.clone()} />
            </header>
            { error }
            <div class="sr-only" aria-live="polite" id="announce">{ &state.announce }</div>
            <div class="stage">
                if has(Panel::Topology) {
                    <TopologyView topo={topo} traffic={traffic} selected={Some(selected)}
                                  picked={state.picked.iter().copied().collect::<Vec<_>>()}
                                  menu={state.menu} dispatch={dispatch.clone()} />
                    if !read_only {
                        <p class="hint">{ t(lang, "ui.hint") }</p>
                    }
                }
                <Timeline cursor={state.cursor} len={state.len()} time_ms={now} marks={state.marks.clone()}
                          dispatch={dispatch.clone()} />
            </div>
            <aside class="side">
                if has(Panel::Lesson) && (!embedded || state.lesson.is_some()) {
                    <LessonPanel lesson={state.lesson.clone()} progress={state.progress.clone()} cursor={state.cursor}
                                 playing={state.playing} dispatch={dispatch.clone()} />
                }
                if has(Panel::Status) {
                    <StatusPanel status={status} dispatch={dispatch.clone()} />
                }
                if has(Panel::Inspector) {
                    if let Some(node) = inspected {
                        <Inspector {node} protocol={protocol} events={state.events.clone()} cursor={state.cursor}
                                   queue={queue_of} names={names.clone()} dispatch={dispatch.clone()} />
                    }
                }
            </aside>
            if has(Panel::Sequence) {
                <SequenceView events={state.events.clone()} names={names.clone()} cursor={state.cursor} playing={state.playing}
                              violations={state.violations.clone()} dispatch={dispatch.clone()} />
            }
            if has(Panel::Log) {
                <EventLog events={state.events.clone()} cursor={state.cursor} filter={state.log_filter}
                          names={names} dispatch={dispatch.clone()} />
            }
            { settings }
            if !embedded {
                <Explorer base={state.base.clone()} dispatch={dispatch.clone()} />
            }
            if state.help {
                <Help dispatch={dispatch.clone()} />
            }
            { for dialog }
            if !embedded {
                <footer>{ if finished { format!("{} ", t(lang, "ui.end_of_run")) } else { String::new() } }{ t(lang, "ui.press_help") }</footer>
            }
        </main>
        </ContextProvider<Lang>>
    }
}

/// The language the browser prefers (`navigator.languages`, then `navigator.language`).
fn browser_lang() -> Lang {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return Lang::En;
    };
    let list: Vec<String> = js_sys::Reflect::get(&nav, &"languages".into())
        .ok()
        .filter(js_sys::Array::is_array)
        .map(|v| {
            js_sys::Array::from(&v)
                .iter()
                .filter_map(|x| x.as_string())
                .collect()
        })
        .unwrap_or_default();
    if list.is_empty() {
        return nav.language().map_or(Lang::En, |l| Lang::from_tag(&l));
    }
    Lang::negotiate(list.iter().map(String::as_str))
}

/// The URL fragment to open at start, if any. A fragment without a run (`#lang=zh`,
/// `#embed=1&ro=1`) applies to the default scenario.
fn start_fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let fragment = hash.trim_start_matches('#');
    if fragment.is_empty() {
        return None;
    }
    let has_run = fragment
        .split('&')
        .any(|p| p.starts_with("v1=") || p == "v1");
    let looks_versioned = fragment.split('&').any(|p| {
        p.starts_with('v')
            && p[1..]
                .split('=')
                .next()
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    });
    if has_run || looks_versioned {
        return Some(fragment.to_string());
    }
    let scenario = crate::presets::preset(super::state::FIRST_PRESET).ok()?;
    let base = crate::share::Link {
        scenario,
        ..crate::share::Link::default()
    };
    Some(format!("{}&{fragment}", base.to_fragment()))
}

/// Puts the link on the clipboard if the browser lets this page (it may not: a sandbox, no
/// permission); the address bar has it either way.
fn copy_text(w: &web_sys::Window, page: &str, fragment: &str) {
    let url = format!("{page}#{fragment}");
    let clip = js_sys::Reflect::get(&w.navigator(), &"clipboard".into()).ok();
    let Some(clip) = clip.filter(|c| c.is_object()) else {
        return;
    };
    let Some(write) = js_sys::Reflect::get(&clip, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return;
    };
    if let Ok(p) = write.call1(&clip, &url.into()) {
        if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
            let ignore = wasm_bindgen::closure::Closure::once(|_: wasm_bindgen::JsValue| {});
            let _ = p.catch(&ignore);
            ignore.forget();
        }
    }
}
