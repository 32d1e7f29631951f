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
    /// translated too, so the whole message follows the language.
    pub fn message(&self, lang: Lang) -> String {
        let args: Vec<&str> = self.args.iter().map(|a| i18n::t(lang, a)).collect();
        i18n::format(lang, self.key, &args)
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
