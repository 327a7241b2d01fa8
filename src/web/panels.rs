//! The event log, the status panel and the help overlay.

use super::state::{Action, Events};
use crate::i18n::{t, tf, Lang};
use crate::model::NodeId;
use crate::view::eventlog::{matching, rows_among, Filter, Row};
use crate::view::status::Status;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LogProps {
    pub events: Events,
    pub cursor: usize,
    pub filter: Filter,
    pub names: Vec<String>,
    pub dispatch: Callback<Action>,
}

/// The event log around the cursor; click a row to go there.
#[component]
pub fn EventLog(p: &LogProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    // Which events pass the filter changes with the run or the filter, not with the cursor.
    let shown = use_memo((p.events.clone(), p.filter), |(events, filter)| {
        matching(&events.0, *filter)
    });
    let log = rows_among(&p.events.0, &shown, p.cursor, 60, 20);
    let scroller = use_node_ref();
    {
        let scroller = scroller.clone();
        use_effect_with((p.cursor, p.filter), move |_| {
            let Some(el) = scroller.cast::<web_sys::HtmlElement>() else {
                return;
            };
            let Ok(Some(cur)) = el.query_selector(".current, .next") else {
                return;
            };
            let Ok(cur) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(cur) else {
                return;
            };
            // Scroll the list only, never the page (the list is the rows' offset parent).
            let top = cur.offset_top();
            let want = top - el.client_height() / 2;
            el.set_scroll_top(want.max(0));
        });
    }
    let on_node = {
        let d = p.dispatch.clone();
        let f = p.filter;
        Callback::from(move |e: Event| {
            let v = super::value_of(&e);
            let node = v.parse::<u8>().ok().map(NodeId);
            d.emit(Action::SetLogFilter(Filter { node, ..f }));
        })
    };
    let on_book = {
        let d = p.dispatch.clone();
        let f = p.filter;
        Callback::from(move |_: Event| {
            d.emit(Action::SetLogFilter(Filter {
                hide_bookkeeping: !f.hide_bookkeeping,
                ..f
            }))
        })
    };
    let options = p.names.iter().enumerate().map(|(k, n)| {
        html! { <option value={k.to_string()} selected={p.filter.node == Some(NodeId(k as u8))}>{ n }</option> }
    });
    let mut first_future = true;
    let before = (log.hidden_before > 0).then(|| html! {
        <li class="more" key="earlier">{ tf(lang, "ui.earlier", &[("n", &log.hidden_before.to_string())]) }</li>
    });
    let after = (log.hidden_after > 0).then(|| html! {
        <li class="more" key="later">{ tf(lang, "ui.later", &[("n", &log.hidden_after.to_string())]) }</li>
    });
    let items = log.rows.into_iter().map(|row| {
        let next = !row.past && std::mem::take(&mut first_future);
        let key = row.index;
        html! { <LogRow {key} {row} {next} dispatch={p.dispatch.clone()} /> }
    });
    html! {
        <section class="eventlog" aria-label={t(lang, "panel.log")}>
            <h2>{ t(lang, "panel.log") }</h2>
            <div class="log-filters">
                <label>
                    <span>{ t(lang, "ui.node") }</span>
                    <select id="log-node" onchange={on_node}>
                        <option value="" selected={p.filter.node.is_none()}>{ t(lang, "control.all_nodes") }</option>
                        { for options }
                    </select>
                </label>
                <label class="check">
                    <input type="checkbox" id="log-book" checked={p.filter.hide_bookkeeping} onchange={on_book} />
                    <span>{ t(lang, "ui.hide_broker") }</span>
                </label>
            </div>
            // One fully keyed list: `{ for .. }` is flattened into its siblings, and an unkeyed
            // sibling would make Yew pair rows by position and rebuild every row each frame.
            <ol class="log" ref={scroller}>
                { for before.into_iter().chain(items).chain(after) }
            </ol>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct RowProps {
    pub row: Row,
    /// The first row not applied yet.
    pub next: bool,
    pub dispatch: Callback<Action>,
}

/// One event of the log. A component of its own so that, as the cursor moves, only the rows
/// whose props changed render again.
#[component]
pub fn LogRow(p: &RowProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let r = &p.row;
    let class = classes!(
        "row",
        r.class.clone(),
        (!r.past).then_some("future"),
        r.current.then_some("current"),
        p.next.then_some("next")
    );
    let d = p.dispatch.clone();
    let i = r.index;
    html! {
        <li {class}>
            <button type="button" onclick={Callback::from(move |_: MouseEvent| d.emit(Action::Seek(i + 1)))}
                    aria-current={r.current.then_some("step")}>
                <span class="idx">{ format!("#{}", r.index) }</span>
                <span class="t">{ tf(lang, "status.time", &[("ms", &r.time.to_string())]) }</span>
                <span class="txt">{ &r.text }</span>
            </button>
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct StatusProps {
    /// The status, in the interface language.
    pub status: Status,
    pub dispatch: Callback<Action>,
}

/// Each node's outcome, the verdict, and violations with "jump to event".
#[component]
pub fn StatusPanel(p: &StatusProps) -> Html {
    let s = &p.status;
    let lang = use_context::<Lang>().unwrap_or_default();
    use crate::view::status::Verdict;
    let icon = match s.verdict {
        Verdict::Settled(o) => match o.way {
            crate::model::Way::Ahead => "✓",
            crate::model::Way::Back => "✗",
        },
        Verdict::Blocked => "⊘",
        Verdict::Stuck => "⌛",
        Verdict::Violated => "⚠",
        Verdict::Undecided => "?",
        Verdict::Running => "…",
    };
    let alerts = s.alerts.iter().map(|a| {
        let text = &a.text;
        let d = p.dispatch.clone();
        let i = a.event;
        html! {
            <div class="alert" role="alert">
                <span>{ format!("⚠ {text}") }</span>
                <button type="button" onclick={Callback::from(move |_: MouseEvent| d.emit(Action::Seek(i + 1)))}>
                    { tf(lang, "ui.jump_to", &[("index", &a.event.to_string())]) }
                </button>
            </div>
        }
    });
    let nodes = s.nodes.iter().map(|n| {
        let d = p.dispatch.clone();
        let id = n.id;
        let badges = n.badges.iter().map(|b| {
            html! { <span class={classes!("pill", b.class())}>{ b.text(lang) }</span> }
        });
        html! {
            <li class={classes!("outcome", n.class.clone())}>
                <button type="button" onclick={Callback::from(move |_: MouseEvent| d.emit(Action::Select(Some(id))))}
                        aria-label={tf(lang, "ui.inspect", &[("node", &n.name)])}>
                    <b>{ &n.name }</b>
                    <span class="swatch" aria-hidden="true"></span>
                    <span>{ n.state }</span>
                    <span class="muted">{ crate::view::status::outcome_words(lang, n.outcome) }</span>
                    { for badges }
                </button>
            </li>
        }
    });
    html! {
        <section class="status" aria-label={t(lang, "panel.status")}>
            <p class={classes!("verdict", s.verdict.class())} id="verdict">
                <span aria-hidden="true">{ icon }</span>{ " " }{ &s.headline }
            </p>
            { for alerts }
            <ul class="outcomes">{ for nodes }</ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub dispatch: Callback<Action>,
}

/// The keyboard and mouse help, over everything.
#[component]
pub fn Help(p: &HelpProps) -> Html {
    let close = {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::ToggleHelp))
    };
    let node_ref = use_node_ref();
    let lang = use_context::<Lang>().unwrap_or_default();
    {
        let node_ref = node_ref.clone();
        use_effect_with((), move |_| {
            if let Some(b) = node_ref.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title">
            <div class="help">
                <h2 id="help-title">{ t(lang, "ui.help_title") }</h2>
                <dl>
                    <dt><kbd>{ t(lang, "ui.key.space") }</kbd></dt><dd>{ t(lang, "ui.key.play") }</dd>
                    <dt><kbd>{ "→" }</kbd>{ " / " }<kbd>{ "←" }</kbd></dt><dd>{ t(lang, "ui.key.step") }</dd>
                    <dt><kbd>{ "Home" }</kbd>{ " / " }<kbd>{ "End" }</kbd></dt><dd>{ t(lang, "ui.key.ends") }</dd>
                    <dt><kbd>{ "+" }</kbd>{ " / " }<kbd>{ "−" }</kbd></dt><dd>{ t(lang, "ui.key.speed") }</dd>
                    <dt><kbd>{ "?" }</kbd></dt><dd>{ t(lang, "ui.key.help") }</dd>
                    <dt><kbd>{ "Esc" }</kbd></dt><dd>{ t(lang, "ui.key.close") }</dd>
                </dl>
                <p>{ t(lang, "ui.help_faults") }</p>
                <p>{ t(lang, "ui.help_colours") }</p>
                <button type="button" ref={node_ref} onclick={close}>{ t(lang, "control.close") }</button>
            </div>
        </div>
    }
}
