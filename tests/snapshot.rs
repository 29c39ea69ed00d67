//! `--snapshot` through the real binary: `sgtui export` and `sgtui audit` on hand-written
//! exports of every shape EC2 writes (`tests/fixtures/snapshot/`), with and without the rules
//! and interfaces answers, and the plain failures of a snapshot that cannot be used.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::binary::{exits, sgtui, stderr};
use serde_json::Value;

const GROUPS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/snapshot/security-groups.json"
);
const RULES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/snapshot/security-group-rules.json"
);
const INTERFACES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/snapshot/network-interfaces.json"
);

fn json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every peer of the groups answer as (group, direction, protocol, peer), read from its JSON
/// here, apart from sgtui's parser.
fn peers_of_the_fixture() -> Vec<(String, &'static str, String, String)> {
    let mut peers = Vec::new();
    for group in json(GROUPS)["SecurityGroups"].as_array().unwrap() {
        let id = group["GroupId"].as_str().unwrap();
        for (key, direction) in [("IpPermissions", "in"), ("IpPermissionsEgress", "out")] {
            for p in group
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let protocol = p["IpProtocol"].as_str().unwrap();
                for (list, field) in [
                    ("IpRanges", "CidrIp"),
                    ("Ipv6Ranges", "CidrIpv6"),
                    ("PrefixListIds", "PrefixListId"),
                    ("UserIdGroupPairs", "GroupId"),
                ] {
                    for peer in p.get(list).and_then(Value::as_array).into_iter().flatten() {
                        let peer = peer[field].as_str().unwrap().to_string();
                        peers.push((id.to_string(), direction, protocol.to_string(), peer));
                    }
                }
            }
        }
    }
    peers
}

fn ndjson(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn export_of_a_snapshot_is_exactly_one_row_per_peer() {
    let out = sgtui(&["export", "--snapshot", GROUPS, "--format", "ndjson"]);
    let text = exits(0, &out);
    assert!(!text.contains("unidentified"), "a key written as an id");
    assert!(
        text.contains("covered by the rule tcp 443 0.0.0.0/0"),
        "{text}"
    );
    let rows = ndjson(text);
    let peers = peers_of_the_fixture();
    assert_eq!(rows.len(), peers.len(), "one row per peer");
    let mut from_rows: Vec<(String, &str, String, String)> = (rows.iter())
        .map(|r| {
            let direction = if r["direction"] == "in" { "in" } else { "out" };
            let field = |k: &str| r[k].as_str().unwrap().to_string();
            (
                field("group_id"),
                direction,
                field("protocol"),
                field("peer"),
            )
        })
        .collect();
    let mut expected = peers;
    from_rows.sort();
    expected.sort();
    assert_eq!(from_rows, expected);
    assert!(
        rows.iter().all(|r| r["rule_id"].is_null()),
        "no id is made up"
    );
    assert!(
        rows.iter().all(|r| r["region"].is_null()),
        "no region is made up"
    );
    let err = stderr(&out);
    assert!(err.contains("read-only, nothing is sent to EC2"), "{err}");
    assert!(err.contains("its rules have no ids"), "{err}");
    // The rows carry no group's usage: streamed, the interfaces are not read, nor missed.
    assert!(!err.contains("unused"), "{err}");
}

#[test]
fn the_rules_answer_brings_every_id_and_region_names_the_rows() {
    let out = sgtui(&[
        "export",
        "--snapshot",
        GROUPS,
        "--snapshot-rules",
        RULES,
        "--region",
        "eu-west-1",
        "--format",
        "ndjson",
    ]);
    let rows = ndjson(exits(0, &out));
    let ids: BTreeSet<&str> = rows
        .iter()
        .map(|r| r["rule_id"].as_str().unwrap())
        .collect();
    let rules = json(RULES);
    let expected: BTreeSet<&str> = (rules["SecurityGroupRules"].as_array().unwrap().iter())
        .map(|r| r["SecurityGroupRuleId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, expected);
    assert_eq!(rows.len(), expected.len());
    assert!(rows.iter().all(|r| r["region"] == "eu-west-1"));
    assert!(!stderr(&out).contains("have no ids"), "{}", stderr(&out));
}

#[test]
fn a_folder_gives_the_three_answers_by_name() {
    let dir = tempfile::tempdir().unwrap();
    for (from, name) in [
        (GROUPS, "security-groups.json"),
        (RULES, "security-group-rules.json"),
        (INTERFACES, "network-interfaces.json"),
    ] {
        std::fs::copy(from, dir.path().join(name)).unwrap();
    }
    let folder = dir.path().to_str().unwrap();
    let by_folder = sgtui(&["export", "--snapshot", folder, "--format", "csv"]);
    let by_flags = sgtui(&[
        "export",
        "--snapshot",
        GROUPS,
        "--snapshot-rules",
        RULES,
        "--snapshot-interfaces",
        INTERFACES,
        "--format",
        "csv",
    ]);
    assert_eq!(exits(0, &by_folder), exits(0, &by_flags));
    // Without the interfaces file, the folder gives the other two.
    std::fs::remove_file(dir.path().join("network-interfaces.json")).unwrap();
    let out = sgtui(&["audit", "--snapshot", folder, "--format", "json"]);
    let report: Value = serde_json::from_str(exits(1, &out)).unwrap();
    assert_eq!(report["counts"]["unused"], 0, "usage unknown, not unused");
    assert!(stderr(&out).contains("no group is judged unused"));
}

#[test]
fn audit_of_a_whole_snapshot_finds_what_its_answers_show() {
    let out = sgtui(&[
        "audit",
        "--snapshot",
        GROUPS,
        "--snapshot-rules",
        RULES,
        "--snapshot-interfaces",
        INTERFACES,
        "--region",
        "eu-west-1",
        "--fail-on",
        "unused",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_str(exits(1, &out)).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let of = |signal: &str| -> Vec<&Value> {
        findings.iter().filter(|f| f["signal"] == signal).collect()
    };
    let unused: BTreeSet<&str> = of("unused")
        .iter()
        .map(|f| f["group_name"].as_str().unwrap())
        .collect();
    assert_eq!(unused, BTreeSet::from(["legacy-classic", "vpn-esp"]));
    let risky = of("risky");
    assert_eq!(risky.len(), 1);
    assert_eq!(risky[0]["properties"], "in tcp 22 0.0.0.0/0");
    assert!(risky[0]["rule_id"].as_str().unwrap().starts_with("sgr-"));
    assert_eq!(report["counts"]["redundant"], 3);
    assert_eq!(report["counts"]["stale"], 0);
    let err = stderr(&out);
    assert!(
        err.contains("no DescribeStaleSecurityGroups answer: no rule is judged stale"),
        "{err}"
    );
}

#[test]
fn sarif_of_a_snapshot_without_ids_places_a_finding_by_its_rule() {
    let out = sgtui(&["audit", "--snapshot", GROUPS, "--format", "sarif"]);
    let log: Value = serde_json::from_str(exits(1, &out)).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let risky = results.iter().find(|r| r["ruleId"] == "risky").unwrap();
    let place = &risky["locations"][0]["logicalLocations"][0];
    assert_eq!(place["name"], "in tcp 22 0.0.0.0/0");
    assert_eq!(
        place["fullyQualifiedName"],
        "sg-5e7d3a21/in tcp 22 0.0.0.0/0"
    );
}

/// Runs `sgtui export` on a groups file holding `text`, with `extra` flags.
fn export_of(text: &str, extra: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("groups.json");
    std::fs::write(&file, text).unwrap();
    let mut args = vec!["export", "--snapshot", file.to_str().unwrap()];
    args.extend(extra);
    sgtui(&args)
}

/// Asserts a failure in one or two plain lines, the first naming `what`; answers them.
fn fails(code: i32, out: &std::process::Output, what: &str) -> Vec<String> {
    assert_eq!(exits(code, out), "", "nothing on stdout");
    let err = stderr(out);
    let lines: Vec<String> = err.lines().map(str::to_string).collect();
    assert!((1..=2).contains(&lines.len()), "{err}");
    assert!(
        lines[0].starts_with("sgtui: ") && lines[0].contains(what),
        "{err}"
    );
    lines
}

#[test]
fn a_malformed_snapshot_is_said_in_plain_lines_with_a_nonzero_exit() {
    let out = export_of("{\"SecurityGroups\": [{\"GroupName\": \"web\"", &[]);
    let lines = fails(
        1,
        &out,
        "cannot be used: not what `aws ec2 describe-security-groups",
    );
    assert!(lines[0].contains("groups.json"), "{lines:?}");
    assert!(lines[1].contains("Pass --snapshot what"), "{lines:?}");
    let out = export_of(
        "{\"SecurityGroups\": [{\"GroupId\": \"sg-1\", \"IpPermissions\": [{\"IpProtocol\": \"tcp\", \"IpRanges\": [{\"CidrIp\": \"10.0.0.0/33\"}]}]}]}",
        &[],
    );
    fails(
        1,
        &out,
        "group sg-1, inbound: \"10.0.0.0/33\" is not an IPv4 CIDR",
    );
    // Another answer in its place is named as such.
    let out = sgtui(&["audit", "--snapshot", RULES]);
    fails(4, &out, "it holds SecurityGroupRules");
    let out = sgtui(&[
        "export",
        "--snapshot",
        GROUPS,
        "--snapshot-rules",
        INTERFACES,
    ]);
    let lines = fails(
        1,
        &out,
        "network-interfaces.json cannot be used: it holds NetworkInterfaces",
    );
    assert!(lines[1].starts_with("  Pass --snapshot-rules"), "{lines:?}");
    let out = sgtui(&["export", "--snapshot", "/nonexistent/sg.json"]);
    fails(
        1,
        &out,
        "cannot read the snapshot file /nonexistent/sg.json",
    );
    // Hostile bytes in the file come back inert.
    let out = export_of(
        r#"{"SecurityGroups": [{"GroupId": "sg-\u001b[2J"}, {"GroupId": "sg-\u001b[2J"}]}"#,
        &[],
    );
    fails(1, &out, "group sg-\\x1b[2J is listed twice");
}

#[test]
fn rules_from_another_moment_are_refused() {
    let mut rules = json(RULES);
    rules["SecurityGroupRules"]
        .as_array_mut()
        .unwrap()
        .remove(3);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rules.json");
    std::fs::write(&file, rules.to_string()).unwrap();
    let out = sgtui(&[
        "export",
        "--snapshot",
        GROUPS,
        "--snapshot-rules",
        file.to_str().unwrap(),
    ]);
    let lines = fails(1, &out, "the rules do not match the groups: 1 peer(s)");
    assert!(lines[1].contains("or leave it out"), "{lines:?}");
}

#[test]
fn snapshot_flags_are_checked_as_usage() {
    for args in [
        &["export", "--snapshot-rules", RULES][..],
        &["export", "--snapshot", GROUPS, "--demo"],
        &[
            "audit",
            "--snapshot",
            GROUPS,
            "--endpoint-url",
            "http://127.0.0.1:9",
        ],
    ] {
        let out = sgtui(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    let out = sgtui(&["restore", "--snapshot", GROUPS, "--list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--snapshot do not apply"),
        "{}",
        stderr(&out)
    );
    assert!(Path::new(GROUPS).is_file());
}
