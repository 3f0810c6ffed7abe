//! How many threads really ran a configuration's chunks: the summary the
//! bench makes of its probed calls, recorded with each record.

use serde::{Deserialize, Serialize};

/// How many distinct OS threads ran at least one chunk per call, over the
/// probed calls of one configuration (all rounds together).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreadsUsed {
    /// The mean over the probed calls: 1.0 means the work never forked.
    pub mean: f64,
    /// The share of probed calls (0 to 1) that ran on every thread the
    /// strategy had for the call.
    pub all_share: f64,
    /// How many calls were probed.
    pub calls: usize,
}

impl ThreadsUsed {
    /// The summary of `counts` (threads that ran a chunk, one per call) for
    /// a call that had `threads` threads; `None` without counts.
    ///
    /// ```
    /// use doall_results::ThreadsUsed;
    /// let used = ThreadsUsed::from_counts(&[2, 1, 2, 2], 2).unwrap();
    /// assert_eq!((used.mean, used.all_share, used.calls), (1.75, 0.75, 4));
    /// assert!(ThreadsUsed::from_counts(&[], 2).is_none());
    /// ```
    pub fn from_counts(counts: &[usize], threads: usize) -> Option<ThreadsUsed> {
        if counts.is_empty() {
            return None;
        }
        let calls = counts.len();
        let total: usize = counts.iter().sum();
        let on_all = counts.iter().filter(|&&c| c >= threads).count();
        Some(ThreadsUsed {
            mean: total as f64 / calls as f64,
            all_share: on_all as f64 / calls as f64,
            calls,
        })
    }
}
