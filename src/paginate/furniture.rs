//! Page furniture: the masthead (docs/un-format.md §1.1), the first-page footer
//! with its Code 39 barcode (§1.2), and the running header and footer of
//! pages 2 … n, mirrored on even and odd pages (§2).

use super::graphic::{Graphic, QrModules};
use super::{Geometry, Mark, Page, Tag};
use crate::language::Language;
use crate::layout::tree::{FirstPageFooter, Masthead, MastheadLine};
use crate::layout::LayoutDocument;
use crate::typeset::{line_width, typeset_text, Line, Run, Shaper, TypesetError};

/// Places lines with their first baseline at `baseline`; returns the last baseline.
fn place_lines(page: &mut Page, lines: &[Line], x: f32, baseline: f32, tag: Tag) -> f32 {
    place(page, lines, x, baseline, None, tag)
}

/// Places lines as `place_lines` does, or, with `mirror = Some(page width)`,
/// at the mirror image of that position: each line ends where it would
/// have started (the right-to-left masthead, docs/un-format.md §1.1).
fn place(
    page: &mut Page,
    lines: &[Line],
    x: f32,
    baseline: f32,
    mirror: Option<f32>,
    tag: Tag,
) -> f32 {
    let mut y = baseline;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            y += line.leading;
        }
        let start = match mirror {
            Some(width) => width - x - line_width(line),
            None => x,
        };
        for (dx, run) in &line.runs {
            page.marks.push(Mark::Text {
                x: start + dx,
                baseline: y,
                run: run.clone(),
                tag,
            });
        }
    }
    y
}

/// One line of text, unbroken.
fn single(
    text: &str,
    size: f32,
    bold: bool,
    language: Language,
    shaper: &mut Shaper,
) -> Result<Vec<Line>, TypesetError> {
    typeset_text(text, size, bold, f32::INFINITY, language, shaper)
}

fn width(lines: &[Line]) -> f32 {
    lines.iter().map(line_width).fold(0.0, f32::max)
}

/// Draws the masthead on page 1, mirrored when `rtl`; returns where the
/// body starts. The symbols and the English right-hand column stay
/// left-to-right runs; only their positions are mirrored.
pub fn masthead(
    m: &Masthead,
    g: &Geometry,
    language: Language,
    emblem: &Graphic,
    shaper: &mut Shaper,
    page: &mut Page,
) -> Result<f32, TypesetError> {
    let rtl = language.is_rtl();
    let mut set = MastheadSetter {
        g,
        language,
        shaper,
        page,
        // The masthead is the first structure element of the page.
        tag: Tag::Element(0),
        rtl,
        mirror: rtl.then_some(g.width),
    };
    set.emblem(emblem);
    // "United Nations" (14 pt) and the symbol share a baseline.
    let top_baseline = 57.0 - g.masthead_raise;
    set.un_name(&m.un_name, top_baseline)?;
    set.symbols(&m.symbols, top_baseline)?;
    set.page.marks.push(Mark::Rule {
        x1: g.furniture_left,
        x2: g.furniture_right,
        y: 63.0 - g.masthead_raise,
        thickness: 0.5,
    });
    let organ_bottom = set.organs(&m.organs)?;
    let right_bottom = set.right_column(&m.right_column)?;
    // Measured on A/INF/76/1: the first session line has its top at 213 pt,
    // 16 pt under the thick rule.
    let rule = (organ_bottom.max(right_bottom) + 21.0).max(g.session_rule);
    set.page.marks.push(Mark::Rule {
        x1: g.furniture_left,
        x2: g.furniture_right,
        y: rule,
        thickness: 1.5,
    });
    let bottom = set.sessions(&m.sessions, rule)?;
    Ok(bottom + g.title_gap)
}

/// What setting the masthead's parts shares: the page and its geometry,
/// the language and whether the masthead is mirrored (right to left).
struct MastheadSetter<'a, 's> {
    g: &'a Geometry,
    language: Language<'a>,
    shaper: &'a mut Shaper<'s>,
    page: &'a mut Page,
    tag: Tag,
    rtl: bool,
    mirror: Option<f32>,
}

impl MastheadSetter<'_, '_> {
    /// The emblem left of the organ names, under the thin rule (measured on
    /// A/HRC/WG.6/34/ITA/3: 54 pt wide, its top 5 pt under the rule), on
    /// the right in a right-to-left masthead.
    fn emblem(&mut self, emblem: &Graphic) {
        let g = self.g;
        let scale = EMBLEM_WIDTH / emblem.view_box[2];
        let x = g.furniture_left + 3.0;
        self.page.marks.push(Mark::Shape {
            x: if self.rtl {
                g.width - x - EMBLEM_WIDTH
            } else {
                x
            },
            top: 68.0 - g.masthead_raise,
            scale,
            graphic: Box::new(emblem.clone()),
        });
    }

    /// "United Nations" at the organ column; a long name ("Организация
    /// Объединенных Наций", 213 pt) starts over the emblem, at the left of
    /// the furniture, as the Russian page of A/HRC/WG.6/34/ITA/3 sets it
    /// (x 63.9).
    fn un_name(&mut self, un_name: &str, top_baseline: f32) -> Result<(), TypesetError> {
        let g = self.g;
        let un = single(un_name, 14.0, false, self.language, self.shaper)?;
        let un_x = if width(&un) > LONG_UN_NAME {
            g.furniture_left
        } else {
            g.masthead_left
        };
        place(self.page, &un, un_x, top_baseline, self.mirror, self.tag);
        Ok(())
    }

    /// Joint symbols on one line joined by an en dash, the series letter of
    /// each at 20 pt and the rest at 10 pt, flush right.
    fn symbols(&mut self, symbols: &[String], top_baseline: f32) -> Result<(), TypesetError> {
        let g = self.g;
        let language = self.language;
        let mut pieces: Vec<std::sync::Arc<Run>> = Vec::new();
        for (i, symbol) in symbols.iter().enumerate() {
            let mut chars = symbol.chars();
            let first: String = chars.next().map(String::from).unwrap_or_default();
            let rest: String = chars.collect();
            let mut text = |t: &str, size: f32| -> Result<(), TypesetError> {
                if !t.is_empty() {
                    for line in single(t, size, false, language, self.shaper)? {
                        pieces.extend(line.runs.into_iter().map(|(_, r)| r));
                    }
                }
                Ok(())
            };
            if i > 0 {
                text("\u{2013}", 10.0)?;
            }
            text(&first, 20.0)?;
            text(&rest, 10.0)?;
        }
        let total: f32 = pieces.iter().map(|r| r.width()).sum();
        let mut x = if self.rtl {
            g.furniture_left
        } else {
            g.furniture_right - total
        };
        for run in pieces {
            let w = run.width();
            self.page.marks.push(Mark::Text {
                x,
                baseline: top_baseline + g.symbol_drop,
                run,
                tag: self.tag,
            });
            x += w;
        }
        Ok(())
    }

    /// Organ names stacked, 20 pt bold; returns the last baseline.
    fn organs(&mut self, organs: &[String]) -> Result<f32, TypesetError> {
        let g = self.g;
        let mut organ_bottom: f32 = 70.0;
        for (i, organ) in organs.iter().enumerate() {
            let lines = single(organ, 20.0, true, self.language, self.shaper)?;
            organ_bottom = place(
                self.page,
                &lines,
                g.masthead_left,
                87.0 - g.masthead_raise + 22.0 * i as f32,
                self.mirror,
                self.tag,
            );
        }
        Ok(organ_bottom)
    }

    /// The right-hand column beside the organ names (distribution, date,
    /// version language, original), on the other side when right to left;
    /// returns its last baseline.
    fn right_column(&mut self, right_column: &[String]) -> Result<f32, TypesetError> {
        let g = self.g;
        let mut right_bottom: f32 = 70.0;
        for (i, text) in right_column.iter().enumerate() {
            let baseline = 87.0 - g.right_raise + 12.0 * i as f32;
            if !text.is_empty() {
                let lines = single(text, 10.0, false, self.language, self.shaper)?;
                let x = if self.rtl {
                    g.width - g.furniture_right
                } else {
                    g.right_column
                };
                place_lines(self.page, &lines, x, baseline, self.tag);
            }
            right_bottom = baseline;
        }
        Ok(right_bottom)
    }

    /// Session block under the thick `rule`: one column per organ; returns
    /// the lowest baseline, or an error when a column passes the middle of
    /// the page.
    fn sessions(&mut self, sessions: &[Vec<MastheadLine>], rule: f32) -> Result<f32, TypesetError> {
        let g = self.g;
        let columns = sessions.len().max(1) as f32;
        let column_width = (g.furniture_right - g.furniture_left) / columns;
        let mut bottom = rule;
        for (i, column) in sessions.iter().enumerate() {
            let x = g.furniture_left + column_width * i as f32;
            let mut y = rule + 16.0;
            for (j, line) in column.iter().enumerate() {
                // The council heading the first column (Geneva: 12 pt).
                let size = if i == 0 && j == 0 {
                    g.council_size
                } else {
                    10.0
                };
                let lines = typeset_text(
                    &line.text,
                    size,
                    line.bold,
                    column_width - 24.0,
                    self.language,
                    self.shaper,
                )?;
                if j > 0 {
                    y += 12.0;
                }
                y = place(self.page, &lines, x, y, self.mirror, self.tag);
            }
            // A masthead that pushes the body past the middle of page 1 is a
            // title too long for it, refused rather than set on a page with
            // no room for the text (real agenda-item titles take a few lines).
            let limit = g.height / 2.0;
            if y > limit {
                return Err(TypesetError::MastheadTooTall {
                    column: i,
                    bottom: y.round() as u32,
                    limit: limit.round() as u32,
                });
            }
            bottom = bottom.max(y);
        }
        Ok(bottom)
    }
}

/// Wider than this, the UN's name starts over the emblem (only the
/// Russian, of the six, is: 213 pt; Spanish, the next, is about 105 pt).
const LONG_UN_NAME: f32 = 150.0;

/// The width of the emblem on page 1 (19 mm, docs/un-format.md §1.1).
const EMBLEM_WIDTH: f32 = 54.0;
/// The side of the QR code on page 1 (A/HRC/WG.6/34/ITA/3: 44.25 pt).
const QR_SIZE: f32 = 44.25;
/// The height of the recycle mark (the same document: 18 pt).
const RECYCLE_HEIGHT: f32 = 18.0;
/// From the recycle words to the mark (the same document: ink 1.8 pt
/// apart; the mark's box is its ink, the words end on their advance).
const RECYCLE_GAP: f32 = 1.5;
/// From the bottom of the page to the bottom of the QR code and the
/// recycle mark (the same document: 842 − 807.6 pt).
const MARKS_BOTTOM: f32 = 34.4;

/// Code 39 patterns (narrow 0, wide 1; bar, space, bar, …) for the
/// characters a job-number barcode uses.
fn code39(c: char) -> Option<&'static str> {
    Some(match c {
        '0' => "000110100",
        '1' => "100100001",
        '2' => "001100001",
        '3' => "101100000",
        '4' => "000110001",
        '5' => "100110000",
        '6' => "001110000",
        '7' => "000100101",
        '8' => "100100100",
        '9' => "001100100",
        '*' => "010010100",
        '-' => "010000101",
        _ => return None,
    })
}

/// Draws the job number line and the barcode at the foot of page 1, and
/// on the right the recycle mark and the QR code (`qr`, made from the
/// footer's address while the body was set). The foot of page 1 is not
/// mirrored in right-to-left documents: the job line and barcode stay on
/// the left, so the marks stay on the right.
pub(crate) fn first_page_footer(
    footer: &FirstPageFooter,
    g: &Geometry,
    language: Language,
    recycle: &Graphic,
    qr: Option<&QrModules>,
    shaper: &mut Shaper,
    page: &mut Page,
) -> Result<(), TypesetError> {
    let x = g.furniture_left + g.footer_indent;
    let mut baseline = g.job_line_baseline;
    for text in &footer.lines {
        let lines = single(text, 10.0, false, language, shaper)?;
        baseline = place_lines(page, &lines, x, baseline, Tag::Footer) + 12.0;
    }
    if let Some(code) = &footer.barcode {
        // A 12 pt Code 39 font: 113 pt for `*2107422*` (A/INF/76/1), wide
        // bars 2.5 narrow ones.
        let (mut narrow, mut wide, height) = (0.866, 2.165, 16.0);
        // Geneva sets it narrower (84 pt), the code spelt out under it.
        if let Some(target) = g.barcode_width {
            let natural: f32 = code
                .chars()
                .filter_map(code39)
                .map(|p| {
                    p.chars()
                        .map(|e| if e == '1' { wide } else { narrow })
                        .sum::<f32>()
                        + narrow
                })
                .sum::<f32>()
                - narrow;
            let scale = target / natural;
            narrow *= scale;
            wide *= scale;
        }
        let top = baseline - 8.0;
        if g.barcode_readable {
            let spelt: Vec<String> = code.chars().map(String::from).collect();
            let lines = single(&spelt.join(" "), 8.0, false, language, shaper)?;
            place_lines(page, &lines, x, top + height + 8.0, Tag::Footer);
        }
        let mut bar_x = x;
        for c in code.chars() {
            let Some(pattern) = code39(c) else { continue };
            for (i, element) in pattern.chars().enumerate() {
                let w = if element == '1' { wide } else { narrow };
                if i % 2 == 0 {
                    page.marks.push(Mark::Bar {
                        x: bar_x,
                        top,
                        width: w,
                        height,
                    });
                }
                bar_x += w;
            }
            bar_x += narrow;
        }
    }
    let bottom = g.height - MARKS_BOTTOM;
    if let Some(words) = &footer.recycle {
        // The recycle mark's words at the right-hand column, the mark after them.
        let scale = RECYCLE_HEIGHT / recycle.view_box[3];
        // The words first, bold, then the mark (A/HRC/WG.6/34/ITA/3).
        let lines = single(words, 8.0, true, language, shaper)?;
        // From the right-hand column, or, for longer words ("Просьба
        // отправить на вторичную переработку"), ending where the mark
        // still clears the QR code.
        let mark_width = recycle.view_box[2] * scale;
        let limit = if footer.qr.is_some() {
            g.furniture_right - 6.35 - QR_SIZE - 4.0
        } else {
            g.furniture_right
        };
        let words_x = g
            .right_column
            .min(limit - mark_width - RECYCLE_GAP - width(&lines));
        let mark_x = words_x + width(&lines) + RECYCLE_GAP;
        page.marks.push(Mark::Shape {
            x: mark_x,
            top: bottom - RECYCLE_HEIGHT,
            scale,
            graphic: Box::new(recycle.clone()),
        });
        place_lines(page, &lines, words_x, bottom - 6.5, Tag::Footer);
    }
    if footer.qr.is_some() {
        if let Some(QrModules { runs, width }) = qr {
            let module = QR_SIZE / *width as f32;
            let left = g.furniture_right - 6.35 - QR_SIZE;
            let top = bottom - QR_SIZE;
            for &(row, column, length) in runs {
                page.marks.push(Mark::Bar {
                    x: left + column as f32 * module,
                    top: top + row as f32 * module,
                    width: length as f32 * module,
                    height: module,
                });
            }
        }
    }
    Ok(())
}

/// Running header and footer of page `number` (1-based) of `total`.
pub fn running(
    document: &LayoutDocument,
    g: &Geometry,
    number: usize,
    total: usize,
    shaper: &mut Shaper,
    page: &mut Page,
) -> Result<(), TypesetError> {
    let language = document.language();
    // Right-to-left documents are bound on the right: the outer side of an
    // even page is the right.
    let even = number.is_multiple_of(2) != language.is_rtl();
    // Header: stacked symbols, 9 pt bold, flush left on even pages and
    // flush right on odd pages; a thin rule under it.
    let mut y = g.header_baseline;
    for (i, text) in document.running_header.iter().enumerate() {
        let lines = single(text, 9.0, true, language, shaper)?;
        let x = if even {
            g.furniture_left
        } else {
            g.furniture_right - width(&lines)
        };
        y = g.header_baseline + 10.5 * i as f32;
        place_lines(page, &lines, x, y, Tag::Header);
    }
    if !document.running_header.is_empty() {
        page.marks.push(Mark::Rule {
            x1: g.furniture_left,
            x2: g.furniture_right,
            y: y + 5.0,
            thickness: 0.5,
        });
    }
    // Footer: page n/N (9 pt bold; Geneva: n) on the outer side, the job
    // number (7 pt; Geneva 8 pt, A/HRC/WG.6/34/ITA/3) on the inner side.
    if let Some(footer) = &document.running_footer {
        let number_text = footer
            .page_pattern
            .replace("{page}", &number.to_string())
            .replace("{total}", &total.to_string());
        let number_lines = single(&number_text, 9.0, true, language, shaper)?;
        let x = if even {
            g.furniture_left
        } else {
            g.furniture_right - width(&number_lines)
        };
        place_lines(page, &number_lines, x, g.footer_baseline, Tag::Footer);
        if let Some(job) = &footer.job {
            let size = if footer.geneva { 8.0 } else { 7.0 };
            let job_lines = single(job, size, false, language, shaper)?;
            let x = if even {
                g.furniture_right - width(&job_lines)
            } else {
                g.furniture_left
            };
            place_lines(page, &job_lines, x, g.footer_baseline, Tag::Footer);
        }
    }
    Ok(())
}
