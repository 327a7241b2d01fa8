//! Documents and links made before scenario format version 2 still open unchanged.
//!
//! `tests/fixtures/v1/` holds what the build before the layered core (commit cf72d0b) wrote:
//! a run file per preset (`<preset>.run.json`, scenario version 1 inside) and `links.tsv`, two
//! links per preset (plain with a cursor; Chinese and embedded) and one per lesson (with its step
//! and cursor). Course pages carry such links, and teachers keep such files.

use txscope::export::import;
use txscope::i18n::Lang;
use txscope::lessons;
use txscope::presets::{preset, PRESETS};
use txscope::share::Link;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v1");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}"))
        .unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// The presets the version-1 build had (the bank transfers and the orders came with version 2).
fn v1_presets() -> impl Iterator<Item = &'static str> {
    PRESETS
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| !n.starts_with("transfer-") && !n.starts_with("order-"))
}

/// The lessons version-1 links could open: those on a version-1 preset.
fn v1_lessons() -> usize {
    lessons::all()
        .iter()
        .filter(|l| match l.source {
            lessons::Source::Preset(p) => v1_presets().any(|v| v == p),
            lessons::Source::Inline(_) => true,
        })
        .count()
}

/// Every preset's version-1 run file imports: its scenario reads as the preset does today, and
/// re-running it gives every event the file recorded (import compares them one by one).
#[test]
fn every_version_1_run_file_imports_and_replays_event_for_event() {
    for name in v1_presets() {
        let text = fixture(&format!("{name}.run.json"));
        assert!(text.contains("\"version\": 1"), "{name}: a version-1 file");
        let imported = import(&text).unwrap_or_else(|e| panic!("{name}: {}", e.message(Lang::En)));
        assert_eq!(imported.scenario, preset(name).unwrap(), "{name}");
        assert!(imported.run.len() > 10, "{name}: the run is there");
    }
}

/// Every version-1 link opens on the scenario, lesson, step, cursor, language and embedding it
/// was made with.
#[test]
fn every_version_1_link_opens_as_it_was_made() {
    let links = fixture("links.tsv");
    let mut seen = 0;
    for line in links.lines() {
        let mut cols = line.split('\t');
        let (Some(what), Some(kind), Some(fragment)) = (cols.next(), cols.next(), cols.next())
        else {
            panic!("a malformed fixture line: {line}");
        };
        let link = Link::from_fragment(fragment)
            .unwrap_or_else(|e| panic!("{what} {kind}: {}", e.message(Lang::En)));
        match kind {
            "plain" => {
                assert_eq!(link.scenario, preset(what).unwrap(), "{what}");
                assert_eq!(link.cursor, Some(7), "{what}");
                assert_eq!((link.lang, link.embed.is_none()), (None, true), "{what}");
            }
            "zh-embed" => {
                assert_eq!(link.scenario, preset(what).unwrap(), "{what}");
                assert_eq!(link.lang, Some(Lang::Zh), "{what}");
                let embed = link.embed.clone().expect("an embedded player");
                assert!(embed.autoplay && embed.read_only, "{what}");
                assert_eq!(embed.speed, Some(4.0), "{what}");
                assert_eq!(embed.panels.len(), 2, "{what}");
            }
            "lesson" => {
                let lesson = lessons::find(what).expect("a lesson of this build");
                assert_eq!(link.lesson.as_deref(), Some(what));
                assert_eq!(link.scenario, lesson.scenario().unwrap(), "{what}");
                assert_eq!((link.step, link.cursor), (Some(1), Some(12)), "{what}");
            }
            other => panic!("an unknown fixture kind {other}"),
        }
        // And the link this build writes for the same thing reads back the same.
        let again = Link::from_fragment(&link.to_fragment()).expect("today's link");
        assert_eq!(again, link, "{what} {kind}");
        seen += 1;
    }
    assert_eq!(seen, 2 * v1_presets().count() + v1_lessons());
}
