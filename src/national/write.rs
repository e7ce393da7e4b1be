//! Writes national catalogues as a workbook in the layout counties publish:
//! a title row naming the domain, an 编制单位 row, the two-row header with
//! merged groups, 一级事项 merged down its rows, channels as one ■/□ cell,
//! √ in the 公开对象 / 公开方式 / 公开层级 columns. [`super::workbook`]
//! reads it back to the same catalogue.

use std::collections::HashSet;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::channel::{self, Mark, MarkMeaning};
use super::labels::{Audience, Method};
use super::model::{NationalCatalog, keys};
use crate::model::{Text, text};

/// A column of the written table.
enum Out {
    Seq,
    Dir1,
    Level1,
    Level2,
    Level3,
    Field(&'static str, fn(&super::model::Row) -> &Text),
    Channels,
    Audience(Audience),
    Method(Method),
    Level(String),
}

/// The workbook's bytes: one sheet per catalogue.
pub fn workbook(cats: &[&NationalCatalog], meaning: MarkMeaning) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let mut used = HashSet::new();
    for cat in cats {
        let ws = wb.add_worksheet();
        let wanted = if cat.domain_text().is_empty() {
            "标准目录".to_string()
        } else {
            cat.domain_text().to_string()
        };
        ws.set_name(sheet_name(&wanted, &mut used))?;
        write_sheet(ws, cat, meaning)?;
    }
    wb.save_to_buffer()
}

fn sheet_name(wanted: &str, used: &mut HashSet<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| {
            if "[]:*?/\\'".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .take(28)
        .collect();
    let mut name = clean.clone();
    let mut n = 2;
    while !used.insert(name.clone()) {
        name = format!("{clean}({n})");
        n += 1;
    }
    name
}

fn columns(cat: &NationalCatalog) -> Vec<Out> {
    let mut cols = vec![Out::Seq];
    if cat.has_dir1 {
        cols.push(Out::Dir1);
    }
    cols.push(Out::Level1);
    cols.push(Out::Level2);
    if cat.has_level3 {
        cols.push(Out::Level3);
    }
    cols.push(Out::Field(keys::CONTENT, |r| &r.content));
    cols.push(Out::Field(keys::BASIS, |r| &r.basis));
    cols.push(Out::Field(keys::TIME, |r| &r.time));
    cols.push(Out::Field(keys::SUBJECT, |r| &r.subject));
    cols.push(Out::Channels);
    cols.push(Out::Audience(Audience::Public));
    cols.push(Out::Audience(Audience::Specific));
    cols.push(Out::Method(Method::Active));
    cols.push(Out::Method(Method::OnRequest));
    for l in cat.levels.iter().flatten() {
        cols.push(Out::Level(l.clone()));
    }
    if cat.rows().any(|(_, r)| r.url.is_some()) {
        cols.push(Out::Field(keys::URL, |r| &r.url));
    }
    if cat.rows().any(|(_, r)| r.note.is_some()) {
        cols.push(Out::Field(keys::NOTE, |r| &r.note));
    }
    cols
}

fn write_sheet(
    ws: &mut Worksheet,
    cat: &NationalCatalog,
    meaning: MarkMeaning,
) -> Result<(), XlsxError> {
    let title_f = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let body = Format::new()
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let tick_f = body.clone().set_align(FormatAlign::Center);
    let cols = columns(cat);
    let last = u16::try_from(cols.len().saturating_sub(1)).unwrap_or(u16::MAX);
    let title = format!("{}{}", cat.domain_text(), keys::TITLE_END);
    ws.merge_range(0, 0, 0, last, &title, &title_f)?;
    let unit_line = format!("{}：{}", keys::UNIT, cat.unit_text());
    ws.merge_range(1, 0, 1, last, &unit_line, &Format::new())?;
    // Header: rows 2 and 3.
    let (h1, h2) = (2u32, 3u32);
    let mut c = 0u16;
    while let Some(col) = cols.get(usize::from(c)) {
        let span = |pred: &dyn Fn(&Out) -> bool| -> u16 {
            let n = cols
                .iter()
                .skip(usize::from(c))
                .take_while(|o| pred(o))
                .count();
            u16::try_from(n).unwrap_or(1).max(1)
        };
        let (group, n): (Option<&str>, u16) = match col {
            Out::Level1 | Out::Level2 | Out::Level3 => (
                Some(keys::ITEMS),
                span(&|o| matches!(o, Out::Level1 | Out::Level2 | Out::Level3)),
            ),
            Out::Audience(_) => (Some(keys::AUDIENCE), 2),
            Out::Method(_) => (Some(keys::METHOD), 2),
            Out::Level(_) => (Some(keys::LEVELS), span(&|o| matches!(o, Out::Level(_)))),
            _ => (None, 1),
        };
        match group {
            Some(g) => {
                if n > 1 {
                    ws.merge_range(h1, c, h1, c + n - 1, g, &head)?;
                } else {
                    ws.write_string_with_format(h1, c, g, &head)?;
                }
                for i in 0..n {
                    let label = match cols.get(usize::from(c + i)) {
                        Some(Out::Level1) => keys::LEVEL1.to_string(),
                        Some(Out::Level2) => keys::LEVEL2.to_string(),
                        Some(Out::Level3) => keys::LEVEL3.to_string(),
                        Some(Out::Audience(a)) => a.label().to_string(),
                        Some(Out::Method(m)) => m.label().to_string(),
                        Some(Out::Level(l)) => l.clone(),
                        _ => String::new(),
                    };
                    ws.write_string_with_format(h2, c + i, &label, &head)?;
                }
                c += n;
            }
            None => {
                let label = match col {
                    Out::Seq => keys::SEQ,
                    Out::Dir1 => keys::DIR1,
                    Out::Field(h, _) => h,
                    _ => keys::CHANNELS,
                };
                ws.merge_range(h1, c, h2, c, label, &head)?;
                c += 1;
            }
        }
    }
    for (i, col) in cols.iter().enumerate() {
        let width = match col {
            Out::Seq => 6.0,
            Out::Audience(_) | Out::Method(_) | Out::Level(_) => 7.0,
            Out::Channels | Out::Field(..) => 28.0,
            _ => 14.0,
        };
        ws.set_column_width(u16::try_from(i).unwrap_or(u16::MAX), width)?;
    }
    ws.set_freeze_panes(h2 + 1, 0)?;
    ws.set_landscape();
    ws.set_repeat_rows(h1, h2)?;
    // Data rows.
    let mut row = h2 + 1;
    let mut seq = 1u32;
    for g in &cat.groups {
        let first = row;
        for r in &g.rows {
            for (i, col) in cols.iter().enumerate() {
                let ci = u16::try_from(i).unwrap_or(u16::MAX);
                let cell: String = match col {
                    Out::Seq => seq.to_string(),
                    Out::Dir1 => text(&g.dir1).to_string(),
                    Out::Level1 => text(&g.name).to_string(),
                    Out::Level2 => text(&r.name).to_string(),
                    Out::Level3 => text(&r.level3).to_string(),
                    Out::Field(_, get) => text(get(r)).to_string(),
                    Out::Channels => {
                        let entries: Vec<channel::Entry> = r
                            .channels
                            .entries
                            .iter()
                            .filter(|e| meaning == MarkMeaning::Required || e.mark != Mark::Empty)
                            .map(|e| channel::Entry {
                                text: e.name.clone(),
                                mark: e.mark,
                            })
                            .collect();
                        channel::format_checklist(&entries)
                    }
                    Out::Audience(a) => tick(r.audiences.set.contains(a)),
                    Out::Method(m) => tick(r.methods.set.contains(m)),
                    Out::Level(l) => tick(r.levels.as_ref().is_some_and(|t| t.set.contains(l))),
                };
                let f = match col {
                    Out::Audience(_) | Out::Method(_) | Out::Level(_) | Out::Seq => &tick_f,
                    _ => &body,
                };
                ws.write_string_with_format(row, ci, clip(&cell), f)?;
            }
            row += 1;
            seq += 1;
        }
        // 一级目录 / 一级事项 merged down the group's rows.
        if row > first + 1 {
            for (i, col) in cols.iter().enumerate() {
                let value = match col {
                    Out::Dir1 => text(&g.dir1),
                    Out::Level1 => text(&g.name),
                    _ => continue,
                };
                let ci = u16::try_from(i).unwrap_or(u16::MAX);
                ws.merge_range(first, ci, row - 1, ci, &clip(value), &body)?;
            }
        }
    }
    Ok(())
}

fn tick(yes: bool) -> String {
    if yes { "√".into() } else { String::new() }
}

/// Excel's limit for a cell's text.
fn clip(s: &str) -> String {
    const MAX: usize = 32_767;
    if s.chars().count() > MAX {
        s.chars().take(MAX).collect()
    } else {
        s.to_string()
    }
}
