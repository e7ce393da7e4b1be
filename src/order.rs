//! The output order of catalogues of any format: by domain, then unit, in
//! the orders the project file gives, names it lacks in order of first
//! appearance, then as read.

/// Extends `units` and `domains` with the names of `items` they lack (in
/// order of first appearance) and returns the items sorted by domain, unit,
/// then as read, each with its domain's position in `domains`.
pub fn by_domain_and_unit<'a, T>(
    items: &'a [T],
    units: &mut Vec<String>,
    domains: &mut Vec<String>,
    unit_and_domain: impl Fn(&T) -> (String, String),
) -> Vec<(usize, &'a T)> {
    let keys: Vec<(String, String)> = items.iter().map(&unit_and_domain).collect();
    for (u, d) in &keys {
        if !units.contains(u) {
            units.push(u.clone());
        }
        if !domains.contains(d) {
            domains.push(d.clone());
        }
    }
    let rank = |list: &[String], s: &str| list.iter().position(|x| x == s).unwrap_or(list.len());
    let mut order: Vec<(usize, usize, usize, &T)> = items
        .iter()
        .zip(&keys)
        .enumerate()
        .map(|(i, (item, (u, d)))| (rank(domains, d), rank(units, u), i, item))
        .collect();
    order.sort_by_key(|&(d, u, i, _)| (d, u, i));
    order.into_iter().map(|(d, _, _, item)| (d, item)).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn by_domain_then_unit_then_as_read() {
        let items = [("乙", "b"), ("甲", "a"), ("甲", "b"), ("乙", "a")];
        let mut units = vec!["甲".to_string()];
        let mut domains = vec!["b".to_string()];
        let got: Vec<(usize, &(&str, &str))> =
            super::by_domain_and_unit(&items, &mut units, &mut domains, |&(u, d)| {
                (u.to_string(), d.to_string())
            });
        let names: Vec<(&str, &str)> = got.iter().map(|(_, x)| **x).collect();
        assert_eq!(names, [("甲", "b"), ("乙", "b"), ("甲", "a"), ("乙", "a")]);
        assert_eq!(units, ["甲", "乙"]);
        assert_eq!(domains, ["b", "a"]);
        assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), [0, 0, 1, 1]);
    }
}
