//! The pickle reader against hostile files (issue #13's table): each is refused quickly and within bounded
//! memory, with a message naming the limit it hit, and the decoded-bytes counter stays under its limit. Plus
//! what a CNN's params.pkl needs: float64 arrays of rank 4, e.g. conv weights (30, 1, 5, 5).
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use nnlab::data::npy::Tensor;
use nnlab::data::pickle::{self, Limits, Usage};
use nnlab::i18n::Lang;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// `80025d7100` + `6800617100`×k + `2e`: a list appended to itself k times (GET 0, APPEND, PUT 0).
fn self_append(k: usize) -> Vec<u8> {
    let mut b = hex("80025d7100");
    for _ in 0..k {
        b.extend(hex("6800617100"));
    }
    b.push(b'.');
    b
}

/// Parse, and check the refusal stayed within the decoded-bytes limit (the counter is charged before each
/// allocation). Returns the error key and the usage.
fn refused(bytes: &[u8]) -> (String, Usage) {
    let limits = Limits::default();
    let (r, used) = pickle::read_weights_with(bytes, limits);
    let e = r.expect_err("a hostile pickle was accepted");
    assert!(
        used.bytes <= limits.max_bytes,
        "{used:?} past {}",
        limits.max_bytes
    );
    assert!(used.objects <= limits.max_objects, "{used:?}");
    assert!(used.depth <= limits.max_depth, "{used:?}");
    // Readable in both languages: never a raw key.
    for lang in [Lang::Ko, Lang::En] {
        let m = e.message(lang);
        assert!(!m.is_empty() && m != e.key, "{m}");
    }
    (e.key.to_string(), used)
}

#[test]
fn the_136_byte_self_appending_list_is_refused_at_once() {
    let b = self_append(26);
    assert_eq!(b.len(), 136);
    let (key, used) = refused(&b);
    // Not a dict of arrays: the list was never copied, so it took a few hundred bytes, not gigabytes.
    assert_eq!(key, "mnist.err.pickle");
    assert!(used.bytes < 4096, "{used:?}");
    // Its self-nesting deepens by one per append, so a long loop meets the depth limit by name.
    let (key, used) = refused(&self_append(10_000));
    assert_eq!(key, "pickle.err.depth");
    assert_eq!(used.depth, Limits::default().max_depth);
}

#[test]
fn a_megabyte_fetched_ten_thousand_times_is_not_copied() {
    // `8003 42 00001000` + 1 MiB + `7100` + `6800`×9999 + `2e`: each GET pushes the same value again.
    let mut b = hex("80034200001000");
    b.extend(vec![7u8; 1 << 20]);
    b.extend(hex("7100"));
    for _ in 0..9999 {
        b.extend(hex("6800"));
    }
    b.push(b'.');
    let (key, used) = refused(&b);
    assert_eq!(key, "mnist.err.pickle"); // the top is bytes, not a dict
    assert!(used.bytes < (1 << 20) + 4096, "{used:?}");
    // A thousand more GETs fill the stack: refused by the stack limit, still one copy of the megabyte.
    let mut more = b[..b.len() - 1].to_vec();
    for _ in 0..1000 {
        more.extend(hex("6800"));
    }
    more.push(b'.');
    let (key, used) = refused(&more);
    assert_eq!(key, "pickle.err.stack");
    assert!(used.bytes < (1 << 20) + 4096, "{used:?}");
}

#[test]
fn memoized_tuples_wrapped_again_and_again_are_linear_and_bounded_by_depth() {
    // `8004 29` + `9485`×N + `2e` (MEMOIZE, TUPLE1) and `8002 29` + `710085`×N + `2e` (BINPUT 0, TUPLE1), and
    // `8002 29` + `85`×N + `2e` (plain deep nesting): each nests one level more per step.
    for (head, step) in [("800429", "9485"), ("800229", "710085"), ("800229", "85")] {
        for n in [1_000, 30_000] {
            let mut b = hex(head);
            for _ in 0..n {
                b.extend(hex(step));
            }
            b.push(b'.');
            let (key, used) = refused(&b);
            assert_eq!(key, "pickle.err.depth", "{head}+{step}×{n}");
            assert!(used.bytes < 1 << 20, "{head}+{step}×{n}: {used:?}");
        }
    }
}

#[test]
fn each_limit_is_named_in_both_languages() {
    // Lower limits so that a small file meets each one.
    let tight = Limits {
        max_depth: 3,
        max_objects: 50,
        max_bytes: 1 << 20,
    };
    let (e, _) = pickle::read_weights_with(&self_append(5), tight);
    let e = e.unwrap_err();
    assert_eq!(e.key, "pickle.err.depth");
    assert!(e.message(Lang::En).contains("limit of 3 levels"), "{e}");
    assert!(e.message(Lang::Ko).contains("한도 3단계"), "{e}");

    // A list of 100 None: objects.
    let mut many = hex("80025d28");
    many.extend(vec![b'N'; 100]);
    many.extend(hex("652e"));
    let (e, used) = pickle::read_weights_with(&many, tight);
    let e = e.unwrap_err();
    assert_eq!(e.key, "pickle.err.objects");
    assert!(e.message(Lang::En).contains("limit of 50 objects"), "{e}");
    assert!(e.message(Lang::Ko).contains("50개"), "{e}");
    assert!(used.objects <= 50);

    // 2 MiB of text (decoded into a string; byte strings are borrowed from the file, not copied).
    let mut big = hex("80035800002000");
    big.extend(vec![b'a'; 2 << 20]);
    big.push(b'.');
    let (e, used) = pickle::read_weights_with(&big, tight);
    let e = e.unwrap_err();
    assert_eq!(e.key, "pickle.err.bytes");
    assert!(e.message(Lang::En).contains("limit of 1 MB"), "{e}");
    assert!(e.message(Lang::Ko).contains("1 MB"), "{e}");
    assert!(used.bytes <= 1 << 20, "{used:?}");

    // 20,000 MARKs: the stack.
    let mut marks = hex("8002");
    marks.extend(vec![b'('; 20_000]);
    let e = pickle::read_weights(&marks).unwrap_err();
    assert_eq!(e.key, "pickle.err.stack");
    assert!(e.message(Lang::En).contains("10000"), "{e}");
}

#[test]
fn an_array_named_twice_is_copied_and_the_copy_is_charged() {
    // {'a': arr, 'b': GET arr}: both names get the array; with a budget that holds one copy only, refused.
    let arr = frombuffer_f8(&[2, 2], &[1.0, 2.0, 3.0, 4.0]);
    let mut b = hex("800595");
    b.extend(0u64.to_le_bytes());
    b.push(b'}');
    b.push(b'(');
    short_str(&mut b, "a");
    b.extend(&arr);
    b.extend([0x94]); // memo 0 = the array
    short_str(&mut b, "b");
    b.extend([b'h', 0, b'u', b'.']);
    let got = pickle::read_weights(&b).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].1, got[1].1);
    assert_eq!(got[1].1.data, vec![1.0, 2.0, 3.0, 4.0]);
    let (_, used) = pickle::read_weights_with(&b, Limits::default());
    // The same file without 'b': one copy fewer.
    let mut once = b[..b.len() - 7].to_vec();
    once.extend([b'u', b'.']);
    assert_eq!(pickle::read_weights(&once).unwrap().len(), 1);
    let (_, one) = pickle::read_weights_with(&once, Limits::default());
    assert!(used.bytes >= one.bytes + 16, "{used:?} vs {one:?}");
    let tight = Limits {
        max_bytes: used.bytes - 1,
        ..Limits::default()
    };
    assert_eq!(
        pickle::read_weights_with(&b, tight).0.unwrap_err().key,
        "pickle.err.bytes"
    );
}

fn short_str(out: &mut Vec<u8>, s: &str) {
    out.extend([0x8c, s.len() as u8]);
    out.extend(s.as_bytes());
}

/// `_frombuffer(bytearray(f8 data), dtype('f8') with '<', shape, 'C')` at protocol 5, as NumPy 2 writes it.
fn frombuffer_f8(shape: &[u32], data: &[f64]) -> Vec<u8> {
    let mut o = Vec::new();
    short_str(&mut o, "numpy._core.numeric");
    short_str(&mut o, "_frombuffer");
    o.extend([0x93, b'(', 0x96]);
    o.extend(((data.len() * 8) as u64).to_le_bytes());
    o.extend(data.iter().flat_map(|v| v.to_le_bytes()));
    short_str(&mut o, "numpy");
    short_str(&mut o, "dtype");
    o.push(0x93);
    short_str(&mut o, "f8");
    o.extend([0x89, 0x88, 0x87, b'R', b'(', b'K', 3]);
    short_str(&mut o, "<");
    o.extend([b'N', b'N', b'N', b'J']);
    o.extend((-1i32).to_le_bytes());
    o.push(b'J');
    o.extend((-1i32).to_le_bytes());
    o.extend([b'K', 0, b't', b'b', b'(']);
    for &d in shape {
        o.push(b'J');
        o.extend(d.to_le_bytes());
    }
    o.push(b't');
    short_str(&mut o, "C");
    o.extend([b't', b'R']);
    o
}

/// `_reconstruct(ndarray, (0,), b'b')` + BUILD (1, shape, dtype('f8') '<', fortran, bytes) at protocol 3, the
/// form of the book's pickles written by Python 3.
fn reconstruct_f8(shape: &[u32], data: &[f64], fortran: bool) -> Vec<u8> {
    let mut o =
        b"cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK\x00\x85C\x01b\x87R(K\x01("
            .to_vec();
    for &d in shape {
        o.push(b'J');
        o.extend(d.to_le_bytes());
    }
    o.extend(b"tcnumpy\ndtype\nX\x02\x00\x00\x00f8\x89\x88\x87R(K\x03X\x01\x00\x00\x00<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb");
    o.push(if fortran { 0x88 } else { 0x89 });
    o.push(b'B');
    o.extend(((data.len() * 8) as u32).to_le_bytes());
    o.extend(data.iter().flat_map(|v| v.to_le_bytes()));
    o.extend(b"tb");
    o
}

fn dict(arrays: &[(&str, Vec<u8>)], protocol: u8) -> Vec<u8> {
    let mut o = vec![0x80, protocol, b'}', b'('];
    for (name, a) in arrays {
        short_str(&mut o, name);
        o.extend(a);
    }
    o.extend([b'u', b'.']);
    o
}

/// Values exactly representable in f32, so the f64 → f32 conversion is exact and checked bit for bit.
fn values(n: usize) -> Vec<f64> {
    (0..n).map(|i| (i as f64 - 3000.0) / 64.0).collect()
}

#[test]
fn float64_arrays_of_rank_4_load_for_the_cnn() {
    let w = values(30 * 25);
    let b = values(30);
    let shape = [30u32, 1, 5, 5];
    let want_w = Tensor {
        shape: vec![30, 1, 5, 5],
        data: w.iter().map(|&v| v as f32).collect(),
    };
    for bytes in [
        dict(
            &[
                ("W1", frombuffer_f8(&shape, &w)),
                ("b1", frombuffer_f8(&[30], &b)),
            ],
            5,
        ),
        dict(
            &[
                ("W1", reconstruct_f8(&shape, &w, false)),
                ("b1", reconstruct_f8(&[30], &b, false)),
            ],
            3,
        ),
    ] {
        let (got, used) = pickle::read_weights_with(&bytes, Limits::default());
        let got = got.unwrap();
        // The 6,000 data bytes are read in place, never copied: only the f32 arrays (3,120 bytes) and the
        // table are charged.
        assert!(used.bytes < 6000, "{used:?}");
        assert_eq!(got[0].0, "W1");
        assert_eq!(got[0].1, want_w);
        assert_eq!(got[1].1.shape, vec![30]);
        assert_eq!(got[1].1.data[29], b[29] as f32);
    }
    // Fortran order in 4-D: element (i, j, k, l) of a (2, 3, 4, 5) array sits at i + 2j + 6k + 24l.
    let dims = [2usize, 3, 4, 5];
    let c: Vec<f64> = values(120);
    let mut f = vec![0.0; 120];
    for i in 0..2 {
        for j in 0..3 {
            for k in 0..4 {
                for l in 0..5 {
                    f[i + 2 * j + 6 * k + 24 * l] = c[((i * 3 + j) * 4 + k) * 5 + l];
                }
            }
        }
    }
    let bytes = dict(&[("W", reconstruct_f8(&[2, 3, 4, 5], &f, true))], 3);
    let got = pickle::read_weights(&bytes).unwrap();
    assert_eq!(got[0].1.shape, dims.to_vec());
    assert_eq!(
        got[0].1.data,
        c.iter().map(|&v| v as f32).collect::<Vec<_>>()
    );
}

/// `pickle.dumps({'W1': (np.arange(18.).reshape(2, 1, 3, 3) - 9) / 8, 'b1': np.array([0.5, -1.25]),
/// 'F': np.asfortranarray(np.arange(24.).reshape(2, 3, 4) / 4)}, protocol=p)` from NumPy 2.4.6, p = 2…5
/// (float64; also fuzz seeds, in tests/fuzz/regressions/).
const NUMPY2_F64: [&[u8]; 4] = [
    include_bytes!("fuzz/regressions/pickle-numpy2-f64-4d-p2.bin"),
    include_bytes!("fuzz/regressions/pickle-numpy2-f64-4d-p3.bin"),
    include_bytes!("fuzz/regressions/pickle-numpy2-f64-4d-p4.bin"),
    include_bytes!("fuzz/regressions/pickle-numpy2-f64-4d-p5.bin"),
];

#[test]
fn numpy_float64_pickles_of_rank_4_load_bit_exactly_at_every_protocol() {
    for (i, bytes) in NUMPY2_F64.iter().enumerate() {
        let got = pickle::read_weights(bytes).unwrap_or_else(|e| panic!("protocol {}: {e}", i + 2));
        let get = |n: &str| &got.iter().find(|(k, _)| k == n).expect(n).1;
        let w = get("W1");
        assert_eq!(w.shape, vec![2, 1, 3, 3]);
        let want: Vec<f32> = (0..18).map(|k| (k as f32 - 9.0) / 8.0).collect();
        assert_eq!(w.data, want, "protocol {}", i + 2);
        assert_eq!(get("b1").data, vec![0.5, -1.25]);
        // Fortran order in 3-D, read back in C order.
        let f = get("F");
        assert_eq!(f.shape, vec![2, 3, 4]);
        let want: Vec<f32> = (0..24).map(|k| k as f32 / 4.0).collect();
        assert_eq!(f.data, want, "protocol {}", i + 2);
    }
}
