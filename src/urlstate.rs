//! The URL hash that reproduces a view: `#lab?key=value&key=value`, percent-encoded.
//!
//! Each lab's settings struct writes itself as key/value pairs and reads them back with validation:
//! a hand-edited or stale link never breaks a lab; a bad value falls back to the default. Numbers are written
//! in their shortest round-trip form (`num`), so a shared link keeps every digit it was given; a lab name that
//! is not in the catalogue is corrected (`resolve_lab`) with a message instead of silently showing another lab.

use crate::error::Error;

/// A parsed hash: which lab, and its settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Route {
    pub lab: String,
    pub params: Vec<(String, String)>,
}

impl Route {
    pub fn new(lab: &str) -> Self {
        Route {
            lab: lab.to_string(),
            params: Vec::new(),
        }
    }

    /// Parse `#lab?k=v&…` (the leading `#` is optional).
    pub fn parse(hash: &str) -> Route {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let (lab, query) = hash.split_once('?').unwrap_or((hash, ""));
        let params = query
            .split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (decode(k), decode(v))
            })
            .collect();
        Route {
            lab: decode(lab),
            params,
        }
    }

    /// `#lab?k=v&…`, or `#lab` without settings.
    pub fn to_hash(&self) -> String {
        let mut s = format!("#{}", encode(&self.lab));
        for (i, (k, v)) in self.params.iter().enumerate() {
            s.push(if i == 0 { '?' } else { '&' });
            s.push_str(&encode(k));
            s.push('=');
            s.push_str(&encode(v));
        }
        s
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn set(&mut self, key: &str, value: impl ToString) {
        let value = value.to_string();
        match self.params.iter_mut().find(|(k, _)| k == key) {
            Some(kv) => kv.1 = value,
            None => self.params.push((key.to_string(), value)),
        }
    }

    /// A finite number within `lo..=hi`, else `default`.
    pub fn f32_in(&self, key: &str, lo: f32, hi: f32, default: f32) -> f32 {
        self.get(key)
            .and_then(|v| v.parse::<f32>().ok())
            .filter(|v| v.is_finite() && (lo..=hi).contains(v))
            .unwrap_or(default)
    }

    /// A whole number within `lo..=hi`, else `default` (a count, a size or an index in a link).
    pub fn usize_in(&self, key: &str, lo: usize, hi: usize, default: usize) -> usize {
        self.get(key)
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|v| (lo..=hi).contains(v))
            .unwrap_or(default)
    }

    /// A finite number within `lo..=hi` at full f64 precision, else `default`.
    pub fn f64_in(&self, key: &str, lo: f64, hi: f64, default: f64) -> f64 {
        self.get(key)
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| v.is_finite() && (lo..=hi).contains(v))
            .unwrap_or(default)
    }

    /// Set `key` to a number in its shortest round-trip form (`num`).
    pub fn set_num(&mut self, key: &str, v: f64) {
        self.set(key, num(v));
    }

    /// `1`/`0` (or `true`/`false`), else `default`.
    pub fn flag(&self, key: &str, default: bool) -> bool {
        match self.get(key) {
            Some("1") | Some("true") => true,
            Some("0") | Some("false") => false,
            _ => default,
        }
    }

    /// A comma-separated list.
    pub fn list(&self, key: &str) -> Option<Vec<&str>> {
        self.get(key)
            .map(|v| v.split(',').filter(|s| !s.is_empty()).collect())
    }
}

/// A number as the shortest decimal that parses back to the very same f64 (`0.5555555555555` stays so): the
/// shorter of the plain and the exponent form (`1e-12`, not twelve zeros), and `0` for both zeros.
pub fn num(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let plain = format!("{v}");
    let sci = format!("{v:e}");
    if sci.len() < plain.len() {
        sci
    } else {
        plain
    }
}

/// The lab a link names, checked against the catalogue's `ids` (the first is the default). An exact id is kept;
/// the same letters in another case (`#MNIST`) open that lab with its settings; an unknown name opens the first
/// lab without the unknown lab's settings. Both of the latter come with a message (`link.lab_case`,
/// `link.lab_unknown`) and mean the address bar should be corrected to the returned route's `to_hash()`.
/// An empty name (no hash) is the first lab, silently.
pub fn resolve_lab(route: &Route, ids: &[&str]) -> (Route, Option<Error>) {
    let first = ids.first().copied().unwrap_or_default();
    if route.lab.is_empty() {
        let mut r = route.clone();
        r.lab = first.to_string();
        return (r, None);
    }
    if ids.contains(&route.lab.as_str()) {
        return (route.clone(), None);
    }
    if let Some(id) = ids
        .iter()
        .find(|id| id.eq_ignore_ascii_case(route.lab.trim()))
    {
        let mut r = route.clone();
        r.lab = id.to_string();
        let note = Error::new("link.lab_case", [route.lab.clone(), format!("lab.{id}")]);
        return (r, Some(note));
    }
    // Shown as typed, but short: a link can be any length.
    let shown: String = route.lab.chars().take(40).collect();
    let note = Error::new("link.lab_unknown", [shown, format!("lab.{first}")]);
    (Route::new(first), Some(note))
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.,~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |j: usize| bytes.get(j).and_then(|&c| (c as char).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_encodes() {
        let mut r = Route::new("activation");
        r.set("fns", "sigmoid,relu");
        r.set("a", -0.25);
        r.set("note", "a b&c=d 한");
        let h = r.to_hash();
        assert!(!h.contains(' ') && h.matches('&').count() == 2, "{h}");
        assert_eq!(Route::parse(&h), r);
    }

    #[test]
    fn bad_values_fall_back() {
        let r = Route::parse("#x?a=NaN&b=5&c=zz&d=1&e=%ZZ");
        assert_eq!(r.f32_in("a", 0.0, 1.0, 0.5), 0.5);
        assert_eq!(r.f32_in("b", 0.0, 1.0, 0.5), 0.5);
        assert_eq!(r.f32_in("missing", 0.0, 1.0, 0.5), 0.5);
        assert_eq!(r.usize_in("b", 1, 5, 2), 5);
        assert_eq!(r.usize_in("b", 1, 4, 2), 2);
        assert_eq!(r.usize_in("a", 0, 9, 3), 3);
        assert_eq!(r.usize_in("missing", 0, 9, 3), 3);
        assert!(r.flag("d", false));
        assert!(!r.flag("c", false));
        assert_eq!(r.get("e"), Some("%ZZ"));
        assert_eq!(Route::parse("").lab, "");
    }

    #[test]
    fn numbers_keep_every_digit_of_a_link() {
        let r = Route::parse("#perceptron?w1=.5555555555555&b=-0.7&h=1e-12&big=1e300");
        let w1 = r.f64_in("w1", -10.0, 10.0, 0.0);
        assert_eq!(w1, 0.5555555555555);
        let mut back = Route::new("perceptron");
        back.set_num("w1", w1);
        back.set_num("b", r.f64_in("b", -10.0, 10.0, 0.0));
        back.set_num("h", r.f64_in("h", 0.0, 1.0, 0.0));
        back.set_num("big", r.f64_in("big", 0.0, f64::MAX, 0.0));
        back.set_num("z", -0.0);
        assert_eq!(
            back.to_hash(),
            "#perceptron?w1=0.5555555555555&b=-0.7&h=1e-12&big=1e300&z=0"
        );
        // Whatever the value, the text parses back to the same bits.
        for v in [
            0.1,
            1.0 / 3.0,
            -2.5e-8,
            123456.789,
            f64::MIN_POSITIVE,
            0.1f32 as f64,
        ] {
            assert_eq!(num(v).parse::<f64>().unwrap().to_bits(), v.to_bits(), "{v}");
        }
        assert_eq!(num(0.1), "0.1");
        assert_eq!(num(1.0 / 3.0), "0.3333333333333333");
    }

    #[test]
    fn unknown_labs_are_corrected_with_a_message() {
        let ids = ["perceptron", "activation", "mnist"];
        let (r, note) = resolve_lab(&Route::parse("#mnist?lr=0.1"), &ids);
        assert_eq!((r.to_hash(), note), ("#mnist?lr=0.1".to_string(), None));
        let (r, note) = resolve_lab(&Route::parse(""), &ids);
        assert_eq!((r.lab.as_str(), note), ("perceptron", None));

        let (r, note) = resolve_lab(&Route::parse("#MNIST?lr=0.1"), &ids);
        assert_eq!(r.to_hash(), "#mnist?lr=0.1");
        let note = note.unwrap();
        assert_eq!(note.key, "link.lab_case");
        assert!(note.to_string().contains("MNIST"), "{note}");
        assert!(note.message(crate::i18n::Lang::Ko).contains("MNIST"));

        let (r, note) = resolve_lab(&Route::parse("#unknownlab?w1=3"), &ids);
        assert_eq!(r.to_hash(), "#perceptron");
        let note = note.unwrap();
        assert_eq!(note.key, "link.lab_unknown");
        let en = note.message(crate::i18n::Lang::En);
        assert!(
            en.contains("unknownlab") && en.contains("erceptron"),
            "{en}"
        );
        let ko = note.message(crate::i18n::Lang::Ko);
        assert!(ko.contains("unknownlab") && ko.contains("퍼셉트론"), "{ko}");
        // A very long name is cut in the message.
        let long = format!("#{}", "x".repeat(5000));
        let (_, note) = resolve_lab(&Route::parse(&long), &ids);
        assert!(note.unwrap().to_string().len() < 300);
    }
}
