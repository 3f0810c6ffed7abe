//! An idle pool stops spinning: once its spin budget has passed, a worker
//! parks and uses no CPU until the next call.
//!
//! CPU time is read per thread from `/proc`, so this test is Linux-only, and
//! this binary holds exactly one test: the workers are found by their names
//! (`doall-pool-*`), and another test's pool in the same process would be
//! counted with them.
#![cfg(target_os = "linux")]

mod support;

use std::{
    collections::HashMap,
    fs,
    path::Path,
    thread,
    time::{Duration, Instant},
};

use doall_kernel::{Plan, Workload, available_threads, initial_vector};
use doall_pool::{PoolConfig, session};
use support::{assert_threads_back_to, thread_count, within};

/// Clock ticks per second in `/proc/<pid>/stat` (`USER_HZ`). The kernel
/// keeps it at 100 for user space on every mainstream architecture, and safe
/// Rust cannot ask `sysconf` without a crate for it.
const USER_HZ: u64 = 100;

/// The CPU time a thread has used, from its `/proc/self/task/<tid>` folder:
/// `schedstat`'s first field (nanoseconds on a CPU) where the kernel keeps
/// it, else `utime + stime` from `stat`, in clock ticks of 10 ms.
fn cpu_time(task: &Path) -> Option<Duration> {
    if let Ok(schedstat) = fs::read_to_string(task.join("schedstat"))
        && let Some(Ok(ns)) = schedstat.split_whitespace().next().map(str::parse::<u64>)
    {
        return Some(Duration::from_nanos(ns));
    }
    let stat = fs::read_to_string(task.join("stat")).ok()?;
    // The thread's name (field 2) is in parentheses and may hold spaces, so
    // the fields are counted from the last `)`: `utime` and `stime`, fields
    // 14 and 15 of the line, are the 12th and 13th after it.
    let fields: Vec<&str> = stat[stat.rfind(')')? + 1..].split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 1000 / USER_HZ))
}

/// The CPU time of every pool worker in this process, by thread id.
fn workers_cpu() -> HashMap<String, Duration> {
    let tasks = fs::read_dir("/proc/self/task").expect("Linux has /proc/self/task");
    let mut workers = HashMap::new();
    for task in tasks.flatten() {
        let path = task.path();
        // A thread that ends meanwhile has no files left: it is skipped.
        let Ok(name) = fs::read_to_string(path.join("comm")) else {
            continue;
        };
        if name.trim_end().starts_with("doall-pool-")
            && let Some(cpu) = cpu_time(&path)
        {
            workers.insert(task.file_name().to_string_lossy().into_owned(), cpu);
        }
    }
    workers
}

/// How much CPU time the workers of `after` used since `before`, and how
/// many workers there were. Thread by thread, so a thread that ended in
/// between makes no negative difference.
fn growth(
    before: &HashMap<String, Duration>,
    after: &HashMap<String, Duration>,
) -> (Duration, usize) {
    let grown = after
        .iter()
        .map(|(tid, &cpu)| cpu.saturating_sub(before.get(tid).copied().unwrap_or_default()))
        .sum();
    (grown, after.len())
}

/// Whether [`cpu_time`] counts nanoseconds (`schedstat`) rather than
/// 10 ms clock ticks, which miss a thread that runs a few microseconds at a
/// time.
fn cpu_time_is_precise() -> bool {
    Path::new("/proc/thread-self/schedstat").exists()
}

/// The CPU time of the calling thread.
fn own_cpu() -> Duration {
    cpu_time(Path::new("/proc/thread-self")).expect("Linux has /proc/thread-self")
}

/// A session of 2 threads, whose only worker is `doall-pool-0`.
fn two_threads() -> Plan {
    Plan::new(2, None).expect("positive")
}

/// Runs `calls` calls back to back on `n` elements of `heavy` without
/// take-back, so that the worker runs its half of every call, and returns
/// the CPU time the worker and the caller (this thread) used meanwhile.
fn cpu_during_calls(n: usize, calls: usize) -> (Duration, Duration) {
    let mut v = initial_vector(n).expect("small");
    let config = PoolConfig {
        take_back: false,
        ..PoolConfig::default()
    };
    session(&mut v, &Workload::Heavy, two_threads(), config, |pool| {
        let (before, caller_before) = (workers_cpu(), own_cpu());
        for _ in 0..calls {
            pool.do_all();
        }
        let (after, caller) = (workers_cpu(), own_cpu().saturating_sub(caller_before));
        let (worker, workers) = growth(&before, &after);
        assert_eq!(workers, 1, "one worker named doall-pool-0, found {after:?}");
        (worker, caller)
    })
    .expect("2 threads")
}

/// Runs a few calls with `spin_budget`, waits `settle`, then returns the
/// worker's CPU time over the next `window` and the wall time that window
/// really took.
fn worker_cpu_after_calls(
    spin_budget: Duration,
    settle: Duration,
    window: Duration,
) -> (Duration, Duration) {
    let mut v = initial_vector(4096).expect("small");
    let config = PoolConfig::default()
        .with_spin_budget(spin_budget)
        .expect("under the limit");
    session(&mut v, &Workload::Heavy, two_threads(), config, |pool| {
        for _ in 0..20 {
            pool.do_all();
        }
        thread::sleep(settle);
        let before = workers_cpu();
        let start = Instant::now();
        thread::sleep(window);
        let after = workers_cpu();
        let wall = start.elapsed();
        let (cpu, workers) = growth(&before, &after);
        // Without this, a failure to find the worker would measure nothing
        // and pass.
        assert_eq!(workers, 1, "one worker named doall-pool-0, found {after:?}");
        (cpu, wall)
    })
    .expect("2 threads, a budget under the limit")
}

#[test]
fn an_idle_pool_parks_its_workers() {
    within("idle pool", || {
        let baseline = thread_count();
        // Each session's worker is found by name: the one before must be
        // gone first.
        let gone = |what: &str| assert_threads_back_to(baseline, &|| format!("after {what}"));

        // Control: the measurement sees a worker that uses CPU, so the
        // idle check below can fail. Without take-back, the caller and the
        // worker each run half of every call, and CPU time (unlike wall
        // time) does not shrink when other programs take the cores: the
        // worker must show a good part of what the caller used. The caller
        // may also have spun while it waited, hence only a quarter; and
        // counted in clock ticks, either may be off by one tick.
        let tick = Duration::from_millis(1000 / USER_HZ);
        let slack = if cpu_time_is_precise() {
            Duration::ZERO
        } else {
            tick
        };
        let (worker, caller) = cpu_during_calls(1 << 18, 60);
        assert!(
            worker + slack >= caller / 4,
            "the working worker used {worker:?} of CPU, the caller {caller:?}"
        );
        gone("the working control");

        // Control: right after a call, well inside a 400 ms budget, the
        // worker spins. It yields its core on every round of polls, so on a
        // loaded machine it gets almost no CPU (a millisecond or so of a
        // 250 ms window, with six busy loops on 2 cores): only "some" can be
        // asserted, and only where CPU time is counted in nanoseconds.
        // With one core the pool does not spin at all: a spinner would keep
        // the caller off the only core.
        if available_threads().get() >= 2 && cpu_time_is_precise() {
            let (cpu, wall) = worker_cpu_after_calls(
                Duration::from_millis(400),
                Duration::ZERO,
                Duration::from_millis(250),
            );
            assert!(
                cpu > Duration::ZERO,
                "a spinning worker used no CPU in {wall:?}"
            );
            gone("the spinning control");
        }

        // A 2 ms budget, then 50 ms of quiet: the worker has parked, and a
        // parked thread uses no CPU at all. A tenth of the window leaves
        // room for a clock tick or two, and is far below the most of the
        // window that a worker spinning on a quiet core uses.
        let (cpu, wall) = worker_cpu_after_calls(
            Duration::from_millis(2),
            Duration::from_millis(50),
            Duration::from_millis(300),
        );
        assert!(
            cpu < wall / 10,
            "an idle worker used {cpu:?} of CPU in {wall:?}: it did not park"
        );
    });
}
