//! The root component: owns the state, derives the pictures from the session at each render,
//! and lays out the panels.

use super::controls::{Playback, Timeline};
use super::explorer::Explorer;
use super::hooks::{use_keyboard, use_playback, use_reduced_motion};
use super::inspector::Inspector;
use super::panels::{EventLog, Help, StatusPanel};
use super::sequence::SequenceView;
use super::settings::Settings;
use super::state::{Action, State};
use super::topology::TopologyView;
use crate::model::NodeId;
use crate::sim::Transport;
use crate::view::{status, topology, traffic};
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    use_playback(state.playing, state.dispatcher());
    use_keyboard(state.dispatcher());
    use_reduced_motion(state.dispatcher());
    let dispatch: Callback<Action> = {
        let d = state.dispatcher();
        Callback::from(move |a: Action| d.dispatch(a))
    };
    // A share link in the URL opens its run once, at start.
    {
        let d = state.dispatcher();
        use_effect_with((), move |_| {
            let hash = web_sys::window()
                .and_then(|w| w.location().hash().ok())
                .unwrap_or_default();
            let fragment = hash.trim_start_matches('#');
            if !fragment.is_empty() {
                d.dispatch(Action::OpenLink(fragment.to_string()));
            }
        });
    }
    let on_link = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            if let (Some(f), Some(w)) = (state.link(), web_sys::window()) {
                let _ = w.location().set_hash(&f);
            }
        })
    };
    let error = state.error.as_ref().map(|e| {
        let d = dispatch.clone();
        html! {
            <div class="error" role="alert" id="error">
                <span>{ e }</span>
                <button type="button" aria-label="Dismiss" onclick={Callback::from(move |_: MouseEvent| d.emit(Action::DismissError))}>{ "✕" }</button>
            </div>
        }
    });
    let settings = html! { <Settings base={state.base.clone()} preset={state.preset.clone()} dispatch={dispatch.clone()} /> };
    let Some(shared) = &state.run else {
        return html! {
            <main class="txscope">
                <header><h1>{ "TxScope" }</h1></header>
                { error }
                { settings }
            </main>
        };
    };
    let Ok(run) = shared.0.try_borrow() else {
        return html! { <main class="txscope"><p>{ "Busy…" }</p></main> };
    };
    let nodes = run.nodes();
    let queue = run.scenario().transport == Transport::Queue;
    let topo = topology::layout(&nodes, &run.groups(), queue);
    let at = if state.reduced_motion {
        run.now() as f64
    } else {
        state.clock
    };
    let traffic = traffic::layout(&topo, &run.messages(), at);
    let finished = state.cursor >= state.len();
    let status = status::status(&nodes, run.violations(), run.terminated(), finished);
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
    let title = crate::protocol::find(&protocol).map_or("", |e| e.title);
    let hand_made = run
        .scenario()
        .faults
        .len()
        .saturating_sub(state.base.faults.len());
    let now = run.now();
    drop(run);
    html! {
        <main class={classes!("txscope", state.reduced_motion.then_some("reduced-motion"))}>
            <header class="top">
                <h1>{ "TxScope" }</h1>
                <p class="subtitle">
                    { format!("{title} · {} participants · {}", nodes.len().saturating_sub(1), if queue { "message queue" } else { "lossy network" }) }
                    if hand_made > 0 { { format!(" · {hand_made} hand-made fault{}", if hand_made == 1 { "" } else { "s" }) } }
                </p>
                <button type="button" id="share" class="share" onclick={on_link}
                        title="Put this run (scenario, hand-made faults, position) in the address bar to share">
                    { "Link to this moment" }
                </button>
                <Playback playing={state.playing} cursor={state.cursor} len={state.len()} speed={state.speed}
                          picked={state.picked.len()} {split} dispatch={dispatch.clone()} />
            </header>
            { error }
            <div class="sr-only" aria-live="polite" id="announce">{ &state.announce }</div>
            <div class="stage">
                <TopologyView topo={topo} traffic={traffic} selected={Some(selected)}
                              picked={state.picked.iter().copied().collect::<Vec<_>>()}
                              menu={state.menu} dispatch={dispatch.clone()} />
                <p class="hint">{ "Click a message to drop, duplicate or delay it; click a node to crash or recover it." }</p>
                <Timeline cursor={state.cursor} len={state.len()} time_ms={now} marks={state.marks.clone()}
                          dispatch={dispatch.clone()} />
            </div>
            <aside class="side">
                <StatusPanel status={status} dispatch={dispatch.clone()} />
                if let Some(node) = inspected {
                    <Inspector {node} protocol={protocol} events={state.events.clone()} cursor={state.cursor}
                               queue={queue_of} names={names.clone()} dispatch={dispatch.clone()} />
                }
            </aside>
            <SequenceView events={state.events.clone()} names={names.clone()} cursor={state.cursor}
                          violations={state.violations.clone()} dispatch={dispatch.clone()} />
            <EventLog events={state.events.clone()} cursor={state.cursor} filter={state.log_filter}
                      names={names} dispatch={dispatch.clone()} />
            { settings }
            <Explorer base={state.base.clone()} dispatch={dispatch.clone()} />
            if state.help {
                <Help dispatch={dispatch.clone()} />
            }
            <footer>{ if finished { "End of the run. " } else { "" } }{ "Press ? for keys." }</footer>
        </main>
    }
}
