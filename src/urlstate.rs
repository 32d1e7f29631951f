//! The URL hash that reproduces a view: `#lab?key=value&key=value`, percent-encoded.
//!
//! Each lab's settings struct writes itself as key/value pairs and reads them back with validation:
//! a hand-edited or stale link never breaks a lab; a bad value falls back to the default.

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
        assert!(r.flag("d", false));
        assert!(!r.flag("c", false));
        assert_eq!(r.get("e"), Some("%ZZ"));
        assert_eq!(Route::parse("").lab, "");
    }
}
