//! The messages a session shows at its cursor: each one in flight on its link or waiting in a
//! queue, with its label, sender, receiver and whether it is a redelivery.

use super::{MessageView, Place, Session};
use crate::model::{Code, NodeId};
use crate::protocol::Sort;

impl Session {
    /// Every message in flight or queued at the cursor.
    pub(super) fn message_views(&self) -> Vec<MessageView> {
        let engine = self.cfg.engine;
        let named = |m: Code| engine.named(Sort::Msg, m);
        let flights = self.world.flights();
        let mut out: Vec<MessageView> = Vec::new();
        for (i, q) in self.world.queues().iter().enumerate() {
            // A message on its way from the broker is still unacknowledged in its queue: it is
            // shown on the link only.
            for (position, m) in q
                .iter()
                .enumerate()
                .filter(|(_, m)| !flights.contains_key(&m.id))
            {
                let n = named(m.msg);
                out.push(MessageView {
                    id: m.id,
                    from: m.from,
                    to: NodeId(i as u8),
                    label: n.label,
                    arg: n.arg,
                    tone: engine.tone(m.msg),
                    place: Place::Queue {
                        position,
                        unacked: m.unacked,
                    },
                    redelivered: m.redelivered,
                });
            }
        }
        out.extend(flights.iter().map(|(id, f)| {
            let n = named(f.msg);
            MessageView {
                id,
                from: f.from,
                to: f.to,
                label: n.label,
                arg: n.arg,
                tone: engine.tone(f.msg),
                place: Place::Link {
                    hop: f.hop,
                    sent_at: f.sent_at,
                    arrive_at: f.arrive_at,
                },
                redelivered: f.redelivered,
            }
        }));
        out
    }
}
