//! Strings of the numerical-differentiation, gradient and gradient-descent lab (ch4.3–4.5), in Korean and English.

use super::Entry;

pub const ENTRIES: &[Entry] = &[];
