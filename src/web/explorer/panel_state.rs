//! The Explorer panel's model: the search form, where the search is, and the panel's reducer of
//! the worker's replies. No HTML here.

use crate::check::job::{Job, JobError, Outcome, Reply, DEFAULT_MEMORY_BYTES};
use crate::check::{Budget, CheckOptions, Timeouts};
use crate::model::Transport;
use crate::scenario::Scenario;
use std::rc::Rc;
use yew::Reducible;

/// Which properties to look for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    Agreement,
    CanBlock,
    All,
}

/// The search form.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub budget: Budget,
    pub timeouts: Timeouts,
    pub look: Look,
    /// Search on the lossy network (much smaller state space) rather than the scenario's own
    /// (the default: the message queue the app opens with).
    pub lossy: bool,
    pub memory_mib: u64,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            budget: Budget::default(),
            timeouts: Timeouts::Accurate,
            look: Look::All,
            lossy: false,
            memory_mib: DEFAULT_MEMORY_BYTES >> 20,
        }
    }
}

impl Form {
    /// The job for the setup `base`.
    pub fn job(&self, base: &Scenario) -> Job {
        let mut scenario = base.clone();
        if self.lossy {
            scenario.transport = Transport::Lossy;
        }
        let properties = match self.look {
            Look::Agreement => vec!["agreement".to_string()],
            Look::CanBlock => vec!["can-block".to_string()],
            Look::All => Vec::new(),
        };
        Job {
            scenario,
            options: CheckOptions {
                budget: self.budget,
                timeouts: self.timeouts,
                properties,
                stop_when_found: true,
                ..CheckOptions::default()
            },
            memory_bytes: self.memory_mib.max(16) << 20,
        }
    }
}

/// Where the search is.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Idle,
    Running {
        started_ms: f64,
        now_ms: f64,
        states: u64,
        frontier: u64,
        generated: u64,
        depth: u32,
        memory_bytes: u64,
    },
    Done {
        outcome: Outcome,
        ms: f64,
        look: Look,
    },
    Failed(JobError),
    Cancelled,
}

/// The panel's own state: one reducer, like the app's.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub form: Form,
    pub phase: Phase,
    /// Which search replies belong to (replies of a cancelled one are ignored).
    pub search: u32,
}

pub enum Msg {
    Form(Form),
    Started { search: u32, at: f64 },
    Reply { search: u32, reply: Reply, at: f64 },
    Cancel,
}

impl Reducible for Panel {
    type Action = Msg;
    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut s = (*self).clone();
        match msg {
            Msg::Form(f) => s.form = f,
            Msg::Started { search, at } => {
                s.search = search;
                s.phase = Phase::Running {
                    started_ms: at,
                    now_ms: at,
                    states: 0,
                    frontier: 0,
                    generated: 0,
                    depth: 0,
                    memory_bytes: 0,
                };
            }
            Msg::Reply { search, .. } if search != s.search => return self,
            Msg::Reply { reply, at, .. } => {
                let started_ms = match s.phase {
                    Phase::Running { started_ms, .. } => started_ms,
                    _ => return self,
                };
                s.phase = match reply {
                    Reply::Ready | Reply::Bench { .. } => return self,
                    Reply::Progress {
                        states,
                        frontier,
                        generated,
                        depth,
                        memory_bytes,
                    } => Phase::Running {
                        started_ms,
                        now_ms: at,
                        states,
                        frontier,
                        generated,
                        depth,
                        memory_bytes,
                    },
                    Reply::Done { report } => Phase::Done {
                        outcome: report,
                        ms: at - started_ms,
                        look: s.form.look,
                    },
                    Reply::Error { error } => Phase::Failed(error),
                };
            }
            Msg::Cancel => {
                s.search += 1;
                s.phase = Phase::Cancelled;
            }
        }
        Rc::new(s)
    }
}
