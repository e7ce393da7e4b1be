//! The 26 试点领域 of the ministries' 标准指引 (国办发〔2019〕54号) with the
//! other names county tables use for them.

use super::tidy;

/// The 26 domains, in NATIONAL.md's order.
pub const DOMAINS: [&str; 26] = [
    "社会救助",
    "养老服务",
    "户籍管理",
    "义务教育",
    "重大建设项目",
    "公共资源交易",
    "财政预决算",
    "保障性住房",
    "涉农补贴",
    "卫生健康",
    "市政服务",
    "安全生产",
    "救灾",
    "税收管理",
    "公共文化服务",
    "就业",
    "社会保险",
    "城市综合执法",
    "公共法律服务",
    "生态环境",
    "食品药品监管",
    "国有土地上房屋征收",
    "农村危房改造",
    "征地补偿",
    "扶贫",
    "自然资源",
];

/// Other names → the name in [`DOMAINS`].
const ALIASES: &[(&str, &str)] = &[
    ("住房保障", "保障性住房"),
    ("保障房", "保障性住房"),
    ("医疗卫生", "卫生健康"),
    ("卫生计生", "卫生健康"),
    ("环境保护", "生态环境"),
    ("环保", "生态环境"),
    ("就业创业", "就业"),
    ("财政预算决算", "财政预决算"),
    ("预决算", "财政预决算"),
    ("公共资源配置", "公共资源交易"),
    ("食品药品监督管理", "食品药品监管"),
    ("食品药品", "食品药品监管"),
    ("农村危房", "农村危房改造"),
    ("征地", "征地补偿"),
    ("征地补偿安置", "征地补偿"),
    ("脱贫攻坚", "扶贫"),
    ("城市综合管理执法", "城市综合执法"),
    ("综合执法", "城市综合执法"),
    ("税收", "税收管理"),
    ("灾害救助", "救灾"),
];

/// The name in [`DOMAINS`] for `text` (a domain or one of its other names,
/// with or without a trailing 领域), or `None`.
pub fn canonical(text: &str) -> Option<&'static str> {
    let t = tidy(text);
    let t = t.strip_suffix("领域").unwrap_or(&t);
    DOMAINS
        .iter()
        .copied()
        .find(|d| *d == t)
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == t).map(|(_, d)| *d))
}

/// The longest domain name or other name that `text` ends with, as written
/// there, with its canonical name: `("县民政局社会救助")` → `("社会救助", "社会救助")`.
pub fn suffix_of(text: &str) -> Option<(&'static str, &'static str)> {
    let t = text.strip_suffix("领域").unwrap_or(text);
    let mut best: Option<(&'static str, &'static str)> = None;
    let candidates = DOMAINS
        .iter()
        .map(|d| (*d, *d))
        .chain(ALIASES.iter().copied());
    for (written, canon) in candidates {
        if t.ends_with(written) && best.is_none_or(|(b, _)| written.len() > b.len()) {
            best = Some((written, canon));
        }
    }
    best
}

/// The nearest domain to an unknown name, for a suggestion.
pub fn nearest(text: &str) -> Option<&'static str> {
    crate::suggest::closest(&tidy(text), DOMAINS.iter().copied())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn twenty_six_distinct_domains() {
        let mut d = DOMAINS.to_vec();
        d.sort_unstable();
        d.dedup();
        assert_eq!(d.len(), 26);
        for (_, canon) in ALIASES {
            assert!(DOMAINS.contains(canon), "{canon}");
        }
    }

    #[test]
    fn aliases_fold() {
        assert_eq!(canonical("住房保障"), Some("保障性住房"));
        assert_eq!(canonical("医疗卫生"), Some("卫生健康"));
        assert_eq!(canonical("环境保护"), Some("生态环境"));
        assert_eq!(canonical("社会救助领域"), Some("社会救助"));
        assert_eq!(canonical("养老"), None);
        assert_eq!(nearest("养老"), Some("养老服务"));
    }

    #[test]
    fn longest_suffix_wins() {
        assert_eq!(
            suffix_of("县民政局社会救助"),
            Some(("社会救助", "社会救助"))
        );
        assert_eq!(
            suffix_of("县住建局国有土地上房屋征收领域"),
            Some(("国有土地上房屋征收", "国有土地上房屋征收"))
        );
        assert_eq!(suffix_of("县人社局就业创业"), Some(("就业创业", "就业")));
        assert_eq!(suffix_of("县卫健局"), None);
    }
}
