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
use super::startup;
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
    startup::use_startup(&state);
    startup::use_language_tables(&state);
    embed::use_commands(dispatch.clone());
    embed::use_reports(&state);
    let written = startup::use_pasted_links(&state);
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
    let mut topo = topology::layout(&nodes, &run.groups(), queue);
    topo.money = run.money();
    topo.quiet = run.quiet();
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
    // Commit protocols count their participants; the patterns, which have none, their nodes.
    let participants = nodes
        .iter()
        .filter(|n| n.role == crate::protocol::commit::PARTICIPANT)
        .count();
    let (subtitle_key, n) = match participants {
        0 => ("ui.subtitle.nodes", nodes.len()),
        n => ("ui.subtitle", n),
    };
    let subtitle = tf(
        lang,
        subtitle_key,
        &[
            ("title", &title),
            ("n", &n.to_string()),
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
                          picked={state.picked.count_ones() as usize} {split} {read_only} dispatch={dispatch.clone()} />
            </header>
            { error }
            <div class="sr-only" aria-live="polite" id="announce">{ &state.announce }</div>
            <div class="stage">
                if has(Panel::Topology) {
                    <TopologyView topo={topo} traffic={traffic} selected={Some(selected)}
                                  picked={crate::model::members(state.picked).collect::<Vec<_>>()}
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
                    <LessonPanel lesson={state.lesson.clone()} narration={state.narration.clone()} progress={state.progress.clone()} cursor={state.cursor}
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
