//! The sequence diagram as SVG (layout from [`crate::view::sequence`]), scrolled to keep the
//! cursor in view. Click an arrow or a mark to go to its event.
//!
//! The shapes do not depend on the cursor, only on the run and the page of events shown, so
//! they are drawn by [`Diagram`], which renders again only when its layout is a new one. While
//! playing, the one thing that moves is the veil over the future: an HTML layer whose left edge
//! is the cursor, moved by a CSS transform (no SVG attribute changes, nothing repainted).

use super::state::{Action, Events};
use crate::i18n::{t, tf, Lang};
use crate::session::EventView;
use crate::view::num;
use crate::view::sequence::{layout, window, Arrow, Mark, Sequence, COL, GUTTER, TOP};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub events: Events,
    pub names: Vec<String>,
    pub cursor: usize,
    /// Playback is running: the diagram scrolls with the cursor.
    pub playing: bool,
    pub violations: Rc<Vec<u64>>,
    pub dispatch: Callback<Action>,
}

/// A layout, compared by identity: a memoised layout is the same `Rc` until its inputs change,
/// and comparing 1,500 shapes by value every frame would cost what memoising saves.
#[derive(Clone)]
pub struct Shapes(pub Rc<Sequence>);

impl PartialEq for Shapes {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[component]
pub fn SequenceView(p: &Props) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let len = p.events.0.len();
    let win = window(len, p.cursor);
    let seq = use_memo(
        (p.events.clone(), p.names.clone(), win, p.violations.clone()),
        |(events, names, win, violations)| layout(&events.0, names, win.clone(), violations),
    );
    let x = seq.cursor_x(p.cursor);
    let scroller = use_node_ref();
    // Keeping the cursor in view. While playing, the diagram scrolls with the cursor at a fixed
    // place (two thirds across), a little each step: a jump of a whole width every few frames
    // would make the browser draw a whole new stretch of diagram at once (BENCHMARKS.md, "Frame
    // time"). Stepping or seeking, it moves only when the cursor would leave the view.
    {
        let scroller = scroller.clone();
        use_effect_with((x as i64, p.playing), move |&(_, playing)| {
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                let w = el.client_width() as f64;
                let left = el.scroll_left() as f64;
                if playing {
                    el.set_scroll_left((x - w * 2.0 / 3.0).max(0.0) as i32);
                } else if x < left + GUTTER || x > left + w - 40.0 {
                    el.set_scroll_left((x - w / 2.0).max(0.0) as i32);
                }
            }
        });
    }
    let shapes = Shapes(seq.clone());
    html! {
        <section class="sequence" aria-label={t(lang, "panel.sequence")}>
            <h2>{ t(lang, "panel.sequence") }
                if seq.window.start > 0 || seq.window.end < len {
                    <span class="muted">{ format!(" · {}", tf(lang, "ui.events_range", &[("from", &seq.window.start.to_string()), ("to", &seq.window.end.to_string()), ("total", &len.to_string())])) }</span>
                }
            </h2>
            <div class="sequence-body">
            <div class="sequence-scroll" ref={scroller}>
                <div class="sequence-canvas" style={format!("width:{}px;height:{}px", num(seq.width), num(seq.height))}>
                    <Diagram shapes={shapes.clone()} events={p.events.clone()} dispatch={p.dispatch.clone()} />
                    // The future, veiled; its left edge is the cursor.
                    <div class="sequence-veil" aria-hidden="true" data-x={num(x)}
                         style={format!("transform:translateX({}px)", num(x))}></div>
                </div>
            </div>
            <LaneNames {shapes} />
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DiagramProps {
    shapes: Shapes,
    events: Events,
    dispatch: Callback<Action>,
}

/// The diagram's shapes: lanes, arrows, marks, bands and time ticks.
#[component]
fn Diagram(p: &DiagramProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let seq = &p.shapes.0;
    let events = &p.events.0;
    let d = &p.dispatch;
    let seek = |i: usize| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Seek(i + 1)))
    };
    let right = num(seq.width - 12.0);
    let lanes = seq.lanes.iter().map(|l| {
        let y = num(l.y);
        let downs = l.down.iter().map(|(a, b)| {
            html! { <line class="lane-down" x1={num(*a)} y1={y.clone()} x2={num(*b)} y2={y.clone()} /> }
        });
        html! {
            <g class="lane" key={l.name.clone()}>
                <line class="lane-line" x1={num(GUTTER)} y1={y.clone()} x2={right.clone()} y2={y.clone()} />
                { for downs }
            </g>
        }
    });
    let bands = seq.bands.iter().map(|b| {
        html! {
            <rect class="violation-band" x={num(b.x - COL / 2.0)} y={num(TOP - 6.0)}
                  width={num(COL)} height={num(seq.height - TOP + 6.0)}>
                <title>{ tf(lang, "ui.broke_invariant", &[("index", &b.index.to_string())]) }</title>
            </rect>
        }
    });
    let arrows = seq.arrows.iter().map(|a| {
        let class = classes!(
            "arrow",
            a.class,
            a.lost.then_some("lost"),
            a.pending.then_some("pending")
        );
        html! {
            <g {class} onclick={seek(a.end)}>
                <title>{ arrow_title(lang, a, events, seq) }</title>
                <line x1={num(a.from.x)} y1={num(a.from.y)} x2={num(a.to.x)} y2={num(a.to.y)}
                      marker-end={if a.lost || a.pending { "" } else { "url(#arrowhead)" }} />
            </g>
        }
    });
    let marks = seq.marks.iter().map(|m| {
        let body = if m.kind.spans_lanes() {
            let x = num(m.at.x);
            html! {
                <>
                    <line x1={x.clone()} y1={num(TOP - 4.0)} x2={x.clone()} y2={num(seq.height - 4.0)} />
                    <text {x} y={num(TOP - 8.0)}>{ &m.label }</text>
                </>
            }
        } else {
            html! {
                <>
                    <circle cx={num(m.at.x)} cy={num(m.at.y)} r="6" />
                    <text x={num(m.at.x)} y={num(m.at.y + 3.5)}>{ m.kind.symbol() }</text>
                </>
            }
        };
        html! {
            <g class={classes!("smark", m.kind.class())} onclick={seek(m.index)}>
                <title>{ mark_title(lang, m, events) }</title>
                { body }
            </g>
        }
    });
    let ticks = seq.ticks.iter().map(|t| {
        html! { <text class="tick" x={num(t.x)} y="10">{ tf(lang, "ui.tick_ms", &[("ms", &t.ms.to_string())]) }</text> }
    });
    let (w, h) = (num(seq.width), num(seq.height));
    html! {
        <svg width={w.clone()} height={h.clone()} viewBox={format!("0 0 {w} {h}")} role="img"
             aria-label={t(lang, "ui.sequence_desc")}>
            { super::arrowhead("arrowhead") }
            { for ticks }
            { for bands }
            { for lanes }
            { for arrows }
            { for marks }
        </svg>
    }
}

/// An arrow's tooltip: the message and what became of it.
fn arrow_title(lang: Lang, a: &Arrow, events: &[EventView], seq: &Sequence) -> String {
    let name = |i: usize| seq.lanes.get(i).map_or("?", |l| l.name.as_str());
    if a.pending {
        return tf(
            lang,
            "ui.msg_pending",
            &[
                ("id", &a.msg.to_string()),
                ("label", a.label),
                ("from", name(a.nodes.0.index())),
                ("to", name(a.nodes.1.index())),
            ],
        );
    }
    let text = events.get(a.end).map_or("", |e| e.text.as_str());
    format!("{} {}: {text}", a.msg, a.label)
}

/// A mark's tooltip: its event, when, and what happened.
fn mark_title(lang: Lang, m: &Mark, events: &[EventView]) -> String {
    let Some(e) = events.get(m.index) else {
        return String::new();
    };
    tf(
        lang,
        "ui.event_at",
        &[
            ("index", &m.index.to_string()),
            ("ms", &e.time.to_string()),
            ("text", &e.text),
        ],
    )
}

#[derive(Properties, PartialEq)]
struct NamesProps {
    shapes: Shapes,
}

/// The lane names, which stay put while the diagram scrolls under them.
#[component]
fn LaneNames(p: &NamesProps) -> Html {
    let seq = &p.shapes.0;
    let names = seq.lanes.iter().map(|l| {
        html! { <text class="lane-name" x="6" y={num(l.y + 4.0)}>{ &l.name }</text> }
    });
    html! {
        <svg class="lane-names" width={num(GUTTER)} height={num(seq.height)} aria-hidden="true">
            { for names }
        </svg>
    }
}
