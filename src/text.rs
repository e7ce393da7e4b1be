//! The text checks every reader applies to what it reads (YAML scalars and
//! workbook cells alike): invisible characters are removed with a
//! `text-invisible` warning, and a text longer than an Excel cell holds
//! gets a `text-too-long` warning. One wording for both readers.

use crate::code::Code;
use crate::diag::Sink;
use crate::limits::LONG_CELL_CHARS;
use crate::model::Loc;

/// Characters that cannot be seen and only confuse matching or display.
pub fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
        || (c.is_control() && c != '\n' && c != '\t')
}

/// What kind of invisible character `c` is, in Chinese.
pub fn invisible_name(c: char) -> &'static str {
    match c {
        '\u{202E}' => "从右到左覆盖",
        '\u{202D}' => "从左到右覆盖",
        '\u{202A}'..='\u{202C}' | '\u{2066}'..='\u{2069}' => "文字方向控制符",
        '\u{200E}' | '\u{200F}' => "文字方向标记",
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => "零宽字符",
        '\u{00AD}' => "软连字符",
        _ => "控制字符",
    }
}

/// Reports what was found in the text of `what` (a key or a column) at
/// `loc`: its length in characters (a warning above Excel's limit) and the
/// invisible characters removed from it (the first one and how many).
pub fn report(
    sink: &mut Sink,
    loc: &Loc,
    what: &str,
    chars: usize,
    removed: Option<(char, usize)>,
) {
    if chars > LONG_CELL_CHARS {
        sink.emit(
            Code::TextTooLong,
            loc,
            format!("“{what}”有 {chars} 个字，超过 Excel 单元格上限 {LONG_CELL_CHARS} 个字"),
        )
        .help("内容已完整读入；请只写要点，长文件请另附，不要整篇粘贴进一栏");
    }
    if let Some((first, count)) = removed {
        sink.emit(
            Code::TextInvisible,
            loc,
            format!(
                "“{what}”中有 {count} 个看不见的字符（第一个是 U+{:04X} {}），读入时已删除",
                u32::from(first),
                invisible_name(first)
            ),
        )
        .help("这类字符常随复制粘贴带入；删除后重新输入这几个字");
    }
}

/// Keeps a text as read, except invisible characters (bidirectional
/// controls, zero-width characters, control characters other than line
/// breaks and tabs), which are removed; both checks are [`report`]ed.
pub fn check_text(sink: &mut Sink, loc: &Loc, what: &str, text: &str) -> String {
    // A text has at least as many bytes as characters, so most never need
    // counting.
    let chars = if text.len() > LONG_CELL_CHARS {
        text.chars().count()
    } else {
        0
    };
    // Every invisible character starts with one of these bytes; most texts
    // hold none of them.
    let may_hide = text
        .bytes()
        .any(|b| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2 || b == 0xef);
    let first = if may_hide {
        text.chars().find(|&c| invisible(c))
    } else {
        None
    };
    let Some(first) = first else {
        report(sink, loc, what, chars, None);
        return text.to_string();
    };
    let count = text.chars().filter(|&c| invisible(c)).count();
    report(sink, loc, what, chars, Some((first, count)));
    text.chars()
        .filter(|&c| !invisible(c))
        .collect::<String>()
        .trim()
        .to_string()
}
