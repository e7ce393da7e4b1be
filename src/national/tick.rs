//! Tick marks in the √ columns (公开对象, 公开方式, 公开层级, and channels given
//! as one sub-column each).

use super::tidy;

/// What a cell of a √ column says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tick {
    /// Ticked: √ ✓ ✔ ☑ ■ ● 是 Y 1 x, or the column's own label.
    Yes,
    /// Not ticked: blank, □ 口 ☐ 否 无 - — / 0 × ✗.
    No,
    /// Something else; the cell should be reported.
    Unknown,
}

const YES: &[&str] = &[
    "√", "✓", "✔", "☑", "✅", "■", "●", "◆", "★", "是", "Y", "y", "YES", "Yes", "yes", "1", "x",
    "X",
];
const NO: &[&str] = &[
    "",
    "□",
    "口",
    "☐",
    "○",
    "〇",
    "否",
    "无",
    "-",
    "—",
    "－",
    "/",
    "0",
    "×",
    "✗",
    "✘",
    "N",
    "n",
    "不涉及",
];

/// Reads a tick cell. `label` is the column's sub-label (`主动`, `县级` …):
/// a cell that repeats it counts as ticked.
pub fn read(cell: &str, label: &str) -> Tick {
    let t = tidy(cell);
    if YES.contains(&t.as_str()) || !t.is_empty() && t == tidy(label) {
        Tick::Yes
    } else if NO.contains(&t.as_str()) {
        Tick::No
    } else {
        Tick::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_variants_read_as_ticked() {
        for m in ["√", "✓", "✔", "■", "●", "是", " √ ", "√\n", "1"] {
            assert_eq!(read(m, "主动"), Tick::Yes, "{m:?}");
        }
        assert_eq!(read("主动", "主动"), Tick::Yes);
    }

    #[test]
    fn blanks_and_boxes_read_as_not_ticked() {
        for m in ["", "  ", "□", "口", "否", "/", "×"] {
            assert_eq!(read(m, "依申请"), Tick::No, "{m:?}");
        }
    }

    #[test]
    fn other_text_is_unknown() {
        assert_eq!(read("有", "主动"), Tick::Unknown);
        assert_eq!(read("县级", "乡级"), Tick::Unknown);
    }
}
