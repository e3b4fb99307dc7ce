//! Diagnostics: one problem in a document, where it is and what to do about it.

use std::fmt;

use serde::Serialize;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document is invalid; the item or value is left out and the rest is used.
    Error,
    /// Suspicious but usable (unknown fields, ignored duplicates).
    Warning,
}

/// One problem in a document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// JSON path of the offending value, e.g. `enterprises[12].links[0]`; `$` is the whole document.
    pub path: String,
    /// What is wrong, in English.
    pub message: String,
    /// What was probably meant, e.g. `did you mean "battery"?`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// 1-based line of a syntax error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column of a syntax error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl Diagnostic {
    /// An error at `path`.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, path.into(), message.into())
    }

    /// A warning at `path`.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, path.into(), message.into())
    }

    fn new(severity: Severity, path: String, message: String) -> Self {
        Diagnostic {
            severity,
            path,
            message,
            hint: None,
            line: None,
            column: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The CLI's line: `path: message (hint)` for errors, `path: warning: message (hint)` for
    /// warnings.
    pub fn line(&self) -> String {
        match self.severity {
            Severity::Error => self.to_string(),
            Severity::Warning => {
                let mut line = format!("{}: warning: {}", self.path, self.message);
                if let Some(hint) = &self.hint {
                    line.push_str(&format!(" ({hint})"));
                }
                line
            }
        }
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `path: message (hint)`, the CLI's line format.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// Builds JSON paths: `links[3].name`, with unusual keys quoted: `meta["my key"]`.
pub(crate) fn field(base: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '$');
    match (base.is_empty(), plain) {
        (true, true) => key.to_owned(),
        (true, false) => format!("[{}]", quote(key)),
        (false, true) => format!("{base}.{key}"),
        (false, false) => format!("{base}[{}]", quote(key)),
    }
}

/// `base[index]`.
pub(crate) fn index(base: &str, index: usize) -> String {
    format!("{base}[{index}]")
}

/// A string as a JSON string literal, for messages. Bidirectional-override and other invisible
/// format characters are escaped too, so host text cannot disguise a message.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    crate::json::escaped(&mut out, text, |c| c.is_control() || is_invisible_format(c));
    out
}

/// Zero-width and bidirectional formatting characters.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(field("", "links"), "links");
        assert_eq!(field(&index("links", 3), "name"), "links[3].name");
        assert_eq!(field("meta", "my key"), r#"meta["my key"]"#);
        assert_eq!(field("name", "zh-CN"), "name.zh-CN");
        assert_eq!(field("e", "\u{202e}evil"), r#"e["\u202eevil"]"#);
        assert_eq!(quote("a\"b\\c\n"), r#""a\"b\\c\n""#);
        // Controls (backspace and DEL included) and invisible format characters as \uXXXX.
        assert_eq!(
            quote("\u{8}\u{c}\u{1f}\u{7f}\u{200b}\u{feff}x"),
            r#""\u0008\u000c\u001f\u007f\u200b\ufeffx""#
        );
    }

    #[test]
    fn display() {
        let d = Diagnostic::error("enterprises[12].links[0]", "unknown link \"batery\"")
            .with_hint("did you mean \"battery\"?");
        assert_eq!(
            d.to_string(),
            r#"enterprises[12].links[0]: unknown link "batery" (did you mean "battery"?)"#
        );
    }
}
