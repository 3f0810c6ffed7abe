//! What a visit of `cargo bench` works on: the starting vectors and `seq`'s
//! answers, kept for the whole run, and one configuration's target, visited
//! either in this process ([`InProcess`]) or in a peer ([`InPeer`]). Both
//! check every result against `seq`'s bits: a wrong result is a bug, never
//! noise, and stops the run.

use std::{
    collections::{HashMap, hash_map::Entry},
    time::Duration,
};

use doall_kernel::{Checksum, Workload, initial_vector};

use super::{
    matrix::{Answer, Config},
    peer::{Call, Peer, PeerCall},
    visit::Visited,
};
use crate::{
    Error,
    bandwidth::{is_one_stream_pass, stream_pass},
};
use doall_registry::{
    Runner, runner_matches, runner_to_vec,
    timing::{probe_threads, runner_holds, time_calls},
};

/// The starting vectors (one per length) and the answers of `seq` (one per
/// workload and length) of a set of configurations, computed once and kept
/// for the whole run, and one scratch vector that every call works on.
pub struct Vectors {
    initial: HashMap<usize, Vec<f64>>,
    seq_answers: HashMap<(Workload, usize), Vec<f64>>,
    /// The scratch vector, as long as the longest configuration: take it
    /// out (`std::mem::take`) to work on it while the rest is borrowed.
    pub scratch: Vec<f64>,
}

impl Vectors {
    /// Builds the vectors of `configs`.
    pub fn new(configs: &[Config]) -> Result<Vectors, Error> {
        let mut vectors = Vectors {
            initial: HashMap::new(),
            seq_answers: HashMap::new(),
            scratch: Vec::new(),
        };
        for config in configs {
            if let Entry::Vacant(slot) = vectors.initial.entry(config.len) {
                slot.insert(initial_vector(config.len)?);
            }
            if config.answer() == Answer::Seq
                && let Entry::Vacant(slot) =
                    vectors.seq_answers.entry((config.workload, config.len))
            {
                let mut answer = initial_vector(config.len)?;
                doall_seq::do_all(&mut answer, &config.workload);
                slot.insert(answer);
            }
        }
        let longest = configs.iter().map(|c| c.len).max().unwrap_or(0);
        vectors.scratch = initial_vector(longest)?;
        Ok(vectors)
    }
}

/// What one configuration starts from and must leave.
pub struct Target<'a> {
    /// The configuration.
    pub config: &'a Config,
    /// Its starting vector.
    pub initial: &'a [f64],
    seq_answer: Option<&'a [f64]>,
}

impl<'a> Target<'a> {
    /// `vectors` must have been built for a set of configurations that
    /// holds `config`.
    pub fn new(config: &'a Config, vectors: &'a Vectors) -> Target<'a> {
        const BUILT: &str = "Vectors::new covers every configuration of the run";
        let initial = vectors.initial.get(&config.len).expect(BUILT);
        let seq_answer = match config.answer() {
            Answer::Seq => Some(
                vectors
                    .seq_answers
                    .get(&(config.workload, config.len))
                    .expect(BUILT)
                    .as_slice(),
            ),
            Answer::Stream => None,
        };
        Target {
            config,
            initial,
            seq_answer,
        }
    }

    /// Opens the configuration's session over `v` (builds its pool: not
    /// timed) and runs `body` in it.
    pub fn session<R>(
        &self,
        v: &mut [f64],
        body: impl FnOnce(&mut dyn Runner) -> Result<R, Error>,
    ) -> Result<R, Error> {
        self.config.session(&mut v[..self.config.len], body)
    }

    /// Checks that the session's vector holds exactly the answer of `seq`
    /// (or of one stream pass): a wrong strategy is a bug, never noise, and
    /// stops the run.
    pub fn check(&self, session: &mut dyn Runner) -> Result<(), Error> {
        let right = match self.seq_answer {
            Some(answer) => runner_holds(session, answer),
            None => runner_matches(session, self.initial, is_one_stream_pass),
        };
        if right {
            return Ok(());
        }
        let expected = match self.seq_answer {
            Some(answer) => Checksum::of(answer),
            None => {
                let mut answer = self.initial.to_vec();
                stream_pass(&mut answer, 1);
                Checksum::of(&answer)
            }
        };
        Err(Error::WrongResult {
            strategy: self.config.subject_name(),
            workload: self.config.workload.name(),
            len: self.config.len,
            got: Checksum::of(&runner_to_vec(session)).to_string(),
            expected: expected.to_string(),
        })
    }

    /// The right answer's checksum.
    pub fn expected_checksum(&self) -> Checksum {
        match self.seq_answer {
            Some(answer) => Checksum::of(answer),
            None => {
                let mut answer = self.initial.to_vec();
                stream_pass(&mut answer, 1);
                Checksum::of(&answer)
            }
        }
    }
}

/// A configuration of this process, visited in its open session.
pub struct InProcess<'a, 's> {
    /// What the session computes.
    pub target: &'a Target<'a>,
    /// The configuration's open session.
    pub session: &'s mut dyn Runner,
}

impl Visited for InProcess<'_, '_> {
    fn time_calls(&mut self, calls: u64, gap: Duration) -> Result<Duration, Error> {
        time_calls(self.session, self.target.initial, calls, gap)
    }

    fn check(&mut self) -> Result<(), Error> {
        self.target.check(self.session)
    }

    fn probe(&mut self, calls: usize, gap: Duration) -> Result<Vec<usize>, Error> {
        probe_threads(self.session, self.target.initial, calls, gap)
    }
}

/// A peer's configuration, visited through the running peer: every reply
/// carries the checksum of its last call, which must be Rust `seq`'s.
pub struct InPeer<'a> {
    peer: &'a mut Peer,
    target: &'a Target<'a>,
    call: Call,
    /// The checksum of the last reply.
    last: Option<String>,
    /// The checksum every reply must carry: hashed once per visit, since
    /// a vector of light can hold millions of elements.
    expected: String,
}

impl<'a> InPeer<'a> {
    /// `call` of `target`'s configuration, in `peer` (which must be the
    /// peer `call` names).
    pub fn new(peer: &'a mut Peer, target: &'a Target<'a>, call: PeerCall) -> InPeer<'a> {
        debug_assert_eq!(peer.kind, call.peer, "the call's own peer");
        InPeer {
            peer,
            target,
            call: call.call,
            last: None,
            expected: target.expected_checksum().to_string(),
        }
    }
}

impl Visited for InPeer<'_> {
    /// The peer times its calls itself, with its own clock, in the loop of
    /// [`doall_registry::timing::time_calls`] (reset, gap, then only the call timed):
    /// timed from this process, every batch would also carry a round trip
    /// through the pipes and the peer's parsing.
    fn time_calls(&mut self, calls: u64, gap: Duration) -> Result<Duration, Error> {
        let config = self.target.config;
        let (total, checksum) =
            self.peer
                .time(self.call, config.workload, config.len, calls, gap)?;
        self.last = Some(checksum);
        Ok(total)
    }

    fn check(&mut self) -> Result<(), Error> {
        match self.last.take() {
            Some(got) if got == self.expected => Ok(()),
            got => Err(Error::WrongResult {
                strategy: PeerCall {
                    peer: self.peer.kind,
                    call: self.call,
                }
                .name(),
                workload: self.target.config.workload.name(),
                len: self.target.config.len,
                got: got.unwrap_or_else(|| "nothing".to_owned()),
                expected: self.expected.clone(),
            }),
        }
    }

    fn probe(&mut self, calls: usize, gap: Duration) -> Result<Vec<usize>, Error> {
        let Call::DoAll { threads } = self.call else {
            // A sequential loop runs on the thread that asks: nothing to
            // count, but the last result must still be checked.
            self.time_calls(1, gap)?;
            return Ok(Vec::new());
        };
        let config = self.target.config;
        let (counts, checksum) =
            self.peer
                .probe(threads, config.workload, config.len, calls, gap)?;
        self.last = Some(checksum);
        Ok(counts)
    }
}
