//! Strings of the optimizers lab (ch6.1), in Korean and English.

use super::Entry;

pub const ENTRIES: &[Entry] = &[];
