//! `gkml init`: a new project directory — the project file with every
//! setting explained, the 附件1 registry, and a blank 附件2 and 附件3
//! workbook for each unit and domain; or, `--from` last year's project, the
//! next edition with its catalogues carried over as YAML.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::config::{self, Config, PROJECT_FILE, RegistryEntry};
use crate::format::hongkou::Field;
use crate::input::{self, io_reason};
use crate::model::{Kind, text};
use crate::xlsx::write::template;
use crate::yaml::write::{scalar, to_yaml};

/// What to create.
pub struct InitOptions {
    pub dir: PathBuf,
    /// Last year's project directory.
    pub from: Option<PathBuf>,
    /// Units and their domains for a fresh project (`区民政局=社会救助,养老服务`).
    pub units: Vec<(String, Vec<String>)>,
}

/// What was created (paths relative to the project directory).
#[derive(Debug, Default)]
pub struct InitReport {
    pub files: Vec<String>,
    /// Catalogues that could not be carried over, with the reason.
    pub skipped: Vec<String>,
}

/// Reads `区民政局=社会救助,养老服务` (also with ：/: and 、/，).
pub fn parse_unit_arg(s: &str) -> Result<(String, Vec<String>), String> {
    let (unit, domains) = s
        .split_once(['=', ':', '：'])
        .ok_or_else(|| format!("“{s}”应写成“试点单位=试点领域1,试点领域2”"))?;
    let unit = unit.trim().to_string();
    let domains: Vec<String> = domains
        .split([',', '，', '、'])
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect();
    if unit.is_empty() || domains.is_empty() {
        return Err(format!("“{s}”应写成“试点单位=试点领域1,试点领域2”"));
    }
    Ok((unit, domains))
}

pub use crate::atomic::write_file as write_atomic;

/// File name safe on every system (no / \ : * ? " < > |).
fn safe_name(s: &str) -> String {
    crate::atomic::safe_stem(s, "未命名")
}

/// Creates the project. The directory must not exist or be empty; the
/// project is built in a temporary sibling directory and renamed into place.
pub fn init(opts: &InitOptions) -> Result<InitReport, String> {
    let dir = &opts.dir;
    if dir.exists() {
        if !dir.is_dir() {
            return Err(format!("{} 已存在且不是目录", dir.display()));
        }
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("{}：{}", dir.display(), io_reason(&e)))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} 不是空目录；请指定一个新目录，以免覆盖已有文件",
                dir.display()
            ));
        }
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(format!("上级目录 {} 不存在", parent.display()));
    }
    let base = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project".into());
    let tmp = parent.join(format!(".{base}.gkml-init-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir(&tmp)
        .map_err(|e| format!("无法创建 {}：{}", tmp.display(), io_reason(&e)))?;
    let built = match &opts.from {
        Some(from) => build_from(&tmp, from),
        None => build_fresh(&tmp, &opts.units),
    };
    let finish = built.and_then(|report| {
        if dir.exists() {
            std::fs::remove_dir(dir)
                .map_err(|e| format!("{}：{}", dir.display(), io_reason(&e)))?;
        }
        std::fs::rename(&tmp, dir)
            .map_err(|e| format!("无法创建 {}：{}", dir.display(), io_reason(&e)))?;
        Ok(report)
    });
    if finish.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    finish
}

fn write_file(root: &Path, rel: &str, bytes: &[u8], report: &mut InitReport) -> Result<(), String> {
    let path = root.join(rel);
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p)
            .map_err(|e| format!("无法创建 {}：{}", p.display(), io_reason(&e)))?;
    }
    std::fs::write(&path, bytes).map_err(|e| format!("无法写入 {rel}：{}", io_reason(&e)))?;
    report.files.push(rel.to_string());
    Ok(())
}

fn build_fresh(root: &Path, units: &[(String, Vec<String>)]) -> Result<InitReport, String> {
    let mut report = InitReport::default();
    let cfg = Config::default();
    write_file(
        root,
        PROJECT_FILE,
        project_file(units).as_bytes(),
        &mut report,
    )?;
    for (unit, domains) in units {
        for domain in domains {
            for kind in [Kind::Standard, Kind::Operational] {
                let bytes =
                    template(kind, Some(unit), Some(domain), &cfg).map_err(|e| e.to_string())?;
                let rel = format!(
                    "{}/{}-{}.xlsx",
                    safe_name(unit),
                    safe_name(domain),
                    kind.label()
                );
                write_file(root, &rel, &bytes, &mut report)?;
            }
        }
    }
    Ok(report)
}

/// The project file of a fresh project, every setting explained.
fn project_file(units: &[(String, Vec<String>)]) -> String {
    let mut s = String::from(
        "# gkml 项目文件：目录清单的封面信息、附件1、词表和校验设置。\n\
# 所有设置都可以省略，省略时使用默认值。各单位的目录放在“<试点单位>/”目录中：\n\
# “<试点领域>-标准化目录.xlsx”（附件2）和“<试点领域>-规范化操作目录.xlsx”（附件3），\n\
# 也可以是同名的 .yaml 文件。填好后运行 gkml validate 本目录 检查。\n\n\
# 标题：目录清单封面上的标题\n\
标题: XX区试点领域政务公开事项标准化目录清单\n\
# 地区：如“上海市虹口区”；读工作簿标题时会去掉地区名，只留领域\n\
地区: ''\n\
# 年度：本版目录的年度，如 2018\n\
年度: ''\n\
# 编制单位：印在封面上\n\
编制单位: ''\n\
# 编制日期：写成 2018-11-30 的形式；定稿时填写\n\
# 编制日期: 2018-11-30\n\
# 编制说明：印在目录清单正文之前；多段文字用“|”开头，段落之间空一行\n\
编制说明: ''\n\n\
# 附件1 试点单位及试点内容表：每个试点单位就所列的每个领域，各提交一份\n\
# 标准化目录（附件2）和规范化操作目录（附件3）。例如：\n\
#   - 序号: 1\n\
#     试点单位: 区民政局\n\
#     试点领域: [社会救助, 养老服务]\n",
    );
    if units.is_empty() {
        s.push_str("试点单位及试点内容表: []\n");
    } else {
        s.push_str("试点单位及试点内容表:\n");
        for (i, (unit, domains)) in units.iter().enumerate() {
            s.push_str(&format!(
                "  - 序号: {}\n    试点单位:{}\n    试点领域:\n",
                i + 1,
                scalar(unit, 4)
            ));
            for d in domains {
                s.push_str(&format!("      -{}\n", scalar(d, 8)));
            }
        }
    }
    let list = |items: &[&str]| {
        items
            .iter()
            .map(|i| format!("  -{}\n", scalar(i, 2)))
            .collect::<String>()
    };
    // The vocabulary keys of the project file, each for the column named
    // by the format description.
    let (categories, routes, media) = (
        config::keys::CATEGORIES,
        config::keys::ROUTES,
        config::keys::MEDIA,
    );
    s.push_str(&format!(
        "\n# {categories}：附件2/附件3 中“{}”只能取这些值（模板的下拉列表也用它）\n{categories}:\n",
        Field::Category.header()
    ));
    s.push_str(&list(config::DEFAULT_CATEGORIES));
    s.push_str(&format!(
        "# {routes}：附件3 中“{}”的取值，多个可用“、”连写\n{routes}:\n",
        Field::Route.header()
    ));
    s.push_str(&list(config::DEFAULT_ROUTES));
    s.push_str(&format!(
        "# {media}：附件3 中“{}”的取值，多个可用“、”连写\n{media}:\n",
        Field::Medium.header()
    ));
    s.push_str(&list(config::DEFAULT_MEDIA));
    s.push_str("\n# 法定理由：部分公开、不予公开的理由须援引其中一项依据，即理由中出现某一项的关键词\n法定理由:\n");
    for g in config::default_grounds() {
        s.push_str(&format!("  - 依据:{}\n    关键词:\n", scalar(&g.name, 4)));
        for k in &g.keywords {
            s.push_str(&format!("      -{}\n", scalar(k, 8)));
        }
    }
    s.push_str(
        "\n# 公开时限：附件3 中主动公开的政府信息，公开时间不得晚于信息形成后这一期限\n\
公开时限: 3个工作日\n\n\
# 要求五公开：true 时，每个试点单位的附件3（事项和政府信息合计）须覆盖\n\
# 决策公开、执行公开、管理公开、服务公开、结果公开\n\
要求五公开: true\n\n\
# 规则：按代码调整校验规则的级别（error 错误 / warning 警告 / off 关闭）；\n\
# gkml rules 列出全部规则。例如：\n\
#   reason-no-legal-ground: error\n\
规则: {}\n\n\
# 字体：目录清单（PDF）正文和标题使用的字体\n\
字体:\n  正文: Noto Serif CJK SC\n  标题: Noto Sans CJK SC\n\n\
# 工作簿：标题行和“填报单位”行没有写明单位、领域的工作簿，在这里登记。例如：\n\
#   - 文件: 人保局.xlsx\n\
#     试点单位: 区人保局\n\
#     试点领域: 就业创业\n\
工作簿: []\n",
    );
    s
}

/// The next edition: last year's project file with 年度 + 1 and 编制日期
/// left to fill, and every catalogue carried over as YAML.
fn build_from(root: &Path, from: &Path) -> Result<InitReport, String> {
    let mut report = InitReport::default();
    if !from.is_dir() {
        return Err(format!("{} 不是项目目录", from.display()));
    }
    let mut ws = crate::project::load(&[from.to_path_buf()])?;
    let pf = from.join(PROJECT_FILE);
    let old_text = if pf.is_file() {
        Some(input::read_text(&pf)?)
    } else {
        None
    };
    let next_year = ws
        .config
        .year
        .as_deref()
        .and_then(|y| y.trim().parse::<i32>().ok())
        .map(|y| y + 1);
    let text_out = match &old_text {
        Some(t) => next_edition(t, next_year),
        None => project_file(&registry_pairs(&ws.config.registry)),
    };
    write_file(root, PROJECT_FILE, text_out.as_bytes(), &mut report)?;
    let _ = ws.check();
    let mut used = HashSet::new();
    for cat in &ws.catalogs {
        let unit = text(&cat.unit).trim();
        let domain = text(&cat.domain).trim();
        if unit.is_empty() || domain.is_empty() {
            report.skipped.push(format!(
                "{}：无法确定试点单位或试点领域，没有带入",
                cat.file
            ));
            continue;
        }
        let stem = format!(
            "{}/{}-{}",
            safe_name(unit),
            safe_name(domain),
            cat.kind.label()
        );
        let mut rel = format!("{stem}.yaml");
        let mut n = 2;
        while !used.insert(rel.clone()) {
            rel = format!("{stem}-{n}.yaml");
            n += 1;
        }
        write_file(root, &rel, to_yaml(cat).as_bytes(), &mut report)?;
    }
    Ok(report)
}

fn registry_pairs(reg: &[RegistryEntry]) -> Vec<(String, Vec<String>)> {
    reg.iter()
        .map(|r| {
            (
                r.unit.value.clone(),
                r.domains.iter().map(|d| d.value.clone()).collect(),
            )
        })
        .collect()
}

/// Rewrites the top-level 年度 line (+1) and comments out 编制日期, keeping
/// every other line and comment as it was.
fn next_edition(old: &str, next_year: Option<i32>) -> String {
    let mut out = String::new();
    for line in old.lines() {
        if let (Some(rest), Some(y)) = (line.strip_prefix("年度:"), next_year) {
            let comment = rest.find(" #").map(|i| &rest[i..]).unwrap_or("");
            out.push_str(&format!("年度: {y}{comment}\n"));
        } else if line.starts_with("编制日期:") {
            out.push_str("# 编制日期：新一版定稿时填写，例如\n# ");
            out.push_str(line);
            out.push('\n');
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    #[test]
    fn unit_args() {
        assert_eq!(
            parse_unit_arg("区民政局=社会救助,养老服务").ok(),
            Some((
                "区民政局".to_string(),
                vec!["社会救助".to_string(), "养老服务".to_string()]
            ))
        );
        assert!(parse_unit_arg("区民政局").is_err());
        assert!(parse_unit_arg("=社会救助").is_err());
    }

    #[test]
    fn next_year() {
        let t = next_edition(
            "标题: x\n年度: 2017  # 年度\n编制日期: 2017-11-30\n",
            Some(2018),
        );
        assert_eq!(
            t,
            "标题: x\n年度: 2018 # 年度\n# 编制日期：新一版定稿时填写，例如\n# 编制日期: 2017-11-30\n"
        );
    }

    #[test]
    fn fresh_project_file_loads_clean() {
        for units in [
            vec![],
            vec![(
                "区民政局".to_string(),
                vec!["社会救助".to_string(), "养老服务".to_string()],
            )],
        ] {
            let text = project_file(&units);
            let mut sink = crate::diag::Sink::new();
            let cfg = config::read_config(&std::sync::Arc::from("gkml.yaml"), &text, &mut sink);
            assert!(sink.diags.is_empty(), "{:?}\n{text}", sink.diags);
            assert_eq!(cfg.registry.len(), units.len());
            assert_eq!(cfg.categories.len(), config::DEFAULT_CATEGORIES.len());
            assert!(cfg.require_aspects);
        }
    }
}
