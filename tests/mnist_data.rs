//! The MNIST file parsers fed good and bad bytes: IDX (raw and gzip), counts that must agree, the gzip cap,
//! and the bundled digits in www/data/ (10,000 samples, balanced, the seeded 8,000 / 2,000 split).
// Native only: the browser tests are tests/web/; without this `wasm-pack test` would build every test crate for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use nnlab::data::gzip::{gunzip, MAX_INFLATED};
use nnlab::data::idx::{self, IdxFile, Images};
use nnlab::data::mnist::Mnist;

mod common;
use common::bundled;

fn images(count: usize) -> Vec<u8> {
    let pixels = (0..count * 784).map(|i| (i % 251) as u8).collect();
    idx::write(&IdxFile::Images(Images { count, pixels }))
}

fn labels(count: usize) -> Vec<u8> {
    idx::write(&IdxFile::Labels(
        (0..count).map(|i| (i % 10) as u8).collect(),
    ))
}

/// A gzip file (RFC 1952) around `data`, with the right trailer.
fn gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
    out.extend(miniz_oxide::deflate::compress_to_vec(data, 6));
    out.extend(nnlab::data::crc32::crc32(data).to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out
}

fn err_key(bytes: &[u8]) -> &'static str {
    idx::parse(bytes).unwrap_err().key
}

#[test]
fn good_files_parse_raw_and_gzipped() {
    for wrap in [|b: Vec<u8>| b, |b: Vec<u8>| gzip(&b)] {
        let m = Mnist::from_idx(&wrap(images(30)), &wrap(labels(30))).unwrap();
        assert_eq!(m.len(), 30);
        assert_eq!(m.image(1)[0], (784 % 251) as u8);
        assert_eq!(m.labels[13], 3);
        assert_eq!(m.class_counts(), [3; 10]);
    }
}

#[test]
fn bad_idx_files_are_refused_with_the_reason() {
    assert_eq!(err_key(&[]), "mnist.err.empty_file");
    assert_eq!(err_key(&[0, 0, 8]), "mnist.err.truncated");
    let mut b = images(2);
    b[3] = 2; // a 2-D IDX (magic 0x802)
    assert_eq!(err_key(&b), "mnist.err.magic");
    let mut b = images(2);
    b[2] = 0x0d; // float data
    assert_eq!(err_key(&b), "mnist.err.magic");
    let png = [0x89, b'P', b'N', b'G', 13, 10, 26, 10, 0, 0];
    assert_eq!(err_key(&png), "mnist.err.magic");
    let mut b = images(2);
    b[11] = 27;
    assert_eq!(err_key(&b), "mnist.err.dims");
    let mut b = images(2);
    b[7] = 0;
    assert_eq!(err_key(&b), "mnist.err.no_samples");
    let mut b = images(2);
    b[4..8].copy_from_slice(&u32::MAX.to_be_bytes());
    assert_eq!(err_key(&b), "mnist.err.count");
    let b = images(2);
    assert_eq!(err_key(&b[..b.len() - 1]), "mnist.err.truncated");
    assert_eq!(err_key(&b[..12]), "mnist.err.truncated");
    let mut b = images(2);
    b.push(0);
    assert_eq!(err_key(&b), "mnist.err.oversized");
    let mut b = labels(12);
    b[8 + 11] = 10;
    let e = idx::parse(&b).unwrap_err();
    assert_eq!(
        (e.key, e.args.clone()),
        ("mnist.err.label", vec!["11".into(), "10".into()])
    );
    assert!(e.to_string().contains("not a digit"), "{e}");
    let l = labels(5);
    assert_eq!(err_key(&l[..l.len() - 2]), "mnist.err.truncated");
}

#[test]
fn images_and_labels_must_agree() {
    assert_eq!(
        Mnist::from_idx(&images(5), &labels(6)).unwrap_err().key,
        "mnist.err.counts"
    );
    assert_eq!(
        Mnist::from_idx(&labels(5), &labels(5)).unwrap_err().key,
        "mnist.err.want_images"
    );
    assert_eq!(
        Mnist::from_idx(&images(5), &images(5)).unwrap_err().key,
        "mnist.err.want_labels"
    );
}

#[test]
fn damaged_gzip_and_bombs_are_refused() {
    let good = gzip(&labels(100));
    let mut b = good.clone();
    let n = b.len();
    b[n - 6] ^= 0xff; // the CRC
    assert_eq!(err_key(&b), "mnist.err.gzip");
    assert_eq!(err_key(&good[..good.len() / 2]), "mnist.err.gzip");
    assert_eq!(err_key(&good[..5]), "mnist.err.gzip");
    let mut b = good.clone();
    b[2] = 7; // not deflate
    assert_eq!(err_key(&b), "mnist.err.gzip");
    let mut b = good.clone();
    b[12] ^= 0x55; // garbage inside the deflate stream
    assert!(idx::parse(&b).is_err());
    // 65 MB of zeros compresses to about 64 KB: the cap stops it.
    let bomb = gzip(&vec![0u8; MAX_INFLATED + (1 << 20)]);
    assert!(bomb.len() < 200_000);
    assert_eq!(err_key(&bomb), "mnist.err.too_large");
    assert_eq!(
        gunzip(&gzip(b"abc"), 2).unwrap_err().key,
        "mnist.err.too_large"
    );
    // Every prefix of a good file fails cleanly (no panic).
    let g = gzip(&images(1));
    for cut in 0..g.len() {
        assert!(idx::parse(&g[..cut]).is_err(), "prefix {cut} accepted");
    }
}

#[test]
fn the_bundled_digits_parse_are_balanced_and_split_by_seed() {
    let m = bundled();
    assert_eq!(m.len(), 10_000);
    // The package's per-class counts (www/data/README.md), interleaved round-robin.
    assert_eq!(
        m.class_counts(),
        [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]
    );
    assert_eq!(
        m.labels[..20],
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    );
    // Real digits: a typical sample has between 10% and 40% ink pixels.
    let ink = m.image(0).iter().filter(|&&b| b > 0).count();
    assert!((78..320).contains(&ink), "{ink}");
    let (train, test) = m.split(8_000, 2_000, 42).unwrap();
    assert_eq!((train.len(), test.len()), (8_000, 2_000));
    for c in test.class_counts() {
        assert!(
            (150..260).contains(&c),
            "unbalanced test set: {:?}",
            test.class_counts()
        );
    }
    let (train2, _) = m.split(8_000, 2_000, 42).unwrap();
    assert_eq!(train, train2, "same seed, same split");
    let (train3, _) = m.split(8_000, 2_000, 43).unwrap();
    assert_ne!(train.labels, train3.labels, "another seed, another split");
    assert_eq!(m.split(9_000, 2_000, 1).unwrap_err().key, "mnist.err.split");
    let x = test.x(true);
    assert!(x.iter().all(|v| (0.0..=1.0).contains(v)));
    assert_eq!(test.t_one_hot().sum(), 2_000.0);
}
