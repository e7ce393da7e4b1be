//! `gkml rules`: the rule catalogue as text, Markdown or JSON.

use gkml::code::Code;
use gkml::error::Error;
use gkml::rules::RULES;

use super::Outcome;

/// The long help of `gkml rules`.
pub const LONG_ABOUT: &str = "列出全部校验规则：代码、默认级别、检查范围和说明；--format markdown 输出 README 中的规则表，\
--format json 输出每条规则的说明和正反示例。规则级别可在项目文件的“规则”中按代码调整。\n\n\
退出码：0 已列出；2 输出格式无法识别。";

/// Arguments of `gkml rules`.
#[derive(clap::Args)]
pub struct Args {
    /// 输出格式：text（默认）、markdown 或 json
    #[arg(long, default_value = "text")]
    format: String,
}

/// Runs `gkml rules`.
pub fn run(args: Args) -> Result<Outcome, Error> {
    let mut out = String::new();
    match args.format.as_str() {
        "json" => {
            let list: Vec<_> = RULES
                .iter()
                .map(|r| {
                    serde_json::json!({"code": r.code, "severity": r.severity.as_str(), "scope": r.scope.label(),
                        "summary": r.summary, "why": r.why, "bad": r.bad, "good": r.good})
                })
                .collect();
            out = serde_json::to_string_pretty(&list).unwrap_or_default();
            out.push('\n');
        }
        "markdown" | "md" => out.push_str(&gkml::rules::markdown_table()),
        "text" => {
            for r in RULES.iter() {
                out.push_str(&format!(
                    "{:<24} {:<4} [{}] {}\n",
                    r.code,
                    r.severity.label(),
                    r.scope.label(),
                    r.summary
                ));
            }
            out.push_str(&format!("\n共 {} 条规则。在 gkml.yaml 的“规则”中可以调整级别，例如：\n规则:\n  reason-no-legal-ground: error\n", Code::ALL.len()));
        }
        other => return Err(Error::RulesFormat(other.to_string())),
    }
    super::emit(None, out.as_bytes())?;
    Ok(Outcome::Clean)
}
