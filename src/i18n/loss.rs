//! Strings of the loss-functions lab (ch4.2), in Korean and English.

use super::Entry;

pub const ENTRIES: &[Entry] = &[];
