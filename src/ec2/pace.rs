//! A token bucket that keeps a client's mutating calls under EC2's own: EC2 throttles
//! `Revoke…`/`Authorize…` per account and region with a bucket of 50 calls refilled at 5 a
//! second, and a batch over hundreds of groups would otherwise empty it and be refused
//! (`RequestLimitExceeded`) halfway. Waiting here costs the same time as EC2's refusals would,
//! without failed attempts. Written on tokio's clock (rather than a rate-limiting crate's own),
//! so its tests run on paused time.

use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

/// EC2's bucket for mutating calls: its size and how many calls a second refill it.
pub const MUTATING_BURST: u32 = 50;
pub const MUTATING_PER_SECOND: u32 = 5;

/// A token bucket: up to `burst` calls at once, then `per_second`.
#[derive(Debug)]
pub struct Pace {
    burst: f64,
    interval: Duration,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    tokens: f64,
    at: Instant,
}

impl Pace {
    pub fn new(burst: u32, per_second: u32) -> Self {
        assert!(burst >= 1 && per_second >= 1, "a pace lets calls through");
        Self {
            burst: f64::from(burst),
            interval: Duration::from_secs(1) / per_second,
            state: Mutex::new(State {
                tokens: f64::from(burst),
                at: Instant::now(),
            }),
        }
    }

    /// EC2's mutating-call bucket.
    pub fn ec2_mutating() -> Self {
        Self::new(MUTATING_BURST, MUTATING_PER_SECOND)
    }

    /// Waits until a call may be sent. Callers are let through in the order they asked
    /// (tokio's mutex is fair), so no call waits behind later ones.
    pub async fn take(&self) {
        let mut state = self.state.lock().await;
        let now = Instant::now();
        let refilled = now.duration_since(state.at).as_secs_f64() / self.interval.as_secs_f64();
        state.tokens = (state.tokens + refilled).min(self.burst);
        state.at = now;
        if state.tokens < 1.0 {
            let wait = self.interval.mul_f64(1.0 - state.tokens);
            tokio::time::sleep(wait).await;
            state.at = Instant::now();
            state.tokens = 1.0;
        }
        state.tokens -= 1.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// When each of `n` calls taken back to back got through, from the start.
    async fn times(pace: &Pace, n: usize) -> Vec<Duration> {
        let start = Instant::now();
        let mut at = Vec::new();
        for _ in 0..n {
            pace.take().await;
            at.push(start.elapsed());
        }
        at
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_bucket_lets_its_burst_through_at_once_then_one_call_per_interval() {
        let pace = Pace::ec2_mutating();
        let at = times(&pace, 60).await;
        assert!(at[..50].iter().all(|t| *t == Duration::ZERO), "{at:?}");
        for (i, t) in at[50..].iter().enumerate() {
            let expected = Duration::from_millis(200) * (i as u32 + 1);
            assert!(
                t.abs_diff(expected) < Duration::from_millis(1),
                "{i}: {t:?}"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_sustained_batch_never_beats_the_rate_over_any_second() {
        let pace = Pace::new(3, 5);
        let at = times(&pace, 40).await;
        for (i, start) in at.iter().enumerate() {
            let window = at[i..]
                .iter()
                .take_while(|t| **t < *start + Duration::from_secs(1))
                .count();
            assert!(
                window <= 3 + 5,
                "{window} calls in the second from {start:?}"
            );
        }
        // 40 calls: 3 at once, then 37 at 5 a second.
        let last = *at.last().unwrap();
        assert!(last.abs_diff(Duration::from_millis(7400)) < Duration::from_millis(1));
    }

    #[tokio::test(start_paused = true)]
    async fn an_idle_bucket_refills_but_never_beyond_its_size() {
        let pace = Pace::new(10, 5);
        times(&pace, 10).await;
        tokio::time::sleep(Duration::from_secs(60)).await;
        let at = times(&pace, 12).await;
        assert!(at[..10].iter().all(|t| *t == Duration::ZERO), "{at:?}");
        assert_eq!(at[10], Duration::from_millis(200));
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_one_bucket() {
        let pace = std::sync::Arc::new(Pace::new(2, 10));
        let start = Instant::now();
        let tasks: Vec<_> = (0..6)
            .map(|_| {
                let pace = pace.clone();
                tokio::spawn(async move {
                    pace.take().await;
                    start.elapsed()
                })
            })
            .collect();
        let mut at = Vec::new();
        for task in tasks {
            at.push(task.await.unwrap());
        }
        at.sort();
        let expected = [0, 0, 100, 200, 300, 400].map(Duration::from_millis);
        for (t, e) in at.iter().zip(expected) {
            assert!(t.abs_diff(e) < Duration::from_millis(1), "{at:?}");
        }
    }
}
