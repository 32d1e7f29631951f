//! Every visible string, in Korean and English, looked up by key: `t(lang, key)`, and `format` for `{0}`-style
//! placeholders. The tables are split by who uses them (`ui`: the shell, one per lab, `errors`: the engine),
//! but they are one namespace; a native test checks that keys are unique and both languages are filled.

// One table per lab, so each lab's strings live beside each other; `ui` is the page shell.
mod activation;
mod backprop;
mod batchnorm;
mod cnn;
mod cnn_train;
mod errors;
mod gradient;
mod loss;
mod mnist;
mod optimizers;
mod perceptron;
mod playground;
mod ui;

/// A UI language. Korean is first: the notes are Korean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Ko,
    En,
}

impl Lang {
    /// The BCP 47 tag, for `<html lang>` and storage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    /// Parse a stored tag or a browser language such as `ko-KR`; `None` if neither language.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "ko" => Some(Lang::Ko),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language a visitor gets the first time: Korean when the browser prefers it (before English),
    /// otherwise English. `prefs` is `navigator.languages` in order.
    pub fn preferred<'a>(prefs: impl IntoIterator<Item = &'a str>) -> Lang {
        prefs
            .into_iter()
            .find_map(Lang::from_tag)
            .unwrap_or(Lang::En)
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ko => Lang::En,
            Lang::En => Lang::Ko,
        }
    }
}

/// One entry: (key, Korean, English).
pub type Entry = (&'static str, &'static str, &'static str);

/// All tables, searched in order. The page's first module (built without the `full` feature) leaves out the
/// heavy labs' tables: their text is set by the full module, which has them all (src/web/remote.rs).
pub fn tables() -> &'static [&'static [Entry]] {
    &[
        ui::ENTRIES,
        errors::ENTRIES,
        activation::ENTRIES,
        perceptron::ENTRIES,
        loss::ENTRIES,
        gradient::ENTRIES,
        optimizers::ENTRIES,
        backprop::ENTRIES,
        playground::ENTRIES,
        #[cfg(feature = "full")]
        mnist::ENTRIES,
        #[cfg(feature = "full")]
        cnn::ENTRIES,
        #[cfg(feature = "full")]
        cnn_train::ENTRIES,
        #[cfg(feature = "full")]
        batchnorm::ENTRIES,
    ]
}

/// The string for `key`, if a table has it.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    tables()
        .iter()
        .flat_map(|t| t.iter())
        .find(|e| e.0 == key)
        .map(|&(_, ko, en)| match lang {
            Lang::Ko => ko,
            Lang::En => en,
        })
}

/// The string for `key`. A missing key returns the key itself, so a gap shows up on screen and in
/// the end-to-end test instead of panicking.
pub fn t(lang: Lang, key: &str) -> &str {
    lookup(lang, key).unwrap_or(key)
}

/// The string for `key` with `{0}`, `{1}`, … replaced by `args`.
pub fn format<S: AsRef<str>>(lang: Lang, key: &str, args: &[S]) -> String {
    let mut out = t(lang, key).to_string();
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), a.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn keys_are_unique_and_both_languages_are_filled() {
        let mut seen = HashSet::new();
        for &table in tables() {
            for &(key, ko, en) in table {
                assert!(seen.insert(key), "duplicate i18n key {key}");
                assert!(
                    !ko.trim().is_empty() && !en.trim().is_empty(),
                    "empty text for {key}"
                );
                // Placeholders must agree, or one language would show a raw `{1}`. `msg.both` is the one
                // exception by design: its arguments are the message in Korean ({0}) and in English ({1}).
                if key == "msg.both" {
                    assert_eq!((ko, en), ("{0}", "{1}"));
                    continue;
                }
                for i in 0..4 {
                    let p = format!("{{{i}}}");
                    assert_eq!(
                        ko.contains(&p),
                        en.contains(&p),
                        "placeholder {p} differs in {key}"
                    );
                }
            }
        }
        assert!(seen.len() > 10);
    }

    #[test]
    fn korean_is_chosen_when_the_browser_prefers_it() {
        assert_eq!(Lang::preferred(["ko-KR", "en-US"]), Lang::Ko);
        assert_eq!(Lang::preferred(["en-US", "ko"]), Lang::En);
        assert_eq!(Lang::preferred(["fr-FR", "ko"]), Lang::Ko);
        assert_eq!(Lang::preferred(["fr-FR"]), Lang::En);
        assert_eq!(Lang::preferred([]), Lang::En);
    }

    #[test]
    fn missing_keys_show_themselves_and_placeholders_fill() {
        assert_eq!(t(Lang::En, "no.such.key"), "no.such.key");
        let s = format(Lang::En, "err.positive", &["lr", "-1"]);
        assert!(s.contains("lr") && s.contains("-1"), "{s}");
    }
}
