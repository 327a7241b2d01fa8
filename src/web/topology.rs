//! The topology picture as SVG, and the menus that act on what it shows: click a message to
//! drop, duplicate or delay it, click a node to crash, recover, inspect or pick it. The menu is
//! drawn in `menu`, and what things are called in the interface's language is in `titles`.

mod menu;
mod titles;

use super::state::{Action, Target};
use crate::i18n::{t, tf, Lang, Words};
use crate::model::{MsgId, NodeId};
use crate::view::topology::{NodeBox, Topology, CHIP_H};
use crate::view::traffic::{Traffic, DOT_H};
use crate::view::{num, Point};
use menu::menu;
use titles::{chip_title, dot_title, node_title};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub topo: Topology,
    pub traffic: Traffic,
    pub selected: Option<NodeId>,
    pub picked: Vec<NodeId>,
    pub menu: Option<Target>,
    pub dispatch: Callback<Action>,
}

/// Enter or Space on a focused SVG element acts like a click.
fn on_key(dispatch: &Callback<Action>, action: Action) -> Callback<KeyboardEvent> {
    let d = dispatch.clone();
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            e.stop_propagation();
            d.emit(action.clone());
        }
    })
}

fn on_click(dispatch: &Callback<Action>, action: Action) -> Callback<MouseEvent> {
    let d = dispatch.clone();
    Callback::from(move |e: MouseEvent| {
        e.stop_propagation();
        d.emit(action.clone());
    })
}

#[component]
pub fn TopologyView(p: &Props) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let t = &p.topo;
    let close = {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::OpenMenu(None)))
    };
    let spokes = t.queues.iter().map(|q| {
        let n = t.node(q.node).map_or(q.head, |n| n.center);
        let last = Point::new(
            q.head.x + q.step.x * (q.capacity as f64 - 1.0),
            q.head.y + q.step.y * (q.capacity as f64 - 1.0),
        );
        html! {
            <g class="queue" key={format!("q{}", q.node.0)}>
                <line class="spoke" x1={num(q.entry.x)} y1={num(q.entry.y)}
                      x2={num(n.x)} y2={num(n.y)} />
                <line class="queue-slot" x1={num(q.head.x)} y1={num(q.head.y)}
                      x2={num(last.x)} y2={num(last.y)} />
            </g>
        }
    });
    let broker = t.broker.as_ref().map(|b| {
        html! {
            <g class="broker" aria-label={crate::i18n::t(lang, "ui.broker")}>
                <circle cx={num(b.center.x)} cy={num(b.center.y)} r={num(b.r)} />
                <text x={num(b.center.x)} y={num(b.center.y + 4.0)}>{ crate::model::Role::BROKER.say(lang) }</text>
            </g>
        }
    });
    let nodes = t.nodes.iter().map(|n| node(lang, n, p));
    let chips = p.traffic.chips.iter().map(|c| {
        let action = Action::OpenMenu(Some(Target::Message(c.id)));
        let mut class = classes!("chip", c.class);
        if c.unacked {
            class.push("unacked");
        }
        if p.menu == Some(Target::Message(c.id)) {
            class.push("open");
        }
        let title = chip_title(lang, p, c);
        let label = tf(lang, "ui.msg_hint", &[("msg", &title)]);
        html! {
            <g {class} key={format!("m{}", c.id.0)} tabindex="0" role="button" aria-label={label}
               onclick={on_click(&p.dispatch, action.clone())} onkeydown={on_key(&p.dispatch, action)}>
                <title>{ title }</title>
                <rect x={num(c.at.x - c.w / 2.0)} y={num(c.at.y - CHIP_H / 2.0)}
                      width={num(c.w)} height={num(CHIP_H)} rx="3" />
                <text x={num(c.at.x)} y={num(c.at.y + 3.2)}>
                    { if c.unacked { format!("▸{}", c.text) } else { c.text.clone() } }
                </text>
            </g>
        }
    });
    let overflow = p.traffic.overflow.iter().map(|o| {
        html! {
            <g class="chip overflow" key={format!("o{}", o.node.0)}>
                <rect x={num(o.at.x - o.w / 2.0)} y={num(o.at.y - CHIP_H / 2.0)}
                      width={num(o.w)} height={num(CHIP_H)} rx="3" />
                <text x={num(o.at.x)} y={num(o.at.y + 3.2)}>{ format!("+{}", o.more) }</text>
            </g>
        }
    });
    // Each message is placed by a group of its own, the one thing that changes as it moves;
    // what it shows is a component that renders again only when that changes.
    let dots = p.traffic.dots.iter().map(|d| {
        html! {
            <g key={d.id.0} transform={format!("translate({} {})", num(d.at.x), num(d.at.y))}>
                <Dot id={d.id} label={d.label} class={d.class} w={d.w} redelivered={d.redelivered}
                     open={p.menu == Some(Target::Message(d.id))} title={dot_title(lang, p, d)}
                     dispatch={p.dispatch.clone()} />
            </g>
        }
    });
    // The message the last event dropped or lost, fading where it was (keyed by its id, so
    // the fade plays once each time a drop becomes the last event). Not clickable, so no
    // tooltip: its label is what a screen reader says.
    let ghost = p.traffic.ghost.as_ref().map(|g| {
        let rx = if g.queued { 3.0 } else { g.h / 2.0 };
        html! {
            <g key={g.id.0} class={classes!("ghost", g.class, g.queued.then_some("queued"))} role="img"
               aria-label={g.title(lang)} transform={format!("translate({} {})", num(g.at.x), num(g.at.y))}>
                <rect x={num(-g.w / 2.0)} y={num(-g.h / 2.0)} width={num(g.w)} height={num(g.h)} rx={num(rx)} />
                <text x="0" y={if g.queued { "3.2" } else { "3.6" }}>{ &g.text }</text>
            </g>
        }
    });
    let view_box = format!("0 0 {} {}", t.width, t.height);
    html! {
        <div class="topology-wrap">
            <svg class="topology" viewBox={view_box} role="group"
                 aria-label={crate::i18n::t(lang, "ui.topology_desc")} onclick={close}>
                <defs>
                    <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse"
                             patternTransform="rotate(45)">
                        <line x1="0" y1="0" x2="0" y2="6" class="hatch-line" />
                    </pattern>
                </defs>
                if let Some(m) = t.money {
                    <text class={classes!("money-total", (t.quiet && m.end != m.start).then_some("changed"))}
                          x="12" y={num(t.height - 12.0)} data-start={m.start.to_string()} data-now={m.end.to_string()}>
                        { tf(lang, "ui.money", &[("now", &m.end.to_string()), ("start", &m.start.to_string())]) }
                    </text>
                }
                if t.broker.is_none() {
                    <text class="network-note" x="320" y="324">{ crate::i18n::t(lang, "ui.lossy_desc") }</text>
                }
                { for spokes }
                { broker }
                { for nodes }
                // Each list that changes length every frame in its own group: `{ for .. }` is
                // flattened into its siblings, so an unkeyed sibling makes Yew pair children by
                // position and rebuild every node and message each frame.
                <g class="layer-chips">{ for chips }</g>
                <g class="layer-overflow">{ for overflow }</g>
                // Under the messages still moving, which stay readable and clickable over it.
                <g class="layer-ghost">{ for ghost }</g>
                <g class="layer-dots">{ for dots }</g>
            </svg>
            { menu(lang, p) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DotProps {
    id: MsgId,
    label: &'static str,
    /// `tone-*`.
    class: &'static str,
    /// Width of the label's pill.
    w: f64,
    redelivered: bool,
    /// Its menu is open.
    open: bool,
    title: String,
    dispatch: Callback<Action>,
}

/// A message on a link, drawn around (0, 0): its pill, label and title, and the menu it opens.
#[component]
fn Dot(p: &DotProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let action = Action::OpenMenu(Some(Target::Message(p.id)));
    let class = classes!("dot", p.class, p.open.then_some("open"));
    let text = if p.redelivered {
        format!("↺ {}", p.label)
    } else {
        p.label.to_string()
    };
    let w = p.w;
    html! {
        <g {class} tabindex="0" role="button" aria-label={tf(lang, "ui.msg_hint", &[("msg", &p.title)])}
           onclick={on_click(&p.dispatch, action.clone())} onkeydown={on_key(&p.dispatch, action)}>
            <title>{ &p.title }</title>
            <rect x={num(-w / 2.0)} y={num(-DOT_H / 2.0)} width={num(w)} height={num(DOT_H)} rx={num(DOT_H / 2.0)} />
            <text x="0" y="3.6">{ text }</text>
        </g>
    }
}

fn node(lang: Lang, n: &NodeBox, p: &Props) -> Html {
    let action = Action::OpenMenu(Some(Target::Node(n.id)));
    let mut class = classes!("node", n.class.clone());
    if !n.up {
        class.push("down");
    }
    if n.blocked {
        class.push("blocked");
    }
    if n.in_doubt {
        class.push("in-doubt");
    }
    if p.selected == Some(n.id) {
        class.push("selected");
    }
    if p.picked.contains(&n.id) {
        class.push("picked");
    }
    if let Some(s) = n.side {
        class.push(format!("side-{}", s.to_ascii_lowercase()));
    }
    let (x, y, r) = (n.center.x, n.center.y, n.r);
    let name_size = (r * 0.55).clamp(11.0, 20.0);
    let state_size = (r * 0.32).clamp(8.0, 11.0);
    let badges = n.badges.iter().enumerate().map(|(k, b)| {
        let by = n.badge_at.y + n.badge_step * k as f64;
        let w = b.text(crate::i18n::Lang::En).len() as f64 * 6.4 + 10.0;
        html! {
            <g class={classes!("badge", format!("badge-{}", b.class()))}>
                <rect x={num(x - w / 2.0)} y={num(by - 6.0)} width={num(w)} height="12" rx="3" />
                <text x={num(x)} y={num(by + 3.5)}>{ b.text(lang) }</text>
            </g>
        }
    });
    let skip = n.badges.len();
    let balances = n.balances.iter().enumerate().map(|(k, (account, value))| {
        let by = n.badge_at.y + n.badge_step * (skip + k) as f64;
        let text = format!("{account} {value}");
        let w = text.chars().count() as f64 * 6.6 + 12.0;
        html! {
            <g class="badge badge-money" data-account={account.clone()} data-balance={value.to_string()}>
                <rect x={num(x - w / 2.0)} y={num(by - 6.5)} width={num(w)} height="13" rx="3" />
                <text x={num(x)} y={num(by + 3.5)}>{ text }</text>
            </g>
        }
    });
    let skip = skip + n.balances.len();
    let items = n.items.iter().enumerate().map(|(k, (table, key, value))| {
        let by = n.badge_at.y + n.badge_step * (skip + k) as f64;
        let text = format!("{}: {key} {value}", t(lang, &format!("table.{table}")));
        let w = text.chars().count() as f64 * 6.6 + 12.0;
        html! {
            <g class="badge badge-items" data-table={*table} data-key={key.clone()} data-value={value.to_string()}>
                <rect x={num(x - w / 2.0)} y={num(by - 6.5)} width={num(w)} height="13" rx="3" />
                <text x={num(x)} y={num(by + 3.5)}>{ text }</text>
            </g>
        }
    });
    let skip = skip + n.items.len();
    let rows = n.rows.iter().enumerate().map(|(k, row)| {
        let by = n.badge_at.y + n.badge_step * (skip + k) as f64;
        let plain = if row.qualified {
            format!("{}: {} {}", t(lang, &format!("table.{}", row.table)), row.key, row.status)
        } else {
            format!("{} {}", row.key, row.status)
        };
        let text = match row.count {
            Some((table, count)) => tf(lang, "ui.row_count", &[
                ("row", &plain),
                ("what", t(lang, &format!("table.{table}"))),
                ("n", &count.to_string()),
            ]),
            None => plain,
        };
        let w = text.chars().count() as f64 * 5.8 + 10.0;
        html! {
            <g class="badge badge-row" data-table={row.table} data-key={row.key.clone()} data-status={row.status}
               data-count={row.count.map(|(_, c)| c.to_string())}>
                <rect x={num(x - w / 2.0)} y={num(by - 6.0)} width={num(w)} height="12" rx="3" />
                <text x={num(x)} y={num(by + 3.5)}>{ text }</text>
            </g>
        }
    });
    let more = (n.rows_more > 0).then(|| {
        let by = n.badge_at.y + n.badge_step * (skip + n.rows.len()) as f64;
        html! {
            <g class="badge badge-row">
                <rect x={num(x - 16.0)} y={num(by - 6.0)} width="32" height="12" rx="3" />
                <text x={num(x)} y={num(by + 3.5)}>{ format!("+{}", n.rows_more) }</text>
            </g>
        }
    });
    let aria = node_title(lang, n);
    let label = tf(lang, "ui.node_hint", &[("node", &aria)]);
    html! {
        <g {class} key={format!("n{}", n.id.0)} tabindex="0" role="button" aria-label={label}
           onclick={on_click(&p.dispatch, action.clone())} onkeydown={on_key(&p.dispatch, action)}>
            <title>{ aria }</title>
            if p.selected == Some(n.id) {
                <circle class="ring" cx={num(x)} cy={num(y)} r={num(r + 5.0)} />
            }
            <circle class="body" cx={num(x)} cy={num(y)} r={num(r)} />
            if n.in_doubt && n.up {
                <circle class="doubt-hatch" cx={num(x)} cy={num(y)} r={num(r)} />
            }
            <text class="name" x={num(x)} y={num(y - 1.0)}
                  style={format!("font-size:{name_size}px")}>{ &n.name }</text>
            <text class="state" x={num(x)} y={num(y + state_size + 3.0)}
                  style={format!("font-size:{state_size}px")}>{ if n.up { n.state.to_string() } else { format!("✕ {}", t(lang, "status.down")) } }</text>
            { for badges }
            { for balances }
            { for items }
            { for rows }
            { for more }
        </g>
    }
}
