//! The Explorer panel: "can this ever go wrong?" Searches every run of the current setup under
//! a fault budget, in a Web Worker ([`super::explorer_worker`]), shows progress, and lists what it
//! found with the shortest run to each finding, ready to watch in the player or share as a link.
//!
//! The search itself lives in the worker's own wasm: this panel only builds a
//! [`Job`](crate::check::job::Job) and reads [`Reply`] values, so the engines' search code stays
//! out of the page's bundle.
//!
//! The panel's model (form, phase, reducer) is in `panel_state`; the results' HTML in `results`.

mod panel_state;
mod results;

pub use panel_state::{Form, Look, Msg, Panel, Phase};
pub use results::readable;

use super::explorer_worker::SearchWorker;
use super::state::Action;
use crate::check::job::{JobError, Reply};
use crate::check::Timeouts;
use crate::i18n::{t, tf, Lang, Words};
use crate::scenario::Scenario;
use results::{mib, results};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[derive(Properties, PartialEq)]
pub struct ExplorerProps {
    /// The setup to search (the app's current scenario, before hand-made faults).
    pub base: Scenario,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn Explorer(props: &ExplorerProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let panel = use_reducer(|| Panel {
        form: Form::default(),
        phase: Phase::Idle,
        search: 0,
    });
    let worker = use_mut_ref(|| None::<SearchWorker>);
    let form = panel.form.clone();
    let running = matches!(panel.phase, Phase::Running { .. });
    // A finished search frees its worker (and its memory).
    {
        let worker = worker.clone();
        let finished = matches!(panel.phase, Phase::Done { .. } | Phase::Failed(_));
        use_effect_with(finished, move |&finished| {
            if finished {
                worker.borrow_mut().take();
            }
        });
    }
    let on_find = {
        let (panel, worker, base) = (panel.clone(), worker.clone(), props.base.clone());
        Callback::from(move |_: MouseEvent| {
            worker.borrow_mut().take();
            let search = panel.search + 1;
            let job = panel.form.job(&base);
            let d = panel.dispatcher();
            let replies = d.clone();
            let started = SearchWorker::start(&job, move |reply| {
                replies.dispatch(Msg::Reply {
                    search,
                    reply,
                    at: now_ms(),
                })
            });
            d.dispatch(Msg::Started {
                search,
                at: now_ms(),
            });
            match started {
                Ok(w) => *worker.borrow_mut() = Some(w),
                Err(detail) => d.dispatch(Msg::Reply {
                    search,
                    reply: Reply::Error {
                        error: JobError::NoWorker { detail },
                    },
                    at: now_ms(),
                }),
            }
        })
    };
    let on_cancel = {
        let (panel, worker) = (panel.clone(), worker.clone());
        Callback::from(move |_: MouseEvent| {
            worker.borrow_mut().take();
            panel.dispatch(Msg::Cancel);
        })
    };
    let set = |f: fn(&mut Form, &str)| {
        let panel = panel.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|| e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value()))
                .unwrap_or_default();
            let mut form = panel.form.clone();
            f(&mut form, &value);
            panel.dispatch(Msg::Form(form));
        })
    };
    let budget_input = |id: &'static str, key: &'static str, value: u8, f: fn(&mut Form, &str)| {
        html! {
            <label class="explorer-field">
                <span>{ t(lang, key) }</span>
                <input type="number" id={id} min="0" max="3" value={value.to_string()}
                       disabled={running} onchange={set(f)} />
            </label>
        }
    };
    let b = form.budget;
    let controls = html! {
        <div class="explorer-form">
            <fieldset class="explorer-budget">
                <legend>{ t(lang, "explorer.budget") }</legend>
                { budget_input("explorer-drops", "explorer.drops", b.drops, |f, v| f.budget.drops = v.trim().parse::<u8>().unwrap_or(0).min(3)) }
                { budget_input("explorer-duplicates", "explorer.duplicates", b.duplicates, |f, v| f.budget.duplicates = v.trim().parse::<u8>().unwrap_or(0).min(3)) }
                { budget_input("explorer-crashes", "explorer.crashes", b.crashes, |f, v| f.budget.crashes = v.trim().parse::<u8>().unwrap_or(0).min(3)) }
                { budget_input("explorer-recoveries", "explorer.recoveries", b.recoveries, |f, v| f.budget.recoveries = v.trim().parse::<u8>().unwrap_or(0).min(3)) }
                { budget_input("explorer-partitions", "explorer.partitions", b.partitions, |f, v| f.budget.partitions = v.trim().parse::<u8>().unwrap_or(0).min(3)) }
            </fieldset>
            <label class="explorer-field">
                <span>{ t(lang, "explorer.timeouts") }</span>
                <select id="explorer-timeouts" disabled={running} onchange={set(|f, v| f.timeouts = if v == "any" { Timeouts::Any } else { Timeouts::Accurate })}>
                    <option value="accurate" selected={form.timeouts == Timeouts::Accurate}>{ t(lang, "explorer.timeouts.accurate") }</option>
                    <option value="any" selected={form.timeouts == Timeouts::Any}>{ t(lang, "explorer.timeouts.any") }</option>
                </select>
            </label>
            <label class="explorer-field">
                <span>{ t(lang, "explorer.property") }</span>
                <select id="explorer-property" disabled={running} onchange={set(|f, v| f.look = match v { "agreement" => Look::Agreement, "can-block" => Look::CanBlock, _ => Look::All })}>
                    <option value="all" selected={form.look == Look::All}>{ t(lang, "explorer.property.all") }</option>
                    <option value="agreement" selected={form.look == Look::Agreement}>{ t(lang, "explorer.property.agreement") }</option>
                    <option value="can-block" selected={form.look == Look::CanBlock}>{ t(lang, "explorer.property.can_block") }</option>
                </select>
            </label>
            <label class="explorer-field">
                <span>{ t(lang, "explorer.network") }</span>
                <select id="explorer-network" disabled={running} onchange={set(|f, v| f.lossy = v == "lossy")}>
                    <option value="lossy" selected={form.lossy}>{ t(lang, "explorer.network.lossy") }</option>
                    <option value="scenario" selected={!form.lossy}>{ t(lang, "explorer.network.scenario") }</option>
                </select>
            </label>
            <label class="explorer-field">
                <span>{ t(lang, "explorer.memory") }</span>
                <input type="number" id="explorer-memory" min="16" max="2048" step="64" value={form.memory_mib.to_string()}
                       disabled={running} onchange={set(|f, v| f.memory_mib = v.trim().parse::<u64>().unwrap_or(512).clamp(16, 2048))} />
            </label>
            <p class="explorer-note">{ t(lang, "explorer.network.note") }</p>
            <div class="explorer-buttons">
                <button type="button" id="explorer-find" disabled={running} onclick={on_find}>{ t(lang, "explorer.find") }</button>
                <button type="button" id="explorer-cancel" disabled={!running} onclick={on_cancel}>{ t(lang, "explorer.cancel") }</button>
            </div>
        </div>
    };
    let body = match &panel.phase {
        Phase::Idle => html! { <p class="explorer-hint">{ t(lang, "explorer.hint") }</p> },
        Phase::Cancelled => {
            html! { <p id="explorer-status" class="explorer-status">{ t(lang, "explorer.cancelled") }</p> }
        }
        Phase::Failed(message) => html! {
            <p id="explorer-status" class="explorer-status explorer-error" role="alert">{ tf(lang, "explorer.failed", &[("message", &message.say(lang))]) }</p>
        },
        Phase::Running {
            started_ms,
            now_ms,
            states,
            frontier,
            depth,
            memory_bytes,
            ..
        } => {
            let secs = ((now_ms - started_ms) / 1000.0).max(0.001);
            let rate = crate::numtext::fixed(*states as f64 / secs, 0);
            html! {
                <div id="explorer-progress" class="explorer-progress" aria-live="polite">
                    <progress aria-label={t(lang, "explorer.searching")}></progress>
                    <p>{ tf(lang, "explorer.progress", &[
                        ("states", &states.to_string()), ("frontier", &frontier.to_string()),
                        ("depth", &depth.to_string()), ("rate", &rate),
                    ]) }</p>
                    <label class="explorer-memory">
                        <span>{ tf(lang, "explorer.memory_use", &[("used", &mib(*memory_bytes)), ("budget", &form.memory_mib.to_string())]) }</span>
                        <progress value={memory_bytes.to_string()} max={(form.memory_mib << 20).to_string()}></progress>
                    </label>
                </div>
            }
        }
        Phase::Done { outcome, ms, look } => results(lang, outcome, *ms, *look, &props.dispatch),
    };
    html! {
        <section class="explorer panel" id="explorer" aria-labelledby="explorer-title">
            <h2 id="explorer-title">{ t(lang, "explorer.title") }</h2>
            { controls }
            { body }
        </section>
    }
}
