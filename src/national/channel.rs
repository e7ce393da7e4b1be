//! 公开渠道和载体: the 13 standard channels, the local ones seen on county
//! sites, and the checklist cell (`■政府网站 □政府公报 ■两微一端 …`).

use super::tidy;

/// The 13 standard channels of the ministries' 标准指引, in their order.
pub const STANDARD: [&str; 13] = [
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏（电子屏）",
    "精准推送",
    "其他",
];

/// Local channels seen in published county catalogues (NATIONAL.md); a
/// project adds them to its vocabulary when its tables use them.
pub const LOCAL_SEEN: [&str; 9] = [
    "行政服务中心",
    "12345政务服务热线",
    "办事窗口",
    "镇村公示公开栏",
    "投资项目在线审批监管平台",
    "公共资源交易平台",
    "信用中国网站",
    "征地信息公开平台",
    "会议",
];

/// Other spellings of the standard channels (after [`tidy`]) → the standard name.
const ALIASES: &[(&str, &str)] = &[
    ("门户网站", "政府网站"),
    ("政府门户网站", "政府网站"),
    ("政府网", "政府网站"),
    ("“两微一端”", "两微一端"),
    ("\"两微一端\"", "两微一端"),
    ("两微一端（微博、微信、客户端）", "两微一端"),
    ("政务微博、微信、客户端", "两微一端"),
    ("政务微博、政务微信、政务客户端", "两微一端"),
    ("微博微信客户端", "两微一端"),
    ("政务新媒体", "两微一端"),
    ("发布会、听证会", "发布会/听证会"),
    ("发布会或听证会", "发布会/听证会"),
    ("新闻发布会/听证会", "发布会/听证会"),
    ("广播、电视", "广播电视"),
    ("广播/电视", "广播电视"),
    ("报刊", "纸质媒体"),
    ("报纸", "纸质媒体"),
    ("纸媒", "纸质媒体"),
    ("政府信息公开查阅点", "公开查阅点"),
    ("查阅点", "公开查阅点"),
    ("便民服务中心", "便民服务站"),
    ("入户、现场", "入户/现场"),
    ("入户现场", "入户/现场"),
    (
        "社区/企事业单位/村公示栏",
        "社区/企事业单位/村公示栏（电子屏）",
    ),
    (
        "社区、企事业单位、村公示栏（电子屏）",
        "社区/企事业单位/村公示栏（电子屏）",
    ),
    (
        "社区/企事业单位/村公示栏电子屏",
        "社区/企事业单位/村公示栏（电子屏）",
    ),
    ("公示栏（电子屏）", "社区/企事业单位/村公示栏（电子屏）"),
];

/// The standard name of a channel written `text`, or `None` when it is
/// neither a standard channel nor one of their usual other spellings.
pub fn standard_name(text: &str) -> Option<&'static str> {
    let t = tidy(text);
    STANDARD
        .iter()
        .copied()
        .find(|s| *s == t)
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == t).map(|(_, s)| *s))
}

/// The channels a project accepts: the standard 13 plus its own.
#[derive(Clone, Debug)]
pub struct Vocabulary {
    names: Vec<String>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Self::standard()
    }
}

impl Vocabulary {
    /// The 13 standard channels only (the default).
    pub fn standard() -> Self {
        Self {
            names: STANDARD.iter().map(|s| (*s).to_string()).collect(),
        }
    }

    /// The standard channels plus `extra` (a project's local channels).
    pub fn with_local<'a>(extra: impl IntoIterator<Item = &'a str>) -> Self {
        let mut v = Self::standard();
        for e in extra {
            let e = tidy(e);
            if !e.is_empty() && !v.names.contains(&e) {
                v.names.push(e);
            }
        }
        v
    }

    /// Every accepted name, standard ones first.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// The accepted name for `text` (standard spellings folded), or `None`.
    pub fn lookup(&self, text: &str) -> Option<&str> {
        let t = tidy(text);
        let t = standard_name(&t).map_or(t, str::to_string);
        self.names.iter().find(|n| **n == t).map(String::as_str)
    }

    /// The nearest accepted name to an unknown `text`, for a suggestion.
    pub fn nearest(&self, text: &str) -> Option<&str> {
        crate::suggest::closest(&tidy(text), self.names())
    }

    /// True when `text` starts with an accepted name or spelling (used to tell
    /// a 口 mark from the 口 of 窗口).
    fn starts_a_name(&self, text: &str) -> bool {
        self.names.iter().any(|n| text.starts_with(n.as_str()))
            || ALIASES.iter().any(|(a, _)| text.starts_with(a))
    }
}

/// What ■ and □ mean in a project's channel cells (project key `渠道标记`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MarkMeaning {
    /// ■ = the channel is used, □ = not used (`渠道标记: 使用`). The default.
    #[default]
    Used,
    /// ■ = 必选, □ = 可选, as in the ministries' guidelines
    /// (`渠道标记: 必选/可选`): both kinds are channels of the row.
    Required,
}

impl MarkMeaning {
    /// Reads the project file's value: `使用` or `必选/可选` (`必选` alone too).
    pub fn from_project(value: &str) -> Option<Self> {
        match tidy(value).as_str() {
            "使用" | "使用/未使用" | "使用/不使用" | "■使用□未使用" => {
                Some(Self::Used)
            }
            "必选/可选" | "必选" | "必选、可选" | "■必选□可选" => {
                Some(Self::Required)
            }
            _ => None,
        }
    }

    /// The project file's spelling.
    pub fn as_project(self) -> &'static str {
        match self {
            Self::Used => "使用",
            Self::Required => "必选/可选",
        }
    }
}

/// The mark in front of a channel in a checklist cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// ■ (also ☑ √ ✓ ✔ ●): used, or 必选.
    Filled,
    /// □ (also 口 ☐ 〇 ○): not used, or 可选.
    Empty,
    /// No mark: a plain list of the used channels.
    None,
}

/// One channel of a checklist cell, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The channel's text after the mark, tidied (not yet looked up).
    pub text: String,
    /// Its mark.
    pub mark: Mark,
}

/// A 公开渠道和载体 cell read into its entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checklist {
    /// The channels in the order written.
    pub entries: Vec<Entry>,
}

impl Checklist {
    /// The channels the row uses: ■ and unmarked entries under
    /// [`MarkMeaning::Used`]; every entry under [`MarkMeaning::Required`].
    pub fn used(&self, meaning: MarkMeaning) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|e| meaning == MarkMeaning::Required || e.mark != Mark::Empty)
            .map(|e| e.text.as_str())
            .collect()
    }

    /// The channels listed but not used (□ under [`MarkMeaning::Used`]).
    pub fn unused(&self, meaning: MarkMeaning) -> Vec<&str> {
        match meaning {
            MarkMeaning::Used => self
                .entries
                .iter()
                .filter(|e| e.mark == Mark::Empty)
                .map(|e| e.text.as_str())
                .collect(),
            MarkMeaning::Required => Vec::new(),
        }
    }

    /// The 必选 channels (■ or unmarked) under [`MarkMeaning::Required`].
    pub fn required(&self) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|e| e.mark != Mark::Empty)
            .map(|e| e.text.as_str())
            .collect()
    }

    /// The 可选 channels (□) under [`MarkMeaning::Required`].
    pub fn optional(&self) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|e| e.mark == Mark::Empty)
            .map(|e| e.text.as_str())
            .collect()
    }

    /// True when every channel is listed with □ (nothing used) or none is listed.
    pub fn nothing_used(&self, meaning: MarkMeaning) -> bool {
        self.used(meaning).is_empty()
    }
}

fn filled_mark(c: char) -> bool {
    matches!(
        c,
        '■' | '☑' | '√' | '✓' | '✔' | '●' | '▇' | '◼' | '⬛' | '☒'
    )
}

fn empty_mark(c: char) -> bool {
    matches!(c, '□' | '☐' | '〇' | '○' | '◻' | '⬜' | '▢')
}

fn separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '、' | '，' | ',' | '；' | ';' | '　' | '\u{200b}')
}

/// Reads a checklist cell: `■政府网站 □政府公报 ■两微一端 …` (every channel
/// listed), `■政府网站 ■政务服务中心` (only the used ones), one per line, or
/// a plain list `政府网站、政务服务中心` (all used). `口` counts as □ where it
/// starts an entry and what follows is a channel in `vocab` (so 办事窗口 keeps
/// its 口). Slashes stay inside names (发布会/听证会).
pub fn parse_checklist(cell: &str, vocab: &Vocabulary) -> Checklist {
    let chars: Vec<char> = cell.chars().collect();
    let mut entries = Vec::new();
    let mut text = String::new();
    // Characters in `text` that are not separators (so a blank entry is
    // known without re-reading it: the cell may be long).
    let mut content = 0usize;
    let mut mark = Mark::None;
    let flush = |text: &mut String, mark: Mark, entries: &mut Vec<Entry>| {
        let t = tidy(text);
        if !t.is_empty() || mark != Mark::None {
            entries.push(Entry { text: t, mark });
        }
        text.clear();
    };
    for (i, &c) in chars.iter().enumerate() {
        let new_mark = if filled_mark(c) {
            Some(Mark::Filled)
        } else if empty_mark(c) || c == '口' && kou_is_a_box(&text, content, &chars, i + 1, vocab)
        {
            Some(Mark::Empty)
        } else {
            None
        };
        if let Some(m) = new_mark {
            if content > 0 {
                flush(&mut text, mark, &mut entries);
            } else {
                text.clear();
            }
            content = 0;
            mark = m;
        } else if separator(c) && mark == Mark::None && content > 0 {
            // An unmarked list is split by separators; in a marked list the
            // next mark ends an entry.
            flush(&mut text, mark, &mut entries);
            content = 0;
        } else {
            if !separator(c) {
                content += 1;
            }
            text.push(c);
        }
    }
    flush(&mut text, mark, &mut entries);
    // A marked entry must not swallow a following unmarked name split by
    // 、 ("■政府网站、政务服务中心"): split such texts again.
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        if e.mark != Mark::None && vocab.lookup(&e.text).is_none() {
            let parts = split_unmarked(&e.text);
            if parts.len() > 1 && parts.iter().all(|p| vocab.lookup(p).is_some()) {
                out.extend(parts.into_iter().map(|text| Entry { text, mark: e.mark }));
                continue;
            }
        }
        out.push(e);
    }
    Checklist { entries: out }
}

/// Longest channel name looked at, in characters (names are short; a longer
/// run of text before a 口 is not a name).
const NAME_WINDOW: usize = 64;

/// True when a 口 at `next - 1` is a □: it starts an entry (nothing or a
/// complete channel name before it) and a channel name follows it.
fn kou_is_a_box(
    before: &str,
    content: usize,
    chars: &[char],
    next: usize,
    vocab: &Vocabulary,
) -> bool {
    let starts_entry = content == 0 || content <= NAME_WINDOW && vocab.lookup(before).is_some();
    if !starts_entry {
        return false;
    }
    let rest: String = chars
        .get(next..)
        .unwrap_or_default()
        .iter()
        .take(NAME_WINDOW)
        .collect();
    vocab.starts_a_name(&tidy(&rest))
}

fn split_unmarked(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '；', ';'])
        .map(tidy)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Writes a checklist back as ■/□ text, one entry after another, separated by
/// a space (the form the booklet and the workbook writer print).
pub fn format_checklist(entries: &[Entry]) -> String {
    let mut out = String::new();
    for e in entries {
        if !out.is_empty() {
            out.push(' ');
        }
        match e.mark {
            Mark::Filled | Mark::None => out.push('■'),
            Mark::Empty => out.push('□'),
        }
        out.push_str(&e.text);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn std_vocab() -> Vocabulary {
        Vocabulary::standard()
    }

    #[test]
    fn thirteen_standard_channels() {
        assert_eq!(STANDARD.len(), 13);
        for s in STANDARD {
            assert_eq!(standard_name(s), Some(s));
        }
    }

    #[test]
    fn other_spellings_fold_to_the_standard_name() {
        assert_eq!(standard_name("政务微博、微信、客户端"), Some("两微一端"));
        assert_eq!(standard_name("“两微一端”"), Some("两微一端"));
        assert_eq!(standard_name("发布会／听证会"), Some("发布会/听证会"));
        assert_eq!(standard_name("发布会、听证会"), Some("发布会/听证会"));
        assert_eq!(
            standard_name("社区/企事业单位/村公示栏(电子屏)"),
            Some("社区/企事业单位/村公示栏（电子屏）")
        );
        assert_eq!(standard_name("入户、现场"), Some("入户/现场"));
        assert_eq!(standard_name("政 府 网 站"), Some("政府网站"));
        assert_eq!(standard_name("村村响广播"), None);
    }

    #[test]
    fn every_channel_listed_with_marks() {
        let c = parse_checklist(
            "■政府网站 □政府公报 ■两微一端 □发布会/听证会 □广播电视 □纸质媒体 □公开查阅点 ■政务服务中心 □便民服务站 □入户/现场 ■社区/企事业单位/村公示栏（电子屏） □精准推送 □其他",
            &std_vocab(),
        );
        assert_eq!(c.entries.len(), 13);
        assert_eq!(
            c.used(MarkMeaning::Used),
            vec![
                "政府网站",
                "两微一端",
                "政务服务中心",
                "社区/企事业单位/村公示栏（电子屏）"
            ]
        );
        assert_eq!(c.unused(MarkMeaning::Used).len(), 9);
        // Under the guidelines' convention both kinds are channels of the row.
        assert_eq!(c.used(MarkMeaning::Required).len(), 13);
        assert_eq!(c.required().len(), 4);
        assert_eq!(c.optional().len(), 9);
    }

    #[test]
    fn look_alike_kou_is_an_empty_box_but_not_in_chuangkou() {
        let v = Vocabulary::with_local(["办事窗口"]);
        let c = parse_checklist("■政府网站 口政府公报\n■办事窗口 口两微一端", &v);
        let got: Vec<(&str, Mark)> = c
            .entries
            .iter()
            .map(|e| (e.text.as_str(), e.mark))
            .collect();
        assert_eq!(
            got,
            vec![
                ("政府网站", Mark::Filled),
                ("政府公报", Mark::Empty),
                ("办事窗口", Mark::Filled),
                ("两微一端", Mark::Empty),
            ]
        );
        // Without spaces: 口 after a complete name, before another one.
        let c = parse_checklist("■政府网站口政府公报", &v);
        assert_eq!(c.used(MarkMeaning::Used), vec!["政府网站"]);
        assert_eq!(c.unused(MarkMeaning::Used), vec!["政府公报"]);
    }

    #[test]
    fn only_the_used_ones_and_line_breaks() {
        let c = parse_checklist("■政府网站\n■政务服务中心\r\n■入户/现场", &std_vocab());
        assert_eq!(
            c.used(MarkMeaning::Used),
            vec!["政府网站", "政务服务中心", "入户/现场"]
        );
        assert!(c.unused(MarkMeaning::Used).is_empty());
    }

    #[test]
    fn plain_list_without_marks_is_all_used() {
        let c = parse_checklist("政府网站、两微一端；政务服务中心", &std_vocab());
        assert_eq!(
            c.used(MarkMeaning::Used),
            vec!["政府网站", "两微一端", "政务服务中心"]
        );
        let c = parse_checklist("■政府网站、政务服务中心", &std_vocab());
        assert_eq!(c.used(MarkMeaning::Used), vec!["政府网站", "政务服务中心"]);
    }

    #[test]
    fn all_empty_boxes_use_nothing() {
        let c = parse_checklist("□政府网站 □政府公报", &std_vocab());
        assert!(c.nothing_used(MarkMeaning::Used));
        assert!(parse_checklist("", &std_vocab()).nothing_used(MarkMeaning::Used));
    }

    #[test]
    fn unknown_channels_are_kept_and_get_a_suggestion() {
        let v = std_vocab();
        let c = parse_checklist("■政府网站 ■政府网占", &v);
        assert_eq!(c.entries[1].text, "政府网占");
        assert_eq!(v.lookup("政府网占"), None);
        assert_eq!(v.nearest("政府网占"), Some("政府网站"));
        assert_eq!(v.lookup("门户网站"), Some("政府网站"));
        let local = Vocabulary::with_local(LOCAL_SEEN);
        assert_eq!(local.lookup("12345政务服务热线"), Some("12345政务服务热线"));
        assert_eq!(v.lookup("12345政务服务热线"), None);
    }

    #[test]
    fn mark_meaning_from_the_project_file() {
        assert_eq!(MarkMeaning::from_project("使用"), Some(MarkMeaning::Used));
        assert_eq!(
            MarkMeaning::from_project("必选/可选"),
            Some(MarkMeaning::Required)
        );
        assert_eq!(MarkMeaning::from_project("随便"), None);
        assert_eq!(MarkMeaning::default().as_project(), "使用");
    }

    #[test]
    fn format_round_trips() {
        let v = std_vocab();
        let text = "■政府网站 □政府公报 ■发布会/听证会";
        let c = parse_checklist(text, &v);
        assert_eq!(format_checklist(&c.entries), text);
    }
}
