//! When the caller wakes a parked worker: rent until the rent would pay
//! for a wake-up, then buy one ("ski rental").
//!
//! A worker that found no call within its spin budget has parked. Waking it
//! costs the caller a system call, and the worker reaches a core only well
//! after that; for a call whose share is worth less than that, the caller
//! does better to run the share itself, which takes back costs nothing
//! extra. But a caller that never wakes a sleeper would run a stream of
//! large calls alone. So the caller keeps an account per worker: the
//! *rent*, the time it has spent running that worker's shares since it
//! found it parked. It wakes the worker when the rent, plus what this
//! call's share will cost (the last timed share of the caller's own),
//! reaches the price of a wake-up ([`crate::PoolConfig::wake_up_price`]).
//! Until the caller has timed a share, it cannot tell, and wakes the worker
//! as a pool that always wakes would: a session pays at most one wake-up
//! per worker for not knowing. Then:
//! - a call whose share alone is worth a wake-up wakes the worker at once,
//!   as a pool that always wakes would;
//! - a stream of calls worth less regains its worker after the few calls
//!   whose rent pays for the wake-up, and keeps it spinning from then on;
//! - a small call after an idle gap pays no system call; a long run of them
//!   pays one wake-up per price's worth of rent, so at most doubles what
//!   the caller spent on the sleepers' shares (the classic bound of ski
//!   rental: never pay more than twice what the best choice in hindsight
//!   would have paid).

use std::time::Duration;

/// What the caller did about one worker when it published the last call.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AtPublish {
    /// The worker had not parked: it sees the call by itself.
    #[default]
    Awake,
    /// The worker had parked, and the caller woke it.
    Woken,
    /// The worker had parked, and the caller left it asleep: the caller
    /// runs its share.
    LeftAsleep,
}

impl AtPublish {
    /// Whether the worker had parked: its share would wait for an OS
    /// wake-up, so the caller takes it back without a grace.
    pub(crate) fn was_parked(self) -> bool {
        self != AtPublish::Awake
    }
}

/// The caller's account of one worker. Only the caller reads or writes it,
/// so it needs no atomics.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ledger {
    /// The time the caller has spent running this worker's shares while it
    /// slept, since it last found it awake or woke it.
    rent: Duration,
    /// What the caller did at the last publish.
    at_publish: AtPublish,
}

impl Ledger {
    /// At publish, for a worker that `asleep` says may have parked: decides
    /// whether to wake it, given what the caller's own share cost the last
    /// time it was timed (`share_cost`, `None` if never) and the price of a
    /// wake-up. Returns the decision; [`AtPublish::Woken`] means: unpark.
    pub(crate) fn publish(
        &mut self,
        asleep: bool,
        share_cost: Option<Duration>,
        price: Duration,
    ) -> AtPublish {
        let worth_it = |cost: Duration| self.rent.saturating_add(cost) >= price;
        self.at_publish = if !asleep {
            AtPublish::Awake
        } else if share_cost.is_none_or(worth_it) {
            AtPublish::Woken
        } else {
            AtPublish::LeftAsleep
        };
        if self.at_publish != AtPublish::LeftAsleep {
            // Awake or bought: the sleep that the rent was paid for is over.
            self.rent = Duration::ZERO;
        }
        self.at_publish
    }

    /// What the caller did at the last publish.
    pub(crate) fn at_publish(&self) -> AtPublish {
        self.at_publish
    }

    /// The caller ran this worker's share of the last call, in `took`: rent,
    /// if the worker was left asleep. (The share of a worker that was woken
    /// but did not arrive in time is part of what the wake-up cost.)
    pub(crate) fn ran_share(&mut self, took: Duration) {
        if self.at_publish == AtPublish::LeftAsleep {
            self.rent = self.rent.saturating_add(took);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const US: Duration = Duration::from_micros(1);

    #[test]
    fn small_shares_pay_rent_until_it_buys_a_wake_up() {
        let (price, share) = (20 * US, 3 * US);
        let mut ledger = Ledger::default();
        let mut decisions = Vec::new();
        for _ in 0..10 {
            let decision = ledger.publish(true, Some(share), price);
            if decision == AtPublish::LeftAsleep {
                ledger.ran_share(share);
            }
            decisions.push(decision);
        }
        // 6 shares of rent (18) plus the next share (3) reach 20: the 7th
        // call wakes the worker, and the account starts again.
        let left = AtPublish::LeftAsleep;
        let mut expected = vec![left; 6];
        expected.push(AtPublish::Woken);
        expected.extend([left; 3]);
        assert_eq!(decisions, expected);
    }

    #[test]
    fn a_share_worth_a_wake_up_wakes_at_once() {
        let mut ledger = Ledger::default();
        assert_eq!(
            ledger.publish(true, Some(20 * US), 20 * US),
            AtPublish::Woken
        );
        assert_eq!(
            ledger.publish(true, Some(50 * US), 20 * US),
            AtPublish::Woken
        );
    }

    #[test]
    fn without_a_timed_share_a_parked_worker_is_woken() {
        let mut ledger = Ledger::default();
        assert_eq!(ledger.publish(true, None, 20 * US), AtPublish::Woken);
        assert_eq!(ledger.publish(true, None, Duration::MAX), AtPublish::Woken);
        assert_eq!(ledger.publish(false, None, 20 * US), AtPublish::Awake);
    }

    #[test]
    fn an_awake_worker_ends_the_account() {
        let mut ledger = Ledger::default();
        ledger.publish(true, Some(US), 20 * US);
        ledger.ran_share(15 * US);
        assert_eq!(ledger.publish(false, Some(US), 20 * US), AtPublish::Awake);
        // A share taken back from an awake worker is no rent.
        ledger.ran_share(15 * US);
        assert_eq!(
            ledger.publish(true, Some(US), 20 * US),
            AtPublish::LeftAsleep
        );
    }

    #[test]
    fn a_woken_workers_share_is_not_rent() {
        let mut ledger = Ledger::default();
        assert_eq!(
            ledger.publish(true, Some(30 * US), 20 * US),
            AtPublish::Woken
        );
        ledger.ran_share(100 * US);
        assert_eq!(
            ledger.publish(true, Some(US), 20 * US),
            AtPublish::LeftAsleep
        );
    }

    #[test]
    fn a_zero_price_always_wakes_and_a_huge_one_never_does() {
        let mut ledger = Ledger::default();
        assert_eq!(
            ledger.publish(true, Some(Duration::ZERO), Duration::ZERO),
            AtPublish::Woken
        );
        for _ in 0..1000 {
            assert_eq!(
                ledger.publish(true, Some(10 * US), Duration::MAX),
                AtPublish::LeftAsleep
            );
            ledger.ran_share(Duration::from_secs(1));
        }
    }

    #[test]
    fn wake_ups_never_cost_more_than_the_rent_paid() {
        // Shares of many sizes, in a fixed pseudo-random order: the price of
        // every wake-up bought with rent alone was earned by rent first.
        let price = 20 * US;
        let mut ledger = Ledger::default();
        let (mut rent_paid, mut bought_with_rent) = (Duration::ZERO, 0u32);
        let mut x = 12345u64;
        for _ in 0..10_000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            let share = Duration::from_nanos(x >> 51); // up to 8 µs
            if ledger.publish(true, Some(Duration::ZERO), price) == AtPublish::Woken {
                bought_with_rent += 1;
            } else {
                ledger.ran_share(share);
                rent_paid += share;
            }
        }
        assert!(bought_with_rent > 0);
        assert!(price * bought_with_rent <= rent_paid);
    }
}
