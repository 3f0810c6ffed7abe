//! Effective Go's `DoAll`, run for real beside the Rust strategies.
//!
//! `scripts/peers/go/` is the Go original over `docs/SPEC.md` (its
//! `README.md` says how it is built and what it speaks). When `go` is on
//! `PATH`, the bench builds it into `target/` and starts it once as a child
//! process; every Go configuration of every round is then one or more request
//! lines on its stdin (`time heavy 4096 2 doall 100 0`), each answered by one
//! line on its stdout (`ok <total ns> <checksum>`). The Go program times its
//! own calls, so the pipe's latency is never in a figure; the harness only
//! decides how many calls to ask for, exactly as it does for a Rust strategy
//! (see [`super::visit`]).
//!
//! Go's kernel is not Rust's, so Go is measured against its own sequential
//! loop, `go-seq`: the same non-inlined `DoSome` that every goroutine calls,
//! on the whole vector. Both must leave the bits of Rust's `seq`: the
//! checksum of every reply is compared with it.

use std::{
    io::{BufRead, BufReader, Write},
    path::{Path, PathBuf},
    process::{Child, ChildStdin, ChildStdout, Command, Stdio},
    time::Duration,
};

use doall_kernel::Workload;
use doall_report::results::StrategyInfo;

use crate::Error;

/// Go's `DoAll` in records and benchmark names.
pub const GO: &str = "go";
/// Go's sequential loop, Go's own baseline.
pub const GO_SEQ: &str = "go-seq";
/// The most threads the Go peer serves (its `maxThreads`): each is a P of
/// the Go scheduler, with a goroutine per chunk.
pub const MAX_GO_THREADS: usize = 1024;

/// What a Go configuration calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoCall {
    /// The sequential loop: `DoSome` on the whole vector.
    Seq,
    /// `DoAll` with `GOMAXPROCS(threads)` and one goroutine per chunk, one
    /// chunk per thread (Effective Go's `numCPU` chunks).
    DoAll {
        /// Threads, and chunks.
        threads: usize,
    },
}

impl GoCall {
    /// `go-seq` or `go`, as results name them.
    pub fn name(self) -> &'static str {
        match self {
            GoCall::Seq => GO_SEQ,
            GoCall::DoAll { .. } => GO,
        }
    }

    /// Threads and chunks of a call.
    pub fn threads(self) -> usize {
        match self {
            GoCall::Seq => 1,
            GoCall::DoAll { threads } => threads,
        }
    }

    /// The protocol's word for it.
    fn word(self) -> &'static str {
        match self {
            GoCall::Seq => "seq",
            GoCall::DoAll { .. } => "doall",
        }
    }
}

/// Why the bench runs without Go: one line for the user, then it carries on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoSkipped(pub String);

/// The running Go peer. Dropping it asks it to quit and waits for it.
pub struct GoPeer {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    /// `go version`'s answer without its prefix: `go1.19.8 linux/amd64`.
    pub version: String,
}

/// The Go program's sources, in this repository.
pub fn go_source_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/peers/go")
}

impl GoPeer {
    /// Builds `source` (a Go module) into `binary` with the `go` on `PATH`
    /// and starts it. Without Go, or when the build fails, says why in one
    /// line; the bench then runs without it.
    pub fn start(source: &Path, binary: &Path) -> Result<GoPeer, GoSkipped> {
        const GET_GO: &str = "install Go 1.19 or later (https://go.dev/dl/, or \
                              `apt-get install golang-go`) to measure Effective Go's DoAll \
                              beside the Rust strategies";
        let version = match Command::new("go").arg("version").output() {
            Ok(out) if out.status.success() => {
                let text = String::from_utf8_lossy(&out.stdout);
                text.trim().trim_start_matches("go version ").to_owned()
            }
            Ok(_) | Err(_) => {
                return Err(GoSkipped(format!("no working `go` on PATH: {GET_GO}")));
            }
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
            Ok(out) if out.status.success() => {}
            Ok(out) => {
                let stderr = String::from_utf8_lossy(&out.stderr);
                let reason = stderr.lines().last().unwrap_or("no message").to_owned();
                return Err(GoSkipped(format!(
                    "`go build` in {} failed ({version}): {reason}",
                    source.display()
                )));
            }
            Err(e) => return Err(GoSkipped(format!("`go build` did not start: {e}"))),
        }
        let mut child = Command::new(binary)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| GoSkipped(format!("{} did not start: {e}", binary.display())))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err(GoSkipped("the Go peer's pipes were not opened".to_owned()));
        };
        Ok(GoPeer {
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
            version,
        })
    }

    /// Sends one request line and returns the reply after its `ok `.
    fn request(&mut self, line: &str) -> Result<String, Error> {
        let peer_error = |message: String| Error::Peer { message };
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| peer_error("the Go peer was already asked to quit".to_owned()))?;
        writeln!(stdin, "{line}")
            .and_then(|()| stdin.flush())
            .map_err(|e| peer_error(format!("could not send {line:?}: {e}")))?;
        let mut reply = String::new();
        let read = self
            .stdout
            .read_line(&mut reply)
            .map_err(|e| peer_error(format!("no reply to {line:?}: {e}")))?;
        if read == 0 {
            return Err(peer_error(format!(
                "it exited without replying to {line:?}"
            )));
        }
        let reply = reply.trim_end();
        if let Some(rest) = reply.strip_prefix("ok ") {
            Ok(rest.to_owned())
        } else if let Some(reason) = reply.strip_prefix("err ") {
            Err(peer_error(format!("it refused {line:?}: {reason}")))
        } else {
            Err(peer_error(format!(
                "unexpected reply {reply:?} to {line:?}"
            )))
        }
    }

    /// Times `calls` calls, each on a fresh copy of the starting vector and
    /// after `gap` of busy work; returns their total time (copies and gaps
    /// not counted) and the checksum of the last call's result.
    pub fn time(
        &mut self,
        call: GoCall,
        workload: Workload,
        len: usize,
        calls: u64,
        gap: Duration,
    ) -> Result<(Duration, String), Error> {
        let line = format!(
            "time {} {len} {} {} {calls} {}",
            workload.name(),
            call.threads(),
            call.word(),
            gap.as_nanos()
        );
        let reply = self.request(&line)?;
        let bad = || Error::Peer {
            message: format!("cannot read its reply {reply:?} to {line:?}"),
        };
        let (nanos, checksum) = reply.split_once(' ').ok_or_else(bad)?;
        let nanos: u64 = nanos.parse().map_err(|_| bad())?;
        Ok((Duration::from_nanos(nanos), checksum.to_owned()))
    }

    /// Makes `calls` untimed `DoAll` calls and returns how many OS threads
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
        let reply = self.request(&line)?;
        let bad = || Error::Peer {
            message: format!("cannot read its reply {reply:?} to {line:?}"),
        };
        let (counts, checksum) = reply.split_once(' ').ok_or_else(bad)?;
        let counts = counts
            .split(',')
            .map(|c| c.parse::<usize>().map_err(|_| bad()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((counts, checksum.to_owned()))
    }
}

impl Drop for GoPeer {
    fn drop(&mut self) {
        // `quit`, then end of input: the peer exits on either.
        if let Some(mut stdin) = self.stdin.take() {
            let _ = writeln!(stdin, "quit");
        }
        let _ = self.child.wait();
    }
}

/// How results describe the Go peer's two programs.
pub fn go_strategies(version: &str) -> [StrategyInfo; 2] {
    let peer = Some(version.to_owned());
    [
        StrategyInfo {
            name: GO.to_owned(),
            summary: "Effective Go's DoAll: a goroutine per chunk, a channel drained".to_owned(),
            threads_rule: "GOMAXPROCS = threads, a goroutine per chunk".to_owned(),
            baseline: GO_SEQ.to_owned(),
            peer: peer.clone(),
            contender: None,
        },
        StrategyInfo {
            name: GO_SEQ.to_owned(),
            summary: "Go's sequential loop: the same non-inlined DoSome on the whole vector"
                .to_owned(),
            threads_rule: "1".to_owned(),
            baseline: GO_SEQ.to_owned(),
            peer,
            contender: None,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real peer, when Go is installed: its checksums are Rust seq's,
    /// its thread counts are counts, and a bad request is an error that
    /// names it. Without Go there is nothing to run (CI installs Go and
    /// checks the peer on its own as well).
    #[test]
    fn the_go_peer_leaves_seqs_bits_and_refuses_bad_requests() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut peer = match GoPeer::start(&go_source_dir(), &dir.path().join("peer")) {
            Ok(peer) => peer,
            Err(GoSkipped(reason)) => {
                eprintln!("skipped: {reason}");
                return;
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
            for call in [GoCall::Seq, GoCall::DoAll { threads: 3 }] {
                let (_, checksum) = peer
                    .time(call, workload, len, 2, Duration::ZERO)
                    .expect("a time reply");
                assert_eq!(
                    checksum,
                    expected,
                    "{} on {} at {len}",
                    call.name(),
                    workload.name()
                );
            }
            let (counts, checksum) = peer
                .probe(2, workload, len, 3, Duration::from_micros(10))
                .expect("a probe reply");
            assert_eq!(counts.len(), 3);
            assert!(counts.iter().all(|&c| c <= 2), "{counts:?}");
            assert_eq!(checksum, expected);
        }
        let refused = peer
            .time(
                GoCall::DoAll {
                    threads: MAX_GO_THREADS + 1,
                },
                Workload::Heavy,
                8,
                1,
                Duration::ZERO,
            )
            .expect_err("too many threads");
        assert!(refused.to_string().contains("threads"), "{refused}");
    }
}
