use super::write;
use crate::cli::AuditFormat;
use crate::cmd::audit::findings::{Finding, Signal};
use crate::cmd::audit::sarif;

fn finding(signal: Signal, rule: Option<&str>, reason: &str) -> Finding {
    Finding {
        signal,
        region: Some("eu-west-1".into()),
        group_id: "sg-1".into(),
        group_name: "web\x1b[31m".into(),
        vpc_id: Some("vpc-1".into()),
        rule_id: rule.map(str::to_string),
        properties: rule.map(|_| "in tcp 22 0.0.0.0/0".to_string()),
        reason: reason.into(),
    }
}

fn sample() -> Vec<Finding> {
    vec![
        finding(
            Signal::Risky,
            Some("sgr-1"),
            "sensitive tcp port 22 (ssh) from anywhere",
        ),
        finding(Signal::Unused, None, "unused: nothing is in it"),
    ]
}

fn written(format: AuditFormat, findings: &[Finding]) -> String {
    let mut out = Vec::new();
    write(format, findings, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn text_is_a_line_per_finding_then_a_count_per_signal_all_inert() {
    let text = written(AuditFormat::Text, &sample());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "risky      eu-west-1/sg-1/sgr-1 (web\\x1b[31m) in tcp 22 0.0.0.0/0: sensitive tcp \
             port 22 (ssh) from anywhere",
            "unused     eu-west-1/sg-1 (web\\x1b[31m): unused: nothing is in it",
            "1 risky rule(s)",
            "0 wide rule(s)",
            "0 redundant rule(s)",
            "0 stale rule(s)",
            "1 unused group(s)",
        ]
    );
    assert!(!text.contains('\x1b'));
}

#[test]
fn json_holds_the_findings_and_the_counts() {
    let json: serde_json::Value =
        serde_json::from_str(&written(AuditFormat::Json, &sample())).unwrap();
    assert_eq!(json["findings"][0]["signal"], "risky");
    assert_eq!(json["findings"][0]["rule_id"], "sgr-1");
    assert_eq!(json["findings"][0]["group_name"], "web\x1b[31m");
    assert_eq!(json["findings"][0]["properties"], "in tcp 22 0.0.0.0/0");
    assert_eq!(json["findings"][1]["rule_id"], serde_json::Value::Null);
    assert_eq!(
        json["counts"],
        serde_json::json!({"risky": 1, "wide": 0, "redundant": 0, "stale": 0, "unused": 1, "total": 2})
    );
    let empty: serde_json::Value = serde_json::from_str(&written(AuditFormat::Json, &[])).unwrap();
    assert_eq!(empty["findings"], serde_json::json!([]));
}

#[test]
fn sarif_has_a_descriptor_per_signal_and_a_result_per_finding() {
    let log: serde_json::Value =
        serde_json::from_str(&written(AuditFormat::Sarif, &sample())).unwrap();
    assert_eq!(log["$schema"], sarif::SCHEMA);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "sgtui");
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    let ids: Vec<&str> = (run["tool"]["driver"]["rules"].as_array().unwrap().iter())
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["risky", "wide", "redundant", "stale", "unused"]);
    let risky = &run["results"][0];
    assert_eq!(risky["ruleId"], "risky");
    assert_eq!(risky["ruleIndex"], 0);
    assert_eq!(risky["level"], "error");
    assert_eq!(
        risky["message"]["text"],
        "sensitive tcp port 22 (ssh) from anywhere"
    );
    let place = &risky["locations"][0]["logicalLocations"][0];
    assert_eq!(place["fullyQualifiedName"], "eu-west-1/sg-1/sgr-1");
    assert_eq!(place["name"], "sgr-1");
    assert_eq!(place["kind"], "resource");
    let unused = &run["results"][1];
    assert_eq!(
        (unused["level"].as_str(), unused["ruleIndex"].as_u64()),
        (Some("note"), Some(4))
    );
    assert_eq!(
        unused["locations"][0]["logicalLocations"][0]["name"],
        "sg-1"
    );
}

#[test]
fn each_signal_has_its_level() {
    let levels = Signal::ALL.map(sarif::level);
    assert_eq!(levels, ["error", "warning", "note", "warning", "note"]);
}
