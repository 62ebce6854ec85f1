//! Setting a table: its columns across the measure (mirrored in
//! right-to-left text), decimal-aligned numbers and each row's cells joined
//! into lines.

use super::{
    check_fits, collect, label_line, linebreak, style_spec, Align, Line, SetRow, SetTable, Setting,
    Shaper, TypesetError,
};
use crate::language::Language;
use crate::layout::{CellAlign, Paragraph, Style, Table};

/// Space between a cell's text and its column's edges.
const CELL_PADDING: f32 = 3.0;
/// Space above and below a row's text.
const ROW_PADDING: f32 = 2.0;

/// Sets a table: each cell in its column (mirrored in right-to-left text),
/// its lines joined into the row's lines.
pub(super) fn typeset_table(
    table: &Table,
    measure: f32,
    language: Language,
    shaper: &mut Shaper,
) -> Result<SetTable, TypesetError> {
    let rtl = language.is_rtl();
    let total: f32 = table.widths.iter().sum();
    let mut columns = Vec::new(); // (x, width) of each column
    let mut at = 0.0;
    for w in &table.widths {
        let width = measure * w / total;
        let x = if rtl { measure - at - width } else { at };
        columns.push((x, width));
        at += width;
    }
    // Decimal columns: the widest part from the decimal sign on, so signs line up.
    let mut after_sign = vec![0.0f32; columns.len()];
    let tail_width = |cell: &Paragraph, shaper: &mut Shaper| -> Result<f32, TypesetError> {
        let text = cell.text();
        match text.rfind(table.decimal) {
            Some(at) => {
                let setting = Setting::new(language, style_spec(cell.style)).left_to_right();
                Ok(label_line(&text[at..], setting, shaper)?.1)
            }
            None => Ok(0.0),
        }
    };
    for row in &table.rows {
        for (c, cell) in row.iter().enumerate() {
            if table.aligns.get(c) == Some(&CellAlign::Decimal) {
                after_sign[c] = after_sign[c].max(tail_width(cell, shaper)?);
            }
        }
    }
    let set_rows = |rows: &[Vec<Paragraph>],
                    shaper: &mut Shaper|
     -> Result<Vec<SetRow>, TypesetError> {
        let mut out = Vec::new();
        for row in rows {
            let mut cells = Vec::new();
            for (c, cell) in row.iter().enumerate() {
                let (x, width) = columns[c];
                let inner = (width - 2.0 * CELL_PADDING).max(1.0);
                let setting = Setting::new(language, style_spec(cell.style));
                let (align, extra) = match table.aligns[c] {
                    CellAlign::Start => (Align::Left, 0.0),
                    CellAlign::Center => (Align::Center, 0.0),
                    CellAlign::End if rtl => (Align::Left, 0.0),
                    CellAlign::End => (Align::Right, 0.0),
                    CellAlign::Decimal if cell.style == Style::TableHeader => (Align::Right, 0.0),
                    CellAlign::Decimal => (Align::Right, after_sign[c] - tail_width(cell, shaper)?),
                };
                let segments =
                    collect::segments_within(&cell.inlines, setting, shaper, inner, true)?;
                check_fits(&segments, inner, "table column")?;
                let mut lines =
                    linebreak::break_lines(&segments, inner, align, rtl && align != Align::Right);
                for line in &mut lines {
                    line.leading = setting.spec.leading;
                    for (lx, _) in &mut line.runs {
                        *lx += x + CELL_PADDING - extra;
                    }
                }
                cells.push(lines);
            }
            let count = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let mut lines: Vec<Line> = (0..count)
                .map(|i| {
                    let mut runs = Vec::new();
                    let mut leading: f32 = 10.5;
                    for cell in &cells {
                        if let Some(line) = cell.get(i) {
                            runs.extend(line.runs.iter().cloned());
                            leading = line.leading;
                        }
                    }
                    Line { runs, leading }
                })
                .collect();
            lines[0].leading += ROW_PADDING;
            if let Some(last) = lines.last_mut() {
                last.leading += 0.0;
            }
            out.push(SetRow { lines });
        }
        Ok(out)
    };
    let header = set_rows(&table.header, shaper)?;
    let rows = set_rows(&table.rows, shaper)?;
    Ok(SetTable {
        id: table.id.clone(),
        header,
        rows,
        note: table.note.clone(),
    })
}
