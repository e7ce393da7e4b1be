//! Reading a unit and a domain out of free text: a title row such as
//! "区民政局社会救助领域政务公开事项标准化目录" or a file name such as
//! "区民政局-社会救助-标准化目录.xlsx", when no project registry says which
//! names exist.

/// Endings of unit names (longest first where they overlap).
const UNIT_ENDINGS: &[&str] = &[
    "委员会",
    "办公室",
    "管理局",
    "事务中心",
    "服务中心",
    "中心",
    "政府",
    "街道",
    "分局",
    "支队",
    "大队",
    "局",
    "委",
    "办",
    "院",
    "所",
    "署",
    "镇",
];

/// Words of the templates' titles besides the kinds' names.
const TITLE_WORDS: &[&str] = &["政务公开", "试点事项", "目录"];

/// Words that belong to the template's title, not to a unit or a domain:
/// every name of a kind in the format description (longest first), then
/// [`TITLE_WORDS`].
fn title_words() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = crate::format::hongkou::HONGKOU_2017
        .kinds
        .iter()
        .flat_map(|k| k.names.iter().copied())
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.extend(TITLE_WORDS);
    names
}

/// Splits "区民政局社会救助" into ("区民政局", "社会救助") at the first unit
/// ending that leaves something after it. `None` when no unit is found.
pub fn split_unit(s: &str) -> Option<(String, String)> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars.get(i..)?.iter().collect();
        if let Some(end) = UNIT_ENDINGS.iter().find(|e| rest.starts_with(**e)) {
            let cut = i + end.chars().count();
            let unit: String = chars.get(..cut)?.iter().collect();
            let tail: String = chars.get(cut..)?.iter().collect();
            let tail = strip_year(&tail);
            if unit.chars().count() >= 3 && !tail.is_empty() {
                return Some((unit, tail));
            }
            i = cut;
            continue;
        }
        i += 1;
    }
    None
}

/// "2017年社会救助" → "社会救助"; also "2017年度", "（2017年版）".
pub fn strip_year(s: &str) -> String {
    let mut t = s.trim();
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 4 {
        t = &t[digits..];
        for y in ["年度", "年"] {
            if let Some(r) = t.strip_prefix(y) {
                t = r;
                break;
            }
        }
    }
    t.trim().to_string()
}

/// A title row: the text before "领域" gives the domain, and a unit when
/// one is written in front of it. Returns (unit, domain).
pub fn from_title(flat: &str) -> (Option<String>, Option<String>) {
    let Some(before) = flat.split("领域").next().filter(|_| flat.contains("领域")) else {
        return (None, None);
    };
    let before = strip_template_words(before);
    let before = strip_year(&before);
    if before.is_empty() {
        return (None, None);
    }
    match split_unit(&before) {
        Some((u, d)) => (Some(u), Some(d)),
        None => (None, Some(before)),
    }
}

fn strip_template_words(s: &str) -> String {
    let mut s = s.to_string();
    for w in title_words() {
        s = s.replace(w, "");
    }
    s.trim_matches(|c: char| c.is_whitespace() || "：:-_—－、，,".contains(c))
        .to_string()
}

/// A file name (without directories): "区民政局-社会救助-标准化目录.xlsx",
/// "附件2：区民政局社会救助领域政务公开事项标准化目录.xls". Returns (unit, domain).
pub fn from_file_name(name: &str) -> (Option<String>, Option<String>) {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let flat: String = stem.chars().filter(|c| !c.is_whitespace()).collect();
    if flat.contains("领域") {
        let (u, d) = from_title(&flat);
        if d.is_some() {
            return (u, d);
        }
    }
    let parts: Vec<String> = flat
        .split([
            '-', '_', '—', '－', '、', '，', ',', '（', '）', '(', ')', '：', ':', '+',
        ])
        .map(strip_template_words)
        .map(|p| strip_year(&p))
        .filter(|p| !p.is_empty())
        .collect();
    let mut unit = None;
    let mut domain = None;
    for p in &parts {
        let is_unit = UNIT_ENDINGS.iter().any(|e| p.ends_with(e)) && p.chars().count() >= 3;
        if is_unit && unit.is_none() {
            unit = Some(p.clone());
        } else if domain.is_none() && !p.chars().all(|c| c.is_ascii_alphanumeric()) {
            domain = Some(p.clone());
        }
    }
    if unit.is_none() && parts.len() == 1 {
        // "区民政局社会救助" written together.
        if let Some((u, d)) = parts.first().and_then(|p| split_unit(p)) {
            return (Some(u), Some(d));
        }
    }
    (unit, domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn titles() {
        assert_eq!(
            from_title("社会救助领域政务公开事项标准化目录"),
            (None, s("社会救助"))
        );
        assert_eq!(
            from_title("区民政局社会救助领域政务公开事项标准化目录"),
            (s("区民政局"), s("社会救助"))
        );
        assert_eq!(
            from_title("虹口区民政局2017年社会救助领域政务公开事项标准化目录"),
            (s("虹口区民政局"), s("社会救助"))
        );
        assert_eq!(
            from_title("区卫生健康委员会医疗卫生领域政务公开试点事项规范化操作目录"),
            (s("区卫生健康委员会"), s("医疗卫生"))
        );
        assert_eq!(
            from_title("附件2社会保险领域政务公开事项标准化目录"),
            (None, s("社会保险"))
        );
        assert_eq!(from_title("政务公开事项标准化目录"), (None, None));
    }

    #[test]
    fn file_names() {
        assert_eq!(
            from_file_name("区民政局-社会救助-标准化目录.xlsx"),
            (s("区民政局"), s("社会救助"))
        );
        assert_eq!(
            from_file_name("附件2：区民政局社会救助领域政务公开事项标准化目录.xlsx"),
            (s("区民政局"), s("社会救助"))
        );
        assert_eq!(
            from_file_name("社会救助_区民政局_附件3.xls"),
            (s("区民政局"), s("社会救助"))
        );
        assert_eq!(from_file_name("目录.xlsx"), (None, None));
        assert_eq!(from_file_name("2017.xlsx"), (None, None));
    }
}
