//! A small JSON reader and writer for the network description inside our `.npz` (RFC 8259: objects, arrays,
//! strings with escapes, numbers, true/false/null). The reader is bounded (nesting depth, text length) because
//! the text comes from a user's file. Numbers keep their text, so an f32 written with Rust's shortest
//! round-trip form (`{}`) parses back to the very same f32.

use crate::{Error, Result};

/// Deeper nesting than this is refused (a description is three levels deep).
pub const MAX_DEPTH: usize = 32;
/// Longer texts are refused.
pub const MAX_LEN: usize = 1 << 16;

#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A number as written (parse it into the type wanted).
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(kv) => kv.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_arr(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_f32(&self) -> Option<f32> {
        match self {
            Json::Num(n) => n.parse::<f32>().ok().filter(|v| v.is_finite()),
            _ => None,
        }
    }

    /// A whole number that fits in usize.
    pub fn as_usize(&self) -> Option<usize> {
        match self {
            Json::Num(n) => n.parse::<usize>().ok(),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Num(n) => n.parse::<u64>().ok(),
            _ => None,
        }
    }

    /// Compact JSON text.
    pub fn write(&self) -> String {
        let mut s = String::new();
        self.write_into(&mut s);
        s
    }

    fn write_into(&self, s: &mut String) {
        match self {
            Json::Null => s.push_str("null"),
            Json::Bool(b) => s.push_str(if *b { "true" } else { "false" }),
            Json::Num(n) => s.push_str(n),
            Json::Str(t) => quote(t, s),
            Json::Arr(a) => {
                s.push('[');
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    v.write_into(s);
                }
                s.push(']');
            }
            Json::Obj(kv) => {
                s.push('{');
                for (i, (k, v)) in kv.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    quote(k, s);
                    s.push_str(": ");
                    v.write_into(s);
                }
                s.push('}');
            }
        }
    }
}

/// A number value from anything whose `Display` is a JSON number (integers, finite f32 in shortest form).
pub fn num(v: impl std::fmt::Display) -> Json {
    Json::Num(v.to_string())
}

pub fn str(v: &str) -> Json {
    Json::Str(v.to_string())
}

fn quote(t: &str, s: &mut String) {
    s.push('"');
    for c in t.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            c if (c as u32) < 0x20 => s.push_str(&format!("\\u{:04x}", c as u32)),
            c => s.push(c),
        }
    }
    s.push('"');
}

fn bad(why: &str) -> Error {
    Error::new("mnist.err.json", [why.to_string()])
}

/// Parse JSON text (one value, surrounded by optional whitespace).
pub fn parse(text: &str) -> Result<Json> {
    if text.len() > MAX_LEN {
        return Err(bad("why.too_long"));
    }
    let mut p = Parser {
        b: text.as_bytes(),
        i: 0,
    };
    let v = p.value(0)?;
    p.ws();
    if p.i != p.b.len() {
        return Err(bad("why.json_trailing"));
    }
    Ok(v)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn expect(&mut self, c: u8) -> Result<()> {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(bad("why.json_syntax"))
        }
    }

    fn literal(&mut self, word: &str, v: Json) -> Result<Json> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(bad("why.json_syntax"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json> {
        if depth > MAX_DEPTH {
            return Err(bad("why.too_deep"));
        }
        self.ws();
        match self.peek().ok_or_else(|| bad("why.truncated"))? {
            b'n' => self.literal("null", Json::Null),
            b't' => self.literal("true", Json::Bool(true)),
            b'f' => self.literal("false", Json::Bool(false)),
            b'"' => self.string().map(Json::Str),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(Json::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Arr(items));
                        }
                        _ => return Err(bad("why.json_syntax")),
                    }
                }
            }
            b'{' => {
                self.i += 1;
                let mut kv = Vec::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return Ok(Json::Obj(kv));
                }
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') {
                        return Err(bad("why.json_syntax"));
                    }
                    let k = self.string()?;
                    self.expect(b':')?;
                    kv.push((k, self.value(depth + 1)?));
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Obj(kv));
                        }
                        _ => return Err(bad("why.json_syntax")),
                    }
                }
            }
            b'-' | b'0'..=b'9' => {
                let start = self.i;
                while self.i < self.b.len()
                    && matches!(
                        self.b[self.i],
                        b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
                    )
                {
                    self.i += 1;
                }
                let t = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("");
                if t.parse::<f64>().is_err() {
                    return Err(bad("why.json_syntax"));
                }
                Ok(Json::Num(t.to_string()))
            }
            _ => Err(bad("why.json_syntax")),
        }
    }

    fn string(&mut self) -> Result<String> {
        self.i += 1; // the opening quote
        let mut out = String::new();
        loop {
            let start = self.i;
            while self.i < self.b.len() && !matches!(self.b[self.i], b'"' | b'\\') {
                self.i += 1;
            }
            out.push_str(
                std::str::from_utf8(&self.b[start..self.i]).map_err(|_| bad("why.json_syntax"))?,
            );
            match self.peek().ok_or_else(|| bad("why.truncated"))? {
                b'"' => {
                    self.i += 1;
                    return Ok(out);
                }
                _ => {
                    let e = *self.b.get(self.i + 1).ok_or_else(|| bad("why.truncated"))?;
                    self.i += 2;
                    out.push(match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'u' => {
                            let h = self
                                .b
                                .get(self.i..self.i + 4)
                                .ok_or_else(|| bad("why.truncated"))?;
                            self.i += 4;
                            let h = std::str::from_utf8(h).map_err(|_| bad("why.json_syntax"))?;
                            let u =
                                u32::from_str_radix(h, 16).map_err(|_| bad("why.json_syntax"))?;
                            // Surrogate pairs are not needed for a description; refuse rather than guess.
                            char::from_u32(u).ok_or_else(|| bad("why.json_syntax"))?
                        }
                        _ => return Err(bad("why.json_syntax")),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_bad_text_is_refused() {
        let v = Json::Obj(vec![
            (
                "a".into(),
                Json::Arr(vec![num(784), num(0.1f32), Json::Null]),
            ),
            ("b".into(), str("x \"y\" \\ 한")),
            ("c".into(), Json::Bool(false)),
        ]);
        let t = v.write();
        assert_eq!(parse(&t).unwrap(), v);
        assert_eq!(
            parse(&t).unwrap().get("a").unwrap().as_arr().unwrap()[1].as_f32(),
            Some(0.1)
        );
        assert_eq!(
            parse(" {\"k\" : \"\\u00e9\"} ")
                .unwrap()
                .get("k")
                .unwrap()
                .as_str(),
            Some("é")
        );
        for bad_text in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "tru",
            "\"abc",
            "1 2",
            "{a: 1}",
            "--1",
        ] {
            assert_eq!(
                parse(bad_text).unwrap_err().key,
                "mnist.err.json",
                "{bad_text}"
            );
        }
        let deep = "[".repeat(10_000);
        assert_eq!(parse(&deep).unwrap_err().args[0], "why.too_deep");
    }
}
