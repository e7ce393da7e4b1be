//! typst's diagnostics, reported in Chinese with the template file and line.

use typst::World;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::FileId;

use super::Template;
use super::world::BookletWorld;

/// Where a diagnostic points: "模板 x.typ 第 12 行第 3 列" and the line's text.
fn place(world: &BookletWorld, t: &Template, d: &SourceDiagnostic) -> Option<(String, String)> {
    let id: FileId = d.span.id()?;
    let range = world.range(d.span)?;
    let source = world.source(id).ok()?;
    let (line, col) = source.lines().byte_to_line_column(range.start)?;
    let file = if id == world.main() {
        t.shown.clone()
    } else if id.vpath().get_with_slash() == super::world::DATA_PATH {
        "数据文件 /data.json".to_string()
    } else {
        format!("项目文件 {}", id.vpath().get_with_slash())
    };
    let text = source
        .lines()
        .line_to_range(line)
        .and_then(|r| source.text().get(r))
        .unwrap_or("")
        .trim_end();
    let text: String = if text.chars().count() > 120 {
        let head: String = text.chars().take(120).collect();
        format!("{head}…")
    } else {
        text.to_string()
    };
    Some((
        format!("{file} 第 {} 行第 {} 列", line + 1, col + 1),
        format!("{:>6} | {text}", line + 1),
    ))
}

/// typst's message in Chinese where gkml knows it; otherwise quoted.
fn message(world: &BookletWorld, msg: &str) -> String {
    if let Ok(refused) = world.refused.lock()
        && let Some(r) = refused.iter().find(|r| msg.contains(r.as_str()))
    {
        return r.clone();
    }
    if let Some(rest) = msg.strip_prefix("file not found (searched at ") {
        let path = rest.strip_suffix(')').unwrap_or(rest);
        return format!(
            "文件不存在：{path}（模板只能读取项目目录中的文件，以“/”开头的路径也从项目目录算起）"
        );
    }
    if msg.contains("escape") && msg.contains("root") {
        return format!("路径超出项目目录：模板只能读取项目目录中的文件（typst：{msg}）");
    }
    if msg == "failed to load file (access denied)" {
        return "无法读取文件：没有读取权限".to_string();
    }
    if let Some(f) = msg.strip_prefix("unknown font family: ") {
        return format!("找不到字体：{f}");
    }
    format!("typst 报告：{msg}")
}

fn render(world: &BookletWorld, t: &Template, d: &SourceDiagnostic) -> String {
    let mut s = String::new();
    let msg = message(world, &d.message);
    match place(world, t, d) {
        Some((at, line)) => {
            s.push_str(&format!("{at}：{msg}\n{line}"));
        }
        None => s.push_str(&format!("{}：{msg}", t.shown)),
    }
    // When the problem is in another file, name the template line that led there.
    if d.span.id() != Some(world.main()) {
        for tp in &d.trace {
            let probe = SourceDiagnostic::error(tp.span, "");
            if tp.span.id() == Some(world.main())
                && let Some((at, line)) = place(world, t, &probe)
            {
                s.push_str(&format!("\n（由{at}引起）\n{line}"));
                break;
            }
        }
    }
    // typst's hints about its own command line do not apply to gkml.
    for h in d
        .hints
        .iter()
        .filter(|h| !h.v.contains("--root") && !h.v.contains("sandbox"))
    {
        s.push_str(&format!("\n提示（typst）：{}", h.v));
    }
    s
}

/// All errors of a failed compilation, one block each.
pub fn errors(world: &BookletWorld, t: &Template, errs: &[SourceDiagnostic]) -> String {
    let mut blocks: Vec<String> = errs
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| render(world, t, d))
        .collect();
    if blocks.is_empty() {
        blocks.push(format!("{}：排版失败（typst 没有给出原因）", t.shown));
    }
    format!("排版失败：\n{}", blocks.join("\n"))
}

/// A warning, or `None` for ones gkml reports itself.
pub fn warning(world: &BookletWorld, t: &Template, w: &SourceDiagnostic) -> Option<String> {
    Some(render(world, t, w))
}
