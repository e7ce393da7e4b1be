//! The texts of the files read, for diagnostic snippets.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// File name → text, for YAML files.
#[derive(Default, Debug, Clone)]
pub struct SourceMap {
    texts: HashMap<Arc<str>, Arc<str>>,
}

impl SourceMap {
    pub fn insert(&mut self, file: Arc<str>, text: Arc<str>) {
        self.texts.insert(file, text);
    }

    pub fn get(&self, file: &str) -> Option<&Arc<str>> {
        self.texts.get(file)
    }
}

/// The path as shown in diagnostics: relative to the current directory when
/// below it, with the platform's separators (`/`, or `\` on Windows, as a
/// Windows user types and sees paths).
pub fn display_path(p: &Path) -> String {
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| p.to_path_buf());
    let s = rel.to_string_lossy();
    #[cfg(windows)]
    let s = s.replace('/', "\\");
    #[cfg(not(windows))]
    let s = s.replace('\\', "/");
    s.strip_prefix("./")
        .or_else(|| s.strip_prefix(".\\"))
        .map(str::to_string)
        .unwrap_or(s)
}

/// A display path with `/` separators, for formats that want URI-like
/// paths whatever the platform (SARIF, GitHub annotations).
pub fn slash_path(display: &str) -> String {
    display.replace('\\', "/")
}
