//! Where a national table names its unit and domain: the title row
//! (`县民政局社会救助领域基层政务公开标准目录`), an 编制单位 / 填报单位 row, or
//! the file name (`县教育局-义务教育.xlsx`).

use super::{domain, tidy};

/// A unit and a domain found in a title, a label row or a file name. The
/// domain is as written (`医疗卫生`); [`domain::canonical`] folds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Named {
    /// The compiling unit (`县民政局`), when named.
    pub unit: Option<String>,
    /// The domain (`社会救助`), when named.
    pub domain: Option<String>,
}

/// Endings of a unit's name, longest first.
const UNIT_ENDINGS: &[&str] = &[
    "委员会",
    "办公室",
    "人民政府",
    "管理委员会",
    "分局",
    "政府",
    "中心",
    "支队",
    "大队",
    "局",
    "委",
    "办",
    "院",
    "所",
    "站",
    "处",
    "队",
    "镇",
    "乡",
    "街道",
    "社区",
    "村",
];

/// What follows 领域 (or the domain) in a title and says nothing more.
const TITLE_ENDINGS: &[&str] = &[
    "基层政务公开标准目录",
    "政务公开事项标准目录",
    "政务公开标准目录",
    "基层政务公开事项目录",
    "政务公开事项目录",
    "公开事项标准目录",
    "标准目录",
    "目录",
];

/// True when `text` is the end of a unit's name.
fn ends_like_unit(text: &str) -> bool {
    UNIT_ENDINGS.iter().any(|e| text.ends_with(e))
}

/// Removes `附件1`, `附件：` in front and an edition in brackets
/// (`（2021年版）`, `(修订)`) at the end; returns the bracketed text that is
/// not an edition (a unit written after the title) separately.
fn strip_decoration(t: &str) -> (String, Option<String>) {
    let mut s = t.to_string();
    if let Some(rest) = s.strip_prefix("附件") {
        let rest =
            rest.trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五：:、.".contains(c));
        s = rest.to_string();
    }
    let mut bracketed = None;
    // A title has one or two bracketed notes at most; look at four.
    for _ in 0..4 {
        let Some(open) = s.rfind('（') else {
            break;
        };
        let inner = s.get(open + '（'.len_utf8()..).unwrap_or_default();
        let inner = inner.strip_suffix('）').unwrap_or(inner).to_string();
        if inner.contains('年')
            || inner.contains("版")
            || inner.contains("修订")
            || inner.contains("试行")
        {
            s.truncate(open);
        } else if ends_like_unit(&inner) && bracketed.is_none() {
            bracketed = Some(inner);
            s.truncate(open);
        } else {
            break;
        }
    }
    (s, bracketed)
}

/// Reads a title: `县民政局社会救助领域基层政务公开标准目录` → 县民政局, 社会救助;
/// `户籍管理领域基层政务公开标准目录` → domain only; `社会救助领域…目录（县民政局）`
/// → both. Titles that name no 领域 and no known domain give nothing.
pub fn from_title(title: &str) -> Named {
    let (t, bracketed) = strip_decoration(&tidy(title));
    let prefix = match t.find("领域") {
        Some(at) => t.get(..at).unwrap_or_default().to_string(),
        None => {
            let Some(stripped) = TITLE_ENDINGS.iter().find_map(|e| t.strip_suffix(e)) else {
                return Named {
                    unit: bracketed,
                    domain: None,
                };
            };
            if domain::suffix_of(stripped).is_none() {
                return Named {
                    unit: bracketed,
                    domain: None,
                };
            }
            stripped.to_string()
        }
    };
    let mut named = split_unit_domain(&prefix);
    if named.unit.is_none() {
        named.unit = bracketed;
    }
    named
}

/// Splits `县民政局社会救助` into unit and domain: by the known domain it ends
/// with, else after the last unit ending (`县文旅局非遗保护` → 县文旅局, 非遗保护).
fn split_unit_domain(prefix: &str) -> Named {
    let prefix = prefix.trim_end_matches('的');
    if prefix.is_empty() {
        return Named::default();
    }
    if let Some((written, _)) = domain::suffix_of(prefix) {
        let unit = prefix
            .get(..prefix.len() - written.len())
            .unwrap_or_default();
        return Named {
            unit: (!unit.is_empty()).then(|| unit.to_string()),
            domain: Some(written.to_string()),
        };
    }
    // The last position where a unit ending stops.
    let mut cut = None;
    for (i, _) in prefix.char_indices().skip(1) {
        let head = prefix.get(..i).unwrap_or_default();
        if ends_like_unit(head) {
            cut = Some(i);
        }
    }
    match cut {
        Some(i) => Named {
            unit: prefix.get(..i).map(str::to_string),
            domain: prefix.get(i..).map(str::to_string),
        },
        None => Named {
            unit: None,
            domain: Some(prefix.to_string()),
        },
    }
}

/// Reads an `编制单位：县公安局` / `填报单位:县公安局（盖章）` row; text after
/// a wide gap (`填报日期：…`) is not part of the unit.
pub fn from_label_row(text: &str) -> Option<String> {
    let t = text.trim();
    let label_end = ["编制单位", "填报单位", "公开主体", "单位名称"]
        .iter()
        .find_map(|l| t.find(l).map(|at| at + l.len()))?;
    let rest = t.get(label_end..)?;
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || "（盖章）(盖章)".contains(c));
    let rest = rest.strip_prefix(['：', ':'])?;
    let rest = rest.trim_start();
    // Stop at a run of two spaces, a tab, a line break or the next label.
    let mut end = rest.len();
    for stop in [
        "  ",
        "\t",
        "\n",
        "　",
        "填报日期",
        "编制日期",
        "联系人",
        "联系电话",
        "日期",
    ] {
        if let Some(at) = rest.find(stop) {
            end = end.min(at);
        }
    }
    let unit = tidy(rest.get(..end).unwrap_or_default());
    let unit = unit
        .trim_end_matches("（盖章）")
        .trim_end_matches(['，', ',', '；', ';', '。'])
        .to_string();
    (!unit.is_empty()).then_some(unit)
}

/// Reads a file name: `县教育局-义务教育.xlsx`, `义务教育_县教育局.xls`,
/// `县民政局社会救助领域基层政务公开标准目录.xlsx`, `县民政局社会救助.ods`.
pub fn from_file_name(name: &str) -> Named {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match base.rfind('.') {
        Some(at) if at > 0 => base.get(..at).unwrap_or(base),
        _ => base,
    };
    let stem = tidy(stem);
    if stem.contains("领域") || TITLE_ENDINGS.iter().any(|e| stem.ends_with(e)) {
        let named = from_title(&stem);
        if named.domain.is_some() {
            return named;
        }
    }
    let parts: Vec<&str> = stem
        .split(['-', '_', '—', '－', '＿', '+'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > 1 {
        let mut named = Named::default();
        for p in parts {
            if named.domain.is_none() && domain::canonical(p).is_some() {
                named.domain = Some(p.strip_suffix("领域").unwrap_or(p).to_string());
            } else if named.unit.is_none() && ends_like_unit(p) {
                named.unit = Some(p.to_string());
            }
        }
        return named;
    }
    match domain::suffix_of(&stem) {
        Some(_) => split_unit_domain(&stem),
        None => Named::default(),
    }
}

/// Last characters of a county-level place name: 县 (自治县), 区, 市 (a
/// 县级市), 旗.
const COUNTY_ENDINGS: &[char] = &['县', '区', '市', '旗'];

/// The county (or district) the units of a project belong to, from the
/// longest prefix all their names share: `青山县民政局`, `青山县公安局` →
/// `青山县`. The prefix is cut after its last 县/区/市/旗 that has at least
/// two characters before it and does not follow another of those (so
/// `青山县市场监管局` and `青山县市政局` give 青山县, `上海市虹口区…` gives
/// 上海市虹口区). `None` for fewer than two units, or when the shared prefix
/// names no such place (`县民政局`, `县公安局`).
pub fn county_of<'a>(units: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut names: Vec<Vec<char>> = Vec::new();
    for u in units {
        let chars: Vec<char> = tidy(u).chars().collect();
        if !chars.is_empty() && !names.contains(&chars) {
            names.push(chars);
        }
    }
    let (first, rest) = names.split_first()?;
    if rest.is_empty() {
        return None;
    }
    let common = rest.iter().fold(first.len(), |n, other| {
        first
            .iter()
            .zip(other)
            .take(n)
            .take_while(|(a, b)| a == b)
            .count()
    });
    let prefix = first.get(..common)?;
    let end = (2..prefix.len()).rev().find(|&i| {
        prefix.get(i).is_some_and(|c| COUNTY_ENDINGS.contains(c))
            && prefix
                .get(i - 1)
                .is_some_and(|c| !COUNTY_ENDINGS.contains(c))
    })?;
    prefix.get(..=end).map(|p| p.iter().collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_county_of_a_project_s_units() {
        let c = |u: &[&str]| county_of(u.iter().copied());
        assert_eq!(
            c(&["青山县民政局", "青山县公安局", "青山县发展改革局"]).as_deref(),
            Some("青山县")
        );
        assert_eq!(
            c(&["青山县市场监督管理局", "青山县市政局"]).as_deref(),
            Some("青山县")
        );
        assert_eq!(
            c(&["上海市虹口区民政局", "上海市虹口区人力资源和社会保障局"]).as_deref(),
            Some("上海市虹口区")
        );
        assert_eq!(
            c(&["某某自治县民政局", "某某自治县公安局"]).as_deref(),
            Some("某某自治县")
        );
        assert_eq!(c(&["县民政局", "县公安局"]), None);
        assert_eq!(c(&["城市管理局", "城市建设局"]), None);
        assert_eq!(c(&["青山县民政局", "白水镇人民政府"]), None);
        assert_eq!(c(&["青山县民政局"]), None);
        assert_eq!(c(&["青山县民政局", "青山县民政局"]), None);
        assert_eq!(c(&[]), None);
    }

    fn n(unit: Option<&str>, domain: Option<&str>) -> Named {
        Named {
            unit: unit.map(str::to_string),
            domain: domain.map(str::to_string),
        }
    }

    #[test]
    fn titles_naming_unit_and_domain() {
        assert_eq!(
            from_title("县民政局社会救助领域基层政务公开标准目录"),
            n(Some("县民政局"), Some("社会救助"))
        );
        assert_eq!(
            from_title("附件1  青山县公安局户籍管理领域政务公开事项标准目录（2021年版）"),
            n(Some("青山县公安局"), Some("户籍管理"))
        );
        assert_eq!(
            from_title("县卫健局医疗卫生领域基层政务公开标准目录"),
            n(Some("县卫健局"), Some("医疗卫生"))
        );
        assert_eq!(
            from_title("县文旅局非遗保护领域基层政务公开标准目录"),
            n(Some("县文旅局"), Some("非遗保护"))
        );
        assert_eq!(
            from_title("县发展改革局重大建设项目基层政务公开标准目录"),
            n(Some("县发展改革局"), Some("重大建设项目"))
        );
    }

    #[test]
    fn titles_naming_only_the_domain_or_unit_in_brackets() {
        assert_eq!(
            from_title("户籍管理领域基层政务公开标准目录"),
            n(None, Some("户籍管理"))
        );
        assert_eq!(
            from_title("社会救助领域基层政务公开标准目录（县民政局）"),
            n(Some("县民政局"), Some("社会救助"))
        );
        assert_eq!(from_title("填表说明"), Named::default());
        assert_eq!(from_title("基层政务公开标准目录"), Named::default());
    }

    #[test]
    fn label_rows() {
        assert_eq!(
            from_label_row("编制单位：县公安局").as_deref(),
            Some("县公安局")
        );
        assert_eq!(
            from_label_row("填报单位（盖章）：县发展改革局      填报日期：2021年6月30日")
                .as_deref(),
            Some("县发展改革局")
        );
        assert_eq!(
            from_label_row("填报单位: 县民政局").as_deref(),
            Some("县民政局")
        );
        assert_eq!(from_label_row("填报单位："), None);
        assert_eq!(from_label_row("公开事项"), None);
    }

    #[test]
    fn file_names() {
        assert_eq!(
            from_file_name("县教育局-义务教育.xlsx"),
            n(Some("县教育局"), Some("义务教育"))
        );
        assert_eq!(
            from_file_name("dir/义务教育_县教育局.xls"),
            n(Some("县教育局"), Some("义务教育"))
        );
        assert_eq!(
            from_file_name("县民政局社会救助领域基层政务公开标准目录.xlsx"),
            n(Some("县民政局"), Some("社会救助"))
        );
        assert_eq!(
            from_file_name("县民政局社会救助.ods"),
            n(Some("县民政局"), Some("社会救助"))
        );
        assert_eq!(
            from_file_name("新建 Microsoft Excel 工作表.xlsx"),
            Named::default()
        );
    }
}
