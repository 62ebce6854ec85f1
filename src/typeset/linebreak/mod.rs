//! Steps 3 and 4: choose the line breaks and place the runs.
//!
//! Justified text is broken by total fit (Knuth & Plass, *Breaking
//! Paragraphs into Lines*, 1981): every break after a segment is a
//! candidate, a line's badness is 100·|r|³ for its adjustment ratio r, a
//! hyphenated break costs a penalty, two hyphenated lines in a row cost
//! extra and a third is not allowed; the breaks minimising the sum of
//! (line penalty + badness)² + penalty² win. Other alignments fill each
//! line first-fit. Each line is then put in visual order (UAX #9 L2) and
//! its runs placed (`place.rs`).

mod place;

use super::collect::Segment;
use super::{Align, Line};
pub(crate) use place::{kashida_lines, set_lines};

/// Extra demerits per line, so that fewer lines win over equal badness.
const LINE_PENALTY: f32 = 10.0;
/// Penalty of breaking at a hyphenation point: high, so that hyphenation
/// is a last resort, as in UN documents (0.4–0.7 % of lines end in a
/// hyphen in A/HRC/WG.6/34/ITA/3 en and ru, none in A/HRC/WG.6/7/ITA/1 fr).
/// Measured on the seed and benchmark corpora with spaces that may double
/// (collect/): 50 gave 15–48 % hyphenated lines, 1,000 gives 0–6 %.
const HYPHEN_PENALTY: f32 = 1000.0;
/// Extra demerits for two hyphenated lines in a row: four times the
/// penalty's, as TeX's \doublehyphendemerits (10,000) to its
/// \hyphenpenalty (50²).
const DOUBLE_HYPHEN_DEMERITS: f32 = 4.0 * HYPHEN_PENALTY * HYPHEN_PENALTY;
/// Extra demerits for a hyphen on the line before the last, which leaves a
/// fragment on the last line: twice the penalty's, as TeX's
/// \finalhyphendemerits (5,000).
const FINAL_HYPHEN_DEMERITS: f32 = 2.0 * HYPHEN_PENALTY * HYPHEN_PENALTY;
/// Demerits that no paragraph with a hyphenated line can score less than:
/// the hyphen's penalty and the least a line costs. A paragraph set
/// without hyphenation points below this is set as total fit would set it
/// with them, so its words need not be hyphenated at all.
pub(crate) const HYPHENS_CANNOT_WIN: f32 =
    HYPHEN_PENALTY * HYPHEN_PENALTY + LINE_PENALTY * LINE_PENALTY;
/// A last line this short (a share of the measure) may not hold only the
/// end of a hyphenated word.
const SHORT_LAST_LINE: f32 = 0.2;
/// At most this many hyphenated lines in a row.
const MAX_CONSECUTIVE_HYPHENS: usize = 2;

/// Natural width, stretch and shrink of segments `a..b` set on one line.
fn measure_line(segments: &[Segment], a: usize, b: usize) -> (f32, f32, f32) {
    let mut width = 0.0;
    let mut stretch = 0.0;
    let mut shrink = 0.0;
    for (i, s) in segments[a..b].iter().enumerate() {
        width += s.width;
        if a + i + 1 < b {
            if let Some(g) = &s.glue {
                width += g.width;
                stretch += g.stretch;
                shrink += g.shrink;
            }
        } else if let Some(h) = &s.hyphen {
            width += h.width();
        }
    }
    (width, stretch, shrink)
}

/// Running sums over the segments, so a line's measure costs O(1).
struct Sums {
    /// Content and glue widths, stretch and shrink of segments `..i`.
    width: Vec<f32>,
    stretch: Vec<f32>,
    shrink: Vec<f32>,
}

impl Sums {
    fn new(segments: &[Segment]) -> Self {
        let sized = || {
            let mut sums = Vec::with_capacity(segments.len() + 1);
            sums.push(0.0);
            sums
        };
        let mut sums = Sums {
            width: sized(),
            stretch: sized(),
            shrink: sized(),
        };
        for s in segments {
            let glue = s.glue.as_ref();
            sums.width
                .push(sums.width.last().unwrap_or(&0.0) + s.width + glue.map_or(0.0, |g| g.width));
            sums.stretch
                .push(sums.stretch.last().unwrap_or(&0.0) + glue.map_or(0.0, |g| g.stretch));
            sums.shrink
                .push(sums.shrink.last().unwrap_or(&0.0) + glue.map_or(0.0, |g| g.shrink));
        }
        sums
    }

    /// As `measure_line`: the glue after the last segment does not count,
    /// its hyphen does.
    fn line(&self, segments: &[Segment], a: usize, b: usize) -> (f32, f32, f32) {
        let last = &segments[b - 1];
        let glue = last.glue.as_ref();
        let width = self.width[b] - self.width[a] - glue.map_or(0.0, |g| g.width)
            + last.hyphen.as_ref().map_or(0.0, |h| h.width());
        let stretch = self.stretch[b] - self.stretch[a] - glue.map_or(0.0, |g| g.stretch);
        let shrink = self.shrink[b] - self.shrink[a] - glue.map_or(0.0, |g| g.shrink);
        (width, stretch, shrink)
    }
}

/// The adjustment ratio of a line of natural `width`, `stretch` and
/// `shrink` set `measure` wide (0 for a paragraph's last line that fits).
fn ratio(width: f32, stretch: f32, shrink: f32, measure: f32, last: bool) -> f32 {
    if width <= measure {
        if last {
            0.0
        } else if stretch > 0.0 {
            (measure - width) / stretch
        } else {
            f32::INFINITY
        }
    } else if shrink > 0.0 {
        (measure - width) / shrink
    } else {
        f32::NEG_INFINITY
    }
}

/// The breaks (segment indices where each line ends, exclusive).
///
/// For each break `b`, the line starts that can reach it run from the
/// tightest line that is not overfull to `b - 1`; they are tried from the
/// tightest line to the loosest. Past the natural width a line only gets
/// looser, so its demerits only grow: once they alone reach the best
/// found for `b`, no looser start can win and the rest are skipped. Ties
/// go to the start nearest `b`, so the result is that of trying every
/// start (tested).
/// Total fit: the breaks, and the demerits of the paragraph they set.
///
/// Most paragraphs are broken with no hyphenation point at all (Chinese,
/// and every justified paragraph's first try: see `typeset_paragraph`);
/// for them no line can end hyphenated, so only the state of no hyphen
/// before is ever reached, and the search keeps that one state alone. The
/// breaks are the same as with all three.
pub(crate) fn total_fit(segments: &[Segment], measure: f32) -> (Vec<usize>, f32) {
    if segments.iter().any(|s| s.hyphen.is_some()) {
        total_fit_in::<{ MAX_CONSECUTIVE_HYPHENS + 1 }>(segments, measure)
    } else {
        total_fit_in::<1>(segments, measure)
    }
}

/// [`total_fit`] with `STATES` hyphenation states: a break's state is how
/// many of the lines ending there in a row are hyphenated.
fn total_fit_in<const STATES: usize>(segments: &[Segment], measure: f32) -> (Vec<usize>, f32) {
    search::<STATES>(segments, measure, true)
}

/// [`total_fit_in`], skipping the starts that cannot win when `prune`
/// (else trying every start, which a test compares it with).
#[inline(always)]
fn search<const STATES: usize>(
    segments: &[Segment],
    measure: f32,
    prune: bool,
) -> (Vec<usize>, f32) {
    let n = segments.len();
    let sums = Sums::new(segments);
    // best[b][k]: least demerits of lines ending at b, the last k of them hyphenated.
    let mut best = vec![[f32::INFINITY; STATES]; n + 1];
    let mut from = vec![[(0usize, 0usize); STATES]; n + 1];
    best[0][0] = 0.0;
    // A line may not run across a forced break.
    let mut floor = 0;
    // What a line that cannot be justified (one word) costs.
    let unjustifiable = (LINE_PENALTY + 1.0e7).powi(2);
    // Whether any line ending at a break has finite demerits.
    let mut reachable = vec![false; n + 1];
    reachable[0] = true;
    let mut lowest = 0;
    for b in 1..=n {
        let hyphenated = segments[b - 1].hyphen.is_some();
        let last = b == n || segments[b - 1].forced_break;
        // What the glue and hyphen after segment b - 1 take off and add
        // (as Sums::line computes them, in the same order).
        let glue = segments[b - 1].glue.as_ref();
        let (glue_width, glue_stretch, glue_shrink) =
            glue.map_or((0.0, 0.0, 0.0), |g| (g.width, g.stretch, g.shrink));
        let hyphen_width = segments[b - 1].hyphen.as_ref().map_or(0.0, |h| h.width());
        let line = |a: usize| {
            let width = sums.width[b] - sums.width[a] - glue_width + hyphen_width;
            let stretch = sums.stretch[b] - sums.stretch[a] - glue_stretch;
            let shrink = sums.shrink[b] - sums.shrink[a] - glue_shrink;
            ratio(width, stretch, shrink, measure, last)
        };
        // The tightest start whose line is not overfull: a line only gets
        // tighter as its start moves back, so this is a boundary, and it
        // moves forward with the break; carried from the last break and
        // corrected both ways, instead of scanning every start.
        let mut p = lowest.clamp(floor, b - 1);
        while p > floor && line(p - 1) >= -1.0 {
            p -= 1;
        }
        while p < b && line(p) < -1.0 {
            p += 1;
        }
        lowest = p;
        // A single segment wider than the line must still go somewhere.
        let first = p.min(b - 1);
        // The reachable starts, tightest first; each line's ratio is
        // computed only if the loop below gets that far.
        let starts = (first..b).filter(|&a| reachable[a]).map(|a| (a, line(a)));
        // Whether the last line from `a` is a fifth of the measure or less.
        let short_last =
            |a: usize| sums.width[b] - sums.width[a] - glue_width <= measure * SHORT_LAST_LINE;
        let penalty = if hyphenated {
            HYPHEN_PENALTY * HYPHEN_PENALTY
        } else {
            0.0
        };
        for (a, ratio) in starts {
            let overfull = ratio < -1.0;
            // Badness is not capped, so that looseness spreads over lines
            // instead of piling up in one; a line that cannot be justified
            // (one word) or overflows is the last resort.
            let badness = if overfull {
                1.0e9
            } else if ratio.is_infinite() {
                1.0e7
            } else {
                100.0 * ratio.abs().powi(3)
            };
            let line = (LINE_PENALTY + badness).powi(2) + penalty;
            if !last && ratio >= 0.0 {
                let bound = if hyphenated {
                    best[b][1..]
                        .iter()
                        .copied()
                        .fold(f32::NEG_INFINITY, f32::max)
                } else {
                    best[b][0]
                };
                if prune && line >= bound && unjustifiable + penalty >= bound {
                    break;
                }
            }
            for k in 0..STATES {
                if !best[a][k].is_finite() {
                    continue;
                }
                let (next, extra) = match (hyphenated, k) {
                    // A short piece of a word alone on the last line
                    // ("возможно-|стями.") only where nothing else fits.
                    (false, _) if last && k > 0 && short_last(a) => (0, 1.0e12),
                    (false, _) if last && k > 0 => (0, FINAL_HYPHEN_DEMERITS),
                    (false, _) => (0, 0.0),
                    (true, k) if k + 1 < STATES => {
                        (k + 1, if k > 0 { DOUBLE_HYPHEN_DEMERITS } else { 0.0 })
                    }
                    (true, _) => continue,
                };
                let demerits = best[a][k] + line + extra;
                if demerits < best[b][next] || (demerits == best[b][next] && a > from[b][next].0) {
                    best[b][next] = demerits;
                    from[b][next] = (a, k);
                }
            }
        }
        reachable[b] = best[b].iter().any(|d| d.is_finite());
        if segments[b - 1].forced_break {
            floor = b;
        }
    }
    let mut breaks = Vec::new();
    let mut b = n;
    let mut k = (0..STATES)
        .min_by(|x, y| best[n][*x].total_cmp(&best[n][*y]))
        .unwrap_or(0);
    let demerits = best[n][k];
    while b > 0 {
        breaks.push(b);
        let (a, previous) = from[b][k];
        b = a;
        k = previous;
    }
    breaks.reverse();
    (breaks, demerits)
}

/// First fit: as many segments per line as fit.
fn first_fit(segments: &[Segment], measure: f32) -> Vec<usize> {
    let sums = Sums::new(segments);
    let mut breaks = Vec::new();
    let mut a = 0;
    for b in 1..=segments.len() {
        let (width, ..) = sums.line(segments, a, b);
        if width > measure && b - a > 1 {
            // Back off to the last break that is not inside a word.
            let mut at = b - 1;
            while at > a + 1 && segments[at - 1].hyphen.is_some() {
                at -= 1;
            }
            breaks.push(at);
            a = at;
        }
        if segments[b - 1].forced_break && b < segments.len() {
            breaks.push(b);
            a = b;
        }
    }
    if !segments.is_empty() {
        breaks.push(segments.len());
    }
    breaks.dedup();
    no_lone_last_word(segments, &sums, measure, &mut breaks);
    breaks
}

/// A ragged paragraph (a title, a session block, a heading) never ends on
/// a line of one word or one ideograph ("l'homme*", "Наций", "信" alone):
/// the line before gives it its last word, when it keeps one of its own
/// and the two fit. The number of lines is unchanged.
fn no_lone_last_word(segments: &[Segment], sums: &Sums, measure: f32, breaks: &mut [usize]) {
    // A line may end after segment `k - 1` without a hyphen.
    let word_end = |k: usize| segments[k - 1].hyphen.is_none();
    for i in 1..breaks.len() {
        let (p, a, b) = (
            if i >= 2 { breaks[i - 2] } else { 0 },
            breaks[i - 1],
            breaks[i],
        );
        let last = b == segments.len() || segments[b - 1].forced_break;
        if !last || segments[a - 1].forced_break || (a + 1..b).any(word_end) {
            continue;
        }
        let Some(k) = (p + 1..a).rev().find(|&k| word_end(k)) else {
            continue;
        };
        if sums.line(segments, k, b).0 <= measure {
            breaks[i - 1] = k;
        }
    }
}

/// Breaks the segments into lines `measure` wide and places the runs.
/// `base_rtl` puts the start of lines on the right.
pub(crate) fn break_lines(
    segments: &[Segment],
    measure: f32,
    align: Align,
    base_rtl: bool,
) -> Vec<Line> {
    set_lines(
        segments,
        &breaks(segments, measure, align),
        measure,
        align,
        base_rtl,
    )
}

/// Where the lines end (segment indices, exclusive).
pub fn breaks(segments: &[Segment], measure: f32, align: Align) -> Vec<usize> {
    match align {
        Align::Justify => total_fit(segments, measure).0,
        _ => first_fit(segments, measure),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::random;
    use crate::typeset::collect::Glue;
    use crate::typeset::shaping::{Glyph, GlyphText};
    use crate::typeset::{FaceId, Run};
    use std::sync::Arc;

    fn run(width: f32) -> Arc<Run> {
        Arc::new(Run {
            face: FaceId::SerifRegular,
            size: 10.0,
            glyphs: vec![Glyph {
                id: 1,
                advance: width,
                x_offset: 0.0,
                y_offset: 0.0,
                text: GlyphText::new("x"),
            }],
            link: None,
            level: 0,
            footnote: None,
        })
    }

    /// A word `width` wide followed by a space (2.5 pt, stretch 1.25,
    /// shrink 0.8, as the serif's at 10 pt).
    fn word(width: f32) -> Segment {
        Segment {
            content: smallvec::smallvec![run(width)],
            width,
            glue: Some(Glue {
                run: run(2.5),
                width: 2.5,
                stretch: 1.25,
                shrink: 0.8,
            }),
            hyphen: None,
            forced_break: false,
            kashida: None,
            arabic_word: None,
        }
    }

    /// The first part of a word that may break here with a hyphen.
    fn syllable(width: f32) -> Segment {
        Segment {
            glue: None,
            hyphen: Some(run(3.0)),
            ..word(width)
        }
    }

    fn justified(segments: &[Segment], measure: f32) -> Vec<usize> {
        breaks(segments, measure, Align::Justify)
    }

    #[test]
    fn words_that_fit_stay_on_one_line() {
        let segments: Vec<Segment> = (0..4).map(|_| word(20.0)).collect();
        assert_eq!(justified(&segments, 200.0), vec![4]);
    }

    #[test]
    fn a_forced_break_ends_the_line_whatever_the_cost() {
        let mut segments: Vec<Segment> = (0..6).map(|_| word(20.0)).collect();
        segments[1].forced_break = true;
        let b = justified(&segments, 200.0);
        assert_eq!(b, vec![2, 6]);
        assert_eq!(breaks(&segments, 200.0, Align::Left), vec![2, 6]);
    }

    #[test]
    fn an_overfull_single_word_gets_a_line_of_its_own() {
        let segments = vec![word(20.0), word(500.0), word(20.0)];
        let b = justified(&segments, 100.0);
        assert_eq!(b, vec![1, 2, 3], "the long word alone, nothing lost");
        assert_eq!(breaks(&segments, 100.0, Align::Left), vec![1, 2, 3]);
    }

    #[test]
    fn a_ragged_paragraph_never_ends_on_one_word() {
        // Five words of 20 pt in 100 pt: four fit, the fifth would stand
        // alone; it takes the fourth with it.
        let segments: Vec<Segment> = (0..5).map(|_| word(20.0)).collect();
        assert_eq!(breaks(&segments, 100.0, Align::Left), vec![3, 5]);
        // A word in syllables counts as one word: its pieces move together.
        let mut segments: Vec<Segment> = (0..4).map(|_| word(20.0)).collect();
        segments.insert(3, syllable(15.0));
        assert_eq!(breaks(&segments, 100.0, Align::Left), vec![2, 5]);
        // Not when the line before would be left empty, nor when the two
        // would not fit, nor across a forced break.
        let segments = vec![word(60.0), word(60.0)];
        assert_eq!(breaks(&segments, 100.0, Align::Left), vec![1, 2]);
        let segments = vec![word(30.0), word(60.0), word(60.0)];
        assert_eq!(breaks(&segments, 100.0, Align::Left), vec![2, 3]);
        let mut segments: Vec<Segment> = (0..3).map(|_| word(20.0)).collect();
        segments[1].forced_break = true;
        assert_eq!(breaks(&segments, 100.0, Align::Left), vec![2, 3]);
    }

    #[test]
    fn lines_are_justified_within_their_stretch() {
        // Ten words of 30 pt in 100 pt: three a line, each line's ratio
        // between -1 and the loosest the breaker had to accept.
        let segments: Vec<Segment> = (0..10).map(|_| word(30.0)).collect();
        let b = justified(&segments, 100.0);
        let mut a = 0;
        for &end in &b[..b.len() - 1] {
            let (width, stretch, shrink) = measure_line(&segments, a, end);
            let r = ratio(width, stretch, shrink, 100.0, false);
            assert!((-1.0..=4.0).contains(&r), "line {a}..{end}: ratio {r}");
            a = end;
        }
        assert_eq!(*b.last().unwrap(), 10);
    }

    #[test]
    fn no_more_than_two_hyphenated_lines_in_a_row() {
        // Lines of exactly one word and one syllable each would hyphenate
        // every line; the limit forces a non-hyphenated break every third.
        let mut segments = Vec::new();
        for _ in 0..8 {
            segments.push(word(40.0));
            segments.push(syllable(50.0));
            segments.push(word(10.0));
        }
        let b = justified(&segments, 95.0);
        let hyphenated = b
            .iter()
            .filter(|&&end| segments[end - 1].hyphen.is_some())
            .count();
        assert!(hyphenated >= 2, "the case hyphenates: {b:?}");
        let mut run_of_hyphens = 0;
        for &end in &b {
            if segments[end - 1].hyphen.is_some() {
                run_of_hyphens += 1;
                assert!(run_of_hyphens <= MAX_CONSECUTIVE_HYPHENS, "breaks {b:?}");
            } else {
                run_of_hyphens = 0;
            }
        }
    }

    #[test]
    fn a_hyphen_is_a_last_resort() {
        // Breaking in the word is not needed: the words fit without it.
        let segments = vec![word(30.0), syllable(20.0), word(20.0), word(30.0)];
        let b = justified(&segments, 80.0);
        assert!(
            b.iter().all(|&end| segments[end - 1].hyphen.is_none()),
            "{b:?}"
        );
    }

    #[test]
    fn below_the_bound_hyphenation_points_change_nothing() {
        // Paragraphs of random words, some of which may break in two: set
        // with the words whole, wherever the demerits stay under
        // HYPHENS_CANNOT_WIN, total fit with the hyphenation points breaks
        // at the same word ends; above it, hyphens must have won.
        let mut next = random(0x9e37_79b9);
        let (mut below, mut above) = (0, 0);
        for _ in 0..400 {
            let count = 5 + next(60) as usize;
            let measure = 60.0 + next(400) as f32;
            let mut whole = Vec::new();
            let mut pieces = Vec::new();
            // The index in `pieces` after which each word ends.
            let mut word_ends = Vec::new();
            for _ in 0..count {
                let width = 5.0 + next(50) as f32;
                whole.push(word(width));
                if width > 20.0 && next(2) == 0 {
                    let first = 5.0 + next((width - 10.0) as u32) as f32;
                    pieces.push(syllable(first));
                    pieces.push(word(width - first));
                } else {
                    pieces.push(word(width));
                }
                word_ends.push(pieces.len());
            }
            let (plain, demerits) = total_fit(&whole, measure);
            let (hyphenated, with_points) = total_fit(&pieces, measure);
            if demerits < HYPHENS_CANNOT_WIN {
                below += 1;
                let mapped: Vec<usize> = plain.iter().map(|&b| word_ends[b - 1]).collect();
                assert_eq!(hyphenated, mapped, "measure {measure}");
                assert_eq!(with_points, demerits);
            } else if hyphenated.iter().any(|&b| pieces[b - 1].hyphen.is_some()) {
                above += 1;
                assert!(with_points < demerits);
            }
        }
        assert!(
            below > 100 && above > 10,
            "both kinds tried: {below}, {above}"
        );
    }

    #[test]
    fn without_hyphenation_points_one_state_breaks_as_three() {
        // Random paragraphs with no hyphenation point, some with forced
        // breaks and words wider than the line: the search that keeps the
        // state of no hyphen alone finds the breaks and demerits of the
        // full one.
        let mut next = random(0x2545_f491);
        for _ in 0..400 {
            let measure = 40.0 + next(300) as f32;
            let segments: Vec<Segment> = (0..1 + next(80))
                .map(|_| Segment {
                    forced_break: next(25) == 0,
                    ..word(2.0 + next(80) as f32)
                })
                .collect();
            let full = total_fit_in::<{ MAX_CONSECUTIVE_HYPHENS + 1 }>(&segments, measure);
            assert_eq!(
                total_fit_in::<1>(&segments, measure),
                full,
                "measure {measure}"
            );
            assert_eq!(total_fit(&segments, measure), full);
        }
    }

    #[test]
    fn skipping_the_starts_that_cannot_win_changes_nothing() {
        // Random paragraphs: words with and without hyphenation points,
        // forced breaks, words wider than the line, runs of equal widths
        // (ties), and Chinese-like characters (a break at each, glue that
        // barely stretches or not at all): the search that skips starts
        // gives the breaks and demerits of trying every start, with one
        // state and with all.
        let mut next = random(0x51ed_270b);
        for round in 0..600 {
            let measure = 40.0 + next(300) as f32;
            let chinese = round % 3 == 0;
            let segments: Vec<Segment> = (0..1 + next(120))
                .map(|_| {
                    let width = if next(4) == 0 {
                        10.0
                    } else {
                        2.0 + next(60) as f32
                    };
                    let mut segment = match next(6) {
                        0 => syllable(width),
                        _ => word(width),
                    };
                    if chinese {
                        segment.width = 10.0;
                        segment.hyphen = None;
                        segment.glue = Some(Glue {
                            run: run(0.0),
                            width: 0.0,
                            stretch: 0.25 * next(3) as f32,
                            shrink: 0.0,
                        });
                    }
                    segment.forced_break = next(40) == 0;
                    segment
                })
                .collect();
            assert_eq!(
                search::<{ MAX_CONSECUTIVE_HYPHENS + 1 }>(&segments, measure, true),
                search::<{ MAX_CONSECUTIVE_HYPHENS + 1 }>(&segments, measure, false),
                "all states, measure {measure}, round {round}"
            );
            assert_eq!(
                search::<1>(&segments, measure, true),
                search::<1>(&segments, measure, false),
                "one state, measure {measure}, round {round}"
            );
        }
    }

    #[test]
    fn ties_go_to_the_start_nearest_the_break() {
        // Identical words: many break sequences cost the same; the result
        // is deterministic and the same as trying every start would give.
        let segments: Vec<Segment> = (0..12).map(|_| word(25.0)).collect();
        let first = justified(&segments, 110.0);
        assert_eq!(first, justified(&segments, 110.0));
        assert_eq!(first, vec![4, 8, 12]);
    }

    #[test]
    fn the_prefix_sums_measure_a_line_as_the_direct_sum_does() {
        let mut segments = Vec::new();
        for i in 0..40 {
            segments.push(if i % 7 == 3 {
                syllable(11.0 + i as f32)
            } else {
                word(7.5 + (i * 13 % 17) as f32)
            });
        }
        let sums = Sums::new(&segments);
        for a in 0..segments.len() {
            for b in a + 1..=segments.len() {
                let direct = measure_line(&segments, a, b);
                let summed = sums.line(&segments, a, b);
                for (x, y) in [
                    (direct.0, summed.0),
                    (direct.1, summed.1),
                    (direct.2, summed.2),
                ] {
                    assert!((x - y).abs() < 1e-3, "{a}..{b}: {direct:?} vs {summed:?}");
                }
            }
        }
    }
}
