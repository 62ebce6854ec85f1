//! Step 4: place the runs of each line. Glue is set to its final width
//! (an Arabic line past a limit lengthens words with kashida instead), the
//! runs are put in visual order (UAX #9 L2) and get their x positions.

use std::sync::Arc;

use super::super::collect::Segment;
use super::super::{Align, Line};
use super::measure_line;
use crate::typeset::Run;

/// Spaces of a justified Arabic line grow up to this adjustment ratio;
/// beyond it the line is filled with kashida.
const KASHIDA_AFTER: f32 = 0.5;
/// At most this many tatweels in one word.
const MAX_TATWEELS: usize = 3;

/// Distributes about `extra` points of kashida over the words of a line,
/// one tatweel at a time, from the end of the line (alreq: fewer, longer
/// elongations read better than many). Returns the width added.
fn kashida(line: &[Segment], extra: f32, lengthened: &mut [Option<Vec<Arc<Run>>>]) -> f32 {
    let mut counts = vec![0usize; line.len()];
    let mut added = 0.0;
    loop {
        let mut progress = false;
        for i in (0..line.len()).rev() {
            let Some(k) = &line[i].kashida else { continue };
            if counts[i] >= MAX_TATWEELS {
                continue;
            }
            let cost = if counts[i] == 0 {
                k.width() - line[i].width
            } else {
                k.step()
            };
            if cost <= 0.0 || added + cost > extra {
                continue;
            }
            counts[i] += 1;
            added += cost;
            progress = true;
        }
        if !progress {
            break;
        }
    }
    for (i, &count) in counts.iter().enumerate() {
        if count > 0 {
            if let Some(k) = &line[i].kashida {
                lengthened[i] = Some(k.with(count).0);
            }
        }
    }
    added
}

/// Reorders a line's runs from logical to visual order (UAX #9 L2): from
/// the highest level down to the lowest odd one, reverse every maximal
/// sequence at that level or higher.
fn visual_order(mut runs: Vec<(Arc<Run>, f32)>) -> Vec<(Arc<Run>, f32)> {
    let Some(highest) = runs.iter().map(|(r, _)| r.level).max() else {
        return runs;
    };
    let lowest_odd = runs
        .iter()
        .map(|(r, _)| r.level)
        .filter(|l| l % 2 == 1)
        .min()
        .unwrap_or(highest + 1);
    let mut level = highest;
    while level >= lowest_odd && level > 0 {
        let mut i = 0;
        while i < runs.len() {
            if runs[i].0.level >= level {
                let start = i;
                while i < runs.len() && runs[i].0.level >= level {
                    i += 1;
                }
                runs[start..i].reverse();
            } else {
                i += 1;
            }
        }
        level -= 1;
    }
    runs
}

/// How much kashida the line of segments `a..b` takes, if any: Arabic
/// spaces widen up to a limit, past it words lengthen instead.
fn kashida_room(
    segments: &[Segment],
    a: usize,
    b: usize,
    measure: f32,
    align: Align,
    base_rtl: bool,
) -> Option<f32> {
    let (width, stretch, _) = measure_line(segments, a, b);
    let last = b == segments.len() || segments[b - 1].forced_break;
    if align == Align::Justify && base_rtl && !last && stretch > 0.0 {
        let ratio = (measure - width) / stretch;
        if ratio > KASHIDA_AFTER {
            return Some((ratio - KASHIDA_AFTER) * stretch);
        }
    }
    None
}

/// The lines (`a..b` of the segments) that are loose enough to take kashida.
pub(crate) fn kashida_lines(
    segments: &[Segment],
    breaks: &[usize],
    measure: f32,
    align: Align,
    base_rtl: bool,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut a = 0;
    for &b in breaks {
        if kashida_room(segments, a, b, measure, align, base_rtl).is_some() {
            out.push((a, b));
        }
        a = b;
    }
    out
}

/// Places the runs of the lines ending at `breaks`.
pub(crate) fn set_lines(
    segments: &[Segment],
    breaks: &[usize],
    measure: f32,
    align: Align,
    base_rtl: bool,
) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut a = 0;
    for &b in breaks {
        let (mut width, stretch, shrink) = measure_line(segments, a, b);
        let last = b == segments.len() || segments[b - 1].forced_break;
        // Arabic: past a limit, lengthen words with kashida instead of
        // widening spaces further.
        let mut lengthened: Vec<Option<Vec<Arc<Run>>>> = vec![None; b - a];
        if let Some(extra) = kashida_room(segments, a, b, measure, align, base_rtl) {
            width += kashida(&segments[a..b], extra, &mut lengthened);
        }
        let ratio = match align {
            Align::Justify if !last && width < measure && stretch > 0.0 => {
                (measure - width) / stretch
            }
            Align::Justify if width > measure && shrink > 0.0 => {
                ((measure - width) / shrink).max(-1.0)
            }
            _ => 0.0,
        };
        // Logical order first: content, then glue set to its final width.
        let mut logical: Vec<(Arc<Run>, f32)> = Vec::with_capacity(2 * (b - a));
        let mut set_width = 0.0;
        for (i, segment) in segments[a..b].iter().enumerate() {
            for run in lengthened[i].as_deref().unwrap_or(&segment.content) {
                set_width += run.width();
                logical.push((run.clone(), run.width()));
            }
            if a + i + 1 < b {
                if let Some(glue) = &segment.glue {
                    let adjust = if ratio >= 0.0 {
                        glue.stretch
                    } else {
                        glue.shrink
                    };
                    let target = glue.width + ratio * adjust;
                    set_width += target;
                    // The space keeps its glyph (the PDF text copies out
                    // as written) and its run, shared by every space of the
                    // paragraph: the next run starts `target` further on,
                    // which is all the PDF stage reads (each run is drawn
                    // at its own x). A stretched copy per space was more
                    // than a quarter of a long document's peak memory.
                    logical.push((glue.run.clone(), target));
                }
            } else if let Some(hyphen) = &segment.hyphen {
                set_width += hyphen.width();
                logical.push((hyphen.clone(), hyphen.width()));
            }
        }
        // Where the line starts: the start side is the right in RTL.
        let free = measure - set_width;
        let mut x = match (align, base_rtl) {
            (Align::Center, _) => free / 2.0,
            (Align::Right, false) | (Align::Left, true) | (Align::Justify, true) => free,
            _ => 0.0,
        };
        let mut runs = Vec::with_capacity(logical.len());
        for (run, width) in visual_order(logical) {
            if !run.glyphs.is_empty() {
                runs.push((x, run));
            }
            x += width;
        }
        lines.push(Line { runs, leading: 0.0 });
        a = b;
    }
    lines
}
