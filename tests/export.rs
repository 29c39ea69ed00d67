//! `sgtui export` through the real binary: on the demo, on account files (the contract fixture,
//! hostile text, denied calls) and against moto. Rows on stdout in each format, progress and
//! warnings on stderr as plain lines, and the exit codes its help documents.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use common::binary::{CONTRACT, exits, sgtui, sgtui_with_moto_credentials, stderr};
use insta::assert_snapshot;
use sgtui::analysis::{Policy, signals::Risk};
use sgtui::ec2::{Account, Ec2, MemoryEc2, collect_all};
use sgtui::model::Rule;

/// Asserts exit 0 and plain stderr, and answers stdout.
fn success(out: &Output) -> &str {
    exits(0, out)
}

/// The rule ids of NDJSON rows.
fn rule_ids(ndjson: &str) -> BTreeSet<String> {
    ndjson
        .lines()
        .map(|line| {
            let row: serde_json::Value = serde_json::from_str(line).expect("a JSON object");
            row["rule_id"].as_str().expect("a rule id").to_string()
        })
        .collect()
}

/// Every rule of an in-memory account, all pages.
async fn rules_of(account: Account) -> Vec<Rule> {
    let backend = MemoryEc2::new(account).unwrap();
    collect_all(|token| backend.describe_rules_page(token))
        .await
        .unwrap()
}

#[tokio::test]
async fn the_demo_exports_one_row_per_rule() {
    let rules = rules_of(Account::demo()).await;
    let out = sgtui(&["export", "--demo", "--format", "ndjson"]);
    let text = success(&out);
    assert_eq!(text.lines().count(), rules.len());
    let expected: BTreeSet<String> = rules.iter().map(|r| r.id.clone()).collect();
    assert_eq!(rule_ids(text), expected);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("wrote {} row(s)", rules.len())),
        "{err}"
    );
    assert!(err.lines().all(|l| l.starts_with("sgtui: ")), "{err}");
}

#[tokio::test]
async fn risky_gives_exactly_the_demos_risky_rules() {
    let policy = Policy::default();
    let risky: BTreeSet<String> = (rules_of(Account::demo()).await.iter())
        .filter(|r| Risk::of(r, &policy).is_some())
        .map(|r| r.id.clone())
        .collect();
    assert!(!risky.is_empty());
    let out = sgtui(&[
        "export", "--demo", "--format", "ndjson", "--filter", "risky",
    ]);
    let text = success(&out);
    assert_eq!(rule_ids(text), risky);
    for line in text.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(row["signals"].as_str().unwrap().starts_with('!'), "{line}");
        assert!(row["reasons"][0].as_str().unwrap().starts_with("! risky: "));
    }
}

#[tokio::test]
async fn csv_has_a_header_and_a_record_per_rule() {
    let rules = rules_of(Account::demo()).await;
    let out = sgtui(&["export", "--demo", "--format", "csv"]);
    let text = success(&out);
    assert!(text.starts_with(
        "region,group_id,group_name,vpc_id,rule_id,direction,protocol,from_port,to_port,\
         peer_kind,peer,signals,description\n"
    ));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap().len(), 13);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), rules.len());
    assert!(records.iter().all(|r| &r[0] == "eu-west-1"));
}

#[test]
fn json_is_one_array_of_every_rule() {
    let out = sgtui(&["export", "--demo"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(success(&out)).unwrap();
    let ndjson = sgtui(&["export", "--demo", "--format", "ndjson"]);
    assert_eq!(rows.len(), success(&ndjson).lines().count());
}

#[test]
fn no_format_writes_an_escape_byte_to_stdout() {
    for format in ["json", "ndjson", "csv", "table"] {
        let out = sgtui(&["export", "--demo", "--format", format]);
        let text = success(&out);
        assert!(!text.is_empty(), "{format}");
        assert!(!text.contains('\x1b'), "an escape byte in {format}");
    }
}

#[test]
fn a_bad_filter_is_a_usage_error_on_one_line_naming_the_term() {
    let out = sgtui(&["export", "--demo", "--filter", "dir:in port:99999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("sgtui: --filter: `port:99999`: "), "{err}");
    assert!(!out.stderr.contains(&0x1b));
    // Hostile input is named escaped, still on one line.
    let out = sgtui(&["export", "--demo", "--filter", "bad:\x1b[2J\nx"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(!out.stderr.contains(&0x1b));
}

#[test]
fn an_unknown_format_and_conflicting_targets_are_usage_errors() {
    let out = sgtui(&["export", "--demo", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let out = sgtui(&["export", "--demo", "--region", "us-east-1"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn help_documents_the_rows_and_the_exit_codes() {
    let out = sgtui(&["export", "--help"]);
    assert_snapshot!("export_help", success(&out));
}

#[test]
fn each_format_on_the_contract_fixture() {
    for format in ["json", "ndjson", "csv", "table"] {
        let out = sgtui(&["export", "--account-file", CONTRACT, "--format", format]);
        assert_snapshot!(format!("contract_{format}"), success(&out));
    }
}

/// The lines of an export, sorted, JSON's brackets and commas between objects left out.
fn sorted_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_end_matches(','))
        .filter(|l| !matches!(*l, "[" | "]" | "[]"))
        .collect();
    lines.sort_unstable();
    lines
}

#[test]
fn streamed_rows_are_the_sorted_rows_in_the_order_pages_came() {
    for target in [["--demo", ""], ["--account-file", CONTRACT]] {
        let target: Vec<&str> = target.into_iter().filter(|a| !a.is_empty()).collect();
        for format in ["json", "ndjson", "csv"] {
            for filter in ["", "risky", "redundant", "port:443 -dir:out"] {
                let args = |sorted: bool| {
                    let mut args = vec!["export", "--format", format, "--filter", filter];
                    args.extend(&target);
                    if sorted {
                        args.push("--sorted");
                    }
                    sgtui(&args)
                };
                let (streamed, sorted) = (args(false), args(true));
                let (streamed, sorted) = (success(&streamed), success(&sorted));
                assert_eq!(
                    sorted_lines(streamed),
                    sorted_lines(sorted),
                    "{target:?} {format} {filter:?}"
                );
                if format == "csv" {
                    assert_eq!(streamed.lines().next(), sorted.lines().next());
                }
            }
        }
    }
}

#[test]
fn ip_looks_through_interfaces_and_prefix_lists() {
    let ids = |filter: &str| {
        let out = sgtui(&[
            "export",
            "--account-file",
            CONTRACT,
            "--format",
            "ndjson",
            "--filter",
            filter,
        ]);
        rule_ids(success(&out))
    };
    // eni-…b (10.1.1.20) is in app and db: db's inbound rule from app admits it.
    let via_interface = ids("ip:10.1.1.20 dir:in sg:sg-00000000000000002");
    assert_eq!(via_interface.len(), 1, "{via_interface:?}");
    // 52.216.1.1 is in an entry of the S3 prefix list db's outbound rule names.
    let via_entry = ids("ip:52.216.1.1 pl:pl-0123456789abcdef0");
    assert_eq!(via_entry.len(), 1, "{via_entry:?}");
    assert!(ids("ip:52.218.1.1 pl:pl-0123456789abcdef0").is_empty());
}

/// An account file: the contract fixture changed by `edit`.
fn account_file(dir: &Path, edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut account: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(CONTRACT).unwrap()).unwrap();
    edit(&mut account);
    let path = dir.join("account.json");
    std::fs::write(&path, account.to_string()).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn untrusted_text_is_inert_in_the_table_and_exact_in_json_and_csv() {
    let hostile = "ssh, \"ops\"\nline two \x1b[2J\x1b]0;owned\x07 \u{202e}evil";
    let dir = tempfile::tempdir().unwrap();
    let file = account_file(dir.path(), |a| {
        a["groups"][0]["inbound"][0]["description"] = hostile.into();
        a["groups"][0]["name"] = "web\x1b[31m".into();
    });
    let export = |format: &str| sgtui(&["export", "--account-file", &file, "--format", format]);

    let out = export("table");
    let table = success(&out);
    assert!(!table.contains('\x1b') && !table.contains('\x07') && !table.contains('\u{202e}'));
    assert_eq!(
        table.lines().count(),
        19,
        "a header and a line per rule:\n{table}"
    );
    assert!(table.contains(r#"ssh, "ops"\nline two \x1b[2J\x1b]0;owned\x07 \u{202e}evil"#));

    let out = export("json");
    let rows: Vec<serde_json::Value> = serde_json::from_str(success(&out)).unwrap();
    assert!(!out.stdout.contains(&0x1b));
    let row = rows.iter().find(|r| r["description"] == hostile).unwrap();
    assert_eq!(row["group_name"], "web\x1b[31m");

    let out = export("csv");
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 18);
    assert!(
        records
            .iter()
            .any(|r| &r[12] == hostile && &r[2] == "web\x1b[31m")
    );
}

#[test]
fn a_network_that_cannot_be_loaded_is_a_warning_and_the_rows_still_come() {
    let dir = tempfile::tempdir().unwrap();
    let file = account_file(dir.path(), |a| {
        a["denied"] = serde_json::json!([
            {"action": "DescribeNetworkInterfaces"},
            {"action": "GetManagedPrefixListEntries"}
        ]);
    });
    // Streamed, the rows need neither, and neither is asked for.
    let out = sgtui(&["export", "--account-file", &file, "--format", "ndjson"]);
    assert_eq!(success(&out).lines().count(), 18);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let out = sgtui(&[
        "export",
        "--account-file",
        &file,
        "--format",
        "ndjson",
        "--sorted",
    ]);
    assert_eq!(success(&out).lines().count(), 18);
    let err = stderr(&out);
    assert!(
        err.contains("sgtui: warning: network interfaces could not be loaded (DescribeNetworkInterfaces: UnauthorizedOperation"),
        "{err}"
    );
    assert!(err.contains("no group is judged unused"), "{err}");
    assert!(
        err.contains("sgtui: warning: prefix lists could not be loaded"),
        "{err}"
    );
    // Without the interfaces, no group is unused; without the entries, ip: sees no prefix list.
    let out = sgtui(&["export", "--account-file", &file, "--filter", "unused"]);
    assert_eq!(success(&out), "[]\n");
    let out = sgtui(&[
        "export",
        "--account-file",
        &file,
        "--filter",
        "ip:52.216.1.1 pl:pl-0123456789abcdef0",
    ]);
    assert_eq!(success(&out), "[]\n");
}

#[test]
fn rules_that_cannot_be_listed_exit_3_in_plain_lines() {
    let dir = tempfile::tempdir().unwrap();
    let file = account_file(dir.path(), |a| {
        a["denied"] = serde_json::json!([{"action": "DescribeSecurityGroupRules"}]);
    });
    let out = sgtui(&["export", "--account-file", &file]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "sgtui: could not list the security groups (DescribeSecurityGroupRules: \
             UnauthorizedOperation: You are not authorized to perform this operation.)",
            "  Your IAM identity is not allowed this call; ask for the permission or use another \
             profile.",
        ]
    );
}

#[test]
fn aws_that_cannot_be_reached_exits_3() {
    let out = sgtui(&[
        "export",
        "--region",
        "us-east-1",
        "--endpoint-url",
        "http://127.0.0.1:9",
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!((1..=2).contains(&err.lines().count()), "{err}");
    assert!(err.starts_with("sgtui: could not "), "{err}");
    assert!(!err.contains("press r"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn against_moto_the_export_counts_exactly_the_seeded_rules() {
    let config = common::moto_config().await;
    let region = config.region().unwrap().to_string();
    let client = aws_sdk_ec2::Client::new(&config);
    let account = common::contract_account();
    let groups = common::seed(&client, &account).await;
    let backend = sgtui::ec2::AwsEc2::from_sdk_config(&config);
    let every_rule: BTreeSet<String> = collect_all(|token| backend.describe_rules_page(token))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let endpoint = common::moto::moto().endpoint.clone();
    let args = ["export", "--format", "ndjson", "--region", &region];
    let args = args.into_iter().chain(["--endpoint-url", &endpoint]);
    let out = sgtui_with_moto_credentials(args.map(String::from).collect()).await;
    let text = success(&out);
    assert_eq!(rule_ids(text), every_rule, "every rule of the region, once");
    // The seeded groups hold exactly the fixture's rules; moto adds its default groups'.
    let seeded: BTreeSet<&str> = groups.values().map(String::as_str).collect();
    let rows_of_seeded = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|row| seeded.contains(row["group_id"].as_str().unwrap()))
        .count();
    let fixture_rules: usize = (account.groups.iter())
        .map(|g| g.inbound.len() + g.outbound.len())
        .sum();
    assert_eq!(rows_of_seeded, fixture_rules);
    let err = stderr(&out);
    assert!(
        err.contains("does not answer DescribeStaleSecurityGroups"),
        "{err}"
    );
    // Each group's count in DescribeSecurityGroups agreed with the rules listed for it.
    assert!(!err.contains("after their group"), "{err}");
    let args = [
        "export", "--format", "ndjson", "--sorted", "--region", &region,
    ];
    let args = args.into_iter().chain(["--endpoint-url", &endpoint]);
    let sorted = sgtui_with_moto_credentials(args.map(String::from).collect()).await;
    assert_eq!(sorted_lines(text), sorted_lines(success(&sorted)));
}
