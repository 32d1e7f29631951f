//! Which loaded IDX files make a training set and which a test set: each file is images or labels by its magic
//! number, and train or test by its name (`train-…` / `t10k-…` or `test`, as the official files are named),
//! else by the reader's choice. Each set needs exactly one images file and one labels file with equal counts.

use crate::data::idx::IdxFile;
use crate::data::mnist::Mnist;
use crate::{Error, Result};

/// Train or test, from a file name; `None` when the name does not say.
pub fn set_of(name: &str) -> Option<bool> {
    let n = name.to_ascii_lowercase();
    if n.contains("t10k") || n.contains("test") {
        Some(true)
    } else if n.contains("train") {
        Some(false)
    } else {
        None
    }
}

/// A loaded set and the file names it came from.
pub type Named = (Mnist, String);

/// Pair parsed files into (train, test); `default_test` places files whose names do not say.
pub fn pair(
    files: Vec<(String, IdxFile)>,
    default_test: bool,
) -> Result<(Option<Named>, Option<Named>)> {
    let mut slots: [[Option<(String, IdxFile)>; 2]; 2] = Default::default();
    for (name, f) in files {
        let set = usize::from(set_of(&name).unwrap_or(default_test));
        let kind = usize::from(matches!(f, IdxFile::Labels(_)));
        if let Some((other, _)) = &slots[set][kind] {
            return Err(Error::new("mnist.err.duplicate", [other.clone(), name]));
        }
        slots[set][kind] = Some((name, f));
    }
    let mut out = [None, None];
    for (set, [images, labels]) in slots.into_iter().enumerate() {
        match (images, labels) {
            (Some((ni, IdxFile::Images(im))), Some((nl, IdxFile::Labels(lb)))) => {
                out[set] = Some((Mnist::from_parts(im, lb)?, format!("{ni} + {nl}")));
            }
            (Some((n, _)), None) | (None, Some((n, _))) => {
                return Err(Error::new("mnist.err.pair", [n]));
            }
            _ => {}
        }
    }
    let [train, test] = out;
    Ok((train, test))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::idx::Images;

    fn im(n: usize) -> IdxFile {
        IdxFile::Images(Images {
            count: n,
            pixels: vec![0; n * 784],
        })
    }
    fn lb(n: usize) -> IdxFile {
        IdxFile::Labels(vec![1; n])
    }

    #[test]
    fn official_names_pair_up() {
        let files = vec![
            ("t10k-labels-idx1-ubyte.gz".to_string(), lb(3)),
            ("train-images-idx3-ubyte".to_string(), im(5)),
            ("t10k-images-idx3-ubyte".to_string(), im(3)),
            ("train-labels-idx1-ubyte".to_string(), lb(5)),
        ];
        let (train, test) = pair(files, false).unwrap();
        assert_eq!(train.unwrap().0.len(), 5);
        assert_eq!(test.unwrap().0.len(), 3);
    }

    #[test]
    fn half_pairs_duplicates_and_count_mismatches_are_refused() {
        assert_eq!(
            pair(vec![("train-images".into(), im(2))], false)
                .unwrap_err()
                .key,
            "mnist.err.pair"
        );
        let dup = vec![("a".into(), im(2)), ("b".into(), im(2))];
        assert_eq!(pair(dup, true).unwrap_err().key, "mnist.err.duplicate");
        let bad = vec![("x".into(), im(2)), ("y".into(), lb(3))];
        assert_eq!(pair(bad, true).unwrap_err().key, "mnist.err.counts");
        // Unnamed files go where the reader says.
        let (train, test) = pair(vec![("x".into(), im(2)), ("y".into(), lb(2))], true).unwrap();
        assert!(train.is_none() && test.is_some());
    }
}
