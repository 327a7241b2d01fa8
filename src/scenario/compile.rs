//! Checking a scenario and resolving it for the simulator: node names into ids, labels against
//! the protocol's, faults and the schedule into values.

use super::{
    err, FaultKind, FaultSpec, Latency, PatternSpec, Reason, Scenario, ScenarioError, ScheduleStep,
    MAX_DURATION_MS, MAX_FAULTS, MAX_PREFETCH, MAX_SCHEDULE, MAX_SIDES, MAX_TIME_MS,
};
use crate::model::{DropReason, EventKind, MsgId, NodeId, Roster};
use crate::protocol::{Engine, Sort};
use crate::sim::{Choice, Config, Fault, Pattern, Scheduled, Scripted, Trigger};

/// Checks the scenario and resolves it for the simulator.
pub(super) fn compile(s: &Scenario) -> Result<Config, ScenarioError> {
    let engine = s.engine()?;
    let timeouts = super::timeouts(engine, &s.timeouts_ms)?;
    let setup = engine
        .setup(&s.params, Vec::new())
        .map_err(|e| e.within("params"))?;
    let roster = setup.roster.clone();
    let Latency { min, max } = s.latency_ms;
    duration("latency_ms.max", max)?;
    if min > max {
        return Err(err("latency_ms.min", Reason::MinAboveMax { min, max }));
    }
    let mut by_order = Vec::new();
    for t in engine.timeouts() {
        let field = format!("timeouts_ms.{}", t.name);
        // Every timeout has a value by now (`super::timeouts` fills in the defaults).
        let v = timeouts.get(t.name).copied().unwrap_or(0);
        duration(&field, v)?;
        if v == 0 {
            return Err(err(field, Reason::Zero));
        }
        by_order.push(v);
    }
    if s.max_time_ms == 0 || s.max_time_ms > MAX_TIME_MS {
        return Err(err(
            "max_time_ms",
            Reason::OutOfRange {
                value: s.max_time_ms,
                min: 1,
                max: MAX_TIME_MS,
            },
        ));
    }
    let drop_ppm = rate("drop_rate", s.drop_rate)?;
    if !(1..=MAX_PREFETCH).contains(&s.prefetch) {
        return Err(err(
            "prefetch",
            Reason::OutOfRange {
                value: s.prefetch.into(),
                min: 1,
                max: MAX_PREFETCH.into(),
            },
        ));
    }
    if s.faults.len() > MAX_FAULTS {
        return Err(err(
            "faults",
            Reason::TooMany {
                count: s.faults.len(),
                max: MAX_FAULTS,
            },
        ));
    }
    let faults = s
        .faults
        .iter()
        .enumerate()
        .map(|(i, f)| fault(s, engine, &roster, &format!("faults[{i}]"), f))
        .collect::<Result<Vec<_>, _>>()?;
    if s.schedule.len() > MAX_SCHEDULE {
        return Err(err(
            "schedule",
            Reason::TooMany {
                count: s.schedule.len(),
                max: MAX_SCHEDULE,
            },
        ));
    }
    let schedule = s
        .schedule
        .iter()
        .enumerate()
        .map(|(i, step)| scheduled(s, engine, &roster, &format!("schedule[{i}]"), step))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Config {
        engine,
        setup: crate::protocol::Setup {
            timeouts: by_order,
            ..setup
        },
        transport: s.transport,
        latency: (min, max),
        prefetch: s.prefetch,
        drop_ppm,
        seed: s.seed,
        max_time_ms: s.max_time_ms,
        faults,
        schedule,
    })
}

fn scheduled(
    s: &Scenario,
    engine: &dyn Engine,
    roster: &Roster,
    at: &str,
    step: &ScheduleStep,
) -> Result<Scheduled, ScenarioError> {
    Ok(match step {
        ScheduleStep::Arrive(msg) => Scheduled::Choose(Choice::Arrive { msg: *msg }),
        ScheduleStep::Wake(name) => Scheduled::Choose(Choice::Wake {
            node: node(roster, name, &format!("{at}.wake"))?.0,
        }),
        ScheduleStep::Fire {
            node: name,
            timer,
            arg,
        } => {
            let id = node(roster, name, &format!("{at}.fire.node"))?;
            let known = engine.labels(Sort::Timer);
            let Some(kind) = known.iter().position(|k| k == timer) else {
                return Err(err(
                    format!("{at}.fire.timer"),
                    Reason::NotATimer {
                        timer: timer.clone(),
                        protocol: engine.name(),
                        known: known.join(", "),
                    },
                ));
            };
            Scheduled::Choose(Choice::Fire {
                node: id.0,
                timer: crate::model::Code {
                    kind: kind as u16,
                    arg: *arg,
                },
            })
        }
        ScheduleStep::CrashWithin { node: name, after } => {
            let id = node(roster, name, &format!("{at}.crash_within.node"))?;
            if *after == 0 {
                return Err(err(
                    format!("{at}.crash_within.after"),
                    Reason::OutOfRange {
                        value: 0,
                        min: 1,
                        max: u64::from(u32::MAX),
                    },
                ));
            }
            Scheduled::CrashWithin(id, *after)
        }
        ScheduleStep::Fault(f) => {
            let field = format!("{at}.fault");
            if f.at_ms.is_some() || f.after.is_some() || f.before_event.is_some() {
                return Err(err(field, Reason::ScheduledTrigger));
            }
            let mut timed = f.clone();
            timed.before_event = Some(0);
            Scheduled::Inflict(fault(s, engine, roster, &field, &timed)?.fault)
        }
    })
}

fn fault(
    s: &Scenario,
    engine: &dyn Engine,
    roster: &Roster,
    at: &str,
    f: &FaultSpec,
) -> Result<Scripted, ScenarioError> {
    let when = match (f.at_ms, &f.after, f.before_event) {
        (Some(t), None, None) => {
            if t > s.max_time_ms {
                return Err(err(
                    format!("{at}.at_ms"),
                    Reason::AfterEnd {
                        at: t,
                        end: s.max_time_ms,
                    },
                ));
            }
            Trigger::At(t)
        }
        (None, Some(p), None) => {
            Trigger::After(pattern(engine, roster, &format!("{at}.after"), p)?)
        }
        (None, None, Some(i)) => Trigger::BeforeEvent(i),
        _ => return Err(err(at, Reason::OneTrigger)),
    };
    let kind = f
        .fault
        .ok_or_else(|| err(format!("{at}.fault"), Reason::MissingFault))?;
    let msg = f.msg.map(MsgId);
    let needs_msg = || {
        if msg.is_none() && f.after.is_none() {
            Err(err(format!("{at}.msg"), Reason::MissingMsg))
        } else {
            Ok(())
        }
    };
    let the_node = || {
        let name = f
            .node
            .as_deref()
            .ok_or_else(|| err(format!("{at}.node"), Reason::MissingNode))?;
        node(roster, name, &format!("{at}.node"))
    };
    let fault = match kind {
        FaultKind::Drop => {
            needs_msg()?;
            Fault::Drop(msg)
        }
        FaultKind::Duplicate => {
            needs_msg()?;
            Fault::Duplicate(msg)
        }
        FaultKind::Delay => {
            needs_msg()?;
            let by = f
                .by_ms
                .ok_or_else(|| err(format!("{at}.by_ms"), Reason::MissingBy))?;
            duration(&format!("{at}.by_ms"), by)?;
            Fault::Delay(msg, by)
        }
        FaultKind::Crash => Fault::Crash(the_node()?),
        FaultKind::Recover => Fault::Recover(the_node()?),
        FaultKind::Heal => Fault::Heal,
        FaultKind::DropRate => {
            let r = f
                .rate
                .ok_or_else(|| err(format!("{at}.rate"), Reason::MissingRate))?;
            Fault::DropRate(rate(&format!("{at}.rate"), r)?)
        }
        FaultKind::Partition => {
            let groups = f
                .groups
                .as_ref()
                .ok_or_else(|| err(format!("{at}.groups"), Reason::MissingGroups))?;
            if groups.len() > MAX_SIDES {
                return Err(err(
                    format!("{at}.groups"),
                    Reason::TooMany {
                        count: groups.len(),
                        max: MAX_SIDES,
                    },
                ));
            }
            // Unnamed nodes share one more side, numbered after the named ones.
            let rest = groups.len() as u8 + 1;
            let mut side = vec![rest; roster.len()];
            let mut seen = vec![false; roster.len()];
            for (g, names) in groups.iter().enumerate() {
                for (k, name) in names.iter().enumerate() {
                    let field = format!("{at}.groups[{g}][{k}]");
                    let id = node(roster, name, &field)?;
                    if std::mem::replace(&mut seen[id.index()], true) {
                        return Err(err(field, Reason::InTwoGroups { name: name.clone() }));
                    }
                    side[id.index()] = g as u8 + 1;
                }
            }
            Fault::Partition(side)
        }
    };
    Ok(Scripted { when, fault })
}

fn node(roster: &Roster, name: &str, field: &str) -> Result<NodeId, ScenarioError> {
    roster.find(name).ok_or_else(|| {
        err(
            field,
            Reason::UnknownNode {
                name: name.to_string(),
                known: roster.names_list(),
            },
        )
    })
}

fn duration(field: &str, v: u64) -> Result<(), ScenarioError> {
    if v > MAX_DURATION_MS {
        return Err(err(
            field,
            Reason::TooLong {
                ms: v,
                max: MAX_DURATION_MS,
            },
        ));
    }
    Ok(())
}

/// A probability as parts per million.
fn rate(field: &str, r: f64) -> Result<u32, ScenarioError> {
    if !(0.0..=1.0).contains(&r) {
        return Err(err(
            field,
            Reason::NotProbability {
                value: crate::numtext::float(r),
            },
        ));
    }
    Ok((r * 1_000_000.0).round() as u32)
}

fn pattern(
    engine: &dyn Engine,
    roster: &Roster,
    at: &str,
    p: &PatternSpec,
) -> Result<Pattern, ScenarioError> {
    let kind = match &p.event {
        None => None,
        Some(k) => Some(EventKind::from_name(k).ok_or_else(|| {
            err(
                format!("{at}.event"),
                Reason::UnknownEvent {
                    name: k.clone(),
                    known: EventKind::names(),
                },
            )
        })?),
    };
    let label = match &p.label {
        None => None,
        Some(l) => {
            let drops = DropReason::ALL.map(DropReason::label);
            let lists = [
                engine.labels(Sort::Msg),
                engine.labels(Sort::Record),
                engine.labels(Sort::Txn),
                engine.labels(Sort::Phase),
                engine.labels(Sort::Timer),
                &drops[..],
            ];
            Some(
                lists
                    .iter()
                    .flat_map(|l| l.iter())
                    .find(|x| x.eq_ignore_ascii_case(l))
                    .copied()
                    .ok_or_else(|| {
                        err(
                            format!("{at}.label"),
                            Reason::UnknownLabel {
                                label: l.clone(),
                                protocol: engine.name(),
                            },
                        )
                    })?,
            )
        }
    };
    let nth = p.nth.unwrap_or(1);
    if nth == 0 || nth > 1_000_000 {
        return Err(err(
            format!("{at}.nth"),
            Reason::OutOfRange {
                value: nth.into(),
                min: 1,
                max: 1_000_000,
            },
        ));
    }
    Ok(Pattern {
        kind,
        node: p
            .node
            .as_deref()
            .map(|n| node(roster, n, &format!("{at}.node")))
            .transpose()?,
        peer: p
            .peer
            .as_deref()
            .map(|n| node(roster, n, &format!("{at}.peer")))
            .transpose()?,
        label,
        nth,
    })
}
