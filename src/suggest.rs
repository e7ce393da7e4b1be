//! "Did you mean" suggestions for keys and vocabulary values.

/// The candidate closest to `input`, if it is close enough to be a likely typo
/// (or one contains the other).
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input = input.trim();
    if input.is_empty() {
        return None;
    }
    let n = input.chars().count();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let d = if c.contains(input) || input.contains(c) {
            c.chars().count().abs_diff(n).min(1)
        } else {
            strsim::levenshtein(input, c)
        };
        let limit = (n.max(c.chars().count()) / 2).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// " 您是否想写“X”？" or "".
pub fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match closest(input, candidates) {
        Some(c) => format!("您是否想写“{c}”？"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_typos_and_short_forms() {
        let keys = ["政务事项名称", "政务事项分类", "政府信息公开属性"];
        assert_eq!(closest("政务事项名", keys), Some("政务事项名称"));
        assert_eq!(closest("公开属性", keys), Some("政府信息公开属性"));
        assert_eq!(closest("完全无关的词", keys), None);
        assert_eq!(
            closest("行政许诺", ["行政许可", "行政处罚"]),
            Some("行政许可")
        );
    }
}
