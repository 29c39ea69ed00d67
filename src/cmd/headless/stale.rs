//! The stale references of each VPC, asked for as soon as the load meets the VPC rather than
//! after the listings: a few calls at once, each VPC's answer taken in as it comes. The first
//! failure stops the asking.

use std::collections::{HashSet, VecDeque};

use futures::StreamExt;
use futures::future::BoxFuture;
use futures::stream::FuturesUnordered;

use crate::ec2::{ApiError, Ec2, GATHER_CONCURRENCY, stale_groups_in};
use crate::model::StaleGroup;

/// One VPC's answer.
pub(super) type Answer = (String, Result<Vec<StaleGroup>, ApiError>);

/// The `DescribeStaleSecurityGroups` calls of a load.
pub(super) struct StaleCalls<'b, B> {
    backend: &'b B,
    asked: HashSet<String>,
    queued: VecDeque<String>,
    under_way: FuturesUnordered<BoxFuture<'b, Answer>>,
    answered: HashSet<String>,
    /// Set by the first failure, after which nothing more is asked.
    stopped: bool,
}

impl<'b, B: Ec2> StaleCalls<'b, B> {
    pub(super) fn new(backend: &'b B) -> Self {
        Self {
            backend,
            asked: HashSet::new(),
            queued: VecDeque::new(),
            under_way: FuturesUnordered::new(),
            answered: HashSet::new(),
            stopped: false,
        }
    }

    /// Asks about `vpc`, unless it was asked about already or the asking stopped.
    pub(super) fn ask(&mut self, vpc: &str) {
        if self.stopped || self.asked.contains(vpc) {
            return;
        }
        self.asked.insert(vpc.to_string());
        self.queued.push_back(vpc.to_string());
        self.start();
    }

    fn start(&mut self) {
        while self.under_way.len() < GATHER_CONCURRENCY
            && let Some(vpc) = self.queued.pop_front()
        {
            let backend = self.backend;
            self.under_way.push(Box::pin(async move {
                let groups = stale_groups_in(backend, vpc.clone()).await;
                (vpc, groups)
            }));
        }
    }

    /// The next answer. With no call under way it never resolves, so it may be awaited beside
    /// other work in a `select!`.
    pub(super) async fn next(&mut self) -> Option<Answer> {
        if self.under_way.is_empty() {
            return std::future::pending().await;
        }
        let (vpc, result) = self.under_way.next().await?;
        match &result {
            Ok(_) => {
                self.answered.insert(vpc.clone());
                self.start();
            }
            Err(_) => {
                self.stopped = true;
                self.queued.clear();
                self.under_way.clear();
            }
        }
        Some((vpc, result))
    }

    /// Whether no call is under way or waiting.
    pub(super) fn is_idle(&self) -> bool {
        self.under_way.is_empty() && self.queued.is_empty()
    }

    /// Whether what is known of `vpc`'s stale references is all that will be: it answered, or
    /// the asking stopped.
    pub(super) fn settled(&self, vpc: &str) -> bool {
        self.stopped || self.answered.contains(vpc)
    }

    /// How many VPCs were asked about and did not answer (after a failure).
    pub(super) fn unanswered(&self) -> usize {
        self.asked.len() - self.answered.len()
    }
}
