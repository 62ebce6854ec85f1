//! Steps 3 and 4: choose the line breaks and place the runs.
//!
//! Justified text is broken by total fit (Knuth & Plass, *Breaking
//! Paragraphs into Lines*, 1981): every break after a segment is a
//! candidate, a line's badness is 100·|r|³ for its adjustment ratio r, and
//! the breaks minimising the sum of (line penalty + badness)² win. Other
//! alignments fill each line first-fit.

use super::collect::Segment;
use super::{Align, Line};

/// Extra demerits per line, so that fewer lines win over equal badness.
const LINE_PENALTY: f32 = 10.0;

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
        }
    }
    (width, stretch, shrink)
}

/// The breaks (segment indices where each line ends, exclusive).
fn total_fit(segments: &[Segment], measure: f32) -> Vec<usize> {
    let n = segments.len();
    let mut best: Vec<f32> = vec![f32::INFINITY; n + 1];
    let mut from: Vec<usize> = vec![0; n + 1];
    best[0] = 0.0;
    // A line may not run across a forced break.
    let mut floor = 0;
    for b in 1..=n {
        for a in (floor..b).rev() {
            if !best[a].is_finite() {
                continue;
            }
            let (width, stretch, shrink) = measure_line(segments, a, b);
            let last = b == n || segments[b - 1].forced_break;
            let ratio = if width <= measure {
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
            };
            let overfull = ratio < -1.0;
            // A single segment wider than the line must still go somewhere.
            if overfull && b - a > 1 {
                break;
            }
            // A line that cannot be justified at all (one word, no space to
            // stretch) or that overflows is the last resort.
            // Badness is not capped, so that looseness spreads over lines
            // instead of piling up in one.
            let badness = if overfull {
                1.0e9
            } else if ratio.is_infinite() {
                1.0e7
            } else {
                100.0 * ratio.abs().powi(3)
            };
            let demerits = best[a] + (LINE_PENALTY + badness).powi(2);
            if demerits < best[b] {
                best[b] = demerits;
                from[b] = a;
            }
        }
        if segments[b - 1].forced_break {
            floor = b;
        }
    }
    let mut breaks = Vec::new();
    let mut b = n;
    while b > 0 {
        breaks.push(b);
        b = from[b];
    }
    breaks.reverse();
    breaks
}

/// First fit: as many segments per line as fit.
fn first_fit(segments: &[Segment], measure: f32) -> Vec<usize> {
    let mut breaks = Vec::new();
    let mut a = 0;
    for b in 1..=segments.len() {
        let (width, ..) = measure_line(segments, a, b);
        if width > measure && b - a > 1 {
            breaks.push(b - 1);
            a = b - 1;
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
    breaks
}

/// Breaks the segments into lines `measure` wide and places the runs.
pub fn break_lines(segments: &[Segment], measure: f32, align: Align) -> Vec<Line> {
    let breaks = match align {
        Align::Justify => total_fit(segments, measure),
        _ => first_fit(segments, measure),
    };
    let mut lines = Vec::new();
    let mut a = 0;
    for b in breaks {
        let (width, stretch, shrink) = measure_line(segments, a, b);
        let last = b == segments.len() || segments[b - 1].forced_break;
        let ratio = match align {
            Align::Justify if !last && width < measure && stretch > 0.0 => {
                (measure - width) / stretch
            }
            Align::Justify if width > measure && shrink > 0.0 => {
                ((measure - width) / shrink).max(-1.0)
            }
            _ => 0.0,
        };
        let set_width = if ratio == 0.0 {
            width
        } else {
            measure.min(width.max(measure))
        };
        let mut x = match align {
            Align::Right => measure - set_width,
            Align::Center => (measure - set_width) / 2.0,
            _ => 0.0,
        };
        let mut runs = Vec::new();
        for (i, segment) in segments[a..b].iter().enumerate() {
            for run in &segment.content {
                runs.push((x, run.clone()));
                x += run.width();
            }
            if a + i + 1 < b {
                if let Some(glue) = &segment.glue {
                    let adjust = if ratio >= 0.0 {
                        glue.stretch
                    } else {
                        glue.shrink
                    };
                    let target = glue.width + ratio * adjust;
                    let mut run = glue.run.clone();
                    // The space glyphs carry the justified width, so the
                    // PDF text keeps its spaces and copies out as written.
                    let natural = run.width();
                    if natural > 0.0 {
                        for g in &mut run.glyphs {
                            g.advance *= target / natural;
                        }
                    }
                    runs.push((x, run));
                    x += target;
                }
            }
        }
        lines.push(Line { runs, leading: 0.0 });
        a = b;
    }
    lines
}
