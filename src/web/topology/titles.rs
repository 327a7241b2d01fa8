//! What the topology's messages and nodes are called in the interface's language: their
//! tooltips, screen-reader labels and menu titles (the view writes them in English).

use super::Props;
use crate::i18n::{t, tf, Lang, Words};
use crate::model::NodeId;
use crate::view::topology::NodeBox;

/// A node's name, by id, for the sentences below.
fn name_of(p: &Props, id: NodeId) -> String {
    p.topo.node(id).map(|n| n.name.clone()).unwrap_or_default()
}

/// A moving message's title in `lang` (the view writes it in English).
pub(super) fn dot_title(lang: Lang, p: &Props, d: &crate::view::traffic::Dot) -> String {
    if lang == Lang::En {
        return d.title.clone();
    }
    let mut s = tf(
        lang,
        "ui.msg_title",
        &[
            ("id", &d.id.to_string()),
            ("label", d.label),
            ("from", &name_of(p, d.from)),
            ("to", &name_of(p, d.to)),
        ],
    );
    if d.redelivered {
        s.push_str(t(lang, "ui.redelivered"));
    }
    s
}

/// A queued message's title in `lang`.
pub(super) fn chip_title(lang: Lang, p: &Props, c: &crate::view::traffic::Chip) -> String {
    if lang == Lang::En {
        return c.title.clone();
    }
    let mut s = tf(
        lang,
        "ui.chip_title",
        &[
            ("id", &c.id.to_string()),
            ("label", c.label),
            ("node", &name_of(p, c.node)),
            ("position", &c.position.to_string()),
        ],
    );
    if c.redelivered {
        s.push_str(t(lang, "ui.redelivered"));
    }
    s
}

/// A node's description in `lang`.
pub(super) fn node_title(lang: Lang, n: &NodeBox) -> String {
    if lang == Lang::En {
        return n.aria.clone();
    }
    let mut s = tf(
        lang,
        "ui.node_title",
        &[
            ("node", &n.name),
            ("role", &n.role.say(lang)),
            ("state", n.state),
        ],
    );
    if let Some(d) = n.decision {
        s.push_str(&tf(lang, "ui.node_decided", &[("decision", &d.say(lang))]));
    }
    if !n.up {
        s.push_str(t(lang, "ui.node_down"));
    }
    if n.blocked {
        s.push_str(t(lang, "ui.node_blocked"));
    } else if n.in_doubt {
        s.push_str(t(lang, "ui.node_in_doubt"));
    }
    if let Some(side) = n.side {
        s.push_str(&tf(lang, "ui.node_side", &[("side", &side.to_string())]));
    }
    s
}
