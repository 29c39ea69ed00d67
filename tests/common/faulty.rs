//! The in-memory account behind faults a test switches on: revokes that are slow or never
//! answer, and credentials that expire (and are renewed). It also logs every revoke call it is
//! sent and how many were under way at once.
#![allow(dead_code)]

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use sgtui::ec2::{
    ApiError, AuthorizeRequest, Connection, Ec2, MemoryEc2, Page, RevokeRequest, RevokeResponse,
};
use sgtui::model::{
    Direction, NetworkInterface, PrefixList, PrefixListEntry, Rule, SecurityGroup, StaleGroup,
};

/// How a real (not dry-run) revoke behaves.
#[derive(Debug, Clone, Copy)]
pub enum RevokeFault {
    Answers,
    TakesA(Duration),
    NeverAnswers,
}

pub struct Faulty {
    pub inner: MemoryEc2,
    pub revoke: RevokeFault,
    /// While set, every call but `connect` fails with `ExpiredToken`.
    pub expired: AtomicBool,
    /// Every revoke call sent, in the order they arrived.
    pub revokes: Mutex<Vec<RevokeCall>>,
    in_flight: AtomicUsize,
    /// The most revoke calls (dry runs or not) that were under way at once.
    pub most_at_once: AtomicUsize,
}

/// A revoke call as the backend saw it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RevokeCall {
    pub group_id: String,
    pub direction: Direction,
    pub dry_run: bool,
}

/// Counts a call under way for as long as it lives.
struct UnderWay<'a>(&'a Faulty);

impl<'a> UnderWay<'a> {
    fn start(faulty: &'a Faulty) -> Self {
        let now = faulty.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        faulty.most_at_once.fetch_max(now, Ordering::SeqCst);
        Self(faulty)
    }
}

impl Drop for UnderWay<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Faulty {
    pub fn new(inner: MemoryEc2, revoke: RevokeFault) -> Self {
        Self {
            inner,
            revoke,
            expired: AtomicBool::new(false),
            revokes: Mutex::default(),
            in_flight: AtomicUsize::new(0),
            most_at_once: AtomicUsize::new(0),
        }
    }

    pub fn expire(&self, expired: bool) {
        self.expired.store(expired, Ordering::SeqCst);
    }

    fn check(&self) -> Result<(), ApiError> {
        if self.expired.load(Ordering::SeqCst) {
            Err(ApiError::new(
                "ExpiredToken",
                "The security token included in the request is expired",
            ))
        } else {
            Ok(())
        }
    }
}

impl Ec2 for Faulty {
    async fn connect(&self) -> Result<Connection, ApiError> {
        self.inner.connect().await
    }

    async fn describe_groups_page(
        &self,
        t: Option<String>,
    ) -> Result<Page<SecurityGroup>, ApiError> {
        self.check()?;
        self.inner.describe_groups_page(t).await
    }

    async fn describe_rules_page(&self, t: Option<String>) -> Result<Page<Rule>, ApiError> {
        self.check()?;
        self.inner.describe_rules_page(t).await
    }

    async fn describe_rules_of_groups(&self, ids: Vec<String>) -> Result<Vec<Rule>, ApiError> {
        self.check()?;
        self.inner.describe_rules_of_groups(ids).await
    }

    async fn describe_interfaces_page(
        &self,
        t: Option<String>,
    ) -> Result<Page<NetworkInterface>, ApiError> {
        self.check()?;
        self.inner.describe_interfaces_page(t).await
    }

    async fn describe_prefix_lists(&self, ids: Vec<String>) -> Result<Vec<PrefixList>, ApiError> {
        self.check()?;
        self.inner.describe_prefix_lists(ids).await
    }

    async fn prefix_list_entries(&self, id: String) -> Result<Vec<PrefixListEntry>, ApiError> {
        self.check()?;
        self.inner.prefix_list_entries(id).await
    }

    async fn describe_stale_groups_page(
        &self,
        vpc_id: String,
        t: Option<String>,
    ) -> Result<Page<StaleGroup>, ApiError> {
        self.check()?;
        self.inner.describe_stale_groups_page(vpc_id, t).await
    }

    async fn revoke(
        &self,
        request: RevokeRequest,
        dry_run: bool,
    ) -> Result<RevokeResponse, ApiError> {
        self.check()?;
        let _under_way = UnderWay::start(self);
        self.revokes.lock().unwrap().push(RevokeCall {
            group_id: request.group_id.clone(),
            direction: request.direction,
            dry_run,
        });
        if !dry_run {
            match self.revoke {
                RevokeFault::Answers => {}
                RevokeFault::TakesA(delay) => tokio::time::sleep(delay).await,
                RevokeFault::NeverAnswers => std::future::pending::<()>().await,
            }
        }
        self.inner.revoke(request, dry_run).await
    }

    async fn authorize(
        &self,
        request: AuthorizeRequest,
        dry_run: bool,
    ) -> Result<Option<String>, ApiError> {
        self.check()?;
        self.inner.authorize(request, dry_run).await
    }
}
