//! What a finished search found, as HTML: a summary, each finding with the shortest run to it
//! (to watch in the player or open as a link), and what was looked for and not found.

use super::panel_state::Look;
use crate::check::job::Outcome;
use crate::i18n::{t, tf, Lang, Words};
use crate::web::state::Action;
use yew::prelude::*;

pub(super) fn mib(bytes: u64) -> String {
    crate::numtext::fixed(bytes as f64 / (1024.0 * 1024.0), 0)
}

/// A trace label (`arrive m3 P1`, `arrive m3 broker P1`, `fire C ack-timeout`, `crash C`,
/// `fire BankA request 1`, ...) as a sentence; a crash inside the step (`..., crash-within BankA
/// 2`) is a second clause.
pub fn readable(lang: Lang, label: &str) -> String {
    if let Some((step, crash)) = label.split_once(", crash-within ") {
        let (node, after) = crash.split_once(' ').unwrap_or((crash, ""));
        return format!(
            "{}, {}",
            readable(lang, step),
            tf(
                lang,
                "explorer.step.crash_within",
                &[("node", node), ("n", after)]
            )
        );
    }
    let (verb, rest) = label.split_once(' ').unwrap_or((label, ""));
    match verb {
        "arrive" => match rest.split(' ').collect::<Vec<_>>()[..] {
            [msg, "broker", to] => tf(lang, "explorer.step.enqueue", &[("msg", msg), ("node", to)]),
            [msg, to] => tf(
                lang,
                "explorer.step.arrive_at",
                &[("msg", msg), ("node", to)],
            ),
            _ => tf(lang, "explorer.step.arrive", &[("msg", rest)]),
        },
        "fire" => {
            let (node, timer) = rest.split_once(' ').unwrap_or((rest, ""));
            // A timer about one transfer carries its number: `request 2`.
            let timer = match timer.split_once(' ') {
                Some((name, t)) => format!("{} (t{t})", crate::i18n::timer_name(lang, name)),
                None => crate::i18n::timer_name(lang, timer).to_string(),
            };
            tf(
                lang,
                "explorer.step.fire",
                &[("node", node), ("timer", &timer)],
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

fn property_title(lang: Lang, property: &str) -> String {
    match property {
        "agreement" => t(lang, "explorer.found.agreement").to_string(),
        "can-block" => t(lang, "explorer.found.can_block").to_string(),
        // An invariant by its words (`money conserved`), else by its name.
        other => {
            let words = crate::i18n::lookup(lang, &format!("invariant.{other}")).unwrap_or(other);
            tf(lang, "explorer.found.other", &[("property", words)])
        }
    }
}

pub(super) fn results(
    lang: Lang,
    o: &Outcome,
    ms: f64,
    look: Look,
    dispatch: &Callback<Action>,
) -> Html {
    let summary = tf(
        lang,
        "explorer.summary",
        &[
            ("states", &o.distinct_states.to_string()),
            ("generated", &o.generated.to_string()),
            ("depth", &o.depth.to_string()),
            ("seconds", &crate::numtext::fixed(ms / 1000.0, 1)),
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

#[cfg(test)]
mod tests {
    use super::readable;
    use crate::i18n::Lang;

    #[test]
    fn trace_labels_read_as_sentences() {
        assert_eq!(readable(Lang::En, "arrive m3"), "message m3 arrives");
        assert_eq!(
            readable(Lang::En, "arrive m3 P2"),
            "message m3 arrives at P2"
        );
        assert_eq!(
            readable(Lang::En, "arrive m3 broker P2"),
            "message m3 reaches the broker, into P2's queue"
        );
        assert_eq!(
            readable(Lang::Zh, "arrive m3 broker P2"),
            "消息 m3 到达代理，进入 P2 的队列"
        );
        assert_eq!(
            readable(Lang::En, "fire BankA request 1"),
            "BankA's request (t1) timer fires"
        );
        assert_eq!(
            readable(Lang::En, "arrive m1 BankB, crash-within BankB 2"),
            "message m1 arrives at BankB, BankB crashes after the first 2 of its events in that step"
        );
    }
}
