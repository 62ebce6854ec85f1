//! Build reports for CI: JSON (shape documented in docs/ci.md) and JUnit
//! XML (one testcase per job, the diagnostic as the failure message).

use serde_json::json;

use super::{Outcome, Status};
use crate::xml;

/// Counts of a batch.
pub fn summary(outcomes: &[Outcome]) -> (usize, usize, usize) {
    let count = |s: Status| outcomes.iter().filter(|o| o.status == s).count();
    (
        count(Status::Rendered),
        count(Status::UpToDate),
        count(Status::Failed),
    )
}

/// The JSON report.
pub fn json(outcomes: &[Outcome], shard: Option<String>) -> String {
    let (rendered, up_to_date, failed) = summary(outcomes);
    let jobs: Vec<_> = outcomes
        .iter()
        .map(|o| {
            json!({
                "id": o.job_id,
                "document": o.document,
                "lang": o.lang,
                "status": o.status.name(),
                "output": o.output.as_ref().map(|p| p.display().to_string()),
                "milliseconds": o.millis as u64,
                "diagnostics": o.diagnostics.iter().map(|d| json!({
                    "message": d.message,
                    "location": d.place(),
                    "hint": d.hint,
                    "text": d.to_string(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let report = json!({
        "polypress": env!("CARGO_PKG_VERSION"),
        "shard": shard,
        "summary": {
            "jobs": outcomes.len(),
            "rendered": rendered,
            "up_to_date": up_to_date,
            "failed": failed,
        },
        "jobs": jobs,
    });
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

/// The JUnit XML report.
pub fn junit(outcomes: &[Outcome]) -> String {
    let (_, up_to_date, failed) = summary(outcomes);
    let total_seconds: f64 = outcomes.iter().map(|o| o.millis as f64 / 1000.0).sum();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<testsuites name=\"polypress\" tests=\"{}\" failures=\"{failed}\" time=\"{total_seconds:.3}\">\n",
        outcomes.len()
    ));
    xml.push_str(&format!(
        "  <testsuite name=\"polypress build\" tests=\"{}\" failures=\"{failed}\" skipped=\"{up_to_date}\" time=\"{total_seconds:.3}\">\n",
        outcomes.len()
    ));
    for o in outcomes {
        let head = format!(
            "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
            xml::escape(&o.document),
            xml::escape(&o.job_id),
            o.millis as f64 / 1000.0
        );
        match o.status {
            Status::Rendered => xml.push_str(&format!("{head}/>\n")),
            Status::UpToDate => xml.push_str(&format!(
                "{head}>\n      <skipped message=\"up to date\"/>\n    </testcase>\n"
            )),
            Status::Failed => {
                let first = o
                    .diagnostics
                    .first()
                    .map(|d| d.message.clone())
                    .unwrap_or_default();
                let full: String = o.diagnostics.iter().map(ToString::to_string).collect();
                xml.push_str(&format!(
                    "{head}>\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                    xml::escape(&first),
                    xml::escape(&full)
                ));
            }
        }
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    xml
}
