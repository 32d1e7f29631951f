//! Strings of the MNIST lab (ch3–6), in Korean and English.

use super::Entry;

pub const ENTRIES: &[Entry] = &[];
