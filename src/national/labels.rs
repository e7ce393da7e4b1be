//! The sub-column labels of 公开对象, 公开方式 and 公开层级, as county tables
//! write them (特定群众 for 特定群体, 依申请公开 for 依申请, levels 乡、村级 …).

use super::tidy;

/// A 公开对象 sub-column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Audience {
    /// 全社会.
    Public,
    /// 特定群体.
    Specific,
}

impl Audience {
    /// The label gkml writes.
    pub fn label(self) -> &'static str {
        match self {
            Self::Public => "全社会",
            Self::Specific => "特定群体",
        }
    }

    /// Reads a sub-label: 全社会 / 社会公众 / 社会; 特定群体 / 特定群众 / 特定对象 / 特定人群.
    pub fn from_label(text: &str) -> Option<Self> {
        match tidy(text).as_str() {
            "全社会" | "社会公众" | "社会" | "全体公众" | "公众" => {
                Some(Self::Public)
            }
            "特定群体" | "特定群众" | "特定对象" | "特定人群" | "特定" => {
                Some(Self::Specific)
            }
            _ => None,
        }
    }
}

/// A 公开方式 sub-column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// 主动.
    Active,
    /// 依申请.
    OnRequest,
}

impl Method {
    /// The label gkml writes.
    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "主动",
            Self::OnRequest => "依申请",
        }
    }

    /// Reads a sub-label: 主动 / 主动公开; 依申请 / 依申请公开.
    pub fn from_label(text: &str) -> Option<Self> {
        match tidy(text).as_str() {
            "主动" | "主动公开" => Some(Self::Active),
            "依申请" | "依申请公开" | "申请公开" => Some(Self::OnRequest),
            _ => None,
        }
    }
}

/// A tier of government a 公开层级 column names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// 省级.
    Province,
    /// 市级.
    City,
    /// 县级, 区级 (county level; a 县级市 too).
    County,
    /// 乡级, 镇级, 街道 (township level).
    Township,
    /// 村级, 社区 (village level).
    Village,
}

/// A 公开层级 sub-column: the label as the table names it and the tiers it
/// covers (乡、村级 covers township and village).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    /// The label as written, tidied (`乡、村级`, `区级`).
    pub label: String,
    /// The tiers, for counting 县级 vs 乡级 across tables.
    pub tiers: Vec<Tier>,
}

impl Level {
    /// True when the level is at county (or higher) level.
    pub fn is_county_or_above(&self) -> bool {
        self.tiers
            .iter()
            .any(|t| matches!(t, Tier::Province | Tier::City | Tier::County))
    }

    /// True when the level reaches townships or villages.
    pub fn is_township_or_below(&self) -> bool {
        self.tiers
            .iter()
            .any(|t| matches!(t, Tier::Township | Tier::Village))
    }
}

/// Reads a 公开层级 sub-label: `县级`, `乡级`, `乡、村级`, `镇级`, `村级`,
/// `区级`, `市级`, `乡镇级`, `街道级`. `None` when it is not a level.
pub fn level(text: &str) -> Option<Level> {
    let label = tidy(text);
    let body = label.strip_suffix('级')?;
    let mut tiers = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        rest = rest.trim_start_matches(['、', '/', '，', ',', '和', '及']);
        let (tier, len) = if rest.starts_with("乡镇") {
            (Tier::Township, "乡镇".len())
        } else if rest.starts_with("街道") {
            (Tier::Township, "街道".len())
        } else if rest.starts_with("社区") {
            (Tier::Village, "社区".len())
        } else {
            match rest.chars().next() {
                Some('省') => (Tier::Province, '省'.len_utf8()),
                Some('市') => (Tier::City, '市'.len_utf8()),
                Some(c @ ('县' | '区')) => (Tier::County, c.len_utf8()),
                Some(c @ ('乡' | '镇')) => (Tier::Township, c.len_utf8()),
                Some('村') => (Tier::Village, '村'.len_utf8()),
                None => break,
                Some(_) => return None,
            }
        };
        if !tiers.contains(&tier) {
            tiers.push(tier);
        }
        rest = rest.get(len..).unwrap_or_default();
        rest = rest.trim_start_matches('级');
    }
    (!tiers.is_empty()).then_some(Level { label, tiers })
}

/// Splits a one-cell level heading written as a list (`县级/乡级`,
/// `市级/县级/乡级`, `镇级/村级`) into its levels; `乡、村级` stays one level.
pub fn levels_in_heading(text: &str) -> Vec<Level> {
    let t = tidy(text);
    let parts: Vec<&str> = t.split('/').filter(|p| !p.is_empty()).collect();
    if parts.len() > 1 && parts.iter().all(|p| p.ends_with('级')) {
        parts.into_iter().filter_map(level).collect()
    } else {
        level(&t).into_iter().collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn audience_and_method_variants() {
        assert_eq!(Audience::from_label("特定群众"), Some(Audience::Specific));
        assert_eq!(Audience::from_label("特定\n群体"), Some(Audience::Specific));
        assert_eq!(Audience::from_label("全社会"), Some(Audience::Public));
        assert_eq!(Method::from_label("依申请公开"), Some(Method::OnRequest));
        assert_eq!(Method::from_label("主动公开"), Some(Method::Active));
        assert_eq!(Method::from_label("主 动"), Some(Method::Active));
        assert_eq!(Method::from_label("公开"), None);
    }

    #[test]
    fn level_labels_as_counties_write_them() {
        let l = level("县级").unwrap();
        assert_eq!(
            (l.label.as_str(), l.tiers.as_slice()),
            ("县级", &[Tier::County][..])
        );
        let l = level("乡、村级").unwrap();
        assert_eq!(l.tiers, vec![Tier::Township, Tier::Village]);
        assert!(l.is_township_or_below() && !l.is_county_or_above());
        assert_eq!(level("区级").unwrap().tiers, vec![Tier::County]);
        assert_eq!(level("镇级").unwrap().tiers, vec![Tier::Township]);
        assert_eq!(level("村级").unwrap().tiers, vec![Tier::Village]);
        assert_eq!(level("市级").unwrap().tiers, vec![Tier::City]);
        assert_eq!(level("乡镇级").unwrap().tiers, vec![Tier::Township]);
        assert_eq!(level("街道级").unwrap().tiers, vec![Tier::Township]);
        assert_eq!(level("公开层级"), None);
        assert_eq!(level("全社会"), None);
        assert_eq!(level("级"), None);
    }

    #[test]
    fn one_cell_level_headings_split() {
        let labels = |t: &str| -> Vec<String> {
            levels_in_heading(t).into_iter().map(|l| l.label).collect()
        };
        assert_eq!(labels("县级/乡级"), vec!["县级", "乡级"]);
        assert_eq!(labels("镇级/村级"), vec!["镇级", "村级"]);
        assert_eq!(labels("区级/乡级"), vec!["区级", "乡级"]);
        assert_eq!(labels("市级/县级/乡级"), vec!["市级", "县级", "乡级"]);
        assert_eq!(labels("乡、村级"), vec!["乡、村级"]);
    }
}
