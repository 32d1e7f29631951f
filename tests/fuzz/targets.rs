//! The fuzz targets, one per parser a user can reach with a file, a link or a typed number, each with seed
//! inputs built here from valid data (the same writers the tests use) and a few tokens worth splicing in.
//! A target returns a short outcome ("ok" or the error key), which the harness uses to keep inputs that reach
//! a new outcome. A target panics only on a broken property (e.g. a link that does not survive a round trip).

use nnlab::data::idx::{self, IdxFile, Images};
use nnlab::data::mnist::Mnist;
use nnlab::data::npy::{self, Tensor};
use nnlab::data::toy2d::{Kind, ToyConfig};
use nnlab::data::{crc32::crc32, gzip, npz, pickle, points_csv, zip};
use nnlab::input;
use nnlab::labs::catalog::LABS;
use nnlab::labs::route_vec;
use nnlab::urlstate::{num, resolve_lab, Route};

pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]) -> String,
    pub seeds: fn() -> Vec<Vec<u8>>,
    /// Byte strings the mutator splices in (lengths, magic numbers, tokens of a text format).
    pub tokens: &'static [&'static [u8]],
}

/// "ok", or the error key with its first argument (digits masked, so "truncated at 12" and "at 13" are one).
fn outcome<T>(r: nnlab::Result<T>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => {
            let arg: String = e.args.first().map_or(String::new(), |a| {
                a.chars()
                    .take(32)
                    .map(|c| if c.is_ascii_digit() { '#' } else { c })
                    .collect()
            });
            format!("{}:{arg}", e.key)
        }
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub fn all() -> Vec<Target> {
    vec![
        Target {
            name: "idx",
            run: |b| outcome(idx::parse(b)),
            seeds: || vec![images(3), labels(3), gz(&images(2)), gz(&labels(5))],
            tokens: &[
                b"\x00\x00\x08\x03",
                b"\x00\x00\x08\x01",
                b"\x00\x00\x00\x1c",
                b"\xff\xff\xff\xff",
                b"\x00\x01\x11\x70",
            ],
        },
        Target {
            name: "mnist_pair",
            // Images and labels in one input: the first 4 bytes (big-endian) say where to cut.
            run: |b| {
                if b.len() < 4 {
                    return "short".into();
                }
                let (head, rest) = b.split_at(4);
                let at = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize
                    % (rest.len() + 1);
                outcome(Mnist::from_idx(&rest[..at], &rest[at..]))
            },
            seeds: || {
                let (i, l) = (images(2), labels(2));
                vec![[(i.len() as u32).to_be_bytes().to_vec(), i, l].concat()]
            },
            tokens: &[
                b"\x00\x00\x08\x03",
                b"\x00\x00\x08\x01",
                b"\x00\x00\x00\x02",
            ],
        },
        Target {
            name: "gzip",
            run: |b| outcome(gzip::gunzip(b, gzip::MAX_INFLATED)),
            seeds: || vec![gz(b"hello, gzip"), gz(&images(1)), gz(&vec![0u8; 100_000])],
            tokens: &[b"\x1f\x8b\x08", b"\xff\xff\xff\xff", b"\x00\x00\x00\x00"],
        },
        Target {
            name: "zip",
            run: |b| outcome(zip::read(b)),
            seeds: || {
                vec![
                    zip::write(&[
                        ("a.txt".into(), b"abc".to_vec()),
                        ("b.npy".into(), npy::write(&tensor(&[2, 3]))),
                    ]),
                    deflated_zip(),
                ]
            },
            tokens: &[
                b"PK\x03\x04",
                b"PK\x01\x02",
                b"PK\x05\x06",
                b"\xff\xff\xff\xff",
                b"\x08\x00",
            ],
        },
        Target {
            name: "npy",
            run: |b| outcome(npy::read(b)),
            seeds: || {
                vec![
                    npy::write(&tensor(&[2, 3])),
                    npy::write(&tensor(&[4])),
                    npy::write(&tensor(&[1, 2, 2, 1])),
                ]
            },
            tokens: &[
                b"\x93NUMPY",
                b"'<f4'",
                b"'<f8'",
                b"'>f4'",
                b"True",
                b"(4294967295, 4294967295)",
                b"(,)",
            ],
        },
        Target {
            name: "npz",
            run: |b| outcome(npz::read(b)),
            seeds: || {
                vec![
                    npz::write(&[("W1".into(), tensor(&[3, 2])), ("b1".into(), tensor(&[2]))]),
                    deflated_zip(),
                ]
            },
            tokens: &[b"PK\x03\x04", b"\x93NUMPY", b"'<f4'", b"\xff\xff\xff\xff"],
        },
        Target {
            name: "pickle",
            run: |b| outcome(pickle::read_weights(b)),
            seeds: pickles,
            // GET/APPEND/PUT, MEMOIZE/TUPLE1, MARK, a 1 MiB BINBYTES length, DUP-like runs.
            tokens: &[
                b"\x68\x00\x61\x71\x00",
                b"\x94\x85",
                b"\x71\x00\x85",
                b"\x85",
                b"(",
                b"\x00\x00\x10\x00",
                b"\xff\xff\xff\xff",
                b"\x68\x00",
                b"e",
                b"u",
                b"t",
                b"R",
                b"b",
            ],
        },
        Target {
            name: "points_csv",
            run: |b| outcome(points_csv::import(&text(b))),
            seeds: || {
                let d = ToyConfig {
                    kind: Kind::Spiral,
                    ..ToyConfig::default()
                }
                .generate();
                vec![
                    points_csv::export(&d.points[..d.points.len().min(20)]).into_bytes(),
                    b"x1,x2,t\n0.5,-1,1\n# c\n\n1e3,2,0\n".to_vec(),
                ]
            },
            tokens: &[
                b",",
                b"\n",
                b"NaN",
                b"1e999",
                b"-",
                b"test",
                b"train",
                b"\xef\xbb\xbf",
                b"#",
                b"9999999999999999999",
                b"\r\n",
            ],
        },
        Target {
            name: "url_hash",
            run: url_hash,
            seeds: || {
                vec![
                    b"#perceptron?w1=0.5&w2=0.5&b=-0.7".to_vec(),
                    b"#activation?fns=sigmoid,relu&a=-0.25&note=a%20b%26c%3Dd%20%ED%95%9C".to_vec(),
                    b"#perceptron?w1=.5555555555555&W1=1,-1,2,0.5".to_vec(),
                    b"#mnist?hidden=100,100&lr=0.1&seed=42".to_vec(),
                ]
            },
            tokens: &[
                b"%",
                b"%ZZ",
                b"%FF",
                b"+",
                b"&",
                b"=",
                b"?",
                b"#",
                b",",
                b"NaN",
                b"1e999",
                b"-0",
                b".5",
                b"%EF%BF%BD",
            ],
        },
        Target {
            name: "number_input",
            run: |b| {
                let s = text(b);
                let a = input::parse_number(&s, "pct.seed", -1e6, 1e6);
                let i = input::parse_integer(&s, "pct.seed", 0.0, 1e9);
                if let Ok(v) = a {
                    assert!(v.is_finite() && (-1e6..=1e6).contains(&v), "{s:?} gave {v}");
                }
                if let Ok(v) = i {
                    assert!(
                        v.fract() == 0.0 && (0.0..=1e9).contains(&v),
                        "{s:?} gave {v}"
                    );
                }
                format!("{}/{}", outcome(a), outcome(i))
            },
            seeds: || {
                [
                    "42", " 0.25 ", "-3", "1e-7", "2.5", "", "abc", "0x10", "1e999", "NaN", "１２",
                    "−5",
                ]
                .iter()
                .map(|s| s.as_bytes().to_vec())
                .collect()
            },
            tokens: &[
                b"-",
                b"+",
                b".",
                b"e",
                b"E",
                b"inf",
                b"NaN",
                b"0x",
                b"\xe2\x88\x92",
                b"\xef\xbc\x91",
                b" ",
                b"_",
                b",",
            ],
        },
    ]
}

/// A link: parsed, read the ways labs read it, written back and parsed again to the same route.
fn url_hash(b: &[u8]) -> String {
    let hash = text(b);
    let r = Route::parse(&hash);
    // The keys a lab reads (labs look up their own keys, never one lookup per parameter of the link).
    for k in ["w1", "w2", "b", "lr", "seed", "fns", "W1", "t", "v", "h"] {
        let _ = r.f32_in(k, -1e3, 1e3, 0.0);
        let v = r.f64_in(k, f64::MIN, f64::MAX, 0.0);
        // The same value (−0 is written as 0, which is equal).
        assert_eq!(
            num(v).parse::<f64>(),
            Ok(v),
            "{v} is not written back exactly"
        );
        let _ = r.flag(k, false);
        let _ = route_vec::read_array::<4>(&r, k, -9.0, 9.0, [0.0; 4]);
        let _ = route_vec::read_index(&r, k, 10, 0);
    }
    let ids: Vec<&str> = LABS.iter().map(|l| l.id).collect();
    let (shown, _) = resolve_lab(&r, &ids);
    assert!(ids.contains(&shown.lab.as_str()), "{hash:?} opens no lab");
    let again = Route::parse(&r.to_hash());
    assert_eq!(again, r, "{hash:?} does not survive a round trip");
    if r.params.is_empty() {
        "no params".into()
    } else {
        format!("{} params", r.params.len().min(4))
    }
}

fn tensor(shape: &[usize]) -> Tensor {
    let n: usize = shape.iter().product();
    Tensor {
        shape: shape.to_vec(),
        data: (0..n).map(|i| i as f32 * 0.25 - 1.0).collect(),
    }
}

fn images(count: usize) -> Vec<u8> {
    idx::write(&IdxFile::Images(Images {
        count,
        pixels: (0..count * idx::PIXELS)
            .map(|i| (i * 7 % 256) as u8)
            .collect(),
    }))
}

fn labels(count: usize) -> Vec<u8> {
    idx::write(&IdxFile::Labels(
        (0..count).map(|i| (i % 10) as u8).collect(),
    ))
}

/// A gzip file (RFC 1952) around `data`.
fn gz(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
    out.extend(miniz_oxide::deflate::compress_to_vec(data, 6));
    out.extend(crc32(data).to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out
}

/// An .npz with one deflated member, as `np.savez_compressed` writes it.
fn deflated_zip() -> Vec<u8> {
    let raw = npy::write(&tensor(&[10, 3]));
    let stored = zip::write(&[("b1.npy".into(), raw.clone())]);
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
    z
}

fn short_str(o: &mut Vec<u8>, s: &str) {
    o.extend([0x8c, s.len() as u8]);
    o.extend(s.as_bytes());
}

/// Weight pickles in the forms the reader accepts: protocol 5 (`_frombuffer`, f4 and f8, 4-D) and protocol 3
/// (`_reconstruct` + BUILD, Fortran order), plus the self-appending list.
fn pickles() -> Vec<Vec<u8>> {
    let frombuffer = |kind: &str, shape: &[u32], raw: &[u8]| {
        let mut o = Vec::new();
        short_str(&mut o, "numpy._core.numeric");
        short_str(&mut o, "_frombuffer");
        o.extend([0x93, 0x94, b'(', 0x96]);
        o.extend((raw.len() as u64).to_le_bytes());
        o.extend(raw);
        short_str(&mut o, "numpy");
        short_str(&mut o, "dtype");
        o.push(0x93);
        short_str(&mut o, kind);
        o.extend([0x89, 0x88, 0x87, b'R', 0x94, b'(', b'K', 3]);
        short_str(&mut o, "<");
        o.extend(b"NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb(");
        for &d in shape {
            o.push(b'J');
            o.extend(d.to_le_bytes());
        }
        o.push(b't');
        short_str(&mut o, "C");
        o.extend([b't', b'R', 0x94]);
        o
    };
    let f4: Vec<u8> = [1.0f32, -2.0, 0.5, 3.0, 4.0, 5.0]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    let f8: Vec<u8> = (0..8)
        .flat_map(|i| (i as f64 / 8.0).to_le_bytes())
        .collect();
    let mut p5 = vec![0x80, 5, b'}', 0x94, b'('];
    short_str(&mut p5, "W1");
    p5.extend(frombuffer("f4", &[2, 3], &f4));
    short_str(&mut p5, "C1");
    p5.extend(frombuffer("f8", &[2, 1, 2, 2], &f8));
    p5.extend([b'u', b'.']);

    let mut p3 = b"\x80\x03}q\x00(X\x02\x00\x00\x00W1q\x01cnumpy.core.multiarray\n_reconstruct\nq\x02cnumpy\nndarray\nq\x03K\x00\x85q\x04C\x01bq\x05\x87q\x06Rq\x07(K\x01K\x02K\x03\x86q\x08cnumpy\ndtype\nq\tX\x02\x00\x00\x00f4q\n\x89\x88\x87q\x0bRq\x0c(K\x03X\x01\x00\x00\x00<q\rNNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tq\x0eb\x88B\x18\x00\x00\x00".to_vec();
    p3.extend(&f4);
    p3.extend(b"q\x0ftq\x10bX\x02\x00\x00\x00b1q\x11h\x02h\x03K\x00\x85q\x12h\x05\x87q\x13Rq\x14(K\x01K\x02\x85q\x15h\x0c\x89C\x08");
    p3.extend(&f4[..8]);
    p3.extend(b"q\x16tq\x17bu.");

    let mut selfish = vec![0x80, 2, 0x5d, 0x71, 0];
    for _ in 0..26 {
        selfish.extend([0x68, 0, 0x61, 0x71, 0]);
    }
    selfish.push(b'.');
    vec![p5, p3, selfish]
}
