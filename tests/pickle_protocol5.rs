//! Protocol-5 pickles as NumPy 2 writes them (`pickle.dump(d, f, protocol=5)`): each array reduces to
//! `numpy._core.numeric._frombuffer(bytearray, dtype, shape, order)`. A real NumPy 2.4 byte string is read
//! bit-exactly; hand-built variants check the older module name, Fortran order, and hostile or broken files.
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use nnlab::data::npy::Tensor;
use nnlab::data::pickle;

/// `pickle.dumps({'W1': np.arange(6, dtype=np.float32).reshape(2, 3) / 4, 'b1': np.array([1.5, -2.5]),
/// 'F': np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3))}, protocol=5)` from NumPy 2.4.6.
const NUMPY2: &[u8] = b"\x80\x05\x95\x1e\x01\x00\x00\x00\x00\x00\x00\x7d\x94\x28\x8c\x02\x57\x31\x94\x8c\x13\x6e\x75\x6d\x70\x79\x2e\x5f\x63\x6f\x72\x65\x2e\x6e\x75\x6d\x65\x72\x69\x63\x94\x8c\x0b\x5f\x66\x72\x6f\x6d\x62\x75\x66\x66\x65\x72\x94\x93\x94\x28\x96\x18\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x3e\x00\x00\x00\x3f\x00\x00\x40\x3f\x00\x00\x80\x3f\x00\x00\xa0\x3f\x94\x8c\x05\x6e\x75\x6d\x70\x79\x94\x8c\x05\x64\x74\x79\x70\x65\x94\x93\x94\x8c\x02\x66\x34\x94\x89\x88\x87\x94\x52\x94\x28\x4b\x03\x8c\x01\x3c\x94\x4e\x4e\x4e\x4a\xff\xff\xff\xff\x4a\xff\xff\xff\xff\x4b\x00\x74\x94\x62\x4b\x02\x4b\x03\x86\x94\x8c\x01\x43\x94\x74\x94\x52\x94\x8c\x02\x62\x31\x94\x68\x04\x28\x96\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xf8\x3f\x00\x00\x00\x00\x00\x00\x04\xc0\x94\x68\x08\x8c\x02\x66\x38\x94\x89\x88\x87\x94\x52\x94\x28\x4b\x03\x68\x0c\x4e\x4e\x4e\x4a\xff\xff\xff\xff\x4a\xff\xff\xff\xff\x4b\x00\x74\x94\x62\x4b\x02\x85\x94\x68\x0f\x74\x94\x52\x94\x8c\x01\x46\x94\x68\x04\x28\x96\x18\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x40\x40\x00\x00\x80\x3f\x00\x00\x80\x40\x00\x00\x00\x40\x00\x00\xa0\x40\x94\x68\x0b\x4b\x02\x4b\x03\x86\x94\x68\x1b\x74\x94\x52\x94\x75\x2e";

fn get<'a>(arrays: &'a [(String, Tensor)], name: &str) -> &'a Tensor {
    &arrays.iter().find(|(n, _)| n == name).expect(name).1
}

#[test]
fn numpy2_protocol5_bytes_load_bit_exactly() {
    let a = pickle::read_weights(NUMPY2).unwrap();
    assert_eq!(a.len(), 3);
    let w1 = get(&a, "W1");
    assert_eq!(w1.shape, vec![2, 3]);
    assert_eq!(w1.data, vec![0.0, 0.25, 0.5, 0.75, 1.0, 1.25]);
    let b1 = get(&a, "b1");
    assert_eq!(
        (b1.shape.clone(), b1.data.clone()),
        (vec![2], vec![1.5, -2.5])
    );
    // Stored column by column ('F'), read back in C order: [[0, 1, 2], [3, 4, 5]].
    let f = get(&a, "F");
    assert_eq!(f.shape, vec![2, 3]);
    assert_eq!(f.data, vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
}

/// One array in the protocol-5 form: `module.name(bytearray raw, dtype(kind) with byte order, shape, order)`.
struct Arr<'a> {
    module: &'a str,
    name: &'a str,
    raw: Vec<u8>,
    kind: &'a str,
    byteorder: &'a str,
    shape: Vec<u32>,
    order: &'a str,
}

impl Default for Arr<'_> {
    fn default() -> Self {
        Arr {
            module: "numpy._core.numeric",
            name: "_frombuffer",
            raw: [1.0f32, 2.0, 3.0, 4.0]
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect(),
            kind: "f4",
            byteorder: "<",
            shape: vec![2, 2],
            order: "C",
        }
    }
}

fn short_str(out: &mut Vec<u8>, s: &str) {
    out.extend([0x8c, s.len() as u8]);
    out.extend(s.as_bytes());
}

/// `{'W1': arr}` at protocol 5, with BYTEARRAY8 (0x96) carrying the data.
fn p5(a: &Arr) -> Vec<u8> {
    let mut o = vec![0x80, 5, b'}'];
    short_str(&mut o, "W1");
    short_str(&mut o, a.module);
    short_str(&mut o, a.name);
    o.extend([0x93, b'(', 0x96]);
    o.extend((a.raw.len() as u64).to_le_bytes());
    o.extend(&a.raw);
    short_str(&mut o, "numpy");
    short_str(&mut o, "dtype");
    o.push(0x93);
    short_str(&mut o, a.kind);
    o.extend([0x89, 0x88, 0x87, b'R', b'(', b'K', 3]);
    short_str(&mut o, a.byteorder);
    o.extend([
        b'N', b'N', b'N', b'J', 255, 255, 255, 255, b'J', 255, 255, 255, 255,
    ]);
    o.extend([b'K', 0, b't', b'b', b'(']);
    for d in &a.shape {
        o.push(b'J');
        o.extend(d.to_le_bytes());
    }
    o.push(b't');
    short_str(&mut o, a.order);
    o.extend([b't', b'R', b's', b'.']);
    o
}

#[test]
fn handmade_protocol5_forms_load() {
    let a = pickle::read_weights(&p5(&Arr::default())).unwrap();
    assert_eq!(a[0].1.shape, vec![2, 2]);
    assert_eq!(a[0].1.data, vec![1.0, 2.0, 3.0, 4.0]);
    // NumPy 1.x's module name for the same function.
    let old = Arr {
        module: "numpy.core.numeric",
        ..Arr::default()
    };
    assert_eq!(pickle::read_weights(&p5(&old)).unwrap(), a);
    // Fortran order: column by column in the buffer.
    let f = Arr {
        order: "F",
        ..Arr::default()
    };
    assert_eq!(
        pickle::read_weights(&p5(&f)).unwrap()[0].1.data,
        vec![1.0, 3.0, 2.0, 4.0]
    );
    // float64 data and an empty array.
    let f8 = Arr {
        kind: "f8",
        raw: [0.5f64, -1.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect(),
        shape: vec![2],
        ..Arr::default()
    };
    assert_eq!(
        pickle::read_weights(&p5(&f8)).unwrap()[0].1.data,
        vec![0.5, -1.0]
    );
    let empty = Arr {
        raw: vec![],
        shape: vec![0, 3],
        ..Arr::default()
    };
    assert!(pickle::read_weights(&p5(&empty)).unwrap()[0]
        .1
        .data
        .is_empty());
}

#[test]
fn hostile_and_broken_protocol5_pickles_are_refused() {
    let key = |a: Arr| pickle::read_weights(&p5(&a)).unwrap_err().key;
    // Look-alike callables: refused by name, never run.
    for (module, name) in [
        ("numpy._core.numeric", "frombuffer"),
        ("numpy", "frombuffer"),
        ("numpy._core.numeric", "_frombuffer_"),
        ("os", "system"),
        ("builtins", "eval"),
    ] {
        let a = Arr {
            module,
            name,
            ..Arr::default()
        };
        assert_eq!(key(a), "mnist.err.pickle_global", "{module}.{name}");
    }
    // Dtypes other than little-endian float32/float64.
    for (kind, byteorder) in [("i4", "<"), ("O", "|"), ("f4", ">"), ("U4", "<")] {
        let a = Arr {
            kind,
            byteorder,
            ..Arr::default()
        };
        assert_eq!(key(a), "mnist.err.dtype", "{byteorder}{kind}");
    }
    // Data that does not fill the shape, a shape past the size limit, an order that is neither C nor F.
    let bad = [
        Arr {
            raw: vec![0; 12],
            ..Arr::default()
        },
        Arr {
            shape: vec![1 << 16, 1 << 16],
            ..Arr::default()
        },
        Arr {
            shape: vec![u32::MAX, u32::MAX],
            ..Arr::default()
        },
        Arr {
            order: "K",
            ..Arr::default()
        },
    ];
    for a in bad {
        assert_eq!(key(a), "mnist.err.pickle");
    }
    // A negative dimension (BININT -1).
    let mut neg = p5(&Arr {
        shape: vec![7, 7],
        ..Arr::default()
    });
    let at = neg
        .windows(5)
        .position(|w| w == [b'J', 7, 0, 0, 0])
        .unwrap();
    neg[at + 1..at + 5].copy_from_slice(&(-1i32).to_le_bytes());
    assert_eq!(
        pickle::read_weights(&neg).unwrap_err().key,
        "mnist.err.pickle"
    );
    // Out-of-band buffers: NEXT_BUFFER (0x97) and READONLY_BUFFER (0x98) in place of the bytearray.
    let good = p5(&Arr::default());
    let at = good.iter().position(|&b| b == 0x96).unwrap();
    for op in [0x97, 0x98] {
        let mut b = good[..at].to_vec();
        b.extend([op, b'.']);
        let e = pickle::read_weights(&b).unwrap_err();
        assert!(e.to_string().contains("out-of-band"), "{e}");
    }
    // Wrong argument count, a lying BYTEARRAY8 length, every prefix, every single-byte corruption.
    let mut two_args = good.clone();
    let order_at = two_args.len() - 7;
    two_args.drain(order_at..order_at + 3);
    assert!(pickle::read_weights(&two_args).is_err());
    let mut long = good.clone();
    long[at + 1..at + 9].copy_from_slice(&u64::MAX.to_le_bytes());
    assert_eq!(
        pickle::read_weights(&long).unwrap_err().key,
        "mnist.err.pickle"
    );
    for cut in 0..NUMPY2.len() {
        assert!(
            pickle::read_weights(&NUMPY2[..cut]).is_err(),
            "prefix {cut}"
        );
    }
    for i in 0..NUMPY2.len() {
        let mut b = NUMPY2.to_vec();
        b[i] ^= 0x5a;
        let _ = pickle::read_weights(&b);
    }
}
