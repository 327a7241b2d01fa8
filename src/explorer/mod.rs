//! Exhaustive state-space search (filled in by the explorer work).
