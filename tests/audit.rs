//! `sgtui audit` through the real binary: on the demo, on the contract fixture and against moto.
//! Findings on stdout in each format (SARIF checked against the SARIF 2.1.0 schema), progress
//! on stderr as plain lines, and the exit codes its help documents.

mod common;

use std::collections::BTreeMap;

use common::binary::{CONTRACT, exits, sgtui, sgtui_with_moto_credentials, stderr};
use common::demo::judged_demo;
use insta::assert_snapshot;

/// The SARIF 2.1.0 schema as OASIS publishes it (oasis-tcs/sarif-spec,
/// `Schemata/sarif-schema-2.1.0.json`), as the `serde-sarif` crate ships it.
const SARIF_SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/sarif-schema-2.1.0.json"
);

/// The counts of a JSON audit, and its findings' signals counted.
fn json_counts(text: &str) -> (serde_json::Value, BTreeMap<String, u64>) {
    let audit: serde_json::Value = serde_json::from_str(text).expect("one JSON object");
    let mut counted = BTreeMap::new();
    for finding in audit["findings"].as_array().unwrap() {
        *counted
            .entry(finding["signal"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    (audit["counts"].clone(), counted)
}

#[tokio::test]
async fn on_the_demo_the_counts_are_the_signals_totals() {
    let (_, signals) = judged_demo().await;
    let totals = signals.totals();
    let out = sgtui(&["audit", "--demo", "--format", "json"]);
    let (counts, counted) = json_counts(exits(1, &out));
    let expected = serde_json::json!({
        "risky": totals.risky, "wide": totals.wide, "redundant": totals.redundant,
        "stale": totals.stale, "unused": totals.unused,
        "total": totals.risky + totals.wide + totals.redundant + totals.stale + totals.unused,
    });
    assert_eq!(counts, expected);
    for signal in ["risky", "wide", "redundant", "stale", "unused"] {
        assert_eq!(
            counted.get(signal).copied(),
            counts[signal].as_u64(),
            "{signal}"
        );
        assert!(counted[signal] > 0, "the demo shows every signal: {signal}");
    }
    let err = stderr(&out);
    assert!(err.lines().all(|l| l.starts_with("sgtui: ")), "{err}");
}

#[tokio::test]
async fn fail_on_decides_the_exit_code() {
    let (inventory, signals) = judged_demo().await;
    assert_eq!(
        sgtui(&["audit", "--demo"]).status.code(),
        Some(1),
        "risky by default"
    );
    exits(1, &sgtui(&["audit", "--demo", "--fail-on", "risky"]));
    exits(1, &sgtui(&["audit", "--demo", "--fail-on", "wide,stale"]));
    // A VPC none of whose rules is stale passes --fail-on stale, and fails on what it has.
    let clean = (inventory.vpcs().into_iter())
        .find(|vpc| {
            let groups = inventory.groups().iter();
            let mut in_vpc = groups.filter(|g| g.vpc_id.as_deref() == Some(vpc.as_str()));
            in_vpc.all(|g| signals.group(&g.id).stale == 0)
        })
        .expect("a VPC without stale rules");
    let filter = format!("vpc:{clean}");
    let out = sgtui(&["audit", "--demo", "--fail-on", "stale", "--filter", &filter]);
    let text = exits(0, &out);
    assert!(text.contains("\n0 stale rule(s)\n"), "{text}");
    exits(
        0,
        &sgtui(&["audit", "--demo", "--filter", "desc:no-rule-says-this"]),
    );
}

#[test]
fn usage_errors_exit_2_on_one_line() {
    for args in [
        &["audit", "--demo", "--fail-on", "loud"][..],
        &["audit", "--demo", "--format", "xml"],
        &["audit", "--demo", "--no-such-flag"],
        &["audit", "--demo", "--region", "us-east-1"],
    ] {
        let out = sgtui(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
    }
    let out = sgtui(&["audit", "--demo", "--filter", "dir:in port:99999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("sgtui: --filter: `port:99999`: "), "{err}");
}

#[test]
fn other_failures_exit_4_not_1() {
    let out = sgtui(&["audit", "--account-file", "/nonexistent/account.json"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("sgtui: cannot read the account file"));
}

#[test]
fn aws_that_cannot_be_reached_exits_3() {
    let out = sgtui(&[
        "audit",
        "--region",
        "us-east-1",
        "--endpoint-url",
        "http://127.0.0.1:9",
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.starts_with("sgtui: could not "), "{err}");
    assert!(!err.contains("press r"), "{err}");
}

#[test]
fn no_format_writes_an_escape_byte() {
    for format in ["text", "json", "sarif"] {
        let out = sgtui(&["audit", "--demo", "--format", format]);
        let text = exits(1, &out);
        assert!(!text.is_empty(), "{format}");
        assert!(!text.contains('\x1b'), "an escape byte in {format}");
    }
}

/// The language pattern of the published schema (`run.language`, `toolComponent.language`): its
/// stray `]` is a literal to ECMAScript, but the validator's regex engine rejects it.
const LANGUAGE: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";

/// Replaces every `pattern` equal to [`LANGUAGE`] in `schema` with it escaped (the same meaning);
/// answers how many there were.
fn escape_language_patterns(schema: &mut serde_json::Value) -> usize {
    match schema {
        serde_json::Value::Object(map) => {
            let mut n = 0;
            for (key, value) in map.iter_mut() {
                if key == "pattern" && value == LANGUAGE {
                    *value = LANGUAGE.replace("]?", "\\]?").into();
                    n += 1;
                } else {
                    n += escape_language_patterns(value);
                }
            }
            n
        }
        serde_json::Value::Array(items) => items.iter_mut().map(escape_language_patterns).sum(),
        _ => 0,
    }
}

/// The SARIF 2.1.0 schema (draft-07: `format` is an annotation, not checked), its language
/// patterns escaped; sgtui writes no `language`.
fn sarif_validator() -> jsonschema::Validator {
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SARIF_SCHEMA).unwrap()).unwrap();
    assert_eq!(
        schema["properties"]["version"]["enum"],
        serde_json::json!(["2.1.0"])
    );
    assert_eq!(escape_language_patterns(&mut schema), 2);
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn schema_errors(validator: &jsonschema::Validator, log: &serde_json::Value) -> Vec<String> {
    validator.iter_errors(log).map(|e| e.to_string()).collect()
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let validator = sarif_validator();
    for args in [
        &["audit", "--demo", "--format", "sarif"][..],
        &["audit", "--account-file", CONTRACT, "--format", "sarif"],
        &[
            "audit",
            "--demo",
            "--format",
            "sarif",
            "--filter",
            "desc:no-rule-says-this",
        ],
    ] {
        let out = sgtui(args);
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            schema_errors(&validator, &log),
            Vec::<String>::new(),
            "{args:?}"
        );
    }
    // The schema does reject what SARIF does not allow.
    let out = sgtui(&["audit", "--demo", "--format", "sarif"]);
    let mut log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    log["runs"][0]["tool"]["driver"]["colour"] = "red".into();
    assert_eq!(schema_errors(&validator, &log).len(), 2);
}

#[test]
fn help_documents_the_findings_and_the_exit_codes() {
    let out = sgtui(&["audit", "--help"]);
    assert_snapshot!("audit_help", exits(0, &out));
}

#[test]
fn each_format_on_the_contract_fixture() {
    for format in ["text", "json", "sarif"] {
        let out = sgtui(&["audit", "--account-file", CONTRACT, "--format", format]);
        assert_snapshot!(format!("contract_{format}"), exits(1, &out));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn against_moto_the_seeded_groups_findings_are_the_fixtures() {
    let config = common::moto_config().await;
    let region = config.region().unwrap().to_string();
    let client = aws_sdk_ec2::Client::new(&config);
    let account = common::contract_account();
    let groups = common::seed(&client, &account).await;
    let endpoint = common::moto::moto().endpoint.clone();
    let run = |fail_on: &str| {
        let args = [
            "audit",
            "--format",
            "json",
            "--fail-on",
            fail_on,
            "--region",
            &region,
        ];
        let args = args.into_iter().chain(["--endpoint-url", &endpoint]);
        sgtui_with_moto_credentials(args.map(String::from).collect())
    };
    let out = run("risky").await;
    let audit: serde_json::Value = serde_json::from_str(exits(1, &out)).unwrap();
    // The seeded groups hold the fixture's rules: one risky rule, no wide or redundant one;
    // moto answers no stale references.
    let web = &groups["sg-00000000000000001"];
    let mut of_seeded = BTreeMap::<String, Vec<String>>::new();
    for finding in audit["findings"].as_array().unwrap() {
        let group = finding["group_id"].as_str().unwrap();
        if groups.values().any(|g| g == group) {
            let signal = finding["signal"].as_str().unwrap().to_string();
            of_seeded.entry(signal).or_default().push(group.to_string());
        }
    }
    assert_eq!(of_seeded["risky"], std::slice::from_ref(web));
    assert!(!of_seeded.contains_key("wide") && !of_seeded.contains_key("redundant"));
    assert_eq!(audit["counts"]["stale"], 0);
    let err = stderr(&out);
    assert!(
        err.contains("does not answer DescribeStaleSecurityGroups"),
        "{err}"
    );
    exits(0, &run("stale").await);
}
