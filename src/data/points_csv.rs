//! Playground points as CSV, one point a line: `x1,x2,t,split` with t the class (0, 1, 2) and split `train` or
//! `test`. Import accepts a header line, blank lines, `#` comments, and 3 columns (all points train);
//! every bad row is an error that names the line and what was wrong with it.

use super::toy2d::{Dataset, Point, MAX_CLASSES, MAX_POINTS};
use crate::error::{ensure, Error, Result};

/// The header line written by `export`.
pub const HEADER: &str = "x1,x2,t,split";
/// Coordinates must lie within ±this (a sanity limit: the view scales to the points).
pub const MAX_ABS: f32 = 1000.0;

/// The points as CSV text (header, then one line per point).
pub fn export(points: &[Point]) -> String {
    let mut s = String::from(HEADER);
    s.push('\n');
    for p in points {
        // Rust's shortest round-trip form: import gives back the very same f32.
        s.push_str(&format!(
            "{},{},{},{}\n",
            p.x[0],
            p.x[1],
            p.label,
            if p.test { "test" } else { "train" }
        ));
    }
    s
}

/// Parse CSV text into a data set; the classes are max t + 1 (at least 2) and the domain is a square
/// around the points with a margin.
pub fn import(text: &str) -> Result<Dataset> {
    let mut points = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split(',').map(str::trim).collect();
        // A first line that does not start with a number is a header.
        if points.is_empty()
            && cols[0].parse::<f32>().is_err()
            && cols[0].starts_with(char::is_alphabetic)
        {
            continue;
        }
        ensure(
            cols.len() == 3 || cols.len() == 4,
            "err.csv_columns",
            [line_no.to_string(), cols.len().to_string()],
        )?;
        let num = |k: usize| -> Result<f32> {
            cols[k]
                .parse::<f32>()
                .ok()
                .filter(|v| v.is_finite() && v.abs() <= MAX_ABS)
                .ok_or_else(|| {
                    Error::new(
                        "err.csv_number",
                        [
                            line_no.to_string(),
                            (k + 1).to_string(),
                            cols[k].to_string(),
                        ],
                    )
                })
        };
        let x = [num(0)?, num(1)?];
        let label = cols[2]
            .parse::<usize>()
            .ok()
            .filter(|&t| t < MAX_CLASSES)
            .ok_or_else(|| {
                Error::new(
                    "err.csv_label",
                    [
                        line_no.to_string(),
                        cols[2].to_string(),
                        (MAX_CLASSES - 1).to_string(),
                    ],
                )
            })?;
        let test = match cols.get(3).map(|s| s.to_ascii_lowercase()) {
            None => false,
            Some(s) if s == "train" => false,
            Some(s) if s == "test" => true,
            Some(_) => {
                return Err(Error::new(
                    "err.csv_split",
                    [line_no.to_string(), cols[3].to_string()],
                ))
            }
        };
        ensure(
            points.len() < MAX_POINTS,
            "err.csv_too_many",
            [MAX_POINTS.to_string()],
        )?;
        points.push(Point { x, label, test });
    }
    ensure(!points.is_empty(), "err.csv_empty", [""; 0])?;
    ensure(points.iter().any(|p| !p.test), "err.csv_no_train", [""; 0])?;
    let classes = points.iter().map(|p| p.label + 1).max().unwrap_or(2).max(2);
    Ok(Dataset {
        domain: domain_around(&points),
        points,
        classes,
    })
}

/// A square [lo, hi]² holding every point with a 15 % margin (at least 1 wide).
pub fn domain_around(points: &[Point]) -> (f32, f32) {
    let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
    for p in points {
        for v in p.x {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if !lo.is_finite() || !hi.is_finite() {
        return (-1.5, 1.5);
    }
    let span = (hi - lo).max(1.0);
    let mid = 0.5 * (lo + hi);
    (mid - 0.65 * span, mid + 0.65 * span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::toy2d::{Kind, ToyConfig};

    #[test]
    fn export_then_import_gives_the_same_points() {
        let d = ToyConfig {
            kind: Kind::Blobs3,
            n: 60,
            ..Default::default()
        }
        .generate();
        let text = export(&d.points);
        assert!(text.starts_with("x1,x2,t,split\n"));
        assert_eq!(text.lines().count(), 61);
        let back = import(&text).unwrap();
        assert_eq!(back.classes, 3);
        assert_eq!(back.points.len(), 60);
        for (a, b) in d.points.iter().zip(&back.points) {
            assert_eq!(a, b);
        }
        let (lo, hi) = back.domain;
        assert!(back
            .points
            .iter()
            .all(|p| p.x.iter().all(|&v| v > lo && v < hi)));
    }

    #[test]
    fn three_columns_comments_and_blank_lines_are_fine() {
        let d = import("# my points\n\n0,0,0\n1, 1 ,1\n-0.5,2e-1,1\n").unwrap();
        assert_eq!(d.points.len(), 3);
        assert_eq!(d.classes, 2);
        assert!(d.points.iter().all(|p| !p.test));
        assert_eq!(d.points[2].x, [-0.5, 0.2]);
    }

    #[test]
    fn bad_rows_name_the_line_and_the_problem() {
        let err = |s: &str| import(s).unwrap_err();
        let e = err("x1,x2,t\n0,0,0\n1,abc,1\n");
        assert_eq!(
            (e.key, e.args[0].as_str(), e.args[1].as_str()),
            ("err.csv_number", "3", "2")
        );
        assert_eq!(err("0,0\n").key, "err.csv_columns");
        assert_eq!(err("0,0,0,train,9\n").key, "err.csv_columns");
        let e = err("0,0,5\n");
        assert_eq!((e.key, e.args[1].as_str()), ("err.csv_label", "5"));
        assert_eq!(err("0,0,-1\n").key, "err.csv_label");
        assert_eq!(err("0,0,1,maybe\n").key, "err.csv_split");
        assert_eq!(err("NaN,0,1\n").key, "err.csv_number");
        assert_eq!(err("1e9,0,1\n").key, "err.csv_number");
        assert_eq!(err("x1,x2,t\n\n").key, "err.csv_empty");
        assert_eq!(err("0,0,1,test\n").key, "err.csv_no_train");
        let many: String = (0..=MAX_POINTS)
            .map(|i| format!("{},0,0\n", i % 100))
            .collect();
        assert_eq!(err(&many).key, "err.csv_too_many");
        // Every message reads in both languages without a raw key.
        for e in [err("0,0\n"), err("0,0,5\n"), err("")] {
            assert!(!e.to_string().starts_with("err."), "{e}");
        }
    }
}
