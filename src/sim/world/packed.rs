//! A world packed into a short string of bytes, for searches that keep many of them waiting.
//!
//! A [`World`] between two steps is a few dozen small heap blocks (every node's log, the timers,
//! the agenda, the links, every queue, the watch), a kilobyte or two in all. Packed, it is one
//! block of about two hundred bytes: numbers as LEB128 varints, and the parts that repeat from
//! world to world (a node's whole state, the protocol's watch, the violations found) as their
//! number in a [`Packer`]'s tables, kept once however many worlds share them. This is SPIN's
//! state compression (`-DCOLLAPSE`) in small: components are interned, and a state is the list of
//! its components' numbers.
//!
//! Only a world between steps packs: no work queued, no crash armed inside a step.

use super::timers::Timers;
use super::{Due, Flight, Flights, Queued, World};
use crate::model::{Code, Hop, MsgId, NodeId};
use crate::protocol::watch::{Violation, Watch};
use crate::protocol::Node;
use crate::sim::config::Config;
use crate::sim::monitor::Monitor;
use crate::sim::rng::Rng;
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::Arc;

/// The tables of parts that packed worlds share. Worlds packed by one packer unpack only with it,
/// and one packer serves the worlds of one configuration.
#[derive(Default)]
pub struct Packer {
    /// The bytes of the world being packed (kept to spare an allocation per world).
    scratch: Vec<u8>,
    nodes: Table<Node>,
    violations: Table<Vec<Violation>>,
    /// Watches by the hash of what they keep ([`Watch::hash_state`], which is what decides
    /// their future verdicts and so all a search tells them apart by).
    watches: Vec<Box<dyn Watch>>,
    watch_ids: HashMap<u64, u32>,
}

/// Distinct values, each with its number.
struct Table<T> {
    values: Vec<T>,
    ids: HashMap<T, u32, BuildHasherDefault<WordHasher>>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            values: Vec::new(),
            ids: HashMap::default(),
        }
    }
}

/// A fast hasher for the tables (a node is hashed for every world packed; std's SipHash was a
/// tenth of a search): each word is rotated in and multiplied, as FxHash does. Not for anything
/// an adversary chooses.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u8(&mut self, v: u8) {
        self.write_u64(u64::from(v));
    }
    fn write_u16(&mut self, v: u16) {
        self.write_u64(u64::from(v));
    }
    fn write_u32(&mut self, v: u32) {
        self.write_u64(u64::from(v));
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
}

impl<T: Clone + Eq + Hash> Table<T> {
    fn number(&mut self, value: &T) -> u32 {
        if let Some(&id) = self.ids.get(value) {
            return id;
        }
        let id = self.values.len() as u32;
        self.values.push(value.clone());
        self.ids.insert(value.clone(), id);
        id
    }
}

impl Packer {
    fn watch_number(&mut self, watch: &dyn Watch) -> u32 {
        let mut h = super::Fnv::default();
        watch.hash_state(&mut h);
        let key = h.finish();
        *self.watch_ids.entry(key).or_insert_with(|| {
            self.watches.push(watch.clone_box());
            self.watches.len() as u32 - 1
        })
    }
}

/// A difference (two's complement) as a small number whichever side of zero it lies.
fn zigzag(d: u64) -> u64 {
    let d = d as i64;
    ((d << 1) ^ (d >> 63)) as u64
}

fn unzigzag(z: u64) -> u64 {
    (((z >> 1) as i64) ^ -((z & 1) as i64)) as u64
}

/// Bytes being written; times are written relative to `now` (most are a few milliseconds
/// from it), zigzag-encoded as they may lie on either side.
struct Out(Vec<u8>, u64);

impl Out {
    fn t(&mut self, at: u64) {
        self.u(zigzag(at.wrapping_sub(self.1)));
    }
    fn u(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    fn code(&mut self, c: Code) {
        self.u(u64::from(c.kind));
        self.u(u64::from(c.arg));
    }
    fn queued(&mut self, m: &Queued) {
        self.u(u64::from(m.id.0));
        self.u(u64::from(m.from.0));
        self.code(m.msg);
        self.u(u64::from(m.unacked) | u64::from(m.redelivered) << 1);
        self.u(u64::from(m.hold_until));
    }
}

/// Bytes being read. A packed world is only ever read by the code that wrote it, so running
/// short is a bug: it panics.
struct In<'a>(&'a [u8], u64);

impl In<'_> {
    fn t(&mut self) -> u64 {
        let d = unzigzag(self.u());
        self.1.wrapping_add(d)
    }
    fn u(&mut self) -> u64 {
        let (mut v, mut shift) = (0u64, 0);
        loop {
            let (&b, rest) = self.0.split_first().expect("a packed world ends early");
            self.0 = rest;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return v;
            }
            shift += 7;
        }
    }
    fn u32(&mut self) -> u32 {
        self.u() as u32
    }
    fn node(&mut self) -> NodeId {
        NodeId(self.u() as u8)
    }
    fn code(&mut self) -> Code {
        let kind = self.u() as u16;
        Code {
            kind,
            arg: self.u32(),
        }
    }
    fn queued(&mut self) -> Queued {
        let id = MsgId(self.u32());
        let from = self.node();
        let msg = self.code();
        let flags = self.u();
        Queued {
            id,
            from,
            msg,
            unacked: flags & 1 != 0,
            redelivered: flags & 2 != 0,
            hold_until: self.u32(),
        }
    }
}

const HOPS: [Hop; 3] = [Hop::ToBroker, Hop::ToConsumer, Hop::Direct];

impl World {
    /// This world as bytes, its repeated parts numbered in `packer`.
    pub fn pack(&self, packer: &mut Packer) -> Box<[u8]> {
        assert!(
            self.work.is_empty() && self.crash_in.is_none(),
            "only a world between steps packs"
        );
        let mut scratch = std::mem::take(&mut packer.scratch);
        scratch.clear();
        let mut o = Out(scratch, self.now);
        o.u(self.now);
        for n in &self.nodes {
            o.u(u64::from(packer.nodes.number(n)));
        }
        let timers = self.timers.all();
        o.u(timers.len() as u64);
        for &(node, timer, (at, seq)) in timers {
            o.u(u64::from(node.0));
            o.code(timer);
            o.t(at);
            o.u(seq);
        }
        o.u(self.agenda.len() as u64);
        for (&(at, seq), due) in self.agenda.iter() {
            o.t(at);
            o.u(seq);
            match *due {
                Due::Begin => o.u(0),
                // An arrival is due when its key says, and a timer's generation is its key's
                // sequence number, but for a delay or a re-arming: each is written as the
                // difference.
                Due::Arrive(id, when) => {
                    o.u(1);
                    o.u(u64::from(id.0));
                    o.u(zigzag(when.wrapping_sub(at)));
                }
                Due::Fire(node, timer, gen) => {
                    o.u(2);
                    o.u(u64::from(node.0));
                    o.code(timer);
                    o.u(zigzag(gen.wrapping_sub(seq)));
                }
                Due::Fault(i) => {
                    o.u(3);
                    o.u(i as u64);
                }
                Due::Wake(node) => {
                    o.u(4);
                    o.u(u64::from(node.0));
                }
            }
        }
        o.u(self.seq);
        let (base, slots) = self.flights.slots();
        o.u(u64::from(base));
        o.u(slots.len() as u64);
        for slot in slots {
            let Some(f) = slot else {
                o.u(0);
                continue;
            };
            let hop = HOPS.iter().position(|&h| h == f.hop).expect("a hop") as u64;
            o.u(1
                | u64::from(f.doomed) << 1
                | u64::from(f.redelivered) << 2
                | u64::from(f.confirm) << 3
                | hop << 4);
            o.u(u64::from(f.from.0));
            o.u(u64::from(f.to.0));
            o.code(f.msg);
            o.t(f.sent_at);
            o.t(f.arrive_at);
        }
        for q in &self.queues {
            o.u(q.len() as u64);
            for m in q {
                o.queued(m);
            }
        }
        for &t in &self.taken {
            o.u(u64::from(t));
        }
        o.u(self.outbox.len() as u64);
        for (id, m, to) in &self.outbox {
            o.u(u64::from(id.0));
            o.queued(m);
            o.u(u64::from(to.0));
        }
        o.u(u64::from(self.next_msg));
        // Random-looking: raw, as a varint would take ten bytes.
        o.0.extend_from_slice(&self.rng.position().to_le_bytes());
        o.u(u64::from(self.drop_ppm));
        for &g in &self.groups {
            o.u(u64::from(g));
        }
        for &(count, fired) in &self.script {
            o.u(u64::from(count) << 1 | u64::from(fired));
        }
        o.u(self.pending_before as u64);
        o.u(self.pending_after as u64);
        o.u(self.events);
        o.u(self.scheduled as u64);
        let (watch, violations) = self.monitor.parts();
        o.u(u64::from(packer.watch_number(watch)));
        // Most worlds have found nothing: 0, without a look into the table.
        match violations {
            [] => o.u(0),
            found => o.u(1 + u64::from(packer.violations.number(&found.to_vec()))),
        }
        let bytes = Box::from(&o.0[..]);
        packer.scratch = o.0;
        bytes
    }

    /// The world `bytes` hold, packed by [`World::pack`] with `packer` from a world of `cfg`.
    pub fn unpack(cfg: Arc<Config>, bytes: &[u8], packer: &Packer) -> World {
        let n = cfg.setup.roster.len();
        let mut i = In(bytes, 0);
        let now = i.u();
        i.1 = now;
        let nodes = (0..n)
            .map(|_| packer.nodes.values[i.u() as usize].clone())
            .collect();
        let timers = (0..i.u())
            .map(|_| {
                let node = i.node();
                let timer = i.code();
                let at = i.t();
                (node, timer, (at, i.u()))
            })
            .collect();
        let mut agenda = crate::sorted::SortedMap::new();
        for _ in 0..i.u() {
            let key = (i.t(), i.u());
            let due = match i.u() {
                0 => Due::Begin,
                1 => {
                    let id = MsgId(i.u32());
                    Due::Arrive(id, key.0.wrapping_add(unzigzag(i.u())))
                }
                2 => {
                    let node = i.node();
                    let timer = i.code();
                    Due::Fire(node, timer, key.1.wrapping_add(unzigzag(i.u())))
                }
                3 => Due::Fault(i.u() as usize),
                _ => Due::Wake(i.node()),
            };
            agenda.insert(key, due);
        }
        let seq = i.u();
        let base = i.u32();
        let slots: VecDeque<Option<Flight>> = (0..i.u())
            .map(|_| {
                let tag = i.u();
                if tag == 0 {
                    return None;
                }
                let from = i.node();
                let to = i.node();
                let msg = i.code();
                let sent_at = i.t();
                Some(Flight {
                    from,
                    to,
                    msg,
                    hop: HOPS[(tag >> 4) as usize],
                    sent_at,
                    arrive_at: i.t(),
                    doomed: tag & 2 != 0,
                    redelivered: tag & 4 != 0,
                    confirm: tag & 8 != 0,
                })
            })
            .collect();
        let queues = (0..n)
            .map(|_| (0..i.u()).map(|_| i.queued()).collect())
            .collect();
        let taken = (0..n).map(|_| i.u32()).collect();
        let outbox = (0..i.u())
            .map(|_| {
                let id = MsgId(i.u32());
                let m = i.queued();
                (id, m, i.node())
            })
            .collect();
        let next_msg = i.u32();
        let (word, rest) = i.0.split_at(8);
        i.0 = rest;
        let rng = Rng::new(u64::from_le_bytes(word.try_into().expect("eight bytes")));
        let drop_ppm = i.u32();
        let groups = (0..n).map(|_| i.u() as u8).collect();
        let script = (0..cfg.faults.len())
            .map(|_| {
                let v = i.u();
                ((v >> 1) as u32, v & 1 != 0)
            })
            .collect();
        let pending_before = i.u() as usize;
        let pending_after = i.u() as usize;
        let events = i.u();
        let scheduled = i.u() as usize;
        let watch = packer.watches[i.u() as usize].clone_box();
        let violations = match i.u() {
            0 => Vec::new(),
            n => packer.violations.values[n as usize - 1].clone(),
        };
        debug_assert!(i.0.is_empty(), "a packed world has bytes left over");
        World {
            cfg,
            now,
            nodes,
            timers: Timers::from_all(timers),
            agenda,
            seq,
            flights: Flights::from_slots(base, slots),
            queues,
            taken,
            outbox,
            next_msg,
            rng,
            drop_ppm,
            groups,
            work: VecDeque::new(),
            script,
            pending_before,
            pending_after,
            events,
            scheduled,
            crash_in: None,
            monitor: Monitor::from_parts(watch, violations),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::{preset, PRESETS};

    /// Every world of every preset's run (its first choice taken at each step) packs and
    /// unpacks to itself, and equal worlds pack to equal bytes. Watches that hash alike are
    /// alike (their debug forms show every field): packing shares them by that hash.
    #[test]
    fn every_world_of_every_preset_packs_and_unpacks_to_itself() {
        let mut sizes = Vec::new();
        for &(name, _) in PRESETS {
            let mut packer = Packer::default();
            let mut watches = HashMap::new();
            let cfg = Arc::new(preset(name).unwrap().compile().unwrap());
            let mut world = World::new(cfg.clone());
            world.begin();
            for _ in 0..400 {
                let bytes = world.pack(&mut packer);
                let back = World::unpack(cfg.clone(), &bytes, &packer);
                assert!(back == world, "{name} after {} events", world.events());
                assert_eq!(back.pack(&mut packer), bytes, "{name}");
                sizes.push(bytes.len());
                let watch = world.monitor().parts().0;
                let mut h = crate::sim::world::Fnv::default();
                watch.hash_state(&mut h);
                let shown = format!("{watch:?}");
                let first = watches.entry(h.finish()).or_insert_with(|| shown.clone());
                assert_eq!(
                    *first, shown,
                    "{name}: a watch's hash leaves out what differs"
                );
                let Some(choice) = world.choices().into_iter().next() else {
                    break;
                };
                world.force(&choice);
            }
        }
        sizes.sort();
        let median = sizes[sizes.len() / 2];
        assert!(
            median < 300,
            "a packed world's median size is {median} bytes"
        );
    }
}
