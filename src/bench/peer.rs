//! Peers: the same work written in another language, run for real beside
//! the Rust strategies. Two exist, under `peers/`: Effective Go's `DoAll`
//! (`peers/go`, a goroutine per chunk) and OpenMP's parallel for in C
//! (`peers/openmp`, `#pragma omp parallel for schedule(static)`).
//!
//! When its toolchain is there (`go` on `PATH`; a `cc` that takes
//! `-fopenmp`), the bench builds a peer into `target/` and starts it once
//! as a child process; every configuration of the peer in every round is
//! then one or more request lines on its stdin (`time heavy 4096 2 doall
//! 100 0`), each answered by one line on its stdout (`ok <total ns>
//! <checksum>`), the protocol of `peers/go/README.md`, which both peers
//! speak. The peer times its own calls, so the pipe's latency is never in a
//! figure; the harness only decides how many calls to ask for, exactly as
//! it does for a Rust strategy (see [`super::visit`]).
//!
//! A peer's kernel is not Rust's, so each is measured against its own
//! sequential loop (`go-seq`, `openmp-seq`): the same non-inlined kernel
//! that every thread calls, on the whole vector. Both must leave the bits
//! of Rust's `seq`: the checksum of every reply is compared with it.

use std::{
    io::{BufRead, BufReader, Write},
    path::{Path, PathBuf},
    process::{Child, ChildStdin, ChildStdout, Command, Stdio},
    time::Duration,
};

use doall_kernel::Workload;
use doall_results::StrategyInfo;

use crate::Error;

/// Which peer program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeerKind {
    /// Effective Go's `DoAll`, `peers/go`.
    Go,
    /// OpenMP's parallel for in C, `peers/openmp`.
    OpenMp,
}

impl PeerKind {
    /// Every peer, in the order the bench starts them.
    pub const ALL: [PeerKind; 2] = [PeerKind::Go, PeerKind::OpenMp];

    /// The parallel program's name in records and benchmark names.
    pub fn name(self) -> &'static str {
        match self {
            PeerKind::Go => "go",
            PeerKind::OpenMp => "openmp",
        }
    }

    /// Its sequential loop's name, its own baseline.
    pub fn seq_name(self) -> &'static str {
        match self {
            PeerKind::Go => "go-seq",
            PeerKind::OpenMp => "openmp-seq",
        }
    }

    /// How messages name it: `Go`, `OpenMP`.
    pub fn title(self) -> &'static str {
        match self {
            PeerKind::Go => "Go",
            PeerKind::OpenMp => "OpenMP",
        }
    }

    /// What its parallel call is, for messages.
    pub fn parallel_call(self) -> &'static str {
        match self {
            PeerKind::Go => "Go's DoAll",
            PeerKind::OpenMp => "OpenMP's parallel for",
        }
    }

    /// The variable that leaves it out of a run: `DOALL_BENCH_GO=off`.
    pub fn off_var(self) -> &'static str {
        match self {
            PeerKind::Go => "DOALL_BENCH_GO",
            PeerKind::OpenMp => "DOALL_BENCH_OPENMP",
        }
    }

    /// The most threads the peer serves (its `maxThreads`, its
    /// `MAX_THREADS`): for Go each is a P of the scheduler with a goroutine
    /// per chunk, for OpenMP a thread of the team.
    pub fn max_threads(self) -> usize {
        1024
    }

    /// How a call's threads follow from its thread count.
    pub fn threads_rule(self) -> &'static str {
        match self {
            PeerKind::Go => "GOMAXPROCS = threads, a goroutine per chunk",
            PeerKind::OpenMp => "num_threads(threads), one chunk per thread",
        }
    }

    /// The program's sources, in this repository.
    pub fn source_dir(self) -> PathBuf {
        let dir = match self {
            PeerKind::Go => "peers/go",
            PeerKind::OpenMp => "peers/openmp",
        };
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir)
    }

    /// The built program's file name (in `target/`).
    pub fn binary_name(self) -> &'static str {
        match self {
            PeerKind::Go => "doall-go-peer",
            PeerKind::OpenMp => "doall-openmp-peer",
        }
    }

    /// Builds `source` into `binary` and returns how results describe the
    /// peer (`go1.19.8 linux/amd64`; `gcc 12.2.0, libgomp; OMP_WAIT_POLICY
    /// unset, GOMP_SPINCOUNT unset`), or says in one line why it cannot.
    fn build(self, source: &Path, binary: &Path) -> Result<String, PeerSkipped> {
        match self {
            PeerKind::Go => build_go(source, binary),
            PeerKind::OpenMp => build_openmp(source, binary),
        }
    }

    /// How results describe the peer's two programs.
    pub fn strategies(self, description: &str) -> [StrategyInfo; 2] {
        let (summary, seq_summary) = match self {
            PeerKind::Go => (
                "Effective Go's DoAll: a goroutine per chunk, a channel drained",
                "Go's sequential loop: the same non-inlined DoSome on the whole vector",
            ),
            PeerKind::OpenMp => (
                "OpenMP's parallel for in C: #pragma omp parallel for schedule(static), a chunk \
                 per thread",
                "C's sequential loop: the same non-inlined update_chunk on the whole vector",
            ),
        };
        let info = |name: &str, summary: &str, threads_rule: &str| StrategyInfo {
            name: name.to_owned(),
            summary: summary.to_owned(),
            threads_rule: threads_rule.to_owned(),
            baseline: self.seq_name().to_owned(),
            peer: Some(description.to_owned()),
            contender: None,
        };
        [
            info(self.name(), summary, self.threads_rule()),
            info(self.seq_name(), seq_summary, "1"),
        ]
    }
}

/// What a peer's configuration calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// The sequential loop: the kernel on the whole vector.
    Seq,
    /// The parallel call on `threads` threads with one chunk per thread
    /// (Effective Go's `numCPU` chunks).
    DoAll {
        /// Threads, and chunks.
        threads: usize,
    },
}

/// One peer's call: the peer and what it calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerCall {
    /// The peer.
    pub peer: PeerKind,
    /// Its loop or its parallel call.
    pub call: Call,
}

impl PeerCall {
    /// `go-seq` or `go`, `openmp-seq` or `openmp`, as results name them.
    pub fn name(self) -> &'static str {
        match self.call {
            Call::Seq => self.peer.seq_name(),
            Call::DoAll { .. } => self.peer.name(),
        }
    }

    /// Threads and chunks of a call.
    pub fn threads(self) -> usize {
        match self.call {
            Call::Seq => 1,
            Call::DoAll { threads } => threads,
        }
    }

    /// The protocol's word for it.
    fn word(self) -> &'static str {
        match self.call {
            Call::Seq => "seq",
            Call::DoAll { .. } => "doall",
        }
    }
}

/// Why the bench runs without a peer: one line for the user, then it
/// carries on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerSkipped(pub String);

/// A running peer. Dropping it asks it to quit and waits for it.
pub struct Peer {
    /// Which peer.
    pub kind: PeerKind,
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    /// How results describe it (its toolchain's version and settings).
    pub description: String,
}

/// The last line of a tool's complaint.
fn last_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.lines().last().unwrap_or("no message").to_owned()
}

fn build_go(source: &Path, binary: &Path) -> Result<String, PeerSkipped> {
    const GET_GO: &str = "install Go 1.19 or later (https://go.dev/dl/, or \
                          `apt-get install golang-go`) to measure Effective Go's DoAll \
                          beside the Rust strategies";
    let version = match Command::new("go").arg("version").output() {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            text.trim().trim_start_matches("go version ").to_owned()
        }
        Ok(_) | Err(_) => return Err(PeerSkipped(format!("no working `go` on PATH: {GET_GO}"))),
    };
    // Go 1.19 finds go.mod only in the current directory, so the build
    // runs in the module's directory (see the peer's README.md).
    let built = Command::new("go")
        .args(["build", "-o"])
        .arg(binary)
        .arg(".")
        .current_dir(source)
        .stdin(Stdio::null())
        .output();
    match built {
        Ok(out) if out.status.success() => Ok(version),
        Ok(out) => Err(PeerSkipped(format!(
            "`go build` in {} failed ({version}): {}",
            source.display(),
            last_line(&out.stderr)
        ))),
        Err(e) => Err(PeerSkipped(format!("`go build` did not start: {e}"))),
    }
}

/// The C compiler's flags: `-ffp-contract=off` forbids fused multiply-adds,
/// which would change the last bits (docs/SPEC.md §2).
pub const OPENMP_FLAGS: [&str; 3] = ["-O3", "-fopenmp", "-ffp-contract=off"];

fn build_openmp(source: &Path, binary: &Path) -> Result<String, PeerSkipped> {
    const GET_CC: &str = "install a C compiler with OpenMP (`apt-get install gcc`) to measure \
                          OpenMP's parallel for beside the Rust strategies";
    let built = Command::new("cc")
        .args(OPENMP_FLAGS)
        .arg("-o")
        .arg(binary)
        .args([source.join("peer.c"), source.join("kernel.c")])
        .stdin(Stdio::null())
        .output();
    match built {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            return Err(PeerSkipped(format!(
                "`cc -fopenmp` failed: {}; {GET_CC}",
                last_line(&out.stderr)
            )));
        }
        Err(e) => return Err(PeerSkipped(format!("no working `cc` ({e}): {GET_CC}"))),
    }
    match Command::new(binary).arg("--describe").output() {
        Ok(out) if out.status.success() => {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        }
        Ok(out) => Err(PeerSkipped(format!(
            "{} --describe failed: {}",
            binary.display(),
            last_line(&out.stderr)
        ))),
        Err(e) => Err(PeerSkipped(format!(
            "{} did not start: {e}",
            binary.display()
        ))),
    }
}

impl Peer {
    /// Builds `kind`'s sources into `binary` and starts it. Without its
    /// toolchain, or when the build fails, says why in one line; the bench
    /// then runs without it.
    pub fn start(kind: PeerKind, binary: &Path) -> Result<Peer, PeerSkipped> {
        let description = kind.build(&kind.source_dir(), binary)?;
        let mut child = Command::new(binary)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| PeerSkipped(format!("{} did not start: {e}", binary.display())))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err(PeerSkipped("the peer's pipes were not opened".to_owned()));
        };
        Ok(Peer {
            kind,
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
            description,
        })
    }

    fn error(&self, message: String) -> Error {
        Error::Peer {
            peer: self.kind.title(),
            message,
        }
    }

    /// Sends one request line and returns the reply after its `ok `.
    fn request(&mut self, line: &str) -> Result<String, Error> {
        let Some(stdin) = self.stdin.as_mut() else {
            return Err(self.error("it was already asked to quit".to_owned()));
        };
        if let Err(e) = writeln!(stdin, "{line}").and_then(|()| stdin.flush()) {
            return Err(self.error(format!("could not send {line:?}: {e}")));
        }
        let mut reply = String::new();
        match self.stdout.read_line(&mut reply) {
            Err(e) => return Err(self.error(format!("no reply to {line:?}: {e}"))),
            Ok(0) => return Err(self.error(format!("it exited without replying to {line:?}"))),
            Ok(_) => {}
        }
        let reply = reply.trim_end();
        if let Some(rest) = reply.strip_prefix("ok ") {
            Ok(rest.to_owned())
        } else if let Some(reason) = reply.strip_prefix("err ") {
            Err(self.error(format!("it refused {line:?}: {reason}")))
        } else {
            Err(self.error(format!("unexpected reply {reply:?} to {line:?}")))
        }
    }

    /// Sends `line` and splits its reply into what comes before the
    /// checksum and the checksum.
    fn request_split(&mut self, line: &str) -> Result<(String, String), Error> {
        let reply = self.request(line)?;
        match reply.split_once(' ') {
            Some((head, checksum)) => Ok((head.to_owned(), checksum.to_owned())),
            None => Err(self.error(format!("cannot read its reply {reply:?} to {line:?}"))),
        }
    }

    /// Times `calls` calls, each on a fresh copy of the starting vector and
    /// after `gap` of busy work; returns their total time (copies and gaps
    /// not counted) and the checksum of the last call's result.
    pub fn time(
        &mut self,
        call: Call,
        workload: Workload,
        len: usize,
        calls: u64,
        gap: Duration,
    ) -> Result<(Duration, String), Error> {
        let call = PeerCall {
            peer: self.kind,
            call,
        };
        let line = format!(
            "time {} {len} {} {} {calls} {}",
            workload.name(),
            call.threads(),
            call.word(),
            gap.as_nanos()
        );
        let (nanos, checksum) = self.request_split(&line)?;
        let nanos: u64 = nanos.parse().map_err(|_| {
            self.error(format!(
                "cannot read the time {nanos:?} it sent for {line:?}"
            ))
        })?;
        Ok((Duration::from_nanos(nanos), checksum))
    }

    /// Makes `calls` untimed parallel calls and returns how many OS threads
    /// ran chunks in each, and the checksum of the last result.
    pub fn probe(
        &mut self,
        threads: usize,
        workload: Workload,
        len: usize,
        calls: usize,
        gap: Duration,
    ) -> Result<(Vec<usize>, String), Error> {
        let line = format!(
            "probe {} {len} {threads} {calls} {}",
            workload.name(),
            gap.as_nanos()
        );
        let (counts, checksum) = self.request_split(&line)?;
        let counts = counts
            .split(',')
            .map(|c| c.parse::<usize>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| self.error(format!("cannot read the counts {counts:?} for {line:?}")))?;
        Ok((counts, checksum))
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        // `quit`, then end of input: the peer exits on either.
        if let Some(mut stdin) = self.stdin.take() {
            let _ = writeln!(stdin, "quit");
        }
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each real peer whose toolchain is installed: its checksums are Rust
    /// seq's, its thread counts are counts, and a bad request is an error
    /// that names it. Without the toolchain there is nothing to run (CI
    /// checks each peer on its own as well).
    #[test]
    fn each_peer_leaves_seqs_bits_and_refuses_bad_requests() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        for kind in PeerKind::ALL {
            let mut peer = match Peer::start(kind, &dir.path().join(kind.binary_name())) {
                Ok(peer) => peer,
                Err(PeerSkipped(reason)) => {
                    eprintln!("skipped {}: {reason}", kind.title());
                    continue;
                }
            };
            for (workload, len) in [
                (Workload::Heavy, 1000),
                (Workload::Ramp, 7),
                (Workload::Light, 0),
            ] {
                let mut expected = doall_kernel::initial_vector(len).expect("small");
                doall_seq::do_all(&mut expected, &workload);
                let expected = doall_kernel::Checksum::of(&expected).to_string();
                for call in [Call::Seq, Call::DoAll { threads: 3 }] {
                    let (_, checksum) = peer
                        .time(call, workload, len, 2, Duration::ZERO)
                        .expect("a time reply");
                    assert_eq!(checksum, expected, "{kind:?} {call:?} {workload:?} {len}");
                }
                let (counts, checksum) = peer
                    .probe(2, workload, len, 3, Duration::from_micros(10))
                    .expect("a probe reply");
                assert_eq!(counts.len(), 3);
                assert!(counts.iter().all(|&c| c <= 2), "{counts:?}");
                assert_eq!(checksum, expected);
            }
            let too_many = Call::DoAll {
                threads: kind.max_threads() + 1,
            };
            let refused = peer
                .time(too_many, Workload::Heavy, 8, 1, Duration::ZERO)
                .expect_err("too many threads");
            let refused = refused.to_string();
            assert!(refused.contains("threads"), "{refused}");
            assert!(refused.contains(kind.title()), "{refused}");
        }
    }
}
