//! The Explorer panel: "can this ever go wrong?" Searches every run of the current setup under
//! a fault budget, in a Web Worker ([`super::explorer_worker`]), shows progress, and lists what it
//! found with the shortest run to each finding, ready to watch in the player or share as a link.
//!
//! The search itself lives in the worker's own wasm: this panel only builds a [`Job`] and reads
//! [`Reply`] values, so the engines' search code stays out of the page's bundle.

use super::explorer_worker::SearchWorker;
use super::state::Action;
use crate::check::job::{Job, JobError, Outcome, Reply, DEFAULT_MEMORY_BYTES};
use crate::check::{Budget, CheckOptions, Timeouts};
use crate::i18n::{t, tf, Lang, Words};
use crate::model::Transport;
use crate::scenario::Scenario;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Which properties to look for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    Agreement,
    CanBlock,
    All,
}

/// The search form.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub budget: Budget,
    pub timeouts: Timeouts,
    pub look: Look,
    /// Search on the lossy network (much smaller state space) rather than the scenario's own.
    pub lossy: bool,
    pub memory_mib: u64,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            budget: Budget::default(),
            timeouts: Timeouts::Accurate,
            look: Look::All,
            lossy: true,
            memory_mib: DEFAULT_MEMORY_BYTES >> 20,
        }
    }
}

impl Form {
    /// The job for the setup `base`.
    pub fn job(&self, base: &Scenario) -> Job {
        let mut scenario = base.clone();
        if self.lossy {
            scenario.transport = Transport::Lossy;
        }
        let properties = match self.look {
            Look::Agreement => vec!["agreement".to_string()],
            Look::CanBlock => vec!["can-block".to_string()],
            Look::All => Vec::new(),
        };
        Job {
            scenario,
            options: CheckOptions {
                budget: self.budget,
                timeouts: self.timeouts,
                properties,
                stop_when_found: true,
                ..CheckOptions::default()
            },
            memory_bytes: self.memory_mib.max(16) << 20,
        }
    }
}

/// Where the search is.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Idle,
    Running {
        started_ms: f64,
        now_ms: f64,
        states: u64,
        frontier: u64,
        generated: u64,
        depth: u32,
        memory_bytes: u64,
    },
    Done {
        outcome: Outcome,
        ms: f64,
        look: Look,
    },
    Failed(JobError),
    Cancelled,
}

/// The panel's own state: one reducer, like the app's.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub form: Form,
    pub phase: Phase,
    /// Which search replies belong to (replies of a cancelled one are ignored).
    pub search: u32,
}

pub enum Msg {
    Form(Form),
    Started { search: u32, at: f64 },
    Reply { search: u32, reply: Reply, at: f64 },
    Cancel,
}

impl Reducible for Panel {
    type Action = Msg;
    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut s = (*self).clone();
        match msg {
            Msg::Form(f) => s.form = f,
            Msg::Started { search, at } => {
                s.search = search;
                s.phase = Phase::Running {
                    started_ms: at,
                    now_ms: at,
                    states: 0,
                    frontier: 0,
                    generated: 0,
                    depth: 0,
                    memory_bytes: 0,
                };
            }
            Msg::Reply { search, .. } if search != s.search => return self,
            Msg::Reply { reply, at, .. } => {
                let started_ms = match s.phase {
                    Phase::Running { started_ms, .. } => started_ms,
                    _ => return self,
                };
                s.phase = match reply {
                    Reply::Ready | Reply::Bench { .. } => return self,
                    Reply::Progress {
                        states,
                        frontier,
                        generated,
                        depth,
                        memory_bytes,
                    } => Phase::Running {
                        started_ms,
                        now_ms: at,
                        states,
                        frontier,
                        generated,
                        depth,
                        memory_bytes,
                    },
                    Reply::Done { report } => Phase::Done {
                        outcome: report,
                        ms: at - started_ms,
                        look: s.form.look,
                    },
                    Reply::Error { error } => Phase::Failed(error),
                };
            }
            Msg::Cancel => {
                s.search += 1;
                s.phase = Phase::Cancelled;
            }
        }
        Rc::new(s)
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn mib(bytes: u64) -> String {
    format!("{:.0}", bytes as f64 / (1024.0 * 1024.0))
}

/// A trace label (`arrive m3`, `fire C ack-timeout`, `crash C`, ...) as a sentence.
pub fn readable(lang: Lang, label: &str) -> String {
    let (verb, rest) = label.split_once(' ').unwrap_or((label, ""));
    match verb {
        "arrive" => tf(lang, "explorer.step.arrive", &[("msg", rest)]),
        "fire" => {
            let (node, timer) = rest.split_once(' ').unwrap_or((rest, ""));
            tf(
                lang,
                "explorer.step.fire",
                &[
                    ("node", node),
                    ("timer", crate::i18n::timer_name(lang, timer)),
                ],
            )
        }
        "wake" => tf(lang, "explorer.step.wake", &[("node", rest)]),
        "drop" => tf(lang, "explorer.step.drop", &[("msg", rest)]),
        "duplicate" => tf(lang, "explorer.step.duplicate", &[("msg", rest)]),
        "crash" => tf(lang, "explorer.step.crash", &[("node", rest)]),
        "recover" => tf(lang, "explorer.step.recover", &[("node", rest)]),
        "partition" => tf(lang, "explorer.step.partition", &[("sides", rest)]),
        "heal" => t(lang, "explorer.step.heal").to_string(),
        _ => label.to_string(),
    }
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
            let rate = format!("{:.0}", *states as f64 / secs);
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

fn property_title(lang: Lang, property: &str) -> String {
    match property {
        "agreement" => t(lang, "explorer.found.agreement").to_string(),
        "can-block" => t(lang, "explorer.found.can_block").to_string(),
        other => tf(lang, "explorer.found.other", &[("property", other)]),
    }
}

fn results(lang: Lang, o: &Outcome, ms: f64, look: Look, dispatch: &Callback<Action>) -> Html {
    let summary = tf(
        lang,
        "explorer.summary",
        &[
            ("states", &o.distinct_states.to_string()),
            ("generated", &o.generated.to_string()),
            ("depth", &o.depth.to_string()),
            ("seconds", &format!("{:.1}", ms / 1000.0)),
            ("memory", &mib(o.memory_bytes)),
        ],
    );
    let completeness = if o.complete {
        t(lang, "explorer.complete").to_string()
    } else if o.stopped_at_findings {
        t(lang, "explorer.stopped_at_findings").to_string()
    } else {
        tf(
            lang,
            "explorer.incomplete",
            &[("why", &o.cut.map(|c| c.say(lang)).unwrap_or_default())],
        )
    };
    // What was looked for and not found: only a complete search proves absence.
    let looked: &[&str] = match look {
        Look::Agreement => &["agreement"],
        Look::CanBlock => &["can-block"],
        Look::All => &["agreement", "can-block"],
    };
    let absent = looked
        .iter()
        .filter(|p| !o.findings.iter().any(|f| f.property == **p))
        .map(|p| {
            let key = match (*p, o.complete) {
                ("agreement", true) => "explorer.none.agreement",
                ("agreement", false) => "explorer.none_yet.agreement",
                (_, true) => "explorer.none.can_block",
                (_, false) => "explorer.none_yet.can_block",
            };
            html! { <li class="explorer-none" data-property={p.to_string()}>{ t(lang, key) }</li> }
        });
    let findings = o.findings.iter().map(|f| {
        // The setup's own description told another story: say what this run is.
        let mut scenario = f.scenario.clone();
        scenario.description = Some(tf(
            lang,
            "explorer.description",
            &[
                ("finding", &property_title(lang, &f.property)),
                ("steps", &f.trace.iter().map(|s| readable(lang, s)).collect::<Vec<_>>().join(", ")),
            ],
        ));
        let watch = {
            let (d, sc) = (dispatch.clone(), scenario.clone());
            Callback::from(move |_: MouseEvent| {
                d.emit(Action::SetScenario(sc.clone()));
                d.emit(Action::Play);
                if let Some(w) = web_sys::window() {
                    w.scroll_to_with_x_and_y(0.0, 0.0);
                }
            })
        };
        let link = crate::share::Link { scenario, ..Default::default() };
        let href = format!("#{}", link.to_fragment());
        html! {
            <li class="explorer-finding" data-property={f.property.clone()}>
                <h3>{ property_title(lang, &f.property) }</h3>
                <p>{ tf(lang, "explorer.steps", &[("n", &f.trace.len().to_string())]) }</p>
                <ol class="explorer-trace">
                    { for f.trace.iter().map(|s| html! { <li>{ readable(lang, s) }</li> }) }
                </ol>
                <div class="explorer-buttons">
                    <button type="button" class="explorer-watch" onclick={watch}>{ t(lang, "explorer.watch") }</button>
                    <a class="explorer-link" href={href}>{ t(lang, "explorer.link") }</a>
                </div>
            </li>
        }
    });
    html! {
        <div id="explorer-results" class="explorer-results">
            <p id="explorer-status" class="explorer-status">{ summary }{ " " }<strong>{ completeness }</strong></p>
            <ul class="explorer-findings">
                { for findings }
                { for absent }
            </ul>
        </div>
    }
}
