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

/// Marks an argument that holds a nested error (`Error::nested`): control characters no message contains.
const NESTED: &str = "\u{1}err:";
const SEP: char = '\u{1f}';

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
    /// translated too, and an argument made by `nested` is rendered as that error's message, so the whole
    /// message follows the language, also when it is shown again after a language switch.
    pub fn message(&self, lang: Lang) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|a| match Error::from_nested(a) {
                Some(inner) => inner.message(lang),
                None => i18n::t(lang, a).to_string(),
            })
            .collect();
        i18n::format(lang, self.key, &args)
    }

    /// This error as an argument of another (`Error::new("mnist.err.in_file", [name, e.nested()])`): it
    /// keeps its key and arguments, so the outer message renders it in whatever language is current, where
    /// `e.message(lang)` would freeze the language of the moment. One level deep (the inner error's own
    /// arguments are keys or plain text).
    pub fn nested(&self) -> String {
        let mut s = format!("{NESTED}{}", self.key);
        for a in &self.args {
            s.push(SEP);
            s.push_str(a);
        }
        s
    }

    /// The error `nested` wrote, if `arg` is one (its key must be a known message).
    fn from_nested(arg: &str) -> Option<Error> {
        let rest = arg.strip_prefix(NESTED)?;
        let mut parts = rest.split(SEP);
        let key = parts.next()?;
        let key = i18n::tables()
            .into_iter()
            .flat_map(|t| t.iter())
            .find(|e| e.0 == key)?
            .0;
        Some(Error {
            key,
            args: parts.map(str::to_string).collect(),
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nested_error_follows_the_language_of_the_outer_message() {
        let inner = Error::new("input.range", ["pct.seed", "0", "9", "12"]);
        let outer = Error::new("err.unknown", ["file".to_string(), inner.nested()]);
        let en = outer.message(Lang::En);
        let ko = outer.message(Lang::Ko);
        assert!(en.contains(&inner.message(Lang::En)), "{en}");
        assert!(ko.contains(&inner.message(Lang::Ko)), "{ko}");
        assert_ne!(en, ko);
        assert!(!ko.contains('\u{1}') && !ko.contains('\u{1f}'), "{ko}");
    }
}
