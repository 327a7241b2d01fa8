//! The explorer against every published state count of Gray & Lamport's transaction-commit specs.
//!
//! Sources of the numbers:
//! * [TLC-manifest] tlaplus/Examples, `specifications/transaction_commit/manifest.json`: TLC's
//!   exhaustive runs of `TwoPhase.cfg` and `TCommit.cfg`, both `CONSTANT RM = {r1, r2, r3}`, give
//!   `distinctStates`, `totalStates` (TLC's "states generated") and `stateDepth`.
//! * [TwoPhase.tla] the spec's closing comment: "checked with TLC for six RMs, a configuration
//!   with 50816 reachable states".
//! * [Stateright] stateright `examples/2pc.rs`, test `can_model_2pc`: `unique_state_count()` is
//!   288 for 3 RMs and 8 832 for 5 RMs (665 for 5 RMs with its symmetry reduction, which is not a
//!   full canonical form: see `tests/explorer_stateright.rs`, which reproduces it with Stateright).
//!
//! Counting conventions (see `Report`): distinct states = TLC's "distinct states found";
//! generated = TLC's "states generated" = initial states plus every successor computed,
//! duplicates and self-loops included (Stateright's `state_count()`); depth counts an initial
//! state as 1 (TLC's "depth of the complete state graph search", Stateright's `max_depth()`).

use std::collections::{HashSet, VecDeque};
use txscope::explorer::models::{TCommit, TwoPhase, TwoPhaseState};
use txscope::explorer::{explore, Model, Options, Report};

fn search<M: Model>(model: &M, symmetry: bool) -> Report<M::State, M::Action> {
    let options = Options {
        symmetry,
        ..Options::default()
    };
    let report = explore(model, &options).expect("search runs");
    assert!(report.complete);
    assert!(
        report.findings.is_empty(),
        "the specs satisfy their invariants"
    );
    report
}

fn counts<M: Model>(model: &M, symmetry: bool) -> (u64, u64, u32) {
    let r = search(model, symmetry);
    (r.distinct_states, r.generated, r.depth)
}

// ---------------------------------------------------------------------------------------------
// TwoPhase.tla

/// [TLC-manifest] TwoPhase.cfg, RM = {r1, r2, r3}: 288 distinct, 1146 generated, depth 11.
/// [Stateright] 288 unique states for 3 RMs.
#[test]
fn two_phase_3_rms_matches_tlc() {
    assert_eq!(counts(&TwoPhase::new(3).unwrap(), false), (288, 1146, 11));
}

/// [Stateright] 8 832 unique states for 5 RMs.
#[test]
fn two_phase_5_rms_matches_stateright() {
    assert_eq!(counts(&TwoPhase::new(5).unwrap(), false).0, 8_832);
}

/// [TwoPhase.tla] "six RMs, a configuration with 50816 reachable states".
#[test]
fn two_phase_6_rms_matches_the_spec_comment() {
    assert_eq!(counts(&TwoPhase::new(6).unwrap(), false).0, 50_816);
}

/// One RM, by hand. A state is (rmState, tmState, r1 ∈ tmPrepared, msgs); "-" is "not in".
///
/// ```text
///  #  state                          enabled actions → successor            (new?)
///  1  working   init      -  {}        RMPrepare → 2, RMChooseToAbort → 3, TMAbort → 4
///  2  prepared  init      -  {P}       TMRcvPrepared → 5, TMAbort → 6
///  3  aborted   init      -  {}        TMAbort → 7
///  4  working   aborted   -  {A}       RMPrepare → 6, RMChooseToAbort → 7, RMRcvAbortMsg → 7
///  5  prepared  init      r1 {P}       TMRcvPrepared → 5 (self), TMCommit → 8, TMAbort → 9
///  6  prepared  aborted   -  {P,A}     RMRcvAbortMsg → 10
///  7  aborted   aborted   -  {A}       RMRcvAbortMsg → 7 (self)
///  8  prepared  committed r1 {P,C}     RMRcvCommitMsg → 11
///  9  prepared  aborted   r1 {P,A}     RMRcvAbortMsg → 12
/// 10  aborted   aborted   -  {P,A}     RMRcvAbortMsg → 10 (self)
/// 11  committed committed r1 {P,C}     RMRcvCommitMsg → 11 (self)
/// 12  aborted   aborted   r1 {P,A}     RMRcvAbortMsg → 12 (self)
/// ```
///
/// 12 distinct states; generated = 1 initial + 3+2+1+3+3+1+1+1+1+1+1+1 = 20 successors → 20;
/// the longest shortest path is 1 → 2 → 5 → 8 → 11 (4 steps), so depth 5.
#[test]
fn two_phase_1_rm_by_hand() {
    assert_eq!(counts(&TwoPhase::new(1).unwrap(), false), (12, 20, 5));
}

/// With symmetry, one RM has no other RM to swap with: nothing changes.
#[test]
fn two_phase_1_rm_symmetry_changes_nothing() {
    assert_eq!(counts(&TwoPhase::new(1).unwrap(), true), (12, 20, 5));
}

/// The depth grows by 3 per RM: the longest shortest path prepares every RM, has the TM receive
/// every `Prepared`, commits, and delivers `Commit` to every RM: 3n + 1 steps, depth 3n + 2.
#[test]
fn two_phase_depth_is_3n_plus_2() {
    for n in 1..=6 {
        assert_eq!(
            counts(&TwoPhase::new(n).unwrap(), false).2,
            3 * n as u32 + 2
        );
    }
}

/// A plain breadth-first search with a `HashSet` of whole states, independent of fingerprints.
fn all_states<M: Model>(model: &M) -> HashSet<M::State> {
    let mut seen: HashSet<M::State> = model.init_states().into_iter().collect();
    let mut queue: VecDeque<M::State> = seen.iter().cloned().collect();
    let mut actions = Vec::new();
    while let Some(s) = queue.pop_front() {
        actions.clear();
        model.actions(&s, &mut actions);
        for a in &actions {
            let next = model.next_state(&s, a).unwrap();
            if seen.insert(next.clone()) {
                queue.push_back(next);
            }
        }
    }
    seen
}

/// Symmetry reduction under permutations of RM, with the full canonical form (rows sorted
/// jointly; see `TwoPhase::representative`). No figure is published for it, so the orbit counts
/// are pinned here and cross-checked: a plain search keeps every state, the states' distinct
/// representatives are counted, and both must equal the reduced search's distinct count.
/// For 5 RMs there are 314 orbits, fewer than Stateright's 665 for its partial sort.
#[test]
fn two_phase_symmetry_counts_orbits_exactly() {
    let expected_orbits = [12, 34, 80, 166, 314];
    for (n, &orbits) in (1..=5).zip(&expected_orbits) {
        let model = TwoPhase::new(n).unwrap();
        let states = all_states(&model);
        let representatives: HashSet<TwoPhaseState> =
            states.iter().map(|s| model.representative(s)).collect();
        assert_eq!(
            representatives.len(),
            orbits,
            "{n} RMs: orbits by brute force"
        );
        let (distinct, _, depth) = counts(&model, true);
        assert_eq!(distinct, orbits as u64, "{n} RMs: reduced search");
        assert_eq!(depth, 3 * n as u32 + 2, "{n} RMs: symmetry keeps distances");
    }
    // And the plain search agrees with the HashSet search (fingerprints merged nothing).
    assert_eq!(all_states(&TwoPhase::new(5).unwrap()).len(), 8_832);
}

/// The refusal estimate is an upper bound: `2·6ⁿ + 2ⁿ` states, `2·C(n+5,5) + n + 1` orbits.
#[test]
fn two_phase_estimates_bound_the_counts() {
    for n in 1..=7 {
        let model = TwoPhase::new(n).unwrap();
        for symmetry in [false, true] {
            let estimate = model.estimated_state_count(symmetry).unwrap();
            let distinct = counts(&model, symmetry).0;
            assert!(estimate >= distinct, "{n} RMs, symmetry {symmetry}");
        }
    }
    assert_eq!(
        TwoPhase::new(3).unwrap().estimated_state_count(false),
        Some(440)
    );
}

// ---------------------------------------------------------------------------------------------
// TCommit.tla

/// [TLC-manifest] TCommit.cfg, RM = {r1, r2, r3}: 34 distinct, 94 generated, depth 7.
#[test]
fn tcommit_3_rms_matches_tlc() {
    assert_eq!(counts(&TCommit::new(3).unwrap(), false), (34, 94, 7));
}

/// One RM, by hand: working → Prepare → prepared, working → Decide(abort) → aborted,
/// prepared → Decide(commit) → committed (canCommit: the only RM is prepared),
/// prepared → Decide(abort) → aborted (notCommitted). 4 distinct states; generated =
/// 1 initial + 2 + 2 = 5; longest shortest path working → prepared → committed: depth 3.
#[test]
fn tcommit_1_rm_by_hand() {
    assert_eq!(counts(&TCommit::new(1).unwrap(), false), (4, 5, 3));
}

/// Two RMs, by hand (w, p, c, a for working, prepared, committed, aborted).
///
/// Reachable: the 9 pairs over {w, p, a} (nothing stops preparing or aborting before a commit),
/// and (c, p), (p, c), (c, c) (a commit needs both RMs prepared or committed, and then nobody
/// may abort): 12 distinct. Successors of each state (Prepare: w; Decide commit: p and
/// canCommit; Decide abort: w or p, and notCommitted):
///
/// ```text
/// (w,w) 2+2=4   (w,p) 2+1=3   (p,w) 3       (w,a) 2      (a,w) 2
/// (p,p) 2+2=4   (p,a) 1       (a,p) 1       (a,a) 0
/// (c,p) 1       (p,c) 1       (c,c) 0
/// ```
///
/// 22 successors + 1 initial state = 23 generated. Longest shortest path
/// (w,w) → (p,w) → (p,p) → (c,p) → (c,c): 4 steps, depth 5.
#[test]
fn tcommit_2_rms_by_hand() {
    assert_eq!(counts(&TCommit::new(2).unwrap(), false), (12, 23, 5));
}

/// Generalising the hand count: `3ⁿ` states with no commit, `2ⁿ - 1` with one (every RM
/// prepared or committed, at least one committed); orbits `C(n+2, 2) + n`; depth `2n + 1`.
/// For n = 3: 27 + 7 = 34, the TLC figure.
#[test]
fn tcommit_closed_forms() {
    for n in 1..=8u32 {
        let model = TCommit::new(n as usize).unwrap();
        let (distinct, _, depth) = counts(&model, false);
        assert_eq!(distinct, 3u64.pow(n) + 2u64.pow(n) - 1, "{n} RMs");
        assert_eq!(depth, 2 * n + 1, "{n} RMs");
        let orbits = counts(&model, true).0;
        let n = u64::from(n);
        assert_eq!(orbits, (n + 2) * (n + 1) / 2 + n, "{n} RMs, symmetry");
        assert_eq!(model.estimated_state_count(false), Some(distinct));
    }
}
