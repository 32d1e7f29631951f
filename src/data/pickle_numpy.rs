//! How the pickle reader recognises NumPy arrays without running anything: the allowed globals by name, REDUCE
//! of `_reconstruct`/`dtype`/`_codecs.encode`/`_frombuffer` on their argument tuples, and BUILD of an array's
//! state (version, shape, dtype, fortran, data). Data is little-endian float32 or float64 of any rank, read into
//! the engine's f32 `Tensor` in C order (Fortran-order data is reordered: element (i₀, …, iₖ) sits at
//! Σ iⱼ·∏ₗ<ⱼ dₗ in the column-major buffer).

use super::heap::{Callable, Heap, Id, Obj};
use crate::data::npy::{element_count, fortran_to_c, Tensor};
use crate::error::ensure;
use crate::{Error, Result};

pub(super) fn bad(why: impl Into<String>) -> Error {
    Error::new("mnist.err.pickle", [why.into()])
}

/// Resolve `module.name` to one of the allowed callables.
pub(super) fn global(module: &str, name: &str) -> Result<Callable> {
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

/// The entries of a tuple, or `None`.
fn tuple<'h>(h: &'h Heap<'_>, id: Id) -> Option<&'h [Id]> {
    match h.get(id) {
        Obj::Tuple(v) => Some(v),
        _ => None,
    }
}

/// REDUCE: apply one of the allowed callables to its argument tuple, giving the value it would build.
pub(super) fn call<'a>(h: &Heap<'a>, f: Id, args: Id) -> Result<Obj<'a>> {
    let args = tuple(h, args).ok_or_else(|| bad("REDUCE arguments are not a tuple"))?;
    let Obj::Global(f) = h.get(f) else {
        return Err(bad("an unexpected call"));
    };
    let arg = |i: usize| args.get(i).map(|&a| h.get(a));
    match (f, args.len()) {
        (Callable::Reconstruct, _) if matches!(arg(0), Some(Obj::Global(Callable::Ndarray))) => {
            Ok(Obj::NewArray)
        }
        (Callable::Dtype, _) => match arg(0) {
            Some(Obj::Str(kind)) => Ok(Obj::Dtype {
                kind: kind.clone(),
                order: '|',
            }),
            _ => Err(bad("an unexpected call")),
        },
        (Callable::FromBuffer, 4) => {
            let (Some(Obj::Bytes(raw)), Some(Obj::Dtype { kind, order }), Some(Obj::Str(o))) =
                (arg(0), arg(1), arg(3))
            else {
                return Err(bad("unexpected _frombuffer arguments"));
            };
            let shape = tuple(h, args[2]).ok_or_else(|| bad("bad shape"))?;
            let fortran = match o.as_str() {
                "C" => false,
                "F" => true,
                _ => return Err(bad(format!("array order {o:?}"))),
            };
            tensor(h, shape, kind, *order, fortran, raw).map(Obj::Array)
        }
        (Callable::FromBuffer, _) => Err(bad("unexpected _frombuffer arguments")),
        (Callable::CodecsEncode, 2) => match (arg(0), arg(1)) {
            (Some(Obj::Str(s)), Some(Obj::Str(enc))) if enc == "latin1" || enc == "latin-1" => s
                .chars()
                .map(|c| u8::try_from(c as u32).map_err(|_| bad("non-latin1 text")))
                .collect::<Result<Vec<u8>>>()
                .map(|b| Obj::Bytes(b.into())),
            _ => Err(bad("an unexpected call")),
        },
        _ => Err(bad("an unexpected call")),
    }
}

/// BUILD: set the state of a dtype (byte order) or an array (shape, dtype, data), giving the finished value.
pub(super) fn build<'a>(h: &Heap<'a>, obj: Id, state: Id) -> Result<Obj<'a>> {
    let st = tuple(h, state).ok_or_else(|| bad("BUILD state is not a tuple"))?;
    let at = |i: usize| st.get(i).map(|&a| h.get(a));
    match h.get(obj) {
        Obj::Dtype { kind, .. } => {
            let order = match at(1) {
                Some(Obj::Str(o)) => o.chars().next().unwrap_or('|'),
                _ => '|',
            };
            Ok(Obj::Dtype {
                kind: kind.clone(),
                order,
            })
        }
        Obj::NewArray => {
            let (5, Some(Obj::Dtype { kind, order }), Some(fortran), Some(Obj::Bytes(raw))) =
                (st.len(), at(2), at(3), at(4))
            else {
                return Err(bad("unexpected array state"));
            };
            let shape = tuple(h, st[1]).ok_or_else(|| bad("unexpected array state"))?;
            let fortran = matches!(fortran, Obj::Bool(true) | Obj::Int(1));
            tensor(h, shape, kind, *order, fortran, raw).map(Obj::Array)
        }
        _ => Err(bad("BUILD on an unexpected object")),
    }
}

/// An f32 tensor in C order from a pickled shape, dtype (kind "f4"/"f8", byte order) and raw bytes, checking
/// that the bytes are exactly shape × item size. Fortran-order data is reordered.
fn tensor(
    h: &Heap<'_>,
    shape: &[Id],
    kind: &str,
    order: char,
    fortran: bool,
    raw: &[u8],
) -> Result<Tensor> {
    let shape: Vec<usize> = shape
        .iter()
        .map(|&d| match h.get(d) {
            Obj::Int(n) if *n >= 0 => usize::try_from(*n).map_err(|_| bad("bad shape")),
            _ => Err(bad("bad shape")),
        })
        .collect::<Result<_>>()?;
    let n = element_count(&shape).ok_or_else(|| bad("array too large"))?;
    ensure(order != '>', "mnist.err.dtype", [format!(">{kind}")])?;
    // The data is never larger than the raw bytes it comes from, which are already in the table.
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
