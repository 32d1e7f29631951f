//! Short lists of numbers in the URL (`W1=1,-1,2,0.5`): written with `Route::set`, read back only when
//! every entry parses, is finite, lies in the stated range and the count is right (else the default).

use crate::urlstate::Route;

/// `v` as a comma-separated list, each number in its shortest round-tripping form.
pub fn write_list(r: &mut Route, key: &str, v: &[f32]) {
    let s: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    r.set(key, s.join(","));
}

/// Exactly `N` finite numbers within `lo..=hi`, or `default`.
pub fn read_array<const N: usize>(
    r: &Route,
    key: &str,
    lo: f32,
    hi: f32,
    default: [f32; N],
) -> [f32; N] {
    let Some(list) = r.list(key) else {
        return default;
    };
    if list.len() != N {
        return default;
    }
    let mut out = [0.0; N];
    for (o, s) in out.iter_mut().zip(list) {
        match s.parse::<f32>() {
            Ok(v) if v.is_finite() && (lo..=hi).contains(&v) => *o = v,
            _ => return default,
        }
    }
    out
}

/// An index below `n`, or `default`.
pub fn read_index(r: &Route, key: &str, n: usize, default: usize) -> usize {
    r.get(key)
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&k| k < n)
        .unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_round_trip_and_bad_ones_fall_back() {
        let mut r = Route::new("x");
        write_list(&mut r, "v", &[0.3, -2.5, 1010.0]);
        let back = Route::parse(&r.to_hash());
        assert_eq!(
            read_array(&back, "v", -2000.0, 2000.0, [0.0; 3]),
            [0.3, -2.5, 1010.0]
        );
        // Wrong count, out of range, not a number: the default.
        let d = [9.0; 3];
        assert_eq!(read_array(&back, "v", -1.0, 1.0, d), d);
        assert_eq!(read_array(&Route::parse("#x?v=1,2"), "v", -9.0, 9.0, d), d);
        assert_eq!(
            read_array(&Route::parse("#x?v=1,NaN,2"), "v", -9.0, 9.0, d),
            d
        );
        assert_eq!(read_index(&Route::parse("#x?t=7"), "t", 10, 2), 7);
        assert_eq!(read_index(&Route::parse("#x?t=10"), "t", 10, 2), 2);
    }
}
