//! Weight files: `.npz` written and read back (and the layout NumPy expects), and the safe pickle subset: a
//! `sample_weight.pkl`-style pickle (a dict of float32 ndarrays) written here byte by byte in the format NumPy
//! and Python produce (protocol 3, and protocol 2 with `_codecs.encode`), plus hostile and broken pickles.
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use nnlab::activation::Activation;
use nnlab::data::npy::{self, Tensor};
use nnlab::data::{npz, pickle, zip};
use nnlab::labs::mnist::weights::{from_tensors, to_tensors};
use nnlab::net::NetConfig;

fn tensor(shape: &[usize], seed: f32) -> Tensor {
    let n: usize = shape.iter().product();
    Tensor {
        shape: shape.to_vec(),
        data: (0..n).map(|i| ((i as f32 + seed) * 0.37).sin()).collect(),
    }
}

/// A pickle writer for `{name: float32 ndarray}` as Python 3 writes it with NumPy (`pickle.dumps(d, protocol)`):
/// globals once, then BINGET from the memo, as pickle does.
struct Pickler {
    out: Vec<u8>,
    memo: u8,
    protocol: u8,
    globals: Vec<(String, u8)>,
}

impl Pickler {
    fn put(&mut self) {
        self.out.extend([b'q', self.memo]);
        self.memo += 1;
    }
    fn unicode(&mut self, s: &str) {
        self.out.push(b'X');
        self.out.extend((s.len() as u32).to_le_bytes());
        self.out.extend(s.as_bytes());
        self.put();
    }
    fn global(&mut self, module: &str, name: &str) {
        let key = format!("{module}.{name}");
        if let Some(&(_, i)) = self.globals.iter().find(|(k, _)| *k == key) {
            self.out.extend([b'h', i]);
            return;
        }
        self.out.push(b'c');
        self.out.extend(format!("{module}\n{name}\n").as_bytes());
        self.globals.push((key, self.memo));
        self.put();
    }
    fn bytes(&mut self, b: &[u8]) {
        if self.protocol >= 3 {
            self.out.push(b'B');
            self.out.extend((b.len() as u32).to_le_bytes());
            self.out.extend(b);
            self.put();
        } else {
            // Python 3, protocol 2: bytes are _codecs.encode(latin-1 text, 'latin1').
            self.global("_codecs", "encode");
            let text: String = b.iter().map(|&c| c as char).collect();
            self.unicode(&text);
            self.unicode("latin1");
            self.out.push(0x86);
            self.put();
            self.out.push(b'R');
            self.put();
        }
    }
    fn array(&mut self, t: &Tensor) {
        self.global("numpy.core.multiarray", "_reconstruct");
        self.global("numpy", "ndarray");
        self.out.extend([b'K', 0, 0x85]);
        self.put();
        self.bytes(b"b");
        self.out.push(0x87);
        self.put();
        self.out.push(b'R');
        self.put();
        self.out.extend([b'(', b'K', 1]);
        for &d in &t.shape {
            self.out.push(b'M');
            self.out.extend((d as u16).to_le_bytes());
        }
        self.out.push(if t.shape.len() == 1 { 0x85 } else { 0x86 });
        self.put();
        self.global("numpy", "dtype");
        self.unicode("f4");
        self.out.extend([0x89, 0x88, 0x87]);
        self.put();
        self.out.push(b'R');
        self.put();
        self.out.extend([b'(', b'K', 3]);
        self.unicode("<");
        self.out.extend([
            b'N', b'N', b'N', b'J', 255, 255, 255, 255, b'J', 255, 255, 255, 255, b'K', 0, b't',
        ]);
        self.put();
        self.out.push(b'b');
        self.out.push(0x89);
        let raw: Vec<u8> = t.data.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.bytes(&raw);
        self.out.push(b't');
        self.put();
        self.out.push(b'b');
    }
}

fn pickle_dict(arrays: &[(String, Tensor)], protocol: u8) -> Vec<u8> {
    let mut p = Pickler {
        out: vec![0x80, protocol, b'}'],
        memo: 0,
        protocol,
        globals: Vec::new(),
    };
    p.put();
    p.out.push(b'(');
    for (name, t) in arrays {
        p.unicode(name);
        p.array(t);
    }
    p.out.extend([b'u', b'.']);
    p.out
}

/// The book's network shape, small values: W1 784×50, b1 50, W2 50×100, b2 100, W3 100×10, b3 10.
fn book_arrays() -> Vec<(String, Tensor)> {
    let shapes: [(&str, &[usize]); 6] = [
        ("b2", &[100]),
        ("W1", &[784, 50]),
        ("b1", &[50]),
        ("W2", &[50, 100]),
        ("W3", &[100, 10]),
        ("b3", &[10]),
    ];
    shapes
        .iter()
        .enumerate()
        .map(|(i, (n, s))| (n.to_string(), tensor(s, i as f32)))
        .collect()
}

#[test]
fn a_book_style_pickle_loads_in_protocols_2_and_3() {
    let arrays = book_arrays();
    for protocol in [2, 3] {
        let bytes = pickle_dict(&arrays, protocol);
        let got = pickle::read_weights(&bytes).unwrap();
        assert_eq!(got, arrays, "protocol {protocol}");
        let net = from_tensors(&got, Activation::Sigmoid).unwrap();
        assert_eq!(net.sizes(), vec![784, 50, 100, 10]);
        assert_eq!(
            net.param("W3").unwrap().iter().copied().collect::<Vec<_>>(),
            arrays[4].1.data
        );
    }
}

#[test]
fn hostile_and_broken_pickles_are_refused_without_running_anything() {
    // os.system('echo pwned') — the classic.
    let mut evil = vec![0x80, 2, b'c'];
    evil.extend(b"os\nsystem\n");
    evil.extend([b'X', 10, 0, 0, 0]);
    evil.extend(b"echo pwned");
    evil.extend([0x85, b'R', b'.']);
    let e = pickle::read_weights(&evil).unwrap_err();
    assert_eq!(e.key, "mnist.err.pickle_global");
    assert!(e.to_string().contains("os.system"), "{e}");
    // builtins.eval via STACK_GLOBAL (protocol 4).
    let mut evil = vec![0x80, 4, 0x8c, 8];
    evil.extend(b"builtins");
    evil.extend([0x8c, 4]);
    evil.extend(b"eval");
    evil.extend([0x93, b'.']);
    assert_eq!(
        pickle::read_weights(&evil).unwrap_err().key,
        "mnist.err.pickle_global"
    );
    // INST, OBJ, NEWOBJ, PERSID: opcodes a weights file never uses.
    for op in [b'i', b'o', 0x81, b'P', b'Q'] {
        let e = pickle::read_weights(&[0x80, 2, b'(', op, b'.']).unwrap_err();
        assert_eq!(e.key, "mnist.err.pickle_opcode", "opcode {op:#x}");
    }
    // Not a dict, an empty stream, a dict of non-arrays, a lying length.
    assert_eq!(
        pickle::read_weights(&[0x80, 2, b'K', 5, b'.'])
            .unwrap_err()
            .key,
        "mnist.err.pickle"
    );
    assert!(pickle::read_weights(&[]).is_err());
    assert!(
        pickle::read_weights(&[0x80, 2, b'}', b'X', 1, 0, 0, 0, b'a', b'K', 1, b's', b'.'])
            .is_err()
    );
    assert!(pickle::read_weights(&[0x80, 3, b'B', 255, 255, 255, 255, 0]).is_err());
    // Every prefix of a good file, and every single-byte corruption, fails cleanly or parses: never panics.
    let good = pickle_dict(&[("W1".into(), tensor(&[3, 2], 0.0))], 3);
    for cut in 0..good.len() {
        assert!(pickle::read_weights(&good[..cut]).is_err(), "prefix {cut}");
    }
    for i in 0..good.len() {
        let mut b = good.clone();
        b[i] ^= 0xa5;
        let _ = pickle::read_weights(&b);
    }
    // An array whose data is shorter than its shape.
    let mut t = tensor(&[4, 2], 0.0);
    t.data.pop();
    let short = pickle_dict(&[("W1".into(), t)], 3);
    assert_eq!(
        pickle::read_weights(&short).unwrap_err().key,
        "mnist.err.pickle"
    );
}

#[test]
fn npz_round_trips_with_numpys_layout() {
    let net = NetConfig {
        hidden: vec![50],
        seed: 9,
        ..Default::default()
    }
    .build()
    .unwrap();
    let arrays = to_tensors(&net);
    let bytes = npz::write(&arrays);
    // The members are W1.npy, b1.npy, … with NPY v1.0 headers padded to 64 bytes.
    let entries = zip::read(&bytes).unwrap();
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["W1.npy", "b1.npy", "W2.npy", "b2.npy"]);
    let w1 = &entries[0].1;
    assert_eq!(&w1[..8], b"\x93NUMPY\x01\x00");
    let hlen = u16::from_le_bytes([w1[8], w1[9]]) as usize;
    assert_eq!((10 + hlen) % 64, 0);
    let header = std::str::from_utf8(&w1[10..10 + hlen]).unwrap();
    assert!(
        header.starts_with("{'descr': '<f4', 'fortran_order': False, 'shape': (784, 50), }"),
        "{header}"
    );
    assert!(header.ends_with('\n'));
    assert!(std::str::from_utf8(&entries[1].1[10..80])
        .unwrap()
        .contains("'shape': (50,)"));

    let back = npz::read(&bytes).unwrap();
    assert_eq!(back, arrays);
    let net2 = from_tensors(&back, Activation::Relu).unwrap();
    assert_eq!(net2.param("W1"), net.param("W1"));

    // Damage is caught: a flipped data byte (CRC), a cut archive, not a ZIP, an unsupported dtype.
    let mut b = bytes.clone();
    b[200] ^= 1;
    assert_eq!(npz::read(&b).unwrap_err().key, "mnist.err.zip");
    assert!(npz::read(&bytes[..bytes.len() / 2]).is_err());
    assert_eq!(
        npz::read(b"hello world, not a zip at all").unwrap_err().key,
        "mnist.err.zip"
    );
    let mut int = npy::write(&tensor(&[2], 0.0));
    let at = int.windows(3).position(|w| w == b"<f4").unwrap();
    int[at + 1..at + 3].copy_from_slice(b"i4");
    let e = npz::read(&zip::write(&[("W1.npy".into(), int)])).unwrap_err();
    assert_eq!(e.key, "mnist.err.dtype");
    for cut in 0..bytes.len().min(400) {
        assert!(npz::read(&bytes[..cut]).is_err(), "prefix {cut}");
    }
}

#[test]
fn npz_members_deflated_by_numpy_savez_compressed_are_read() {
    let t = tensor(&[10, 3], 1.0);
    let raw = npy::write(&t);
    let stored = zip::write(&[("b1.npy".into(), raw.clone())]);
    // Turn the stored member into a deflated one: method 8, compressed size, same CRC and size.
    let deflated = miniz_oxide::deflate::compress_to_vec(&raw, 6);
    let name_len = 6;
    let mut z = Vec::new();
    z.extend(&stored[..8]);
    z.extend(8u16.to_le_bytes());
    z.extend(&stored[10..18]);
    z.extend((deflated.len() as u32).to_le_bytes());
    z.extend(&stored[22..30 + name_len]);
    z.extend(&deflated);
    let cd_at = z.len();
    let old_cd = 30 + name_len + raw.len();
    let mut cd = stored[old_cd..old_cd + 46 + name_len].to_vec();
    cd[10..12].copy_from_slice(&8u16.to_le_bytes());
    cd[20..24].copy_from_slice(&(deflated.len() as u32).to_le_bytes());
    z.extend(&cd);
    let mut end = stored[old_cd + 46 + name_len..].to_vec();
    end[16..20].copy_from_slice(&(cd_at as u32).to_le_bytes());
    z.extend(end);
    assert_eq!(npz::read(&z).unwrap(), vec![("b1".to_string(), t)]);
}
