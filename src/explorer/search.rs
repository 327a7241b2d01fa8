//! The breadth-first search.

use super::fingerprint::{fingerprint, Fingerprint};
use super::fpset::FingerprintSet;
use super::model::Model;
use super::store::{Frontier, ParentLinks};
use std::collections::VecDeque;

mod types;

pub use types::*;

/// Explores every state reachable in `model`, breadth first, and checks its properties.
///
/// States are deduplicated by 64-bit fingerprint (see [`super::fingerprint`]); each stored state
/// costs its fingerprint's slot plus about 1.25 bytes of parent link (see [`super::store`]), and
/// only the frontier keeps whole states. Every finding's trace is a shortest one: breadth-first
/// order discovers states in order of distance, and each state's parent link is the first one
/// found. With `options.symmetry`, a state's fingerprint is its representative's, but the state
/// kept and expanded is the one actually reached, so traces replay exactly.
pub fn explore<M: Model>(model: &M, options: &Options) -> Result<ReportOf<M>, ExploreError> {
    explore_with(model, options, &mut |_| Control::Continue)
}

/// [`explore`], calling `progress` every [`PROGRESS_EVERY`] stored states and once at the end;
/// a [`Control::Stop`] ends the search early, with [`Report::complete`] false. The counters it
/// reports never decrease.
pub fn explore_with<M: Model>(
    model: &M,
    options: &Options,
    progress: &mut dyn FnMut(Progress) -> Control,
) -> Result<ReportOf<M>, ExploreError> {
    if options.max_states == Some(0) {
        return Err(ExploreError::ZeroMaxStates);
    }
    if options.symmetry && !model.has_symmetry() {
        return Err(ExploreError::NoSymmetry);
    }
    if let (Some(budget), Some(estimate)) = (
        options.state_budget,
        model.estimated_state_count(options.symmetry),
    ) {
        if estimate.min(options.max_states.unwrap_or(u64::MAX)) > budget {
            return Err(ExploreError::OverBudget { estimate, budget });
        }
    }
    // Two builds of the search: without sleep sets it carries none of their work in its loop.
    Ok(if options.sleep_sets {
        search::<M, true>(model, options, progress)
    } else {
        search::<M, false>(model, options, progress)
    })
}

/// Runs the search, with sleep sets if `SLEEP`.
fn search<M: Model, const SLEEP: bool>(
    model: &M,
    options: &Options,
    progress: &mut dyn FnMut(Progress) -> Control,
) -> ReportOf<M> {
    let mut search = Search::<M, SLEEP> {
        model,
        symmetry: options.symmetry,
        properties: model.properties(),
        max_states: options.max_states.unwrap_or(u64::MAX),
        seen: FingerprintSet::new(),
        links: ParentLinks::new(),
        frontier: Frontier::new(),
        sleeps: Frontier::new(),
        init_states: Vec::new(),
        found: Vec::new(),
        generated: 0,
        depth: 0,
        complete: true,
        stop_when_all_found: options.stop_when_all_found,
        progress,
        next_report: PROGRESS_EVERY,
    };
    search.found = vec![None; search.properties.len()];
    search.run();
    let last = search.progress();
    (search.progress)(last);
    search.report()
}

/// How many expanded states may wait, successors computed and prefetched, to be admitted.
const PIPELINE: usize = 4;

/// The moves a state need not take (sleep sets), each with how much it changes the model's
/// [`Model::load`]: each is independent of the moves that led to the state since it was taken,
/// and the other order is explored from the state where it was.
type Sleep<M> = Box<[(<M as Model>::Action, i64)]>;

/// A state's successors as (action index, fingerprint, state), and with sleep sets each one's
/// sleep set, in the same order (kept apart so that a search without them moves no more bytes).
struct Successors<M: Model> {
    states: Vec<(usize, Fingerprint, M::State)>,
    sleeps: Vec<Sleep<M>>,
}

impl<M: Model> Default for Successors<M> {
    fn default() -> Self {
        Successors {
            states: Vec::new(),
            sleeps: Vec::new(),
        }
    }
}

/// How many steps [`Search::advance`] takes per call.
const STEPS_PER_CALL: usize = 1024;

/// The search's state between two calls of [`Search::advance`].
struct Pipeline<M: Model> {
    level: Level,
    /// Scratch space for a state's actions.
    actions: Vec<M::Action>,
    /// Scratch space for the actions taken so far from the state being expanded whose
    /// successors the search will expand, as (index, change of load).
    taken: Vec<(usize, i64)>,
    /// Expanded states, oldest first, as (number, successors), waiting to be admitted.
    batches: VecDeque<(u64, Successors<M>)>,
    /// Emptied successor vectors, for reuse.
    spare: Vec<Successors<M>>,
    /// The number of the next state to expand.
    number: u64,
}

/// The breadth-first level being admitted: states numbered below `end` have depth `depth` or less.
struct Level {
    depth: u32,
    end: u64,
}

struct Search<'m, 'p, M: Model, const SLEEP: bool> {
    model: &'m M,
    symmetry: bool,
    properties: Vec<super::Property<M>>,
    max_states: u64,
    seen: FingerprintSet,
    links: ParentLinks,
    frontier: Frontier<M::State>,
    /// The sleep sets of the states in the frontier, in the same order (only with sleep sets:
    /// a search without them stores nothing more per state).
    sleeps: Frontier<Sleep<M>>,
    /// The distinct initial states, in number order (state `i < len` is `init_states[i]`).
    init_states: Vec<M::State>,
    /// For each property, the number of its first finding.
    found: Vec<Option<u64>>,
    generated: u64,
    depth: u32,
    complete: bool,
    stop_when_all_found: bool,
    progress: &'p mut dyn FnMut(Progress) -> Control,
    /// The number of stored states at which to report progress next.
    next_report: u64,
}

impl<M: Model, const SLEEP: bool> Search<'_, '_, M, SLEEP> {
    fn progress(&self) -> Progress {
        Progress {
            distinct_states: self.links.len(),
            frontier: self.frontier.len() as u64,
            generated: self.generated,
            depth: self.depth,
            memory_bytes: self.seen.heap_bytes()
                + self.links.heap_bytes()
                + self.frontier.heap_bytes()
                + self.sleeps.heap_bytes(),
        }
    }

    /// Reports progress when due; false if the caller asked to stop.
    #[inline]
    fn report_due(&mut self) -> bool {
        if self.links.len() < self.next_report {
            return true;
        }
        self.next_report = self.links.len() + PROGRESS_EVERY;
        let now = self.progress();
        if (self.progress)(now) == Control::Stop {
            self.complete = false;
            return false;
        }
        true
    }
    #[inline]
    fn fingerprint(&self, state: &M::State) -> Fingerprint {
        if self.symmetry {
            fingerprint(&self.model.representative(state))
        } else {
            fingerprint(state)
        }
    }

    /// Records the properties `state` is a finding for; true if the search should stop now
    /// because every property has a finding and it was asked to stop then.
    #[inline]
    fn check(&mut self, state: &M::State, number: u64) -> bool {
        let mut new = false;
        for (property, found) in self.properties.iter().zip(self.found.iter_mut()) {
            if found.is_none() && property.is_finding(self.model, state) {
                *found = Some(number);
                new = true;
            }
        }
        if new && self.stop_when_all_found && self.found.iter().all(Option::is_some) {
            self.complete = false;
            return true;
        }
        false
    }

    fn run(&mut self) {
        for state in self.model.init_states() {
            self.generated += 1;
            if !self.seen.insert(self.fingerprint(&state)) {
                continue;
            }
            if self.links.len() == self.max_states {
                self.complete = false;
                return;
            }
            let number = self.links.len();
            self.links.push_root();
            let stop = self.check(&state, number);
            self.init_states.push(state.clone());
            self.push(state, Box::default());
            if stop {
                return;
            }
        }
        if self.links.is_empty() {
            return;
        }
        self.depth = 1;
        let mut pipeline = Pipeline {
            level: Level {
                depth: 1,
                end: self.links.len(),
            },
            actions: Vec::new(),
            taken: Vec::new(),
            batches: VecDeque::with_capacity(PIPELINE),
            spare: Vec::with_capacity(PIPELINE),
            number: 0,
        };
        // Through a function pointer the optimisers cannot see through (see `advance`).
        let advance: fn(&mut Self, &mut Pipeline<M>, usize) -> bool =
            std::hint::black_box(Self::advance);
        while advance(self, &mut pipeline, STEPS_PER_CALL) {}
    }

    /// Takes up to `steps` steps of the search (a step expands one state or admits one state's
    /// successors); false once the search is over.
    ///
    /// The search is pipelined: the successors of the next few states are computed, and their
    /// fingerprints' slots prefetched, before those of the oldest are looked up, so that the
    /// fingerprint set's cache misses overlap. States are still admitted strictly in order.
    ///
    /// A function of its own, called once per `steps`, for wasm engines: V8 starts every function
    /// in a baseline compiler and only runs the optimised code from its next call on (there is no
    /// on-stack replacement for wasm), so a loop over the whole search would run unoptimised.
    /// `run` calls it through an opaque function pointer because `#[inline(never)]` only binds
    /// LLVM: wasm-opt (Trunk runs `-O3` on the worker) inlines every function that has a single
    /// caller, which put the whole search back into one call of the worker's message handler.
    #[inline(never)]
    fn advance(&mut self, p: &mut Pipeline<M>, steps: usize) -> bool {
        for _ in 0..steps {
            if p.batches.len() == PIPELINE || self.frontier.is_empty() {
                // Admit the oldest batch; an empty frontier may only be waiting for it.
                let Some((parent, mut batch)) = p.batches.pop_front() else {
                    return false;
                };
                if !self.admit(parent, &mut batch, &mut p.level) {
                    return false;
                }
                p.spare.push(batch);
                continue;
            }
            let Some(state) = self.frontier.pop() else {
                continue;
            };
            let sleep = if SLEEP {
                self.sleeps
                    .pop()
                    .expect("a sleep set for every state waiting")
            } else {
                Box::default()
            };
            let mut batch = p.spare.pop().unwrap_or_default();
            self.successors(&state, &sleep, &mut p.actions, &mut p.taken, &mut batch);
            p.batches.push_back((p.number, batch));
            p.number += 1;
        }
        true
    }

    /// Computes `state`'s successors into `out` as (action index, fingerprint, state, sleep
    /// set), counting them as generated and prefetching their fingerprints' slots. A successor
    /// with `state`'s own fingerprint (a self-loop, such as TwoPhase's `RMRcvCommitMsg` on a
    /// committed RM) is counted but not looked up: `state` itself is already stored.
    /// Fingerprints, not `==`, because they are what the search calls the same state anyway, and
    /// a world's equality costs two more hashes of it per successor.
    ///
    /// With sleep sets, the actions in `sleep` are not taken. The successor by action `a` sleeps
    /// on every action `b` independent of `a` that was taken before it here, or that this state
    /// sleeps on, provided the state `b` leads to from here is expanded (its load within the
    /// constraint): there `a` is taken, so `b` after `a` would only reach the same state again,
    /// at the same depth (Godefroid's sleep sets, breadth first).
    #[inline]
    fn successors(
        &mut self,
        state: &M::State,
        sleep: &[(M::Action, i64)],
        actions: &mut Vec<M::Action>,
        taken: &mut Vec<(usize, i64)>,
        out: &mut Successors<M>,
    ) {
        actions.clear();
        if SLEEP {
            taken.clear();
        }
        self.model.actions(state, actions);
        let own = self.fingerprint(state);
        let (load, max) = if SLEEP {
            (self.model.load(state) as i64, self.model.max_load() as i64)
        } else {
            (0, 0)
        };
        for (index, action) in actions.iter().enumerate() {
            if SLEEP && sleep.iter().any(|(b, _)| b == action) {
                continue;
            }
            let Some(next) = self.model.next_state(state, action) else {
                continue;
            };
            self.generated += 1;
            let fp = self.fingerprint(&next);
            if SLEEP {
                let change = self.model.load(&next) as i64 - load;
                if fp != own {
                    let next_sleep = taken
                        .iter()
                        .map(|&(j, d)| (&actions[j], d))
                        .chain(sleep.iter().map(|(b, d)| (b, *d)))
                        .filter(|&(b, d)| {
                            load.saturating_add(d) <= max
                                && self.model.independent(state, action, b)
                        })
                        .map(|(b, d)| (b.clone(), d))
                        .collect();
                    out.sleeps.push(next_sleep);
                }
                if load.saturating_add(change) <= max {
                    taken.push((index, change));
                }
            }
            if fp == own {
                continue;
            }
            out.states.push((index, fp, next));
        }
        self.seen.prefetch(out.states.iter().map(|&(_, fp, _)| fp));
    }

    /// Stores the new states among `successors` of state `parent`, in order; false if the
    /// `max_states` cap stopped the search.
    #[inline]
    fn admit(&mut self, parent: u64, successors: &mut Successors<M>, level: &mut Level) -> bool {
        if parent == level.end {
            // Every state of depth `level.depth` is expanded: the next level is complete.
            level.depth += 1;
            level.end = self.links.len();
        }
        let mut sleeps = SLEEP.then(|| successors.sleeps.drain(..));
        for (index, fp, next) in successors.states.drain(..) {
            let sleep = match &mut sleeps {
                Some(sleeps) => sleeps.next().expect("a sleep set for every successor"),
                None => Box::default(),
            };
            if !self.seen.insert(fp) {
                continue;
            }
            if self.links.len() == self.max_states {
                self.complete = false;
                return false;
            }
            let number = self.links.len();
            self.links.push(parent, index);
            self.depth = level.depth + 1;
            let stop = self.check(&next, number);
            self.push(next, sleep);
            if stop {
                return false;
            }
        }
        self.report_due()
    }

    /// Puts a state at the back of the frontier, with its sleep set if the search keeps them.
    #[inline]
    fn push(&mut self, state: M::State, sleep: Sleep<M>) {
        self.frontier.push(state);
        if SLEEP {
            self.sleeps.push(sleep);
        }
    }

    /// Replays the parent links of state `number` from its initial state.
    fn trace(&self, number: u64) -> Trace<M::State, M::Action> {
        let mut path = Vec::new();
        let mut at = number;
        while !self.links.is_root(at) {
            let (parent, action) = self.links.link(at);
            path.push(action);
            at = parent;
        }
        let init = self.init_states[at as usize].clone();
        let mut state = init.clone();
        let mut steps = Vec::with_capacity(path.len());
        let mut actions = Vec::new();
        for &index in path.iter().rev() {
            actions.clear();
            self.model.actions(&state, &mut actions);
            let action = actions
                .get(index)
                .cloned()
                .expect("replay: the model's actions are not deterministic");
            state = self
                .model
                .next_state(&state, &action)
                .expect("replay: the model's next_state is not deterministic");
            steps.push(Step {
                action,
                state: state.clone(),
            });
        }
        Trace { init, steps }
    }

    fn report(self) -> ReportOf<M> {
        let findings = self
            .properties
            .iter()
            .zip(&self.found)
            .filter_map(|(property, found)| {
                let trace = self.trace((*found)?);
                debug_assert!(property.is_finding(self.model, trace.last_state()));
                Some(Finding {
                    property: property.name,
                    kind: property.kind,
                    trace,
                })
            })
            .collect();
        Report {
            distinct_states: self.links.len(),
            generated: self.generated,
            depth: self.depth,
            complete: self.complete,
            findings,
            memory: MemoryUse {
                fingerprints: self.seen.heap_bytes(),
                links: self.links.heap_bytes(),
                frontier_peak: self.frontier.peak_bytes() + self.sleeps.peak_bytes(),
            },
        }
    }
}
