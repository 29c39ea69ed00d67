//! The findings as a SARIF 2.1.0 log: one run of sgtui, whose driver holds one reporting
//! descriptor per signal, and one result per finding at a logical location naming its group
//! and rule. Only the properties sgtui fills are modelled.

use serde::Serialize;

use super::findings::{Finding, Signal};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const VERSION: &str = "2.1.0";

#[derive(Debug, Serialize)]
pub struct Log {
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    pub version: &'static str,
    pub runs: Vec<Run>,
}

#[derive(Debug, Serialize)]
pub struct Run {
    pub tool: Tool,
    pub results: Vec<SarifResult>,
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub driver: Driver,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    pub name: &'static str,
    pub version: &'static str,
    pub rules: Vec<Descriptor>,
}

/// A `reportingDescriptor`: one signal.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Descriptor {
    pub id: &'static str,
    pub name: &'static str,
    pub short_description: Message,
    pub full_description: Message,
    pub help: Message,
    pub default_configuration: Configuration,
}

#[derive(Debug, Serialize)]
pub struct Configuration {
    pub level: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Message {
    pub text: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    pub rule_id: &'static str,
    pub rule_index: usize,
    pub level: &'static str,
    pub message: Message,
    pub locations: Vec<Location>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub logical_locations: Vec<LogicalLocation>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogicalLocation {
    /// The rule's id, or the group's for an unused group.
    pub name: String,
    /// `REGION/GROUP_ID/RULE_ID`.
    pub fully_qualified_name: String,
    pub kind: &'static str,
}

/// The level of a signal's results.
pub fn level(signal: Signal) -> &'static str {
    match signal {
        Signal::Risky => "error",
        Signal::Wide | Signal::Stale => "warning",
        Signal::Redundant | Signal::Unused => "note",
    }
}

/// A signal's pretty name, and its short and full descriptions.
fn described(signal: Signal) -> (&'static str, &'static str, &'static str) {
    match signal {
        Signal::Risky => (
            "RiskyRule",
            "Inbound from anywhere on all traffic, every port or a sensitive port",
            "An inbound rule from 0.0.0.0/0 or ::/0 on all traffic, every tcp/udp port, or a \
             range that includes a sensitive port (20, 21, 22, 23, 25, 53, 110, 135, 143, 445, \
             1433, 1434, 1521, 2049, 3306, 3389, 5432, 5601, 6379, 9200, 11211, 27017, unless \
             the config file's risky_ports says otherwise). Narrow its source or its ports.",
        ),
        Signal::Wide => (
            "WideRule",
            "Inbound from a public range short of anywhere",
            "An inbound rule from a public range of /1 to /23 (IPv6 /1 to /47) that is not the \
             whole world. Narrow its source to the addresses that need it.",
        ),
        Signal::Redundant => (
            "RedundantRule",
            "Covered by another rule of its group",
            "Another rule of the same group and direction admits everything this one does: the \
             same or all protocol, its ports inside, its CIDR inside (or the same prefix list or \
             group). It can be revoked without changing what the group admits.",
        ),
        Signal::Stale => (
            "StaleRule",
            "References a group gone from a peered VPC",
            "The rule references a security group in a peered VPC that no longer exists \
             (DescribeStaleSecurityGroups). It admits nothing and can be revoked.",
        ),
        Signal::Unused => (
            "UnusedGroup",
            "A group no interface is in and no rule references",
            "No network interface in this region is in the group, and no other group's rule \
             references it. Not seen: interfaces of other accounts in a shared VPC, launch \
             templates and Auto Scaling groups scaled to zero. A VPC's default group is never \
             unused.",
        ),
    }
}

fn descriptor(signal: Signal) -> Descriptor {
    let (name, short, full) = described(signal);
    Descriptor {
        id: signal.name(),
        name,
        short_description: Message { text: short.into() },
        full_description: Message { text: full.into() },
        help: Message { text: full.into() },
        default_configuration: Configuration {
            level: level(signal),
        },
    }
}

fn result(finding: &Finding) -> SarifResult {
    let rule_index = (Signal::ALL.iter())
        .position(|&s| s == finding.signal)
        .unwrap_or_default();
    SarifResult {
        rule_id: finding.signal.name(),
        rule_index,
        level: level(finding.signal),
        message: Message {
            text: finding.reason.clone(),
        },
        locations: vec![Location {
            logical_locations: vec![LogicalLocation {
                name: (finding.rule_id.as_ref())
                    .or(finding.properties.as_ref())
                    .unwrap_or(&finding.group_id)
                    .clone(),
                fully_qualified_name: fully_qualified_name(finding),
                kind: "resource",
            }],
        }],
    }
}

/// `REGION/GROUP_ID/RULE_ID`; a rule without an id (a snapshot without its rules file) is
/// named by its properties instead, so that each finding keeps a place of its own.
fn fully_qualified_name(finding: &Finding) -> String {
    match (&finding.rule_id, &finding.properties) {
        (None, Some(properties)) => format!("{}/{properties}", finding.location()),
        _ => finding.location(),
    }
}

/// The SARIF log of `findings`.
pub fn log(findings: &[Finding]) -> Log {
    Log {
        schema: SCHEMA,
        version: VERSION,
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "sgtui",
                    version: env!("CARGO_PKG_VERSION"),
                    rules: Signal::ALL.map(descriptor).into(),
                },
            },
            results: findings.iter().map(result).collect(),
        }],
    }
}
