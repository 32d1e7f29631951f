//! The product map: every lab, its chapter, its i18n keys, and whether it is built yet.

/// One lab in the navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LabInfo {
    /// The URL hash and DOM id, e.g. `activation`.
    pub id: &'static str,
    /// The book chapter(s), shown as is.
    pub chapter: &'static str,
    /// Built (live) or a plain "coming" card.
    pub live: bool,
}

impl LabInfo {
    /// The i18n key of the lab's title (`lab.<id>`); its summary is `lab.<id>.summary`.
    pub fn title_key(&self) -> String {
        format!("lab.{}", self.id)
    }

    pub fn summary_key(&self) -> String {
        format!("lab.{}.summary", self.id)
    }
}

/// The labs in the book's order (DESIGN.md, "The labs").
pub const LABS: &[LabInfo] = &[
    LabInfo {
        id: "perceptron",
        chapter: "2",
        live: true,
    },
    LabInfo {
        id: "activation",
        chapter: "3",
        live: true,
    },
    LabInfo {
        id: "loss",
        chapter: "4.2",
        live: true,
    },
    LabInfo {
        id: "gradient",
        chapter: "4.3–4.5",
        live: true,
    },
    LabInfo {
        id: "backprop",
        chapter: "5",
        live: true,
    },
    LabInfo {
        id: "playground",
        chapter: "5",
        live: true,
    },
    LabInfo {
        id: "optimizers",
        chapter: "6.1",
        live: true,
    },
    LabInfo {
        id: "mnist",
        chapter: "3–6",
        live: true,
    },
    LabInfo {
        id: "batchnorm",
        chapter: "6.3, 6.5",
        live: true,
    },
    LabInfo {
        id: "cnn",
        chapter: "7–8",
        live: true,
    },
];

/// The lab with this id, or the first lab for an unknown or empty id (an old link still opens something).
pub fn find(id: &str) -> &'static LabInfo {
    LABS.iter().find(|l| l.id == id).unwrap_or(&LABS[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{t, Lang};

    #[test]
    fn every_lab_has_a_title_and_summary_in_both_languages() {
        for lab in LABS {
            for lang in [Lang::Ko, Lang::En] {
                assert_ne!(t(lang, &lab.title_key()), lab.title_key(), "{}", lab.id);
                assert_ne!(t(lang, &lab.summary_key()), lab.summary_key(), "{}", lab.id);
            }
        }
        assert_eq!(find("nope").id, LABS[0].id);
        assert_eq!(find("mnist").id, "mnist");
    }

    /// The list follows the book: by the first chapter number a lab teaches from. MNIST (3–6) builds on every
    /// lab up to chapter 6.1, and the labs after it (batch norm 6.3, CNN 7) train on its digits, so it sits
    /// between them.
    #[test]
    fn labs_are_in_chapter_order() {
        let first = |l: &LabInfo| -> f64 {
            if l.id == "mnist" {
                return 6.2;
            }
            let n: String = l
                .chapter
                .chars()
                .take_while(|ch| ch.is_ascii_digit() || *ch == '.')
                .collect();
            n.parse().unwrap_or(f64::NAN)
        };
        let ch: Vec<f64> = LABS.iter().map(first).collect();
        assert!(ch.windows(2).all(|w| w[0] <= w[1]), "{ch:?}");
        assert_eq!(LABS.last().map(|l| l.id), Some("cnn"));
    }
}
