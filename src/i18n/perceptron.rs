//! Strings of the perceptron and logic-gates lab (ch2), in Korean and English.

use super::Entry;

pub const ENTRIES: &[Entry] = &[];
