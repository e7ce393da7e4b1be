//! Rule codes and levels: the leaf of the module graph. Every module that
//! reports or configures findings names them with [`Code`] and [`Severity`];
//! this module uses nothing else of the crate.
//!
//! Each code has one line here (its kebab-case name, default level and
//! scope: the registry, as ruff's `codes.rs`); its documentation and its
//! check sit together in `src/rules/<theme>.rs`, the file the comment above
//! the line names.

use serde::Serialize;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// 错误 / 警告.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }

    /// error / warning, as the machine-readable reports spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The level a project gives a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    /// Reads error/warning/off and 错误/警告/关闭.
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim() {
            "error" | "错误" | "deny" => Some(Level::On(Severity::Error)),
            "warning" | "warn" | "警告" => Some(Level::On(Severity::Warning)),
            "off" | "allow" | "关闭" | "忽略" => Some(Level::Off),
            _ => None,
        }
    }
}

/// What a rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Reading the file (YAML syntax, workbook layout).
    Read,
    /// One catalogue on its own.
    File,
    /// The catalogues of a project together.
    Project,
}

impl Scope {
    /// 读取 / 单个目录 / 跨文件.
    pub fn label(self) -> &'static str {
        match self {
            Scope::Read => "读取",
            Scope::File => "单个目录",
            Scope::Project => "跨文件",
        }
    }
}

/// A rule's documentation with its code, default level and scope.
#[derive(Debug)]
pub struct RuleInfo {
    pub code: &'static str,
    pub severity: Severity,
    pub scope: Scope,
    /// One line: what it checks.
    pub summary: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// An example that breaks it.
    pub bad: &'static str,
    /// The same example, fixed.
    pub good: &'static str,
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $code:literal, $sev:ident, $scope:ident;)*) => {
        /// A rule code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant),* }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &[Code] = &[$(Code::$variant),*];

            /// The stable kebab-case code.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code),* }
            }

            /// The level a finding has unless the project sets another.
            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev),* }
            }

            /// What the rule looks at.
            pub fn scope(self) -> Scope {
                match self { $(Code::$variant => Scope::$scope),* }
            }
        }
    };
}

codes! {
    // src/rules/read.rs
    YamlSyntax => "yaml-syntax", Error, Read;
    YamlType => "yaml-type", Error, Read;
    YamlLimit => "yaml-limit", Error, Read;
    UnknownKey => "unknown-key", Error, Read;
    FileUnreadable => "file-unreadable", Error, Read;
    WorkbookNoCatalog => "workbook-no-catalog", Error, Read;
    WorkbookUnitUnknown => "workbook-unit-unknown", Error, Read;
    CellError => "cell-error", Error, Read;
    AttrMarkInvalid => "attr-mark-invalid", Error, Read;
    ColumnUnknown => "column-unknown", Warning, Read;
    TextTooLong => "text-too-long", Warning, Read;
    TextInvisible => "text-invisible", Warning, Read;
    ProjectInvalid => "project-invalid", Error, Read;
    // src/rules/fields.rs
    FieldMissing => "field-missing", Error, File;
    // src/rules/attrs.rs
    AttrMissing => "attr-missing", Error, File;
    AttrMultiple => "attr-multiple", Error, File;
    AttrInvalid => "attr-invalid", Error, File;
    ReasonMissing => "reason-missing", Error, File;
    ReasonStray => "reason-stray", Warning, File;
    ReasonNoLegalGround => "reason-no-legal-ground", Warning, File;
    // src/rules/structure.rs
    TimeUnparsed => "time-unparsed", Warning, File;
    // src/rules/annex3.rs
    PublishLate => "publish-late", Error, File;
    PublishTimeMissing => "publish-time-missing", Error, File;
    PublishChannelMissing => "publish-channel-missing", Error, File;
    WithheldPublished => "withheld-published", Error, File;
    // src/rules/vocab.rs
    VocabUnknown => "vocab-unknown", Warning, File;
    // src/rules/structure.rs
    AspectInvalid => "aspect-invalid", Error, File;
    // src/rules/fields.rs
    SeqMissing => "seq-missing", Error, File;
    // src/rules/structure.rs
    SeqDuplicate => "seq-duplicate", Error, File;
    ItemDuplicate => "item-duplicate", Error, File;
    ItemNoSteps => "item-no-steps", Error, File;
    StepNoInfo => "step-no-info", Error, File;
    // src/rules/cross.rs
    CatalogDuplicate => "catalog-duplicate", Error, Project;
    Annex3NotInAnnex2 => "annex3-not-in-annex2", Error, Project;
    Annex3Mismatch => "annex3-mismatch", Error, Project;
    Annex3Count => "annex3-count", Error, Project;
    AspectsUncovered => "aspects-uncovered", Warning, Project;
    RegistryMissing => "registry-missing", Error, Project;
    RegistryUnknown => "registry-unknown", Error, Project;
    // src/ledger/rules/ (the 公开台账's rules, documented next to their checks)
    LedgerDateInvalid => "ledger-date-invalid", Error, Read;
    CalendarYearMissing => "calendar-year-missing", Error, File;
    LedgerNotInCatalog => "ledger-not-in-catalog", Error, Project;
    LedgerWithheldPublished => "ledger-withheld-published", Error, Project;
    LedgerDateOrder => "ledger-date-order", Error, File;
    LedgerLate => "ledger-late", Error, Project;
    LedgerUnpublished => "ledger-unpublished", Warning, Project;
    // src/national/rules/ (the national-2019 tables' rules, documented next to their checks)
    NationalChannelMissing => "national-channel-missing", Error, File;
    NationalObjectMissing => "national-object-missing", Error, File;
    NationalMethodMissing => "national-method-missing", Error, File;
    NationalLevelMissing => "national-level-missing", Error, File;
    NationalDuplicate => "national-duplicate", Error, File;
    NationalChannelUnknown => "national-channel-unknown", Warning, File;
    NationalTimeUnparsed => "national-time-unparsed", Warning, File;
    NationalTimeOverStatutory => "national-time-over-statutory", Warning, File;
    NationalTimeVague => "national-time-vague", Warning, File;
    NationalDomainUnknown => "national-domain-unknown", Warning, File;
}

impl Code {
    /// True for findings about a value that could not be read (a
    /// cell error, an unknown mark or attribute): the "missing"
    /// findings at the same place are follow-ons and are dropped.
    pub fn masks_followons(self) -> bool {
        self.scope() == Scope::Read || self == Code::AttrInvalid
    }

    /// Looks a code up by its name.
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}
