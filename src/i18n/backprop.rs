//! Strings of the backpropagation lab (ch5), in Korean and English.

use super::Entry;

pub const ENTRIES: &[Entry] = &[];
