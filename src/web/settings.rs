//! The scenario form: protocol, participants and their votes, transport, latency, timeouts,
//! loss rate, seed; presets; the scenario as JSON. Every change makes a new scenario and hands
//! it to the reducer, which checks it: a bad value becomes a message, never a crash.

use super::state::Action;
use crate::i18n::{t, tf, Lang, Words};
use crate::model::Transport;
use crate::presets::PRESETS;
use crate::protocol::commit::{CommitParams, Vote};
use crate::protocol::Params;
use crate::protocol::PROTOCOLS;
use crate::scenario::{Scenario, ScenarioError};
use std::rc::Rc;
use yew::prelude::*;

/// The participants the form offers.
pub const MIN_PARTICIPANTS: usize = 2;
pub const MAX_PARTICIPANTS: usize = 16;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub base: Scenario,
    pub preset: Option<String>,
    pub dispatch: Callback<Action>,
}

/// Why a field's text was not applied: it does not parse, or the scenario refuses the value
/// (that error names the field and the reason).
enum Refusal {
    Unreadable,
    Refused(ScenarioError),
}

/// Parses a field's text and, if it parses, applies it to a scenario.
type Setter = Rc<dyn Fn(&mut Scenario, &str) -> Result<(), Refusal>>;

/// The [`Setter`] for a field of type `T`; the generic part is only this small adapter, so the
/// callback around it (in [`edit`]) exists once in the page's wasm, not once per field.
fn set<T: std::str::FromStr + 'static>(apply: impl Fn(&mut Scenario, T) + 'static) -> Setter {
    Rc::new(move |s, raw| {
        let v = raw.parse::<T>().map_err(|_| Refusal::Unreadable)?;
        apply(s, v);
        Ok(())
    })
}

/// A callback that parses the field and edits a copy of the scenario with it; `label` is the
/// field's label as shown, which names the field in the error for a value that does not parse.
fn edit(lang: Lang, p: &Props, label: &str, apply: Setter) -> Callback<Event> {
    let label = label.to_string();
    let base = p.base.clone();
    let d = p.dispatch.clone();
    Callback::from(move |e: Event| {
        let raw = super::value_of(&e);
        let mut s = base.clone();
        s.faults.clear();
        s.name = None;
        s.description = None;
        match apply(&mut s, raw.trim()) {
            Ok(()) => d.emit(Action::SetScenario(s)),
            Err(Refusal::Unreadable) => d.emit(Action::Error(tf(
                lang,
                "ui.invalid_value",
                &[("field", &label), ("value", &format!("{raw:?}"))],
            ))),
            Err(Refusal::Refused(e)) => d.emit(Action::Error(tf(
                lang,
                "ui.not_applied",
                &[("error", &e.say(lang))],
            ))),
        }
    })
}

/// The [`Setter`] of a whole-number parameter at `path` in the scenario's `params`, checked
/// by the protocol.
fn set_param(path: &'static [&'static str]) -> Setter {
    Rc::new(move |s, raw| {
        let v = raw.parse::<i64>().map_err(|_| Refusal::Unreadable)?;
        s.set_param(path, serde_json::Value::from(v))
            .map_err(Refusal::Refused)
    })
}

/// Edits the commit protocols' parameters of a scenario (nothing for other protocols).
fn with_commit(s: &mut Scenario, change: impl FnOnce(&mut CommitParams)) {
    if let Some(mut params) = s.params_as::<CommitParams>().cloned() {
        change(&mut params);
        s.params = Params::new(params);
    }
}

/// Keeps only the votes of participants that exist.
fn prune_votes(c: &mut CommitParams) {
    let n = c.participants;
    c.votes.retain(|name, _| {
        name.strip_prefix('P')
            .and_then(|k| k.parse::<usize>().ok())
            .is_some_and(|k| (1..=n).contains(&k))
    });
}

#[component]
pub fn Settings(p: &Props) -> Html {
    let s = &p.base;
    let lang = use_context::<Lang>().unwrap_or_default();
    let on_preset = {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| {
            let v = super::value_of(&e);
            if !v.is_empty() {
                d.emit(Action::LoadPreset(v));
            }
        })
    };
    let protocols = PROTOCOLS.iter().map(|e| {
        let name = e.name();
        let title = t(lang, &format!("protocol.{name}")).to_string();
        html! { <option value={name} selected={s.protocol == name}>{ format!("{title} ({name})") }</option> }
    });
    let presets = PRESETS.iter().map(|(name, _)| {
        html! { <option value={*name} selected={p.preset.as_deref() == Some(*name)}>{ format!("{} ({name})", crate::i18n::lookup(lang, &crate::i18n::preset_key(name, "title")).unwrap_or(name)) }</option> }
    });
    // A bank transfer's accounts, named in their balance fields.
    let opening = |side: &str| {
        let account = s.param(&[side, "name"]);
        let account = account
            .as_ref()
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        tf(lang, "ui.opening_balance", &[("account", account)])
    };
    let (from_label, to_label) = (opening("from"), opening("to"));
    let commit = s.params_as::<CommitParams>();
    let participants = commit.map_or(0, |c| c.participants);
    let votes = (1..=participants).map(|k| {
        let name = format!("P{k}");
        let no = commit.and_then(|c| c.votes.get(&name)) == Some(&Vote::No);
        let base = s.clone();
        let d = p.dispatch.clone();
        let n2 = name.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let mut s = base.clone();
            s.faults.clear();
            s.name = None;
            s.description = None;
            with_commit(&mut s, |c| {
                if no {
                    c.votes.remove(&n2);
                } else {
                    c.votes.insert(n2.clone(), Vote::No);
                }
            });
            d.emit(Action::SetScenario(s));
        });
        html! {
            <button type="button" class={classes!("vote", if no { "vote-no" } else { "vote-yes" })}
                    aria-pressed={no.to_string()} {onclick}
                    title={tf(lang, "ui.votes_toggle", &[("node", &name), ("vote", if no { "NO" } else { "YES" })])}>
                { format!("{name} {}", if no { "✗ NO" } else { "✓ YES" }) }
            </button>
        }
    });
    // One field per timeout the protocol has, labelled `ui.timeout.<name>`.
    let timeouts: Vec<Html> = s
        .timeouts_ms
        .iter()
        .map(|(name, ms)| {
            let label = format!("ui.timeout.{name}");
            let name = name.clone();
            let id = format!("to-{name}");
            html! {
                <label for={id.clone()}>
                    <span>{ t(lang, &label) }</span>
                    <input type="number" id={id} min="1" max="600000" step="1" value={ms.to_string()} inputmode="decimal"
                           onchange={edit(lang, p, &label, set::<u64>(move |s, v| { s.timeouts_ms.insert(name.clone(), v); }))} />
                </label>
            }
        })
        .collect();
    let json = s.to_json();
    let on_json = {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| d.emit(Action::LoadJson(super::value_of(&e))))
    };
    let num = |id: &'static str,
               label: &str,
               value: String,
               min: &'static str,
               max: &'static str,
               step: &'static str,
               onchange: Callback<Event>| {
        html! {
            <label for={id}>
                <span>{ label }</span>
                <input type="number" {id} {min} {max} {step} {value} {onchange} inputmode="decimal" />
            </label>
        }
    };
    html! {
        <section class="settings" aria-label={t(lang, "control.scenario")}>
            <h2>{ t(lang, "control.scenario") }</h2>
            <label for="preset">
                <span>{ t(lang, "ui.preset") }</span>
                <select id="preset" onchange={on_preset}>
                    <option value="" selected={p.preset.is_none()}>{ t(lang, "ui.custom") }</option>
                    { for presets }
                </select>
            </label>
            if let Some(d) = p.preset.as_deref().and_then(|n| crate::i18n::lookup(lang, &crate::i18n::preset_key(n, "description"))) {
                <p class="description">{ d }</p>
            } else if let Some(d) = &s.description {
                <p class="description">{ d }</p>
            }
            <label for="protocol">
                <span>{ t(lang, "ui.protocol") }</span>
                <select id="protocol" onchange={edit(lang, p, t(lang, "ui.protocol"), Rc::new(|s: &mut Scenario, v: &str| s.switch_protocol(v).map_err(Refusal::Refused)))}>
                    { for protocols }
                </select>
            </label>
            if commit.is_some() {
                { num("participants", t(lang, "ui.participants"), participants.to_string(), "2", "16", "1",
                      edit(lang, p, t(lang, "ui.participants"), set::<usize>(|s, v| with_commit(s, |c| {
                          c.participants = v.clamp(MIN_PARTICIPANTS, MAX_PARTICIPANTS);
                          prune_votes(c);
                      })))) }
                <fieldset class="votes">
                    <legend>{ t(lang, "ui.votes") }</legend>
                    { for votes }
                </fieldset>
            }
            if let Some(amount) = s.param(&["amount"]) {
                <div class="row">
                    { num("amount", t(lang, "ui.amount"), amount.to_string(), "1", "1000000000", "1",
                          edit(lang, p, t(lang, "ui.amount"), set_param(&["amount"]))) }
                    { num("transfers", t(lang, "ui.transfers"), s.param(&["transfers"]).unwrap_or_default().to_string(), "1", "16", "1",
                          edit(lang, p, t(lang, "ui.transfers"), set_param(&["transfers"]))) }
                </div>
                <div class="row">
                    { num("from-balance", &from_label,
                          s.param(&["from", "balance"]).unwrap_or_default().to_string(), "0", "1000000000", "1",
                          edit(lang, p, &from_label, set_param(&["from", "balance"]))) }
                    { num("to-balance", &to_label,
                          s.param(&["to", "balance"]).unwrap_or_default().to_string(), "0", "1000000000", "1",
                          edit(lang, p, &to_label, set_param(&["to", "balance"]))) }
                </div>
            }
            <label for="transport">
                <span>{ t(lang, "ui.transport") }</span>
                <select id="transport" onchange={edit(lang, p, t(lang, "ui.transport"), set::<String>(|s, v| {
                    s.transport = if v == "lossy" { Transport::Lossy } else { Transport::Queue };
                }))}>
                    <option value="queue" selected={s.transport == Transport::Queue}>{ t(lang, "transport.queue") }</option>
                    <option value="lossy" selected={s.transport == Transport::Lossy}>{ t(lang, "transport.lossy") }</option>
                </select>
            </label>
            <div class="row">
                { num("lat-min", t(lang, "ui.latency_min"), s.latency_ms.min.to_string(), "0", "600000", "1",
                      edit(lang, p, t(lang, "ui.latency_min"), set::<u64>(|s, v| s.latency_ms.min = v))) }
                { num("lat-max", t(lang, "ui.latency_max"), s.latency_ms.max.to_string(), "0", "600000", "1",
                      edit(lang, p, t(lang, "ui.latency_max"), set::<u64>(|s, v| s.latency_ms.max = v))) }
            </div>
            <div class="row">
                { for timeouts }
            </div>
            <div class="row">
                { num("drop-rate", t(lang, "ui.loss_rate"), crate::numtext::float(s.drop_rate), "0", "1", "0.05",
                      edit(lang, p, t(lang, "ui.loss_rate"), set::<f64>(|s, v| s.drop_rate = v))) }
                { num("seed", t(lang, "ui.seed"), s.seed.to_string(), "0", "18446744073709551615", "1",
                      edit(lang, p, t(lang, "ui.seed"), set::<u64>(|s, v| s.seed = v))) }
            </div>
            <details class="json">
                <summary>{ t(lang, "ui.scenario_json") }</summary>
                <textarea id="scenario-json" rows="10" spellcheck="false" value={json} onchange={on_json}
                          aria-label={t(lang, "ui.scenario_json")} />
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn votes_of_missing_participants_go() {
        let mut s = Scenario::new("2pc", 5);
        with_commit(&mut s, |c| {
            c.votes.insert("P2".into(), Vote::No);
            c.votes.insert("P5".into(), Vote::No);
            c.participants = 3;
            prune_votes(c);
        });
        let c = s.params_as::<CommitParams>().expect("2PC's parameters");
        assert_eq!(c.votes.keys().collect::<Vec<_>>(), ["P2"]);
        assert_eq!(c.participants, 3);
    }

    #[test]
    fn switching_between_commit_protocols_keeps_the_votes() {
        let mut s = Scenario::new("2pc", 4);
        with_commit(&mut s, |c| {
            c.votes.insert("P3".into(), Vote::No);
        });
        s.timeouts_ms.insert("retry".into(), 77);
        s.switch_protocol("3pc").expect("3pc exists");
        assert_eq!(s.protocol, "3pc");
        let c = s.params_as::<CommitParams>().expect("3PC's parameters");
        assert_eq!((c.participants, c.votes.len()), (4, 1));
        assert_eq!(s.timeouts_ms["retry"], 77);
        assert!(s.switch_protocol("paxos").is_err());
        assert_eq!(s.protocol, "3pc");
    }
}
