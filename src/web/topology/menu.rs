//! The menu a click on the topology opens: drop, duplicate or delay a message; crash, recover
//! or pick a node.

use super::titles::{chip_title, dot_title, node_title};
use super::Props;
use crate::i18n::{t, tf, Lang};
use crate::model::MsgId;
use crate::scenario::FaultKind;
use crate::view::Point;
use crate::web::state::{message_fault, node_fault, Action, Target};
use yew::prelude::*;

/// The menu of the clicked message or node, over the picture at its position.
pub(super) fn menu(lang: Lang, p: &Props) -> Html {
    let Some(target) = p.menu else {
        return html! {};
    };
    // Centred under the target, but never past the picture's edges.
    let pos = |at: Point| {
        format!(
            "left:clamp(0px, calc({}% - 6rem), calc(100% - 12rem));top:{}%",
            crate::numtext::fixed(at.x / p.topo.width * 100.0, 2),
            crate::numtext::fixed(at.y / p.topo.height * 100.0, 2)
        )
    };
    let button = |label: &str, action: Action| {
        let d = p.dispatch.clone();
        html! { <button type="button" onclick={Callback::from(move |_: MouseEvent| d.emit(action.clone()))}>{ label }</button> }
    };
    match target {
        Target::Message(id) => {
            let found = p
                .traffic
                .dots
                .iter()
                .find(|d| d.id == id)
                .map(|d| (d.at, dot_title(lang, p, d)))
                .or_else(|| {
                    p.traffic
                        .chips
                        .iter()
                        .find(|c| c.id == id)
                        .map(|c| (c.at, chip_title(lang, p, c)))
                });
            let Some((at, title)) = found else {
                return html! {};
            };
            let fault =
                |k: FaultKind, by: Option<u64>| Action::Inject(message_fault(k, MsgId(id.0), by));
            html! {
                <div class="menu" role="menu" aria-label={tf(lang, "ui.actions_on", &[("what", &title)])} style={pos(at)}>
                    <p class="menu-title">{ title }</p>
                    { button(t(lang, "ui.drop_it"), fault(FaultKind::Drop, None)) }
                    { button(t(lang, "ui.duplicate_it"), fault(FaultKind::Duplicate, None)) }
                    { button(t(lang, "ui.delay_100ms"), fault(FaultKind::Delay, Some(100))) }
                    { button(t(lang, "ui.delay_1s"), fault(FaultKind::Delay, Some(1000))) }
                    { button(t(lang, "control.close"), Action::OpenMenu(None)) }
                </div>
            }
        }
        Target::Node(id) => {
            let Some(n) = p.topo.node(id) else {
                return html! {};
            };
            let crash = if n.up {
                button(
                    &tf(lang, "ui.crash_node", &[("node", &n.name)]),
                    Action::Inject(node_fault(FaultKind::Crash, &n.name)),
                )
            } else {
                button(
                    &tf(lang, "ui.recover_node", &[("node", &n.name)]),
                    Action::Inject(node_fault(FaultKind::Recover, &n.name)),
                )
            };
            let pick = if p.picked.contains(&id) {
                t(lang, "ui.unpick")
            } else {
                t(lang, "ui.pick")
            };
            html! {
                <div class="menu" role="menu" aria-label={tf(lang, "ui.actions_on", &[("what", &n.name)])} style={pos(n.center)}>
                    <p class="menu-title">{ node_title(lang, n) }</p>
                    { crash }
                    { button(pick, Action::TogglePick(id)) }
                    { button(t(lang, "control.close"), Action::OpenMenu(None)) }
                </div>
            }
        }
    }
}
