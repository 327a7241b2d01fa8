//! The inspector: the selected node's role, state, log, timers, memory and queue, and its
//! role's state machine with the current state and the last transition picked out.

use super::state::{Action, Events};
use crate::i18n::{t, tf, Lang, Words};
use crate::session::NodeView;
use crate::view::inspector::{last_transition, machine, memory_lines, BOX_H, BOX_W};
use crate::view::num;
use crate::view::traffic::Chip;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub node: NodeView,
    pub protocol: String,
    pub events: Events,
    pub cursor: usize,
    /// The messages waiting in its queue.
    pub queue: Vec<Chip>,
    pub names: Vec<String>,
    pub dispatch: Callback<Action>,
}

/// One row of a node's database as the inspector lists it: its key and value ("carol 70",
/// "o1 TRIED"; a mark is its key alone).
fn row_text(r: &crate::session::RowView) -> String {
    use crate::session::RowValue;
    match r.value {
        RowValue::Money(v) | RowValue::Count(v) => format!("{} {v}", r.key),
        RowValue::Status(s) => format!("{} {s}", r.key),
        RowValue::Mark => r.key.clone(),
    }
}

#[component]
pub fn Inspector(p: &Props) -> Html {
    let n = &p.node;
    let lang = use_context::<Lang>().unwrap_or_default();
    let Some(entry) = crate::protocol::find(&p.protocol) else {
        return html! { <section class="inspector"><p>{ t(lang, "ui.unknown_protocol") }</p></section> };
    };
    let m = entry.machine(n.role);
    let last = last_transition(&p.events.0, n.id, p.cursor);
    let v = machine(&m, n.state, last.as_ref(), |s| entry.state_outcome(s));
    let on_select = {
        let d = p.dispatch.clone();
        let count = p.names.len();
        Callback::from(move |e: Event| {
            let v = super::value_of(&e).parse::<u8>().ok();
            if let Some(k) = v.filter(|k| (*k as usize) < count) {
                d.emit(Action::Select(Some(crate::model::NodeId(k))));
            }
        })
    };
    let options = p.names.iter().enumerate().map(|(k, name)| {
        html! { <option value={k.to_string()} selected={k == n.id.index()}>{ name }</option> }
    });
    let states = v.states.iter().map(|s| {
        let mut class = classes!("mstate", s.class.clone());
        if s.current {
            class.push("current");
        }
        html! {
            <g {class}>
                <rect x={num(s.at.x - BOX_W / 2.0)} y={num(s.at.y - BOX_H / 2.0)}
                      width={num(BOX_W)} height={num(BOX_H)} rx="6" />
                <text x={num(s.at.x)} y={num(s.at.y + 4.0)}>
                    { if s.current { format!("▶ {}", s.name) } else { s.name.to_string() } }
                </text>
            </g>
        }
    });
    let edges = v.edges.iter().map(|e| {
        let pts: Vec<String> = e.points.iter().map(|q| format!("{},{}", q.x, q.y)).collect();
        html! {
            <g class={classes!("medge", e.last.then_some("last"))}>
                <title>{ format!("{} → {}: {}", e.from, e.to, crate::i18n::machine_label(lang, e.label)) }</title>
                <polyline points={pts.join(" ")} marker-end="url(#m-arrow)" />
                <circle cx={num(e.badge.x)} cy={num(e.badge.y)} r="8" />
                <text x={num(e.badge.x)} y={num(e.badge.y + 3.5)}>{ e.number }</text>
            </g>
        }
    });
    let legend = v.edges.iter().map(|e| {
        html! {
            <li class={classes!(e.last.then_some("last"))}>
                <b>{ e.number }</b>{ format!(" {} → {}: {}", e.from, e.to, crate::i18n::machine_label(lang, e.label)) }
                if e.last { <em>{ format!(" {}", t(lang, "ui.last_taken")) }</em> }
            </li>
        }
    });
    let last_text = match &last {
        Some(l) => tf(
            lang,
            "ui.last_transition",
            &[
                ("from", l.from),
                ("to", l.to),
                ("index", &l.index.to_string()),
            ],
        ),
        None => t(lang, "ui.no_transition").to_string(),
    };
    let queue = p.queue.iter().map(|c| html! { <li>{ &c.title }</li> });
    html! {
        <section class="inspector" aria-label={t(lang, "panel.inspector")}>
            <h2>
                { format!("{} ", t(lang, "panel.inspector")) }
                <select id="inspect" aria-label={t(lang, "ui.node_to_inspect")} onchange={on_select}>{ for options }</select>
            </h2>
            <p class="facts">
                <span>{ format!("{} · {}", &n.role.say(lang), if n.up { t(lang, "status.up") } else { t(lang, "ui.down_caps") }) }</span>
                <span>{ tf(lang, "ui.state_is", &[("state", n.state)]) }</span>
                <span>{ tf(lang, "ui.decision_is", &[("decision", &n.decision.map_or_else(|| t(lang, "ui.none").to_string(), |d| d.say(lang)))]) }</span>
                { for crate::view::status::node_badges(n).into_iter().filter(|b| *b != crate::view::Badge::Down).map(|b| html! { <span class={classes!("pill", b.class())}>{ b.text(lang) }</span> }) }
            </p>
            <svg class="machine" viewBox={format!("0 0 {} {}", v.width, v.height)} role="img"
                 aria-label={tf(lang, "ui.machine_desc", &[("role", &n.role.say(lang)), ("state", n.state), ("last", &last_text)])}>
                { super::arrowhead("m-arrow") }
                { for edges }
                { for states }
            </svg>
            <p class="last-step">{ last_text }</p>
            <ol class="legend">{ for legend }</ol>
            <dl class="node-details">
                <dt>{ t(lang, "ui.log_stable") }</dt>
                <dd>{ if n.log.is_empty() { t(lang, "ui.empty").to_string() } else { n.log.join(" · ") } }</dd>
                if n.tables.iter().any(|t| !t.rows.is_empty()) {
                    <dt>{ t(lang, "ui.database") }</dt>
                    <dd>
                        <dl class="database" id="database">
                            { for n.tables.iter().filter(|t| !t.rows.is_empty()).map(|table| html! {
                                <div data-table={table.name}>
                                    <dt>{ t(lang, &format!("table.{}", table.name)) }</dt>
                                    <dd>{ table.rows.iter().map(row_text).collect::<Vec<_>>().join(" · ") }</dd>
                                </div>
                            }) }
                        </dl>
                    </dd>
                }
                <dt>{ t(lang, "ui.timers_armed") }</dt>
                <dd>{ if n.timers.is_empty() { t(lang, "ui.none").to_string() } else { n.timers.iter().map(|l| crate::i18n::timer_name(lang, l)).collect::<Vec<_>>().join(t(lang, "memory.separator")) } }</dd>
                <dt>{ t(lang, "ui.memory") }</dt>
                <dd>
                    // A crashed node's memory is gone: the simulator keeps the old values only
                    // until the node boots again, and nothing may read them meanwhile.
                    if !n.up { <p class="memory-lost">{ t(lang, "memory.down") }</p> } else {
                    <dl class="memory">
                        { for memory_lines(lang, &n.memory, &p.names).into_iter().map(|(label, value)| html! {
                            <div><dt>{ label }</dt><dd>{ value }</dd></div>
                        }) }
                    </dl>
                    }
                </dd>
                <dt>{ t(lang, "status.queue") }</dt>
                <dd>
                    if p.queue.is_empty() { { t(lang, "ui.empty") } } else { <ul>{ for queue }</ul> }
                </dd>
            </dl>
        </section>
    }
}
