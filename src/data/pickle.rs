//! A reader for the safe subset of Python's pickle that a dict of NumPy arrays uses (the book's
//! `sample_weight.pkl`): a stack machine over the data opcodes (ints, floats, strings, bytes, tuples, lists,
//! dicts, the memo) where the only callables are recognised by name and never run: numpy's `_reconstruct`,
//! `ndarray` and `dtype`, and `_codecs.encode` (how Python 3 writes bytes in protocol 2). Anything else,
//! any other global or opcode, is refused with a message. Array state is (version, shape, dtype, fortran, data).
//! Protocol 5 (NumPy 2's default for `pickle.dump`): an array reduces to `_frombuffer(bytearray, dtype, shape,
//! order)` from `numpy._core.numeric` (or `numpy.core.numeric`), its bytes in-band as BYTEARRAY8; out-of-band
//! buffers (NEXT_BUFFER) are refused. Data in Fortran order ('F') is reordered to C order.

use super::npy::{element_count, fortran_to_c, Tensor};
use crate::error::ensure;
use crate::{Error, Result};

/// Limits against hostile files: stack depth, memo entries, container items.
const MAX_STACK: usize = 10_000;
const MAX_MEMO: usize = 100_000;

#[derive(Clone, Debug, PartialEq)]
enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<Value>),
    List(Vec<Value>),
    Dict(Vec<(Value, Value)>),
    Global(Callable),
    /// `_reconstruct(ndarray, (0,), b'b')`: an array waiting for its BUILD state.
    NewArray,
    /// `dtype('f4', False, True)`, with the byte order from its BUILD state.
    Dtype {
        kind: String,
        order: char,
    },
    Array(Tensor),
    Mark,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Callable {
    Reconstruct,
    Ndarray,
    Dtype,
    CodecsEncode,
    /// `numpy._core.numeric._frombuffer(buf, dtype, shape, order)`: protocol 5's array form.
    FromBuffer,
}

fn bad(why: impl Into<String>) -> Error {
    Error::new("mnist.err.pickle", [why.into()])
}

/// Resolve `module.name` to one of the allowed callables.
fn global(module: &str, name: &str) -> Result<Callable> {
    match (module, name) {
        ("numpy.core.multiarray" | "numpy._core.multiarray", "_reconstruct") => {
            Ok(Callable::Reconstruct)
        }
        ("numpy._core.numeric" | "numpy.core.numeric", "_frombuffer") => Ok(Callable::FromBuffer),
        ("numpy", "ndarray") => Ok(Callable::Ndarray),
        ("numpy", "dtype") => Ok(Callable::Dtype),
        ("_codecs", "encode") => Ok(Callable::CodecsEncode),
        _ => Err(Error::new(
            "mnist.err.pickle_global",
            [format!("{module}.{name}")],
        )),
    }
}

struct Reader<'a> {
    b: &'a [u8],
    p: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.p.checked_add(n).filter(|&e| e <= self.b.len());
        let end = end.ok_or_else(|| bad("truncated"))?;
        let s = &self.b[self.p..end];
        self.p = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<usize> {
        let s = self.take(2)?;
        Ok(u16::from_le_bytes([s[0], s[1]]) as usize)
    }
    fn u32(&mut self) -> Result<usize> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
    }
    fn u64(&mut self) -> Result<usize> {
        let s = self.take(8)?;
        usize::try_from(u64::from_le_bytes(
            s.try_into().map_err(|_| bad("truncated"))?,
        ))
        .map_err(|_| bad("length too large"))
    }
    fn line(&mut self) -> Result<&'a str> {
        let rest = &self.b[self.p..];
        let n = rest
            .iter()
            .position(|&c| c == b'\n')
            .ok_or_else(|| bad("truncated"))?;
        let s = std::str::from_utf8(&rest[..n]).map_err(|_| bad("bad text"))?;
        self.p += n + 1;
        Ok(s)
    }
    fn text(&mut self, n: usize) -> Result<String> {
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| bad("bad UTF-8"))
    }
}

/// The named float arrays of a pickled dict `{name: ndarray}`.
pub fn read_weights(bytes: &[u8]) -> Result<Vec<(String, Tensor)>> {
    match run(bytes)? {
        Value::Dict(items) => {
            ensure(!items.is_empty(), "mnist.err.no_arrays", [""; 0])?;
            items
                .into_iter()
                .map(|(k, v)| match (k, v) {
                    (Value::Str(k), Value::Array(t)) => Ok((k, t)),
                    (Value::Str(k), _) => Err(bad(format!("{k} is not an array"))),
                    _ => Err(bad("a key is not a string")),
                })
                .collect()
        }
        _ => Err(bad("the top object is not a dict")),
    }
}

fn run(bytes: &[u8]) -> Result<Value> {
    let mut r = Reader { b: bytes, p: 0 };
    let mut stack: Vec<Value> = Vec::new();
    let mut memo: Vec<Option<Value>> = Vec::new();
    let pop = |s: &mut Vec<Value>| s.pop().ok_or_else(|| bad("stack underflow"));
    let pop_mark = |s: &mut Vec<Value>| -> Result<Vec<Value>> {
        let at = s
            .iter()
            .rposition(|v| *v == Value::Mark)
            .ok_or_else(|| bad("no MARK"))?;
        let items = s.split_off(at + 1);
        s.pop();
        Ok(items)
    };
    loop {
        ensure(
            stack.len() <= MAX_STACK,
            "mnist.err.pickle",
            ["stack too deep"],
        )?;
        let op = r.u8()?;
        let v = match op {
            0x80 => {
                let proto = r.u8()?;
                ensure(
                    proto <= 5,
                    "mnist.err.pickle",
                    [format!("protocol {proto}")],
                )?;
                continue;
            }
            0x95 => {
                r.take(8)?; // FRAME: a length hint only
                continue;
            }
            b'.' => return pop(&mut stack),
            b'(' => Value::Mark,
            b'}' => Value::Dict(Vec::new()),
            b']' => Value::List(Vec::new()),
            b')' => Value::Tuple(Vec::new()),
            b'N' => Value::None,
            0x88 => Value::Bool(true),
            0x89 => Value::Bool(false),
            b'J' => Value::Int(r.u32()? as u32 as i32 as i64),
            b'K' => Value::Int(r.u8()? as i64),
            b'M' => Value::Int(r.u16()? as i64),
            0x8a => {
                let n = r.u8()? as usize;
                ensure(n <= 8, "mnist.err.pickle", ["long too large"])?;
                let s = r.take(n)?;
                let mut buf = [if s.last().is_some_and(|&b| b & 0x80 != 0) {
                    0xff
                } else {
                    0
                }; 8];
                buf[..n].copy_from_slice(s);
                Value::Int(i64::from_le_bytes(buf))
            }
            b'G' => Value::Float(f64::from_be_bytes(
                r.take(8)?.try_into().map_err(|_| bad("truncated"))?,
            )),
            b'X' => {
                let n = r.u32()?;
                Value::Str(r.text(n)?)
            }
            0x8c => {
                let n = r.u8()? as usize;
                Value::Str(r.text(n)?)
            }
            0x8d => {
                let n = r.u64()?;
                Value::Str(r.text(n)?)
            }
            // Python 2 str and Python 3 bytes: raw bytes either way.
            b'U' | b'C' => {
                let n = r.u8()? as usize;
                Value::Bytes(r.take(n)?.to_vec())
            }
            b'T' | b'B' => {
                let n = r.u32()?;
                Value::Bytes(r.take(n)?.to_vec())
            }
            // BINBYTES8, and protocol 5's BYTEARRAY8 (a mutable copy: the same bytes to us).
            0x8e | 0x96 => {
                let n = r.u64()?;
                Value::Bytes(r.take(n)?.to_vec())
            }
            0x97 | 0x98 => {
                return Err(bad(
                    "out-of-band buffers (pickle buffer_callback) are not supported",
                ))
            }
            b't' => Value::Tuple(pop_mark(&mut stack)?),
            0x85 => Value::Tuple(vec![pop(&mut stack)?]),
            0x86 => {
                let b = pop(&mut stack)?;
                Value::Tuple(vec![pop(&mut stack)?, b])
            }
            0x87 => {
                let c = pop(&mut stack)?;
                let b = pop(&mut stack)?;
                Value::Tuple(vec![pop(&mut stack)?, b, c])
            }
            b'q' | b'r' | 0x94 => {
                let i = match op {
                    b'q' => r.u8()? as usize,
                    b'r' => r.u32()?,
                    _ => memo.len(),
                };
                ensure(i < MAX_MEMO, "mnist.err.pickle", ["memo too large"])?;
                let top = stack.last().ok_or_else(|| bad("stack underflow"))?.clone();
                if memo.len() <= i {
                    memo.resize(i + 1, None);
                }
                memo[i] = Some(top);
                continue;
            }
            b'h' | b'j' => {
                let i = if op == b'h' {
                    r.u8()? as usize
                } else {
                    r.u32()?
                };
                memo.get(i)
                    .cloned()
                    .flatten()
                    .ok_or_else(|| bad("unknown memo entry"))?
            }
            b'c' => {
                let module = r.line()?.to_string();
                let name = r.line()?;
                Value::Global(global(&module, name)?)
            }
            0x93 => {
                let name = pop(&mut stack)?;
                let module = pop(&mut stack)?;
                match (module, name) {
                    (Value::Str(m), Value::Str(n)) => Value::Global(global(&m, &n)?),
                    _ => return Err(bad("STACK_GLOBAL without names")),
                }
            }
            b'R' => {
                let args = pop(&mut stack)?;
                let f = pop(&mut stack)?;
                call(f, args)?
            }
            b'b' => {
                let state = pop(&mut stack)?;
                let obj = pop(&mut stack)?;
                build(obj, state)?
            }
            b's' => {
                let v = pop(&mut stack)?;
                let k = pop(&mut stack)?;
                match stack.last_mut() {
                    Some(Value::Dict(d)) => d.push((k, v)),
                    _ => return Err(bad("SETITEM without a dict")),
                }
                continue;
            }
            b'u' => {
                let items = pop_mark(&mut stack)?;
                ensure(items.len() % 2 == 0, "mnist.err.pickle", ["odd SETITEMS"])?;
                match stack.last_mut() {
                    Some(Value::Dict(d)) => {
                        let mut it = items.into_iter();
                        while let (Some(k), Some(v)) = (it.next(), it.next()) {
                            d.push((k, v));
                        }
                    }
                    _ => return Err(bad("SETITEMS without a dict")),
                }
                continue;
            }
            b'a' | b'e' => {
                let items = if op == b'a' {
                    vec![pop(&mut stack)?]
                } else {
                    pop_mark(&mut stack)?
                };
                match stack.last_mut() {
                    Some(Value::List(l)) => l.extend(items),
                    _ => return Err(bad("APPEND without a list")),
                }
                continue;
            }
            other => {
                return Err(Error::new(
                    "mnist.err.pickle_opcode",
                    [format!("0x{other:02x}")],
                ))
            }
        };
        stack.push(v);
    }
}

/// Apply one of the allowed callables to its argument tuple, without running anything.
fn call(f: Value, args: Value) -> Result<Value> {
    let Value::Tuple(args) = args else {
        return Err(bad("REDUCE arguments are not a tuple"));
    };
    match (f, args.as_slice()) {
        (Value::Global(Callable::Reconstruct), [Value::Global(Callable::Ndarray), ..]) => {
            Ok(Value::NewArray)
        }
        (Value::Global(Callable::Dtype), [Value::Str(kind), ..]) => Ok(Value::Dtype {
            kind: kind.clone(),
            order: '|',
        }),
        (
            Value::Global(Callable::FromBuffer),
            [Value::Bytes(raw), Value::Dtype { kind, order }, Value::Tuple(shape), Value::Str(o)],
        ) => {
            let fortran = match o.as_str() {
                "C" => false,
                "F" => true,
                _ => return Err(bad(format!("array order {o:?}"))),
            };
            tensor(shape, kind, *order, fortran, raw).map(Value::Array)
        }
        (Value::Global(Callable::FromBuffer), _) => Err(bad("unexpected _frombuffer arguments")),
        (Value::Global(Callable::CodecsEncode), [Value::Str(s), Value::Str(enc)])
            if enc == "latin1" || enc == "latin-1" =>
        {
            s.chars()
                .map(|c| u8::try_from(c as u32).map_err(|_| bad("non-latin1 text")))
                .collect::<Result<Vec<u8>>>()
                .map(Value::Bytes)
        }
        _ => Err(bad("an unexpected call")),
    }
}

/// BUILD: set the state of a dtype (byte order) or an array (shape, dtype, data).
fn build(obj: Value, state: Value) -> Result<Value> {
    let Value::Tuple(st) = state else {
        return Err(bad("BUILD state is not a tuple"));
    };
    match obj {
        Value::Dtype { kind, .. } => {
            let order = match st.get(1) {
                Some(Value::Str(o)) => o.chars().next().unwrap_or('|'),
                _ => '|',
            };
            Ok(Value::Dtype { kind, order })
        }
        Value::NewArray => {
            let [_, Value::Tuple(shape), Value::Dtype { kind, order }, fortran, Value::Bytes(raw)] =
                st.as_slice()
            else {
                return Err(bad("unexpected array state"));
            };
            let fortran = matches!(fortran, Value::Bool(true) | Value::Int(1));
            tensor(shape, kind, *order, fortran, raw).map(Value::Array)
        }
        _ => Err(bad("BUILD on an unexpected object")),
    }
}

/// An f32 tensor in C order from a pickled shape, dtype (kind "f4"/"f8", byte order) and raw bytes, checking
/// that the bytes are exactly shape × item size. Fortran-order data is reordered.
fn tensor(shape: &[Value], kind: &str, order: char, fortran: bool, raw: &[u8]) -> Result<Tensor> {
    let shape: Vec<usize> = shape
        .iter()
        .map(|d| match d {
            Value::Int(n) if *n >= 0 => usize::try_from(*n).map_err(|_| bad("bad shape")),
            _ => Err(bad("bad shape")),
        })
        .collect::<Result<_>>()?;
    let n = element_count(&shape).ok_or_else(|| bad("array too large"))?;
    ensure(order != '>', "mnist.err.dtype", [format!(">{kind}")])?;
    let data: Vec<f32> = match kind {
        "f4" if raw.len() == 4 * n => raw
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
        "f8" if raw.len() == 8 * n => raw
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8])) as f32)
            .collect(),
        "f4" | "f8" => return Err(bad(format!("{} data bytes for {n} values", raw.len()))),
        k => return Err(Error::new("mnist.err.dtype", [k.to_string()])),
    };
    let data = if fortran && shape.len() >= 2 {
        fortran_to_c(&shape, &data)
    } else {
        data
    };
    Ok(Tensor { shape, data })
}
