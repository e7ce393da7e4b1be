//! Vocabulary and cell helpers for the national 基层政务公开标准目录
//! (国办发〔2019〕54号): the standard channels and their checklist cells, tick
//! marks, the sub-column labels of 公开对象 / 公开方式 / 公开层级, the 26
//! domains, and where a workbook names its unit and domain.
//!
//! The vocabulary modules are pure data and functions; [`model`] holds a
//! table, [`workbook`] and [`yaml`] read it, [`write`] writes it back as a
//! workbook, and [`rules`] checks it.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

pub mod channel;
pub mod compile;
pub mod domain;
pub mod labels;
pub mod model;
pub mod rules;
pub mod stats;
pub mod tick;
pub mod title;
pub mod workbook;
pub mod write;
pub mod yaml;

pub use model::NationalCatalog;

/// Tidies a cell or label: full-width spaces, line breaks and tabs become
/// nothing, full-width ASCII (／ （ ） ：) becomes half-width where the
/// tables mix them, and the text is trimmed.
pub fn tidy(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200b}' | '\u{feff}'))
        .map(|c| match c {
            '／' => '/',
            '(' => '（',
            ')' => '）',
            ':' => '：',
            _ => c,
        })
        .collect()
}

/// True for `同上` (the value of the cell above), however spaced.
pub fn is_same_as_above(text: &str) -> bool {
    let t = tidy(text);
    let t = t.trim_end_matches(['。', '.']);
    matches!(t, "同上" | "同上栏" | "同上行" | "〃")
}

/// True when a 公开依据 names a law or regulation other than the
/// 《政府信息公开条例》 (a title in 《》 ending in 法, 条例, 办法, 规定 or
/// 细则): then 条例第二十六条's "另有规定的，从其规定" may allow a longer time
/// limit. Notices and opinions (《…的通知》《…的意见》) do not count.
pub fn names_other_law(basis: &str) -> bool {
    let mut rest = basis;
    while let Some(open) = rest.find('《') {
        let after = rest.get(open + '《'.len_utf8()..).unwrap_or_default();
        let Some(close) = after.find('》') else {
            break;
        };
        let title = after.get(..close).unwrap_or_default();
        let is_law = ["法", "条例", "办法", "规定", "细则"]
            .iter()
            .any(|e| title.ends_with(e));
        if is_law && !title.contains("政府信息公开条例") {
            return true;
        }
        rest = after.get(close..).unwrap_or_default();
    }
    false
}

/// One element of a 公开内容（要素） cell that marks its elements the
/// guidelines' way: ● 必选, 〇 (or ○) 可选.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    /// The element's text (`申请条件`).
    pub text: String,
    /// True for ● (必选), false for 〇 / ○ (可选).
    pub required: bool,
}

/// The ●/〇-marked elements of a 公开内容（要素） cell, in order; empty when
/// the cell marks none (plain text such as `申请条件、办理流程`).
pub fn content_elements(cell: &str) -> Vec<Element> {
    let mut out = Vec::new();
    let mut current: Option<Element> = None;
    for c in cell.chars() {
        let mark = match c {
            '●' => Some(true),
            '〇' | '○' => Some(false),
            _ => None,
        };
        if let Some(required) = mark {
            if let Some(e) = current.take().filter(|e| !e.text.is_empty()) {
                out.push(e);
            }
            current = Some(Element {
                text: String::new(),
                required,
            });
        } else if let Some(e) = current.as_mut()
            && !(c.is_whitespace() || matches!(c, '、' | '，' | ',' | '；' | ';' | '。'))
        {
            e.text.push(c);
        }
    }
    if let Some(e) = current.filter(|e| !e.text.is_empty()) {
        out.push(e);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn tidy_removes_breaks_and_full_width_spaces() {
        assert_eq!(tidy("公开\n时限"), "公开时限");
        assert_eq!(tidy("　政府网站　"), "政府网站");
        assert_eq!(tidy("发布会／听证会"), "发布会/听证会");
        assert_eq!(tidy("村公示栏(电子屏)"), "村公示栏（电子屏）");
    }

    /// Odd and hostile cells (marks, brackets, digits, very long runs of 口)
    /// give some reading and never a panic.
    #[test]
    fn odd_cells_never_panic() {
        let alphabet: Vec<char> = "■□口√ ,、/（）()领域局县乡级村公示7个工作日之日起前同上及时每季度《》〈〉法条例\n　0１二十百政府网站两微一端发布会/听证会窗办事：:附件年版.-_"
            .chars()
            .collect();
        let vocab = channel::Vocabulary::with_local(channel::LOCAL_SEEN);
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..5000 {
            let len = next() % 40;
            let s: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let _ = channel::parse_checklist(&s, &vocab);
            let _ = crate::timelimit::parse_written(&s);
            let _ = title::from_title(&s);
            let _ = title::from_file_name(&s);
            let _ = title::from_label_row(&s);
            let _ = labels::levels_in_heading(&s);
            let _ = domain::suffix_of(&s);
            let _ = names_other_law(&s);
            let _ = tick::read(&s, "主动");
        }
        let long = "口".repeat(30_000) + &"■政府网站".repeat(3_000);
        let c = channel::parse_checklist(&long, &vocab);
        assert_eq!(c.entries.len(), 3_001);
        assert_eq!(
            crate::timelimit::parse_written(&"公示1".repeat(10_000)),
            crate::timelimit::Written::Unparsed
        );
    }

    #[test]
    fn other_laws_in_the_basis() {
        assert!(names_other_law("《中华人民共和国预算法》第十四条"));
        assert!(names_other_law("《社会救助暂行办法》第九条"));
        assert!(names_other_law(
            "《中华人民共和国政府信息公开条例》；《居住证暂行条例》第九条"
        ));
        assert!(!names_other_law(
            "《中华人民共和国政府信息公开条例》第二十六条"
        ));
        assert!(!names_other_law(
            "《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）"
        ));
        assert!(!names_other_law("《未闭合的书名"));
        assert!(!names_other_law(""));
    }

    #[test]
    fn required_and_optional_content_elements() {
        let e = content_elements("●申请条件 ●办理流程、\n〇咨询电话；○监督电话");
        let got: Vec<(&str, bool)> = e.iter().map(|e| (e.text.as_str(), e.required)).collect();
        assert_eq!(
            got,
            vec![
                ("申请条件", true),
                ("办理流程", true),
                ("咨询电话", false),
                ("监督电话", false)
            ]
        );
        assert!(content_elements("申请条件、办理流程").is_empty());
        assert!(content_elements("● 〇").is_empty());
    }

    #[test]
    fn same_as_above() {
        assert!(is_same_as_above("同上"));
        assert!(is_same_as_above(" 同 上 "));
        assert!(is_same_as_above("同上。"));
        assert!(!is_same_as_above("同上级部门"));
        assert!(!is_same_as_above(""));
    }
}
