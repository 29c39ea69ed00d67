//! Against moto (real HTTP, through the SDK): what changed is read back through the EC2 API,
//! and a confirmed batch is put back with `sgtui restore`.

use aws_sdk_ec2::Client;
use sgtui::ec2::AwsEc2;
use sgtui::model::{Direction, Rule};

use super::common::binary::{MOTO_CREDENTIALS, exits, stderr};
use super::common::{self, Snapshot, contract_account, moto::moto, seed, snapshot};
use super::{NOT_SENT, USAGE, User, intended, judged, outcome_lines};

/// A moto region holding the contract fixture, and how the binary reaches it.
pub(super) struct Region {
    pub backend: AwsEc2,
    pub client: Client,
    pub name: String,
}

pub(super) async fn region() -> Region {
    let config = common::moto_config().await;
    let client = Client::new(&config);
    seed(&client, &contract_account()).await;
    Region {
        backend: AwsEc2::from_sdk_config(&config),
        client,
        name: config.region().unwrap().to_string(),
    }
}

impl Region {
    /// `args` aimed at this region of moto.
    pub fn args<'a>(&'a self, args: &[&'a str]) -> Vec<&'a str> {
        let mut all = args.to_vec();
        all.extend(["--region", &self.name, "--endpoint-url", &moto().endpoint]);
        all
    }

    /// Every rule of the region, sorted by id.
    pub async fn rules(&self) -> Vec<Rule> {
        let mut rules = snapshot(&self.backend).await.rules;
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        rules
    }

    pub async fn snapshot(&self) -> Snapshot {
        snapshot(&self.backend).await
    }
}

/// `sgtui revoke args…` against `region`, off the test's async threads.
fn revoke(user: &User, region: &Region, args: &[&str]) -> std::process::Output {
    tokio::task::block_in_place(|| user.revoke(&region.args(args), &MOTO_CREDENTIALS))
}

fn ids(rules: &[&Rule]) -> String {
    rules
        .iter()
        .map(|r| r.id.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_changes_nothing() {
    let region = region().await;
    let s = region.snapshot().await;
    let ssh = s.rule("web", Direction::Inbound, "tcp 22", "0.0.0.0/0");
    let before = region.rules().await;
    let user = User::new();
    let out = revoke(&user, &region, &["--dry-run", "--rule-id", &ssh.id]);
    let text = exits(0, &out);
    assert!(
        text.contains("dry run: ✔ allowed (DryRunOperation)"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Region {}, endpoint http://127.0.0.1:",
            region.name
        )),
        "{text}"
    );
    assert_eq!(
        region.rules().await,
        before,
        "described afterwards: the same rules"
    );
    assert!(user.entries().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmed_revoke_is_journaled_and_restore_puts_the_rules_back() {
    let region = region().await;
    let s = region.snapshot().await;
    let chosen = [
        s.rule("web", Direction::Inbound, "tcp 22", "0.0.0.0/0"),
        s.rule("web", Direction::Inbound, "tcp 80", "10.0.0.0/8"),
        s.rule("db", Direction::Outbound, "tcp 443", "s3-us-east-1"),
    ];
    let before = region.rules().await;
    let user = User::new();
    let out = revoke(&user, &region, &["--yes", "--rule-id", &ids(&chosen)]);
    let text = exits(0, &out);
    assert_eq!(outcome_lines(text, "revoked").len(), 3, "{text}");
    let after = region.rules().await;
    assert_eq!(after.len(), before.len() - 3);
    assert!(chosen.iter().all(|c| !after.iter().any(|r| r.id == c.id)));
    let (intent, outcome) = user.batch();
    let mut wanted: Vec<String> = chosen.iter().map(|r| r.id.clone()).collect();
    wanted.sort();
    assert_eq!(intended(&intent), wanted);
    assert_eq!(intent.region.as_deref(), Some(region.name.as_str()));
    assert!(judged(&outcome).iter().all(|o| o.ends_with(" revoked")));

    let journal = user.journal();
    let restore = region.args(&["restore", "--yes", "--journal", journal.to_str().unwrap()]);
    let out = tokio::task::block_in_place(|| user.sgtui(&restore, &MOTO_CREDENTIALS));
    let text = exits(0, &out);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("restored")).count(),
        3,
        "{text}"
    );
    // Back with new ids, each as it was: properties and descriptions.
    let props = |rules: &[Rule]| {
        let mut p: Vec<String> = (rules.iter())
            .map(|r| {
                format!(
                    "{} {:?} {} {} {:?}",
                    r.group_id,
                    r.direction,
                    r.protocol_ports(),
                    r.peer.short(),
                    r.description
                )
            })
            .collect();
        p.sort();
        p
    };
    assert_eq!(props(&region.rules().await), props(&before));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spec_revokes_by_properties_in_two_groups() {
    let region = region().await;
    let s = region.snapshot().await;
    let (web, db) = (s.group("web").id.clone(), s.group("db").id.clone());
    let everywhere: Vec<String> = ["web", "db"]
        .map(|g| {
            s.rule(g, Direction::Outbound, "all traffic", "0.0.0.0/0")
                .id
                .clone()
        })
        .into();
    let user = User::new();
    let groups = format!("{web},{db}");
    let out = revoke(
        &user,
        &region,
        &["--yes", "--spec", "out all 0.0.0.0/0", "--group", &groups],
    );
    let text = exits(0, &out);
    assert!(
        text.contains("IpPermissions [all traffic 0.0.0.0/0]"),
        "{text}"
    );
    assert_eq!(outcome_lines(text, "revoked").len(), 2, "{text}");
    let after = region.rules().await;
    assert!(
        everywhere
            .iter()
            .all(|id| !after.iter().any(|r| &r.id == id))
    );
    assert_eq!(
        region
            .snapshot()
            .await
            .rules_of("web", Direction::Outbound)
            .len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filter_revokes_exactly_what_it_matches() {
    let region = region().await;
    let before = region.rules().await;
    let user = User::new();
    let out = revoke(&user, &region, &["--yes", "--filter", "port:443 dir:in"]);
    let text = exits(0, &out);
    // web: 443 from 0.0.0.0/0 and ::/0; app: 443 from three /24s.
    assert_eq!(outcome_lines(text, "revoked").len(), 5, "{text}");
    let after = region.rules().await;
    let gone: Vec<&Rule> = before.iter().filter(|r| !after.contains(r)).collect();
    assert_eq!(gone.len(), 5);
    assert!(
        gone.iter()
            .all(|r| r.direction == Direction::Inbound && r.ports.from == 443)
    );
    let (intent, _) = user.batch();
    let mut gone_ids: Vec<String> = gone.iter().map(|r| r.id.clone()).collect();
    gone_ids.sort();
    assert_eq!(intended(&intent), gone_ids);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_id_no_terminal_and_read_only_send_nothing() {
    let region = region().await;
    let s = region.snapshot().await;
    let ssh = s
        .rule("web", Direction::Inbound, "tcp 22", "0.0.0.0/0")
        .id
        .clone();
    let before = region.rules().await;
    let user = User::new();

    let out = revoke(
        &user,
        &region,
        &[
            "--yes",
            "--rule-id",
            &format!("{ssh},sgr-0000000000000dead"),
        ],
    );
    exits(USAGE, &out);
    assert!(
        stderr(&out).contains("no rule sgr-0000000000000dead here"),
        "{}",
        stderr(&out)
    );

    let out = revoke(&user, &region, &["--rule-id", &ssh]);
    exits(NOT_SENT, &out);
    assert!(stderr(&out).contains("not confirmed"), "{}", stderr(&out));

    let out = revoke(&user, &region, &["--read-only", "--yes", "--rule-id", &ssh]);
    let text = exits(NOT_SENT, &out);
    assert!(
        text.contains("dry run: ✔ allowed"),
        "the dry run is still asked: {text}"
    );

    assert_eq!(region.rules().await, before);
    assert!(user.entries().is_empty());
}
