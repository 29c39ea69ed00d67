//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Browse, mark, dry-run and revoke EC2 security-group rules.
///
/// Credentials, profiles, SSO and assume-role come from the usual AWS configuration
/// (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, ~/.aws/config). Nothing is changed without an
/// explicit confirmation after a dry run.
#[derive(Debug, Clone, Default, Parser)]
#[command(name = "sgtui", version, about, long_about, after_help = TUI_AFTER_HELP)]
// The flags every command shares come after each command's own, however many there are.
#[command(next_display_order = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// AWS profile to use (default: AWS_PROFILE, then "default").
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// AWS region (default: AWS_REGION, then the profile's region). The TUI, `export` and
    /// `audit` read several at once (`--region eu-west-1 --region us-east-1`, or
    /// `eu-west-1,us-east-1`), or `all`: every region enabled for the account.
    #[arg(long, global = true, value_name = "REGION", value_delimiter = ',')]
    pub region: Vec<String>,

    /// Send EC2 calls to this endpoint instead of AWS (default: AWS_ENDPOINT_URL).
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Never send a mutating call: previews (dry runs) only. Also SGTUI_READ_ONLY=1, or
    /// `read_only = true` in the config file.
    #[arg(
        long,
        global = true,
        env = "SGTUI_READ_ONLY",
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub read_only: bool,

    /// The config file (default: $XDG_CONFIG_HOME/sgtui/config.toml; also SGTUI_CONFIG).
    #[arg(long, global = true, value_name = "PATH", env = "SGTUI_CONFIG")]
    pub config: Option<PathBuf>,

    /// Run on the built-in demo account: no AWS credentials or network needed.
    #[arg(long, global = true, conflicts_with_all = ["profile", "region", "endpoint_url"])]
    pub demo: bool,

    /// Run on an in-memory account described by this JSON file (the demo's format).
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        conflicts_with_all = ["demo", "profile", "region", "endpoint_url"]
    )]
    pub account_file: Option<PathBuf>,

    /// Read the account from a saved `aws ec2 describe-security-groups --output json` answer
    /// (or a folder `sgtui snapshot` wrote) instead of EC2: read-only, nothing is sent.
    /// --region names its region.
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        conflicts_with_all = ["demo", "account_file", "profile", "endpoint_url"]
    )]
    pub snapshot: Option<PathBuf>,

    /// With --snapshot: the `aws ec2 describe-security-group-rules --output json` answer, which
    /// brings the rule ids (without it, rules have none).
    #[arg(long, global = true, value_name = "FILE", requires = "snapshot")]
    pub snapshot_rules: Option<PathBuf>,

    /// With --snapshot: the `aws ec2 describe-network-interfaces --output json` answer, which
    /// says who uses each group (without it, usage is unknown).
    #[arg(long, global = true, value_name = "FILE", requires = "snapshot")]
    pub snapshot_interfaces: Option<PathBuf>,

    /// Append every revoke batch to this JSON Lines journal (default:
    /// $XDG_STATE_HOME/sgtui/journal.jsonl, i.e. ~/.local/state/sgtui/journal.jsonl).
    #[arg(long, global = true, value_name = "PATH")]
    pub journal: Option<PathBuf>,

    /// Write a log to this file (the terminal is never written to).
    #[arg(long, global = true, value_name = "PATH")]
    pub log_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Re-create the rules a journaled batch revoked (undo), with their descriptions and tags.
    /// Prints the outcome per rule; exits non-zero if any rule could not be re-created.
    #[command(after_help = RESTORE_AFTER_HELP)]
    Restore(RestoreArgs),
    /// Revoke rules without the TUI: by rule id, by a rule spec in some groups, or every rule a
    /// filter matches. Prints the plan and each call's dry run, asks, journals, sends, then
    /// prints what became of each rule.
    ///
    /// The plan, dry runs and outcomes go to standard output; progress, the question and
    /// warnings go to standard error.
    #[command(after_help = REVOKE_AFTER_HELP)]
    Revoke(RevokeArgs),
    /// Write every rule of the account, one row per rule (one peer each), as JSON, NDJSON, CSV
    /// or a table, without the TUI: on AWS, the demo (--demo), an account file or a snapshot
    /// (--snapshot).
    ///
    /// Rows go to standard output; progress and warnings go to standard error as plain lines.
    #[command(after_help = EXPORT_AFTER_HELP)]
    Export(ExportArgs),
    /// Report the audit signals, one finding per flagged rule signal (risky, wide, redundant,
    /// stale) and per unused group, as text, JSON or SARIF 2.1.0, without the TUI; exit 1 when
    /// a finding is of a kind --fail-on names.
    ///
    /// Findings go to standard output; progress and warnings go to standard error as plain
    /// lines.
    #[command(after_help = AUDIT_AFTER_HELP)]
    Audit(AuditArgs),
    /// Save the account's security groups, rules and network interfaces as the AWS CLI writes
    /// them, for --snapshot: on AWS, the demo (--demo) or an account file.
    ///
    /// Progress and warnings go to standard error as plain lines.
    #[command(after_help = SNAPSHOT_AFTER_HELP)]
    Snapshot(SnapshotArgs),
}

/// What `sgtui snapshot --help` ends with: the files, an example and the exit codes.
const SNAPSHOT_AFTER_HELP: &str = "\
Writes three files into the folder, each in the shape `aws ec2 … --output json` writes:
  security-groups.json        describe-security-groups (the groups and their permissions)
  security-group-rules.json   describe-security-group-rules (the rules, with their ids)
  network-interfaces.json     describe-network-interfaces (who uses each group)
The files are never overwritten. When the network interfaces cannot be listed, the first two
are written and a warning says so.

Example: save an account, then audit it offline:
  sgtui snapshot --profile prod --region eu-west-1 --out prod-snapshot
  sgtui audit --snapshot prod-snapshot --region eu-west-1

Exit codes:
  0  the files were written, maybe with warnings on standard error
  1  any other failure: a config or account file that cannot be used, a file that exists
     already or cannot be written
  2  usage error: an unknown flag, no --out, --snapshot given
  3  AWS could not be read: connecting, or listing the security groups or their rules, failed";

#[derive(Debug, Clone, Default, Args)]
pub struct SnapshotArgs {
    /// The folder to write the three files into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// What `sgtui --help` ends with: the exit codes of the TUI, and where the commands say theirs.
const TUI_AFTER_HELP: &str = "\
Example: browse the built-in demo account, no AWS needed:
  sgtui --demo

Exit codes (each command's --help gives its own):
  0  the UI was quit
  1  it could not start or failed: no terminal, a config or account file that cannot be used
  2  usage error: an unknown flag, conflicting flags";

/// What `sgtui restore --help` ends with: an example and the exit codes.
const RESTORE_AFTER_HELP: &str = "\
Example: put back what the last batch revoked, without asking:
  sgtui restore --yes

Exit codes:
  0  every rule was re-created or was there already (or --list, or nothing to restore); with
     --dry-run, every call would be allowed
  1  a rule could not be re-created or a dry run was refused, or any other failure: a journal
     that cannot be read, an unknown --batch
  2  usage error: an unknown flag
  4  nothing was sent: not confirmed (the answer was not yes, or standard input is not a
     terminal and --yes was not given), or read-only";

/// What `sgtui revoke --help` ends with: how rules are named, an example and the exit codes.
const REVOKE_AFTER_HELP: &str = "\
Naming the rules (one way per run):
  --rule-id sgr-…        these rules (each must exist); one call per group and direction
  --spec SPEC --group …  the rule SPEC names ('in tcp 22 0.0.0.0/0', as the TUI's R prompt
                         takes it) in each group, by its properties: one call per group; a
                         group where it matches nothing is reported unmatched (in a default
                         VPC) or failed (in any other VPC, where EC2 refuses the call)
  --filter EXPR          every rule the filter matches (the language of the TUI's / prompt)

Each call is dry-run first; a call whose dry run is denied or fails is not sent. Without
--yes, sgtui asks on the terminal, and refuses when standard input is not one. The intent is
journaled before the calls, the outcome after the groups are described again (undo it with
sgtui restore).

Example: revoke ssh from anywhere in two groups, without asking:
  sgtui revoke --spec 'in tcp 22 0.0.0.0/0' --group sg-0abc --group sg-0def --yes

Exit codes:
  0  every rule is gone (revoked, or already gone; a spec's peer may be left unmatched), or
     there was nothing to revoke; with --dry-run, every call would be allowed
  1  a rule was not revoked (failed, left, unverified); with --dry-run, a dry run was denied
     or failed
  2  usage error: an unknown flag, a malformed --spec or --filter, a --rule-id or --group the
     account does not hold
  3  AWS could not be read: connecting, or listing the security groups or their rules, failed
  4  nothing was sent: not confirmed (the answer was not yes, or standard input is not a
     terminal and --yes was not given), or read-only
  5  any other failure: a config or account file that cannot be used, a journal that cannot
     be written
  130  interrupted (Ctrl-C) while the calls were under way: the batch is journaled as aborted,
       and what was sent may or may not have happened";

/// What `sgtui audit --help` ends with: a finding's fields, an example and the exit codes.
const AUDIT_AFTER_HELP: &str = "\
Each finding: its signal (risky, wide, redundant, stale: a rule; unused: a group), the region,
the group's id, name and VPC, the rule's id and properties, and the reason it was raised. Text
ends with a count per signal; JSON holds the findings and the counts; SARIF has one result per
finding, at a logical location REGION/GROUP_ID/RULE_ID.

Example: fail a CI job on risky or stale rules in one VPC, with a SARIF report:
  sgtui audit --format sarif --fail-on risky,stale --filter 'vpc:vpc-0abc' > audit.sarif
Every region enabled for the account, at once:
  sgtui audit --region all

Exit codes:
  0  no finding is of a kind --fail-on names (default: risky), maybe with warnings on stderr
  1  at least one finding is
  2  usage error: an unknown flag, format or signal, a malformed --filter
  3  AWS could not be read: connecting, or listing the security groups or their rules, failed
     (with several regions: in any of them; the others' findings are written)
  4  any other failure: a config, account or snapshot file that cannot be used, output that
     cannot be written";

/// What `sgtui export --help` ends with: the row's fields, an example and the exit codes.
const EXPORT_AFTER_HELP: &str = "\
Each row: region, group_id, group_name, vpc_id, rule_id, direction (in|out), protocol (as EC2
names it: tcp, udp, icmp, icmpv6, -1 or a number), from_port, to_port (-1 when EC2 gives none),
peer_kind (cidr4|cidr6|prefix-list|group), peer, signals (! risky, ~ wide, = redundant, ? stale),
description; JSON and NDJSON add reasons, the why of each signal. In CSV, a group name or
description beginning with =, +, -, @, a tab or a carriage return (a formula to a spreadsheet)
is written with a ' before it.

Example: the rules that let 198.51.100.77 reach port 22, as CSV:
  sgtui export --format csv --filter 'ip:198.51.100.77 port:22 dir:in'
Two regions at once (or --region all):
  sgtui export --region eu-west-1,us-east-1 --format ndjson

Exit codes:
  0  the rows were written (perhaps none), maybe with warnings on standard error
  1  any other failure: a config, account or snapshot file that cannot be used, output that
     cannot be written
  2  usage error: an unknown flag or format, a malformed --filter
  3  AWS could not be read: connecting, or listing the security groups or their rules, failed,
     in any region named (the others' rows are written; rows streamed before the failure stay
     written, and JSON is then left without its closing ])";

/// The output formats of `sgtui export`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON array of objects, one object per line.
    #[default]
    Json,
    /// One JSON object per line (JSON Lines).
    Ndjson,
    /// Comma-separated values with a header row (RFC 4180 quoting).
    Csv,
    /// Aligned columns for people; untrusted text made inert.
    Table,
}

#[derive(Debug, Clone, Default, Args)]
pub struct ExportArgs {
    /// The output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,

    /// Only the rules this filter matches: the language of the TUI's `/` prompt, e.g.
    /// 'risky', 'ip:198.51.100.77 port:22 dir:in', 'open -port:443'.
    #[arg(long, value_name = "EXPR", allow_hyphen_values = true)]
    pub filter: Option<String>,

    /// Write the rows in the order the TUI's panes list them (groups by name, rules in pane
    /// order), after the whole account has loaded, so that two exports can be compared line by
    /// line. Without it, JSON, NDJSON and CSV rows are written group by group as the pages
    /// arrive, in the order they arrive (the table always waits for every row).
    #[arg(long)]
    pub sorted: bool,
}

/// The output formats of `sgtui audit`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// One line per finding for people, then a count per signal; untrusted text made inert.
    #[default]
    Text,
    /// One JSON object: the findings and the counts.
    Json,
    /// SARIF 2.1.0: one run, one rule per signal, one result per finding.
    Sarif,
}

/// The findings that make `sgtui audit` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Inbound from anywhere on all traffic, every port or a sensitive port.
    Risky,
    /// Inbound from a public range short of anywhere.
    Wide,
    /// Covered by another rule of its group.
    Redundant,
    /// A group no interface is in and no rule references.
    Unused,
    /// References a group gone from a peered VPC.
    Stale,
    /// Any finding.
    Any,
}

#[derive(Debug, Clone, Default, Args)]
pub struct AuditArgs {
    /// The output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    pub format: AuditFormat,

    /// Exit 1 when a finding is of one of these kinds (comma-separated).
    #[arg(
        long,
        value_enum,
        value_name = "SIGNAL",
        value_delimiter = ',',
        default_value = "risky"
    )]
    pub fail_on: Vec<FailOn>,

    /// Only the findings of the rules and groups this filter shows: the language of the TUI's
    /// `/` prompt, e.g. 'vpc:vpc-0abc', 'dir:in', 'sg:web'.
    #[arg(long, value_name = "EXPR", allow_hyphen_values = true)]
    pub filter: Option<String>,
}

/// What `sgtui revoke` revokes (exactly one way), and how.
#[derive(Debug, Clone, Default, Args)]
#[command(group(
    clap::ArgGroup::new("rules")
        .args(["rule_id", "spec", "filter"])
        .required(true)
        .multiple(false)
))]
pub struct RevokeArgs {
    /// A rule to revoke, by its id (repeat, or separate with commas).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub rule_id: Vec<String>,

    /// The rule to revoke in each --group, by its properties: DIRECTION PROTOCOL [PORTS] PEER,
    /// e.g. 'in tcp 22 0.0.0.0/0', 'out all ::/0', 'in icmp 8 10.0.0.0/8'.
    #[arg(
        long,
        value_name = "SPEC",
        requires = "group",
        allow_hyphen_values = true
    )]
    pub spec: Option<String>,

    /// A group to revoke --spec in, by its id (repeat, or separate with commas).
    #[arg(long, value_name = "ID", value_delimiter = ',', requires = "spec")]
    pub group: Vec<String>,

    /// Every rule this filter matches: the language of the TUI's `/` prompt, e.g.
    /// 'open port:22 dir:in', 'redundant vpc:vpc-0abc'.
    #[arg(long, value_name = "EXPR", allow_hyphen_values = true)]
    pub filter: Option<String>,

    /// Print the plan and each call's dry-run verdict, then stop; change nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Clone, Default, Args)]
pub struct RestoreArgs {
    /// The batch to restore (default: the last one in the journal).
    #[arg(long, value_name = "ID")]
    pub batch: Option<String>,

    /// Only ask EC2 whether the calls would be allowed; change nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,

    /// List the journal's batches and stop.
    #[arg(long)]
    pub list: bool,
}
