//! Strings of the XOR and 2-D playground lab (ch5), in Korean and English.

use super::Entry;

pub const ENTRIES: &[Entry] = &[];
