//! The sequence diagram as SVG (layout from [`crate::view::sequence`]), scrolled to keep the
//! cursor in view. Click an arrow or a mark to go to its event.

use super::state::{Action, Events};
use crate::i18n::{t, tf, Lang};
use crate::view::sequence::{layout, window, Sequence, COL, GUTTER, TOP};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub events: Events,
    pub names: Vec<String>,
    pub cursor: usize,
    pub violations: Rc<Vec<u64>>,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn SequenceView(p: &Props) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let len = p.events.0.len();
    let win = window(len, p.cursor);
    let seq: Rc<Sequence> = use_memo(
        (
            p.events.clone(),
            p.names.clone(),
            win,
            p.cursor,
            p.violations.clone(),
        ),
        |(events, names, win, cursor, violations)| {
            layout(&events.0, names, win.clone(), *cursor, violations)
        },
    );
    let scroller = use_node_ref();
    {
        let scroller = scroller.clone();
        let x = seq.cursor_x;
        use_effect_with(x as i64, move |_| {
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                let w = el.client_width() as f64;
                let left = el.scroll_left() as f64;
                if x < left + GUTTER || x > left + w - 40.0 {
                    el.set_scroll_left((x - w / 2.0).max(0.0) as i32);
                }
            }
        });
    }
    let d = &p.dispatch;
    let seek = |i: usize| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Seek(i + 1)))
    };
    let lanes = seq.lanes.iter().map(|l| {
        let downs = l.down.iter().map(|(a, b)| {
            html! { <line class="lane-down" x1={a.to_string()} y1={l.y.to_string()} x2={b.to_string()} y2={l.y.to_string()} /> }
        });
        html! {
            <g class="lane" key={l.name.clone()}>
                <line class="lane-line" x1={GUTTER.to_string()} y1={l.y.to_string()}
                      x2={(seq.width - 12.0).to_string()} y2={l.y.to_string()} />
                { for downs }
            </g>
        }
    });
    let bands = seq.bands.iter().map(|b| {
        html! {
            <rect class="violation-band" x={(b.x - COL / 2.0).to_string()} y={(TOP - 6.0).to_string()}
                  width={COL.to_string()} height={(seq.height - TOP + 6.0).to_string()}>
                <title>{ tf(lang, "ui.broke_invariant", &[("index", &b.index.to_string())]) }</title>
            </rect>
        }
    });
    let arrows = seq.arrows.iter().map(|a| {
        let mut class = classes!("arrow", a.class);
        if !a.past {
            class.push("future");
        }
        if a.lost {
            class.push("lost");
        }
        if a.pending {
            class.push("pending");
        }
        html! {
            <g {class} onclick={seek(a.end)}>
                <title>{ &a.title }</title>
                <line x1={a.from.x.to_string()} y1={a.from.y.to_string()}
                      x2={a.to.x.to_string()} y2={a.to.y.to_string()}
                      marker-end={if a.lost || a.pending { "" } else { "url(#arrowhead)" }} />
            </g>
        }
    });
    let marks = seq.marks.iter().map(|m| {
        let mut class = classes!("smark", m.kind.class());
        if !m.past {
            class.push("future");
        }
        let body = if m.kind.spans_lanes() {
            html! {
                <>
                    <line x1={m.at.x.to_string()} y1={(TOP - 4.0).to_string()} x2={m.at.x.to_string()}
                          y2={(seq.height - 4.0).to_string()} />
                    <text x={m.at.x.to_string()} y={(TOP - 8.0).to_string()}>{ &m.label }</text>
                </>
            }
        } else {
            html! {
                <>
                    <circle cx={m.at.x.to_string()} cy={m.at.y.to_string()} r="6" />
                    <text x={m.at.x.to_string()} y={(m.at.y + 3.5).to_string()}>{ m.kind.symbol() }</text>
                </>
            }
        };
        html! {
            <g {class} onclick={seek(m.index)}>
                <title>{ &m.title }</title>
                { body }
            </g>
        }
    });
    let names = seq.lanes.iter().map(|l| {
        html! { <text class="lane-name" x="6" y={(l.y + 4.0).to_string()}>{ &l.name }</text> }
    });
    let ticks = seq.ticks.iter().map(|t| {
        html! { <text class="tick" x={t.x.to_string()} y="10">{ &t.text }</text> }
    });
    html! {
        <section class="sequence" aria-label={t(lang, "panel.sequence")}>
            <h2>{ t(lang, "panel.sequence") }
                if seq.window.start > 0 || seq.window.end < len {
                    <span class="muted">{ format!(" · {}", tf(lang, "ui.events_range", &[("from", &seq.window.start.to_string()), ("to", &seq.window.end.to_string()), ("total", &len.to_string())])) }</span>
                }
            </h2>
            <div class="sequence-body">
            <div class="sequence-scroll" ref={scroller}>
                <svg width={seq.width.to_string()} height={seq.height.to_string()}
                     viewBox={format!("0 0 {} {}", seq.width, seq.height)} role="img"
                     aria-label={t(lang, "ui.sequence_desc")}>
                    <defs>
                        <marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6"
                                markerHeight="6" orient="auto-start-reverse">
                            <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
                        </marker>
                    </defs>
                    { for ticks }
                    { for bands }
                    { for lanes }
                    { for arrows }
                    { for marks }
                    <line class="cursor" x1={seq.cursor_x.to_string()} y1="12"
                          x2={seq.cursor_x.to_string()} y2={seq.height.to_string()} />
                </svg>
            </div>
            // Lane names stay put while the diagram scrolls under them.
            <svg class="lane-names" width={GUTTER.to_string()} height={seq.height.to_string()} aria-hidden="true">
                { for names }
            </svg>
            </div>
        </section>
    }
}
