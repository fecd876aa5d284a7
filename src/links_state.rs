//! Links watched over time (`onboard validate --links-state FILE`): a JSON file records, per
//! privacy-policy link, where it last ended, how it was classified, when it was last live,
//! since when it has been failing and for how many runs in a row it could not be checked.
//! The next run compares its online results with that record: a link whose final address
//! changed is `privacy-url-moved`, a failing link says since when, and one that stays
//! unverified for more runs than allowed becomes an error.
//!
//! The front end reads the file ([`read`]) and writes the new record
//! ([`LinkState::to_json`]); the comparison is here. The file usually comes from a CI cache,
//! so it is outside input: at most [`MAX_LINK_STATE_BYTES`], a regular file (no link, FIFO
//! or device), every value checked; a broken one is refused with a message, never trusted.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::checks::links::{self, Failure, LinkReport, Verdict};
use crate::finding::diagnostic::{Diagnostic, Text};
use crate::finding::registry::{Code, Severity};
pub use crate::limits::MAX_LINK_STATE_BYTES;
use crate::limits::MAX_URL_LEN;

/// The version of the file's format, in its key `onboard_links_state`.
pub const FORMAT: u32 = 1;

/// Runs in a row a link may stay unverified before that is an error, when neither
/// `--max-unverified-runs` nor `[links] max_unverified_runs` says: a weekly schedule gives a
/// server that blocks automated checks three weeks before someone has to look.
pub const DEFAULT_MAX_UNVERIFIED_RUNS: u32 = 3;

/// The record of every link a run checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkState {
    /// The format's version ([`FORMAT`]).
    pub onboard_links_state: u32,
    /// By the link as the forms give it (normalised).
    pub links: BTreeMap<String, Entry>,
}

impl Default for LinkState {
    fn default() -> LinkState {
        LinkState {
            onboard_links_state: FORMAT,
            links: BTreeMap::new(),
        }
    }
}

/// What is known of one link. Dates are `YYYY-MM-DD`, the run's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Where the link ended (after redirects) the last time a server answered it.
    pub final_url: Option<String>,
    /// The day that final address was seen.
    pub final_seen_on: Option<String>,
    /// The classification of the last check.
    pub classification: Classification,
    /// The day of the last check.
    pub checked_on: String,
    /// The last day the link was live.
    pub last_live: Option<String>,
    /// The first day of the failing checks since it was last live; `None` while it is live.
    pub failing_since: Option<String>,
    /// Checks in a row that could not verify it (0 unless the last one was unverified).
    pub unverified_runs: u32,
}

/// How a link was classified (the online check's verdict, without its details).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Classification {
    /// A 2xx answer.
    Live,
    /// A definite failure.
    Dead,
    /// Could not be checked.
    Unverified,
    /// Led to a non-public address.
    Blocked,
    /// Redirected to plain http.
    Downgraded,
}

impl Classification {
    fn of(verdict: &Verdict) -> Classification {
        match verdict {
            Verdict::Live(_) => Classification::Live,
            Verdict::Dead(_) => Classification::Dead,
            Verdict::Unverified(_) => Classification::Unverified,
            Verdict::Blocked { .. } => Classification::Blocked,
            Verdict::Downgraded => Classification::Downgraded,
        }
    }
}

/// A link of this run with its record: what the JSON result shows as `privacy_link`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct History {
    /// The link as checked.
    pub url: String,
    /// The record after this run.
    #[serde(flatten)]
    pub entry: Entry,
    /// Where it ended before, when its final address changed since the last check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<Moved>,
}

/// The final address a link had before it moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moved {
    /// The address.
    pub final_url: String,
    /// The day it was seen there.
    pub seen_on: Option<String>,
}

/// The final address of a checked link, when a server answered at the end of its
/// redirects (a time-out or a refused connection says nothing about where it ends).
fn final_address(report: &LinkReport) -> Option<&str> {
    let answered = matches!(
        report.verdict,
        Verdict::Live(_)
            | Verdict::Dead(Failure::Status(_))
            | Verdict::Unverified(Failure::Status(_))
    );
    answered.then(|| report.final_url.as_deref().unwrap_or(&report.url))
}

impl LinkState {
    /// The record after this run's `links` (checked on `today`), and each link's history.
    /// The new record holds the links of this run only: a link no form names any more is
    /// dropped, so the file stays as large as the repository.
    pub fn advance(
        &self,
        links: &HashMap<String, LinkReport>,
        today: jiff::civil::Date,
    ) -> (LinkState, HashMap<String, History>) {
        let today = today.to_string();
        let mut next = LinkState::default();
        let mut histories = HashMap::new();
        for (url, report) in links {
            let before = self.links.get(url);
            let classification = Classification::of(&report.verdict);
            let live = classification == Classification::Live;
            let now_final = final_address(report);
            let moved_from = match (before.and_then(|b| b.final_url.as_deref()), now_final) {
                (Some(old), Some(new)) if old != new => Some(Moved {
                    final_url: old.to_owned(),
                    seen_on: before.and_then(|b| b.final_seen_on.clone()),
                }),
                _ => None,
            };
            let entry = Entry {
                final_url: now_final
                    .map(str::to_owned)
                    .or_else(|| before.and_then(|b| b.final_url.clone())),
                final_seen_on: match now_final {
                    Some(_) => Some(today.clone()),
                    None => before.and_then(|b| b.final_seen_on.clone()),
                },
                classification,
                checked_on: today.clone(),
                last_live: if live {
                    Some(today.clone())
                } else {
                    before.and_then(|b| b.last_live.clone())
                },
                failing_since: if live {
                    None
                } else {
                    Some(
                        before
                            .and_then(|b| b.failing_since.clone())
                            .unwrap_or_else(|| today.clone()),
                    )
                },
                unverified_runs: if classification == Classification::Unverified {
                    before.map_or(0, |b| b.unverified_runs).saturating_add(1)
                } else {
                    0
                },
            };
            next.links.insert(url.clone(), entry.clone());
            histories.insert(
                url.clone(),
                History {
                    url: url.clone(),
                    entry,
                    moved_from,
                },
            );
        }
        (next, histories)
    }

    /// The file's text: pretty JSON, links sorted, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("the state serializes");
        out.push('\n');
        out
    }

    /// The state in `bytes`, as read from the file `shown`; `Err` says what is wrong with it,
    /// without quoting its content.
    pub fn parse(bytes: &[u8], shown: &str) -> Result<LinkState, Text> {
        if bytes.len() as u64 > MAX_LINK_STATE_BYTES {
            return Err(too_large(shown, bytes.len() as u64));
        }
        // serde's own words can quote the content (a string of some other file a link
        // pointed at): only the kind of problem and its place are said.
        let state: LinkState = serde_json::from_slice(bytes).map_err(|e| {
            let problem = match e.classify() {
                serde_json::error::Category::Data => "links-state.problem.data",
                serde_json::error::Category::Eof => "links-state.problem.eof",
                _ => "links-state.problem.syntax",
            };
            Text::new("links-state.broken")
                .arg("path", shown)
                .arg("line", e.line().to_string())
                .arg("column", e.column().to_string())
                .term("problem", problem)
        })?;
        let invalid = |problem: &'static str| {
            Text::new("links-state.invalid")
                .arg("path", shown)
                .term("problem", problem)
        };
        if state.onboard_links_state != FORMAT {
            return Err(invalid("links-state.problem.version"));
        }
        for (url, entry) in &state.links {
            let urls = std::iter::once(url.as_str()).chain(entry.final_url.as_deref());
            if !urls.into_iter().all(is_web_url) {
                return Err(invalid("links-state.problem.url"));
            }
            let dates = [
                Some(&entry.checked_on),
                entry.final_seen_on.as_ref(),
                entry.last_live.as_ref(),
                entry.failing_since.as_ref(),
            ];
            let is_date = |d: &String| d.parse::<jiff::civil::Date>().is_ok() && d.len() == 10;
            if !dates.into_iter().flatten().all(is_date) {
                return Err(invalid("links-state.problem.date"));
            }
        }
        Ok(state)
    }
}

/// An absolute http(s) URL within the length forms are held to.
fn is_web_url(text: &str) -> bool {
    text.len() <= MAX_URL_LEN
        && url::Url::parse(text).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}

fn too_large(shown: &str, size: u64) -> Text {
    Text::new("links-state.too-large")
        .arg("path", shown)
        .size("size", size)
        .size("max", MAX_LINK_STATE_BYTES)
}

/// The state in the file at `path` (named on the command line), or an empty one when there
/// is no file yet (the first run). Only a regular file is read — not through a link, not a
/// FIFO or device — and at most [`MAX_LINK_STATE_BYTES`] of it.
pub fn read(path: &Path) -> Result<LinkState, Text> {
    let shown = path.display().to_string();
    let io = |e: std::io::Error| {
        Text::new("run.io")
            .arg("path", &shown)
            .arg("reason", e.to_string())
    };
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(LinkState::default()),
        Err(e) => return Err(io(e)),
    };
    if !meta.is_file() {
        return Err(Text::new("links-state.not-a-file").arg("path", &shown));
    }
    let file = crate::confine::open(path, false).map_err(|e| {
        if crate::confine::is_refused_link(&e) {
            Text::new("links-state.not-a-file").arg("path", &shown)
        } else {
            io(e)
        }
    })?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(Text::new("links-state.not-a-file").arg("path", &shown));
    }
    if meta.len() > MAX_LINK_STATE_BYTES {
        return Err(too_large(&shown, meta.len()));
    }
    let mut bytes = Vec::new();
    // One byte more than the bound: a file that grew since the `fstat` is still caught.
    file.take(MAX_LINK_STATE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    LinkState::parse(&bytes, &shown)
}

/// The findings of a link whose record is `history`: those of the online check, a failing
/// link saying since when, one unverified too long marked for [`escalate`], and
/// `privacy-url-moved` when its final address changed.
pub fn findings(report: &LinkReport, history: &History, max_unverified: u32) -> Vec<(Code, Text)> {
    let entry = &history.entry;
    let since = entry.failing_since.clone().unwrap_or_default();
    let mut out: Vec<(Code, Text)> = links::findings(report)
        .into_iter()
        .map(|(code, text)| match code {
            Code::PrivacyUrlDead => {
                let wrapped = match &entry.last_live {
                    Some(live) => Text::new("privacy-url-dead.history").iso_date("live", live),
                    None => Text::new("privacy-url-dead.history-never-live"),
                };
                (
                    code,
                    wrapped.iso_date("since", &since).nested("finding", text),
                )
            }
            Code::PrivacyUrlUnverified => {
                let id = if entry.unverified_runs > max_unverified {
                    "privacy-url-unverified.history-limit"
                } else {
                    "privacy-url-unverified.history"
                };
                let wrapped = Text::new(id)
                    .number("runs", entry.unverified_runs.into())
                    .number("max", max_unverified.into())
                    .iso_date("since", &since)
                    .nested("finding", text);
                (code, wrapped)
            }
            _ => (code, text),
        })
        .collect();
    if let Some(moved) = &history.moved_from {
        let text = Text::new("privacy-url-moved")
            .arg("url", &report.url)
            .arg("final", entry.final_url.as_deref().unwrap_or(&report.url))
            .arg("old", &moved.final_url)
            .iso_date("date", moved.seen_on.as_deref().unwrap_or_default());
        out.push((Code::PrivacyUrlMoved, text));
    }
    out
}

/// Makes every `privacy-url-unverified` finding of a link unverified for more runs than
/// allowed an error — after the repository's severities, which would otherwise set it back
/// (a repository that turned the code off has no such finding left).
pub fn escalate(diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        if d.code == Code::PrivacyUrlUnverified
            && d.text.id == "privacy-url-unverified.history-limit"
        {
            d.severity = Severity::Error;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::links::Content;

    fn report(final_url: Option<&str>, verdict: Verdict) -> LinkReport {
        LinkReport {
            url: "https://a.de/dse".into(),
            final_url: final_url.map(Into::into),
            verdict,
        }
    }

    fn day(s: &str) -> jiff::civil::Date {
        s.parse().unwrap()
    }

    fn run(state: &LinkState, report: LinkReport, on: &str) -> (LinkState, History) {
        let links = HashMap::from([(report.url.clone(), report)]);
        let (next, mut histories) = state.advance(&links, day(on));
        let history = histories.remove("https://a.de/dse").unwrap();
        (next, history)
    }

    #[test]
    fn a_new_final_address_is_a_move_from_the_old_one_and_its_day() {
        let live = Verdict::Live(Content::Policy);
        let (first, history) = run(
            &LinkState::default(),
            report(None, live.clone()),
            "2026-11-01",
        );
        assert_eq!(history.moved_from, None);
        let (second, history) = run(&first, report(Some("https://a.de/neu"), live), "2026-11-08");
        assert_eq!(
            history.moved_from,
            Some(Moved {
                final_url: "https://a.de/dse".into(),
                seen_on: Some("2026-11-01".into())
            })
        );
        let codes: Vec<Code> = findings(&second_report(), &history, 3)
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        assert_eq!(codes, [Code::PrivacyUrlRedirected, Code::PrivacyUrlMoved]);
        // A time-out says nothing of where the link ends: the last known address stays.
        let (third, history) = run(
            &second,
            report(None, Verdict::Unverified(Failure::Timeout)),
            "2026-11-15",
        );
        assert_eq!(history.moved_from, None);
        assert_eq!(
            third.links["https://a.de/dse"].final_url.as_deref(),
            Some("https://a.de/neu")
        );
    }

    fn second_report() -> LinkReport {
        report(Some("https://a.de/neu"), Verdict::Live(Content::Policy))
    }

    #[test]
    fn failing_keeps_its_first_day_and_the_last_live_one() {
        let (first, _) = run(
            &LinkState::default(),
            report(None, Verdict::Live(Content::Policy)),
            "2026-11-01",
        );
        let dead = || report(None, Verdict::Dead(Failure::Status(404)));
        let (second, _) = run(&first, dead(), "2026-11-08");
        let (_, history) = run(&second, dead(), "2026-11-15");
        assert_eq!(history.entry.failing_since.as_deref(), Some("2026-11-08"));
        assert_eq!(history.entry.last_live.as_deref(), Some("2026-11-01"));
        let (_, text) = findings(&dead(), &history, 3).remove(0);
        assert_eq!(text.id, "privacy-url-dead.history");
    }

    #[test]
    fn unverified_runs_count_in_a_row_and_past_the_limit_are_marked() {
        let unverified = || report(None, Verdict::Unverified(Failure::Refused));
        let mut state = LinkState::default();
        let mut ids = Vec::new();
        for on in ["2026-11-01", "2026-11-02", "2026-11-03"] {
            let (next, history) = run(&state, unverified(), on);
            ids.push(findings(&unverified(), &history, 2).remove(0).1.id);
            state = next;
        }
        assert_eq!(
            ids,
            [
                "privacy-url-unverified.history",
                "privacy-url-unverified.history",
                "privacy-url-unverified.history-limit"
            ]
        );
        let (live, _) = run(
            &state,
            report(None, Verdict::Live(Content::Pdf)),
            "2026-11-04",
        );
        assert_eq!(live.links["https://a.de/dse"].unverified_runs, 0);
        assert_eq!(live.links["https://a.de/dse"].failing_since, None);
    }

    #[test]
    fn a_broken_state_is_refused_without_quoting_it() {
        let cases: [(&str, &str); 6] = [
            ("{", "links-state.broken"),
            ("root:x:0:0:root:/root:/bin/bash", "links-state.broken"),
            (
                r#"{"onboard_links_state": "secret words", "links": {}}"#,
                "links-state.broken",
            ),
            (
                r#"{"onboard_links_state": 2, "links": {}}"#,
                "links-state.invalid",
            ),
            (
                r#"{"onboard_links_state": 1, "links": {"javascript:x": {"final_url": null, "final_seen_on": null, "classification": "live", "checked_on": "2026-11-01", "last_live": null, "failing_since": null, "unverified_runs": 0}}}"#,
                "links-state.invalid",
            ),
            (
                r#"{"onboard_links_state": 1, "links": {"https://a.de/": {"final_url": null, "final_seen_on": null, "classification": "live", "checked_on": "2026-13-01", "last_live": null, "failing_since": null, "unverified_runs": 0}}}"#,
                "links-state.invalid",
            ),
        ];
        for (text, id) in cases {
            let refused = LinkState::parse(text.as_bytes(), "state.json").unwrap_err();
            assert_eq!(refused.id, id, "{text}");
            assert!(
                refused
                    .args
                    .iter()
                    .all(|(_, v)| !v.contains("secret") && !v.contains("root"))
            );
        }
        let state = LinkState::default();
        assert_eq!(
            LinkState::parse(state.to_json().as_bytes(), "s").unwrap(),
            state
        );
    }
}
