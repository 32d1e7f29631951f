//! The pickle reader's object table: every value the stream builds lives once in a `Vec`, and the stack, the
//! memo and containers hold indices into it, so GET, PUT and a list appended to itself cost O(1) and copy
//! nothing. Each allocation is charged against the `Limits` before it happens: objects (values plus container
//! entries), decoded bytes (about 32 per object, 8 per entry, plus every string, copied byte string and array), and
//! nesting depth (depth = 1 + the deepest child when a container is built or grows).

use std::borrow::Cow;

use crate::data::npy::Tensor;
use crate::{Error, Result};

/// An index into the table.
pub(super) type Id = usize;

/// Bounds that keep a hostile pickle from taking the page's memory or time: each is refused with a message
/// that names it. The defaults fit the book's pickles (sample_weight.pkl, the CNNs' params.pkl) with room to
/// spare: a network at the engine's cap of 20 M parameters in float64 is 160 MB of data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// How deeply containers may nest (a dict of arrays needs about 4 levels).
    pub max_depth: usize,
    /// Values plus container entries (a weights file has a few hundred).
    pub max_objects: usize,
    /// Decoded bytes: strings, byte strings, arrays and the table itself.
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 100,
            max_objects: 200_000,
            max_bytes: 256 << 20,
        }
    }
}

/// What a parse used, reported even when it is refused (tests check that a refusal came before the limit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub objects: usize,
    pub bytes: usize,
    pub depth: usize,
}

/// The callables a weights pickle may name; they are recognised, never run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Callable {
    Reconstruct,
    Ndarray,
    Dtype,
    CodecsEncode,
    /// `numpy._core.numeric._frombuffer(buf, dtype, shape, order)`: protocol 5's array form.
    FromBuffer,
}

/// One value of the stream. Byte strings borrow the file's own bytes where they can (`'a`), so a large array's
/// data is not copied before it is decoded.
#[derive(Debug)]
pub(super) enum Obj<'a> {
    None,
    Bool(bool),
    Int(i64),
    /// A float (BINFLOAT): read past, its value is never needed by a weights file.
    Float,
    Str(String),
    Bytes(Cow<'a, [u8]>),
    Tuple(Vec<Id>),
    List(Vec<Id>),
    Dict(Vec<(Id, Id)>),
    Global(Callable),
    /// `_reconstruct(ndarray, (0,), b'b')`: an array waiting for its BUILD state.
    NewArray,
    /// `dtype('f4', False, True)`, with the byte order from its BUILD state.
    Dtype {
        kind: String,
        order: char,
    },
    Array(Tensor),
}

/// Bytes charged for one table slot and one container entry: roughly what they occupy.
const SLOT_BYTES: usize = 32;
const ENTRY_BYTES: usize = 8;

/// The running totals, checked against the limits.
pub(super) struct Budget {
    pub limits: Limits,
    pub usage: Usage,
}

impl Budget {
    /// Charge `objects` and `bytes` before allocating them; refuse when a limit would be passed.
    pub fn charge(&mut self, objects: usize, bytes: usize) -> Result<()> {
        let o = self.usage.objects.saturating_add(objects);
        if o > self.limits.max_objects {
            return Err(Error::new("pickle.err.objects", [self.limits.max_objects]));
        }
        let b = self.usage.bytes.saturating_add(bytes);
        if b > self.limits.max_bytes {
            return Err(Error::new(
                "pickle.err.bytes",
                [self.limits.max_bytes.div_ceil(1 << 20)],
            ));
        }
        self.usage.objects = o;
        self.usage.bytes = b;
        Ok(())
    }

    fn depth(&mut self, d: usize) -> Result<()> {
        if d > self.limits.max_depth {
            return Err(Error::new("pickle.err.depth", [self.limits.max_depth]));
        }
        self.usage.depth = self.usage.depth.max(d);
        Ok(())
    }
}

/// The table of values with their nesting depths.
pub(super) struct Heap<'a> {
    pub objs: Vec<Obj<'a>>,
    depth: Vec<usize>,
    pub budget: Budget,
}

impl<'a> Heap<'a> {
    pub fn new(limits: Limits) -> Heap<'a> {
        Heap {
            objs: Vec::new(),
            depth: Vec::new(),
            budget: Budget {
                limits,
                usage: Usage::default(),
            },
        }
    }

    pub fn get(&self, id: Id) -> &Obj<'a> {
        &self.objs[id]
    }

    /// Store a value, charging its slot, its payload and its entries, and checking its depth.
    pub fn alloc(&mut self, obj: Obj<'a>) -> Result<Id> {
        let (entries, payload) = match &obj {
            Obj::Str(s) | Obj::Dtype { kind: s, .. } => (0, s.len()),
            // Borrowed bytes are the file's own: nothing new is allocated for them.
            Obj::Bytes(Cow::Owned(b)) => (0, b.len()),
            Obj::Array(t) => (0, 4 * t.data.len()),
            Obj::Tuple(v) | Obj::List(v) => (v.len(), ENTRY_BYTES * v.len()),
            Obj::Dict(d) => (2 * d.len(), 2 * ENTRY_BYTES * d.len()),
            _ => (0, 0),
        };
        self.budget
            .charge(1 + entries, SLOT_BYTES.saturating_add(payload))?;
        let children = match &obj {
            Obj::Tuple(v) | Obj::List(v) => v.iter().map(|&c| self.depth[c]).max(),
            Obj::Dict(d) => d
                .iter()
                .map(|&(k, v)| self.depth[k].max(self.depth[v]))
                .max(),
            _ => None,
        };
        let d = children.map_or(1, |c| c + 1);
        self.budget.depth(d)?;
        self.objs.push(obj);
        self.depth.push(d);
        Ok(self.objs.len() - 1)
    }

    /// Add entries to the list `to` (APPEND, APPENDS); `None` if `to` is not a list.
    pub fn append(&mut self, to: Id, items: &[Id]) -> Result<Option<()>> {
        if !matches!(self.objs[to], Obj::List(_)) {
            return Ok(None);
        }
        self.grow(to, items.len(), items.iter().map(|&i| self.depth[i]).max())?;
        if let Obj::List(l) = &mut self.objs[to] {
            l.extend_from_slice(items);
        }
        Ok(Some(()))
    }

    /// Add key/value pairs to the dict `to` (SETITEM, SETITEMS); `None` if `to` is not a dict.
    pub fn set_items(&mut self, to: Id, pairs: &[(Id, Id)]) -> Result<Option<()>> {
        if !matches!(self.objs[to], Obj::Dict(_)) {
            return Ok(None);
        }
        let deepest = pairs
            .iter()
            .map(|&(k, v)| self.depth[k].max(self.depth[v]))
            .max();
        self.grow(to, 2 * pairs.len(), deepest)?;
        if let Obj::Dict(d) = &mut self.objs[to] {
            d.extend_from_slice(pairs);
        }
        Ok(Some(()))
    }

    /// Charge `entries` more entries of container `to` and deepen it to hold children of depth `deepest`. A
    /// container that holds itself deepens by one each time, so a self-append loop meets the depth limit.
    fn grow(&mut self, to: Id, entries: usize, deepest: Option<usize>) -> Result<()> {
        self.budget
            .charge(entries, ENTRY_BYTES.saturating_mul(entries))?;
        if let Some(c) = deepest {
            let d = self.depth[to].max(c + 1);
            self.budget.depth(d)?;
            self.depth[to] = d;
        }
        Ok(())
    }
}
