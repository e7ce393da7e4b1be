//! clap's own words in Chinese: the help it prints (`Usage:`, `Options:`,
//! `Print help`, `[default: …]`, `Possible values:`) and its argument
//! errors. clap has no translations, so its rendered text is rewritten
//! phrase by phrase; the commands' and options' own texts are Chinese
//! already.

/// clap's English phrases and the Chinese shown instead, longest first
/// where one contains another.
const PHRASES: &[(&str, &str)] = &[
    (
        "Print this message or the help of the given subcommand(s)",
        "显示本帮助或指定命令的帮助",
    ),
    (
        "Print help (see a summary with '-h')",
        "显示帮助（-h 显示摘要）",
    ),
    (
        "Print help (see more with '--help')",
        "显示帮助（--help 显示详细说明）",
    ),
    ("Print help", "显示帮助"),
    ("Print version", "显示版本"),
    ("Usage: ", "用法："),
    ("Usage:", "用法："),
    ("[OPTIONS]", "[选项]"),
    ("<COMMAND>", "<命令>"),
    ("Options:", "选项："),
    ("Arguments:", "参数："),
    ("Commands:", "命令："),
    ("Possible values:", "可选值："),
    ("[possible values: ", "[可选值："),
    ("[default: ", "[默认："),
    ("[aliases: ", "[别名："),
    (
        "For more information, try '--help'.",
        "运行 --help 查看用法。",
    ),
    ("error: ", "错误："),
    ("tip: ", "提示："),
    ("unexpected argument", "无法识别的参数"),
    ("' found", "'"),
    ("invalid value", "无效的值"),
    (
        "the following required arguments were not provided:",
        "缺少必需的参数：",
    ),
    ("unrecognized subcommand", "没有这个命令"),
    ("a value is required for", "缺少参数值"),
    ("but none was supplied", ""),
    ("to pass '", "要把 '"),
    ("' as a value, use '", "' 当作值，请写 '"),
    ("some similar arguments exist: ", "相近的参数："),
    ("a similar argument exists: ", "相近的参数："),
    ("a similar subcommand exists: ", "相近的命令："),
    ("some similar subcommands exist: ", "相近的命令："),
    ("cannot be used with", "不能与以下参数同时使用："),
    ("the argument '", "参数 '"),
    ("' cannot be used multiple times", "' 只能写一次"),
    // Last: the phrases above may contain it.
    (" for '", "，参数 '"),
];

/// `text` with clap's English phrases in Chinese.
pub fn translate(text: &str) -> String {
    let mut out = text.to_string();
    for (en, zh) in PHRASES {
        if out.contains(en) {
            out = out.replace(en, zh);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn usage_and_options_are_chinese() {
        let t = translate(
            "Usage: gkml rules [OPTIONS]\n\nOptions:\n  -h, --help  Print help (see more with '--help')\n      --format <FORMAT>  [default: text] [possible values: text, json]\n",
        );
        assert!(t.contains("用法：gkml rules [选项]"), "{t}");
        assert!(t.contains("选项："), "{t}");
        assert!(t.contains("显示帮助（--help 显示详细说明）"), "{t}");
        assert!(t.contains("[默认：text] [可选值：text, json]"), "{t}");
        assert!(!t.contains("Usage") && !t.contains("Print"), "{t}");
    }
}
