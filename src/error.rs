//! The engine's error type: an i18n key plus the values that fill its `{0}`, `{1}`, … placeholders.
//!
//! Every message a user can see lives in the i18n table in Korean and English, errors included, so the
//! core names the message by key and the web layer renders it in the current language.
//! `Display` renders English, for native tests and logs.

use std::fmt;

use crate::i18n::{self, Lang};

/// A readable error: `key` names a message in `i18n` (e.g. `"err.lr"`), `args` fill its placeholders.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub key: &'static str,
    pub args: Vec<String>,
}

/// The engine's `Result`.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An error with the message `key` and its arguments (any `Display` values).
    pub fn new<I, D>(key: &'static str, args: I) -> Self
    where
        I: IntoIterator<Item = D>,
        D: fmt::Display,
    {
        Error {
            key,
            args: args.into_iter().map(|a| a.to_string()).collect(),
        }
    }

    /// The message in a language. An argument that is itself an i18n key (a field's label, say) is
    /// translated too, and an argument made by `as_arg` is rendered as that error's message, so the whole
    /// message follows the language, also when it is shown again after a language switch.
    pub fn message(&self, lang: Lang) -> String {
        render(lang, self.key, &self.args)
    }

    /// This error as an argument of another (e.g. "{file name}: {this}"), so that the outer message follows a
    /// language switch all the way through instead of keeping the language it was first shown in.
    pub fn as_arg(&self) -> String {
        let mut s = format!("{NESTED}{}", self.key);
        for a in &self.args {
            s.push(SEP);
            s.push_str(a);
        }
        s
    }
}

/// Marks an argument made by `Error::as_arg`; `SEP` separates its key and arguments.
const NESTED: char = '\u{1}';
const SEP: char = '\u{1f}';

fn render(lang: Lang, key: &str, args: &[String]) -> String {
    let args: Vec<String> = args
        .iter()
        .map(|a| match a.strip_prefix(NESTED) {
            Some(inner) => {
                let mut parts = inner.split(SEP);
                let key = parts.next().unwrap_or_default();
                let rest: Vec<String> = parts.map(str::to_string).collect();
                render(lang, key, &rest)
            }
            None => i18n::t(lang, a).to_string(),
        })
        .collect();
    i18n::format(lang, key, &args)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Error {}

/// `Err(Error::new(key, args))` unless `cond` holds: the shape of most config checks.
pub fn ensure<I, D>(cond: bool, key: &'static str, args: I) -> Result<()>
where
    I: IntoIterator<Item = D>,
    D: fmt::Display,
{
    if cond {
        Ok(())
    } else {
        Err(Error::new(key, args))
    }
}

/// `err.range` unless lo ≤ v ≤ hi, naming the setting: the check of a count against its stated limits.
pub fn ensure_in(name: &str, v: usize, (lo, hi): (usize, usize)) -> Result<()> {
    ensure(
        (lo..=hi).contains(&v),
        "err.range",
        [
            name.to_string(),
            lo.to_string(),
            hi.to_string(),
            v.to_string(),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nested_error_follows_the_language_of_the_outer_message() {
        let inner = Error::new("input.range", ["pct.seed", "0", "9", "12"]);
        let outer = Error::new("err.unknown", ["file".to_string(), inner.as_arg()]);
        let en = outer.message(Lang::En);
        let ko = outer.message(Lang::Ko);
        assert!(en.contains(&inner.message(Lang::En)), "{en}");
        assert!(ko.contains(&inner.message(Lang::Ko)), "{ko}");
        assert_ne!(en, ko);
        assert!(!ko.contains('\u{1}') && !ko.contains('\u{1f}'), "{ko}");
    }

    #[test]
    fn a_nested_error_follows_the_language() {
        let inner = Error::new("mnist.err.gzip", ["why.crc"]);
        let outer = Error::new("mnist.err.in_file", ["a.gz".to_string(), inner.as_arg()]);
        assert_eq!(
            outer.message(Lang::En),
            "a.gz: The gzip file is damaged: the CRC does not match."
        );
        let ko = outer.message(Lang::Ko);
        assert!(
            ko.starts_with("a.gz: gzip") && ko.contains("CRC 검사값"),
            "{ko}"
        );
    }
}
