//! A reader for the safe subset of Python's pickle that a dict of NumPy arrays uses (the book's
//! `sample_weight.pkl`, the CNNs' `params.pkl`): a stack machine over the data opcodes (ints, floats, strings,
//! bytes, tuples, lists, dicts, the memo) where the only callables are recognised by name and never run: numpy's
//! `_reconstruct`, `ndarray` and `dtype`, and `_codecs.encode` (how Python 3 writes bytes in protocol 2). Anything
//! else, any other global or opcode, is refused with a message. Array state is (version, shape, dtype, fortran,
//! data). Protocol 5 (NumPy 2's default for `pickle.dump`): an array reduces to `_frombuffer(bytearray, dtype,
//! shape, order)` from `numpy._core.numeric` (or `numpy.core.numeric`), its bytes in-band as BYTEARRAY8;
//! out-of-band buffers (NEXT_BUFFER) are refused. Data in Fortran order ('F') is reordered to C order.
//!
//! Hostile files are bounded: values live once in a table (`pickle_heap.rs`) and the stack and memo hold indices,
//! so GET/PUT never copy; nesting depth, the number of objects, decoded bytes and the stack are each limited
//! (`Limits`), and every step is O(1) or linear in what it consumes, so the time is linear in the file's size.

#[path = "pickle_heap.rs"]
mod heap;
#[path = "pickle_numpy.rs"]
mod numpy;

use std::collections::HashMap;

use self::heap::{Heap, Id, Obj};
use self::numpy::{bad, build, call, global};
use super::npy::Tensor;
use crate::error::ensure;
use crate::{Error, Result};

pub use self::heap::{Limits, Usage};

/// Stack entries plus open MARKs: a weights file needs a handful.
pub const MAX_STACK: usize = 10_000;

/// The named float arrays of a pickled dict `{name: ndarray}`, within the default `Limits`.
pub fn read_weights(bytes: &[u8]) -> Result<Vec<(String, Tensor)>> {
    read_weights_with(bytes, Limits::default()).0
}

/// `read_weights` within given limits, with what the parse used (also when it was refused).
pub fn read_weights_with(bytes: &[u8], limits: Limits) -> (Result<Vec<(String, Tensor)>>, Usage) {
    let mut heap = Heap::new(limits);
    let out = run(bytes, &mut heap).and_then(|top| weights(&mut heap, top));
    (out, heap.budget.usage)
}

/// The top dict's entries as (name, array); an array named twice is copied, and the copy is charged.
fn weights(heap: &mut Heap<'_>, top: Id) -> Result<Vec<(String, Tensor)>> {
    let Obj::Dict(items) = heap.get(top) else {
        return Err(bad("the top object is not a dict"));
    };
    let items = items.clone();
    ensure(!items.is_empty(), "mnist.err.no_arrays", [""; 0])?;
    // Where each array went in `out`, so that a second name for it gets a (charged) copy.
    let mut taken: HashMap<Id, usize> = HashMap::new();
    let mut out: Vec<(String, Tensor)> = Vec::with_capacity(items.len());
    for (k, v) in items {
        let Obj::Str(name) = heap.get(k) else {
            return Err(bad("a key is not a string"));
        };
        let name = name.clone();
        if let Some(&at) = taken.get(&v) {
            heap.budget.charge(1, 4 * out[at].1.data.len())?;
            let t = out[at].1.clone();
            out.push((name, t));
            continue;
        }
        match std::mem::replace(&mut heap.objs[v], Obj::None) {
            Obj::Array(t) => {
                taken.insert(v, out.len());
                out.push((name, t));
            }
            _ => return Err(bad(format!("{name} is not an array"))),
        }
    }
    Ok(out)
}

/// Input bytes, read front to back.
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
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        usize::try_from(u64::from_le_bytes(a)).map_err(|_| bad("length too large"))
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

/// The stack of the pickle machine: value ids, and the positions of open MARKs (pickle's "metastack"), so that
/// finding the last MARK is O(1) and a pop never reaches below it.
struct Stack {
    ids: Vec<Id>,
    marks: Vec<usize>,
}

impl Stack {
    fn floor(&self) -> usize {
        self.marks.last().copied().unwrap_or(0)
    }
    fn push(&mut self, id: Id) -> Result<()> {
        self.room()?;
        self.ids.push(id);
        Ok(())
    }
    fn mark(&mut self) -> Result<()> {
        self.room()?;
        self.marks.push(self.ids.len());
        Ok(())
    }
    fn room(&self) -> Result<()> {
        ensure(
            self.ids.len() + self.marks.len() < MAX_STACK,
            "pickle.err.stack",
            [MAX_STACK],
        )
    }
    fn pop(&mut self) -> Result<Id> {
        if self.ids.len() <= self.floor() {
            return Err(bad("stack underflow"));
        }
        self.ids.pop().ok_or_else(|| bad("stack underflow"))
    }
    fn top(&self) -> Result<Id> {
        if self.ids.len() <= self.floor() {
            return Err(bad("stack underflow"));
        }
        self.ids
            .last()
            .copied()
            .ok_or_else(|| bad("stack underflow"))
    }
    /// The items pushed since the last MARK, and the MARK removed.
    fn pop_mark(&mut self) -> Result<Vec<Id>> {
        let at = self.marks.pop().ok_or_else(|| bad("no MARK"))?;
        Ok(self.ids.split_off(at))
    }
}

/// Run the opcodes up to STOP and return the id of the value left on top.
fn run<'a>(bytes: &'a [u8], heap: &mut Heap<'a>) -> Result<Id> {
    let mut r = Reader { b: bytes, p: 0 };
    let mut st = Stack {
        ids: Vec::new(),
        marks: Vec::new(),
    };
    let mut memo: HashMap<usize, Id> = HashMap::new();
    loop {
        let op = r.u8()?;
        let obj = match op {
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
            b'.' => return st.pop(),
            b'(' => {
                st.mark()?;
                continue;
            }
            b'}' => Obj::Dict(Vec::new()),
            b']' => Obj::List(Vec::new()),
            b')' => Obj::Tuple(Vec::new()),
            b'N' => Obj::None,
            0x88 => Obj::Bool(true),
            0x89 => Obj::Bool(false),
            b'J' => Obj::Int(r.u32()? as u32 as i32 as i64),
            b'K' => Obj::Int(r.u8()? as i64),
            b'M' => Obj::Int(r.u16()? as i64),
            0x8a => {
                let n = r.u8()? as usize;
                ensure(n <= 8, "mnist.err.pickle", ["long too large"])?;
                let s = r.take(n)?;
                let fill = if s.last().is_some_and(|&b| b & 0x80 != 0) {
                    0xff
                } else {
                    0
                };
                let mut buf = [fill; 8];
                buf[..n].copy_from_slice(s);
                Obj::Int(i64::from_le_bytes(buf))
            }
            b'G' => {
                r.take(8)?;
                Obj::Float
            }
            b'X' => {
                let n = r.u32()?;
                Obj::Str(r.text(n)?)
            }
            0x8c => {
                let n = r.u8()? as usize;
                Obj::Str(r.text(n)?)
            }
            0x8d => {
                let n = r.u64()?;
                Obj::Str(r.text(n)?)
            }
            // Python 2 str and Python 3 bytes: raw bytes either way.
            b'U' | b'C' => {
                let n = r.u8()? as usize;
                Obj::Bytes(r.take(n)?.into())
            }
            b'T' | b'B' => {
                let n = r.u32()?;
                Obj::Bytes(r.take(n)?.into())
            }
            // BINBYTES8, and protocol 5's BYTEARRAY8 (a mutable copy: the same bytes to us).
            0x8e | 0x96 => {
                let n = r.u64()?;
                Obj::Bytes(r.take(n)?.into())
            }
            0x97 | 0x98 => {
                return Err(bad(
                    "out-of-band buffers (pickle buffer_callback) are not supported",
                ))
            }
            b't' => Obj::Tuple(st.pop_mark()?),
            0x85 => Obj::Tuple(vec![st.pop()?]),
            0x86 => {
                let b = st.pop()?;
                Obj::Tuple(vec![st.pop()?, b])
            }
            0x87 => {
                let c = st.pop()?;
                let b = st.pop()?;
                Obj::Tuple(vec![st.pop()?, b, c])
            }
            // PUT: the memo names the value on top; nothing is copied.
            b'q' | b'r' | 0x94 => {
                let i = match op {
                    b'q' => r.u8()? as usize,
                    b'r' => r.u32()?,
                    _ => memo.len(),
                };
                let top = st.top()?;
                if memo.insert(i, top).is_none() {
                    heap.budget.charge(1, 16)?;
                }
                continue;
            }
            // GET: the same value again, by id.
            b'h' | b'j' => {
                let i = if op == b'h' {
                    r.u8()? as usize
                } else {
                    r.u32()?
                };
                let id = *memo.get(&i).ok_or_else(|| bad("unknown memo entry"))?;
                st.push(id)?;
                continue;
            }
            b'c' => {
                let module = r.line()?;
                let name = r.line()?;
                Obj::Global(global(module, name)?)
            }
            0x93 => {
                let name = st.pop()?;
                let module = st.pop()?;
                match (heap.get(module), heap.get(name)) {
                    (Obj::Str(m), Obj::Str(n)) => Obj::Global(global(m, n)?),
                    _ => return Err(bad("STACK_GLOBAL without names")),
                }
            }
            b'R' => {
                let args = st.pop()?;
                let f = st.pop()?;
                call(heap, f, args)?
            }
            b'b' => {
                let state = st.pop()?;
                let obj = st.pop()?;
                build(heap, obj, state)?
            }
            b's' => {
                let v = st.pop()?;
                let k = st.pop()?;
                heap.set_items(st.top()?, &[(k, v)])?
                    .ok_or_else(|| bad("SETITEM without a dict"))?;
                continue;
            }
            b'u' => {
                let items = st.pop_mark()?;
                ensure(items.len() % 2 == 0, "mnist.err.pickle", ["odd SETITEMS"])?;
                let pairs: Vec<(Id, Id)> = items.chunks_exact(2).map(|kv| (kv[0], kv[1])).collect();
                heap.set_items(st.top()?, &pairs)?
                    .ok_or_else(|| bad("SETITEMS without a dict"))?;
                continue;
            }
            b'a' | b'e' => {
                let items = if op == b'a' {
                    vec![st.pop()?]
                } else {
                    st.pop_mark()?
                };
                heap.append(st.top()?, &items)?
                    .ok_or_else(|| bad("APPEND without a list"))?;
                continue;
            }
            other => {
                return Err(Error::new(
                    "mnist.err.pickle_opcode",
                    [format!("0x{other:02x}")],
                ))
            }
        };
        let id = heap.alloc(obj)?;
        st.push(id)?;
    }
}
