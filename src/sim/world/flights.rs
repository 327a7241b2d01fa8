//! The messages on links, indexed by id.
//!
//! Ids are handed out in sending order and most messages land soon after they are sent, so the
//! live ones sit in a narrow window of ids: a ring of slots from the oldest live id on is both
//! faster than a search tree and iterates in id order (deterministic).

use super::Flight;
use crate::model::MsgId;
use std::collections::VecDeque;

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Flights {
    /// The id of `slots[0]`.
    base: u32,
    slots: VecDeque<Option<Flight>>,
}

impl Flights {
    fn slot(&self, id: MsgId) -> Option<usize> {
        id.0.checked_sub(self.base).map(|i| i as usize)
    }

    pub fn get(&self, id: &MsgId) -> Option<&Flight> {
        self.slots.get(self.slot(*id)?)?.as_ref()
    }

    pub fn get_mut(&mut self, id: &MsgId) -> Option<&mut Flight> {
        let i = self.slot(*id)?;
        self.slots.get_mut(i)?.as_mut()
    }

    pub fn contains_key(&self, id: &MsgId) -> bool {
        self.get(id).is_some()
    }

    /// Puts a message on a link. Ids below the window (long gone) are not expected.
    pub fn insert(&mut self, id: MsgId, flight: Flight) {
        if self.slots.is_empty() {
            self.base = id.0;
        }
        match self.slot(id) {
            // The usual case: the newest id, one past the window's end.
            Some(i) if i == self.slots.len() => self.slots.push_back(Some(flight)),
            Some(i) => {
                if i > self.slots.len() {
                    self.slots.resize(i + 1, None);
                }
                self.slots[i] = Some(flight);
            }
            None => {
                // An id older than the window: widen it at the front.
                let extra = (self.base - id.0) as usize;
                for _ in 0..extra {
                    self.slots.push_front(None);
                }
                self.base = id.0;
                self.slots[0] = Some(flight);
            }
        }
    }

    pub fn remove(&mut self, id: &MsgId) -> Option<Flight> {
        let i = self.slot(*id)?;
        let flight = self.slots.get_mut(i)?.take()?;
        while let Some(None) = self.slots.front() {
            self.slots.pop_front();
            self.base += 1;
        }
        Some(flight)
    }

    /// Every slot of the window, from id `base` on (for packing a world).
    pub(super) fn slots(&self) -> (u32, &VecDeque<Option<Flight>>) {
        (self.base, &self.slots)
    }

    /// The window [`Flights::slots`] gave.
    pub(super) fn from_slots(base: u32, slots: VecDeque<Option<Flight>>) -> Self {
        Flights { base, slots }
    }

    /// The messages on links, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (MsgId, &Flight)> + '_ {
        let base = self.base;
        self.slots
            .iter()
            .enumerate()
            .filter_map(move |(i, f)| Some((MsgId(base + i as u32), f.as_ref()?)))
    }

    pub fn keys(&self) -> impl Iterator<Item = MsgId> + '_ {
        self.iter().map(|(id, _)| id)
    }

    pub fn values(&self) -> impl Iterator<Item = &Flight> + '_ {
        self.iter().map(|(_, f)| f)
    }
}
