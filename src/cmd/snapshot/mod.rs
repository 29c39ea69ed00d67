//! `sgtui snapshot --out DIR`: the account's groups, rules and network interfaces saved in the
//! shapes the AWS CLI writes, so that `--snapshot DIR` (or the three files with their flags)
//! reads them back as they were; and opening a snapshot for any command ([`open`]).

pub mod open;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use color_eyre::{Report, Result};
use futures::try_join;
use serde::Serialize;

use super::Failure;
use super::failure::{render, wants_full_report};
use super::headless::load::LoadFailure;
use super::headless::{self, OnBackend, UNREADABLE, USAGE};
use super::settings::Target;
use crate::cli::{Cli, SnapshotArgs};
use crate::ec2::{Ec2, Snapshot, collect_all};
use crate::present::inert;

/// What `describe-security-groups` wrote.
pub const GROUPS_FILE: &str = "security-groups.json";
/// What `describe-security-group-rules` wrote.
pub const RULES_FILE: &str = "security-group-rules.json";
/// What `describe-network-interfaces` wrote.
pub const INTERFACES_FILE: &str = "network-interfaces.json";

/// Saves the account the flags name; see `sgtui snapshot --help` for the exit codes.
pub async fn command(cli: &Cli, args: &SnapshotArgs) -> Result<ExitCode> {
    let resolved = super::resolve(cli)?;
    if matches!(resolved.target, Target::Snapshot(_)) {
        eprintln!("sgtui: --snapshot: `sgtui snapshot` saves a live account, not a snapshot");
        return Ok(ExitCode::from(USAGE));
    }
    let out = &args.out;
    for name in [GROUPS_FILE, RULES_FILE, INTERFACES_FILE] {
        let path = out.join(name);
        if path.exists() {
            return Err(Failure::new(
                format!("the snapshot file {} exists already", path.display()),
                "Pass --out a new or empty folder: a snapshot is never overwritten.",
            )
            .into());
        }
    }
    std::fs::create_dir_all(out).map_err(|e| {
        Failure::new(
            format!("cannot create the folder {}: {e}", out.display()),
            "Pass --out a folder you can write to.",
        )
    })?;
    // Saving only reads: no mutating call can leave it.
    headless::on_target(resolved.target, true, Save { out }).await
}

/// Where to save.
struct Save<'a> {
    out: &'a Path,
}

impl OnBackend for Save<'_> {
    /// Lists the groups and rules (both must load), then the interfaces (a warning if they
    /// cannot be), and writes what loaded.
    async fn run<B: Ec2>(self, backend: &B) -> Result<ExitCode> {
        let notices = headless::forward_notices(backend, None);
        let listed = list(backend).await;
        if let Some(task) = notices {
            task.abort();
        }
        let (groups, rules) = match listed {
            Ok(listed) => listed,
            Err(failure) => {
                let report = Report::new(headless::unreadable(failure, "snapshot"));
                eprint!("{}", render(&report, wants_full_report()));
                return Ok(ExitCode::from(UNREADABLE));
            }
        };
        let interfaces = collect_all(|token| backend.describe_interfaces_page(token)).await;
        if let Err(e) = &interfaces {
            eprintln!(
                "sgtui: warning: network interfaces could not be listed \
                 (DescribeNetworkInterfaces: {}): {INTERFACES_FILE} is not written, and a \
                 session on this snapshot does not know who uses a group",
                inert(&e.to_string())
            );
        }
        let listed_interfaces = interfaces.as_deref().unwrap_or_default();
        let (groups_answer, rules_answer, interfaces_answer, left_out) =
            Snapshot::answers(&groups, &rules, listed_interfaces);
        write(self.out, GROUPS_FILE, &groups_answer)?;
        write(self.out, RULES_FILE, &rules_answer)?;
        if interfaces.is_ok() {
            write(self.out, INTERFACES_FILE, &interfaces_answer)?;
        }
        if left_out > 0 {
            eprintln!(
                "sgtui: warning: {left_out} rule(s) with a peer sgtui cannot read were left out"
            );
        }
        eprintln!(
            "sgtui: saved {} group(s), {} rule(s) and {} network interface(s) in {}",
            groups.len(),
            rules_answer.security_group_rules.len(),
            interfaces_answer.network_interfaces.len(),
            inert(&self.out.display().to_string())
        );
        Ok(ExitCode::SUCCESS)
    }
}

/// Every group and rule, both listings at once; the first that fails names its call.
async fn list<B: Ec2>(
    backend: &B,
) -> Result<(Vec<crate::model::SecurityGroup>, Vec<crate::model::Rule>), LoadFailure> {
    let failed = |call| move |error| LoadFailure { call, error };
    backend.connect().await.map_err(failed("connecting"))?;
    let groups = async {
        collect_all(|token| backend.describe_groups_page(token))
            .await
            .map_err(failed("DescribeSecurityGroups"))
    };
    let rules = async {
        collect_all(|token| backend.describe_rules_page(token))
            .await
            .map_err(failed("DescribeSecurityGroupRules"))
    };
    try_join!(groups, rules)
}

/// Writes one answer as the AWS CLI does (indented by four spaces, a final line break) into
/// a file that must not exist yet.
fn write(dir: &Path, name: &str, answer: &impl Serialize) -> Result<(), Failure> {
    let path = dir.join(name);
    let cannot = |e: std::io::Error| {
        Failure::new(
            format!("cannot write the snapshot file {}: {e}", path.display()),
            "Pass --out a new folder you can write to.",
        )
    };
    let file = std::fs::File::create_new(&path).map_err(cannot)?;
    let mut out = std::io::BufWriter::new(file);
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    answer
        .serialize(&mut serializer)
        .map_err(std::io::Error::from)
        .map_err(cannot)?;
    out.write_all(b"\n").map_err(cannot)?;
    out.flush().map_err(cannot)
}
