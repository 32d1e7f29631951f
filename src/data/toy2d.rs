//! 2-D toy data sets for the playground: the book's XOR four points, noisy XOR clusters, circle, two Gaussians,
//! spiral, moons, and three-class blobs and spiral. Each point is x = (x1, x2) with a class label t; a seeded
//! shuffle marks round(N · test_ratio) of them as test points. The same settings always give the same points.

use std::f32::consts::PI;

use crate::rng::Rng;

/// The most classes a point may have (the three-class sets use all of them).
pub const MAX_CLASSES: usize = 3;
/// The most points in one data set (generated, clicked or imported).
pub const MAX_POINTS: usize = 2000;

/// Which generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The book's XOR truth table: (0,0)→0, (1,0)→1, (0,1)→1, (1,1)→0. N, noise and the split are ignored.
    Xor4,
    /// Four Gaussian clusters at (±½, ±½); t = 1 where x1·x2 < 0.
    Xor,
    /// A disc (t = 0) inside a ring (t = 1).
    Circle,
    /// Two Gaussian blobs.
    Gauss,
    /// Two interleaved spiral arms.
    Spiral,
    /// Two interleaving half circles (scikit-learn's make_moons).
    Moons,
    /// Three Gaussian blobs (three classes).
    Blobs3,
    /// Three spiral arms (three classes).
    Spiral3,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Xor4,
        Kind::Xor,
        Kind::Circle,
        Kind::Gauss,
        Kind::Spiral,
        Kind::Moons,
        Kind::Blobs3,
        Kind::Spiral3,
    ];

    /// A stable key for URLs and i18n (`pg.data.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Xor4 => "xor4",
            Kind::Xor => "xor",
            Kind::Circle => "circle",
            Kind::Gauss => "gauss",
            Kind::Spiral => "spiral",
            Kind::Moons => "moons",
            Kind::Blobs3 => "blobs3",
            Kind::Spiral3 => "spiral3",
        }
    }

    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn classes(self) -> usize {
        match self {
            Kind::Blobs3 | Kind::Spiral3 => 3,
            _ => 2,
        }
    }

    /// The square [lo, hi]² shown on screen for this set.
    pub fn domain(self) -> (f32, f32) {
        match self {
            Kind::Xor4 => (-0.5, 1.5),
            _ => (-1.5, 1.5),
        }
    }
}

/// One labelled point; `test` points are held out of training.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: [f32; 2],
    pub label: usize,
    pub test: bool,
}

/// Points, their number of classes, and the square [lo, hi]² they are drawn in.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    pub points: Vec<Point>,
    pub classes: usize,
    pub domain: (f32, f32),
}

/// The generator's settings. `Default`: the book's XOR four points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ToyConfig {
    pub kind: Kind,
    /// Number of points (4..=`MAX_POINTS`; ignored by `Xor4`).
    pub n: usize,
    /// 0 = clean shapes; 1 = heavily blurred.
    pub noise: f32,
    /// The fraction held out as test points, in [0, 0.9].
    pub test_ratio: f32,
    pub seed: u64,
}

impl Default for ToyConfig {
    fn default() -> Self {
        ToyConfig {
            kind: Kind::Xor4,
            n: 200,
            noise: 0.2,
            test_ratio: 0.3,
            seed: 1,
        }
    }
}

impl ToyConfig {
    /// Generate the points. Labels cycle 0, 1, (2,) … so the classes are balanced.
    pub fn generate(&self) -> Dataset {
        let kind = self.kind;
        let mut rng = Rng::new(self.seed);
        let n = self.n.clamp(4, MAX_POINTS);
        let noise = if self.noise.is_finite() {
            self.noise.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let k = kind.classes();
        let mut points: Vec<Point> = if kind == Kind::Xor4 {
            [
                ([0.0, 0.0], 0),
                ([1.0, 0.0], 1),
                ([0.0, 1.0], 1),
                ([1.0, 1.0], 0),
            ]
            .into_iter()
            .map(|(x, label)| Point {
                x,
                label,
                test: false,
            })
            .collect()
        } else {
            (0..n)
                .map(|i| {
                    let label = i % k;
                    // Position along the class's shape, in [0, 1), so arms and rings are evenly filled.
                    let s = (i / k) as f32 / n.div_ceil(k) as f32;
                    Point {
                        x: sample(kind, label, s, noise, &mut rng),
                        label,
                        test: false,
                    }
                })
                .collect()
        };
        if kind != Kind::Xor4 {
            mark_test(&mut points, self.test_ratio, &mut rng);
        }
        Dataset {
            points,
            classes: k,
            domain: kind.domain(),
        }
    }
}

/// Mark round(N · ratio) points, chosen by a seeded shuffle, as test points (at least one stays for training).
pub fn mark_test(points: &mut [Point], ratio: f32, rng: &mut Rng) {
    let ratio = if ratio.is_finite() {
        ratio.clamp(0.0, 0.9)
    } else {
        0.0
    };
    let n = points.len();
    let n_test = ((n as f32 * ratio).round() as usize).min(n.saturating_sub(1));
    let mut idx: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut idx);
    for p in points.iter_mut() {
        p.test = false;
    }
    for &i in &idx[..n_test] {
        points[i].test = true;
    }
}

/// One point of class `label` at position `s` ∈ [0, 1) along its shape.
fn sample(kind: Kind, label: usize, s: f32, noise: f32, rng: &mut Rng) -> [f32; 2] {
    let a_uniform = 2.0 * PI * rng.uniform();
    let flip = if rng.uniform() < 0.5 { -1.0 } else { 1.0 };
    let mut gauss = |sigma: f32| sigma * rng.normal();
    match kind {
        Kind::Xor4 => [0.0, 0.0],
        Kind::Xor => {
            // Class 0 in quadrants I and III, class 1 in II and IV; which of the two is a coin flip.
            let (cx, cy) = if label == 0 { (0.5, 0.5) } else { (-0.5, 0.5) };
            let sigma = 0.12 + 0.3 * noise;
            [flip * cx + gauss(sigma), flip * cy + gauss(sigma)]
        }
        Kind::Circle => {
            let r = if label == 0 {
                0.5 * s.sqrt()
            } else {
                0.75 + 0.25 * s
            };
            let sigma = 0.12 * noise;
            [
                r * a_uniform.cos() + gauss(sigma),
                r * a_uniform.sin() + gauss(sigma),
            ]
        }
        Kind::Gauss => {
            let c = if label == 0 { -0.5 } else { 0.5 };
            let sigma = 0.15 + 0.35 * noise;
            [c + gauss(sigma), c + gauss(sigma)]
        }
        Kind::Spiral | Kind::Spiral3 => {
            let k = if kind == Kind::Spiral { 2.0 } else { 3.0 };
            let r = 0.05 + 0.95 * s;
            let a = 1.75 * 2.0 * PI * s + 2.0 * PI * label as f32 / k;
            let sigma = 0.08 * noise;
            [r * a.sin() + gauss(sigma), r * a.cos() + gauss(sigma)]
        }
        Kind::Moons => {
            let a = PI * s;
            let (x, y) = if label == 0 {
                (a.cos(), a.sin())
            } else {
                (1.0 - a.cos(), 0.5 - a.sin())
            };
            // make_moons spans x ∈ [−1, 2], y ∈ [−0.5, 1]: centre it and shrink it into the domain.
            let sigma = 0.2 * noise;
            [
                0.6 * (x - 0.5 + gauss(sigma)),
                0.6 * (y - 0.25 + gauss(sigma)),
            ]
        }
        Kind::Blobs3 => {
            let a = PI / 2.0 + 2.0 * PI * label as f32 / 3.0;
            let sigma = 0.12 + 0.3 * noise;
            [0.7 * a.cos() + gauss(sigma), 0.7 * a.sin() + gauss(sigma)]
        }
    }
}

impl Dataset {
    /// The training (or test) points as x (N × 2, row-major) and labels.
    pub fn split(&self, test: bool) -> (Vec<f32>, Vec<usize>) {
        let mut x = Vec::new();
        let mut t = Vec::new();
        for p in self.points.iter().filter(|p| p.test == test) {
            x.extend_from_slice(&p.x);
            t.push(p.label);
        }
        (x, t)
    }

    /// The index of the point nearest to `at` within `radius` (data units), if any.
    pub fn nearest(&self, at: [f32; 2], radius: f32) -> Option<usize> {
        let d2 = |p: &Point| (p.x[0] - at[0]).powi(2) + (p.x[1] - at[1]).powi(2);
        self.points
            .iter()
            .enumerate()
            .filter(|(_, p)| d2(p) <= radius * radius)
            .min_by(|a, b| d2(a.1).total_cmp(&d2(b.1)))
            .map(|(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(kind: Kind) -> ToyConfig {
        ToyConfig {
            kind,
            n: 300,
            noise: 0.3,
            test_ratio: 0.2,
            seed: 7,
        }
    }

    #[test]
    fn xor4_is_the_truth_table() {
        let d = ToyConfig::default().generate();
        let got: Vec<_> = d.points.iter().map(|p| (p.x, p.label, p.test)).collect();
        assert_eq!(
            got,
            vec![
                ([0.0, 0.0], 0, false),
                ([1.0, 0.0], 1, false),
                ([0.0, 1.0], 1, false),
                ([1.0, 1.0], 0, false)
            ]
        );
        assert_eq!(d.classes, 2);
    }

    #[test]
    fn every_set_has_its_size_classes_split_and_stays_in_view() {
        for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::Xor4) {
            let d = cfg(kind).generate();
            assert_eq!(d.points.len(), 300, "{kind:?}");
            assert_eq!(d.classes, kind.classes());
            for c in 0..d.classes {
                let count = d.points.iter().filter(|p| p.label == c).count();
                assert_eq!(count, 300 / d.classes, "{kind:?} class {c}");
            }
            assert_eq!(d.points.iter().filter(|p| p.test).count(), 60, "{kind:?}");
            let (lo, hi) = d.domain;
            let inside = d
                .points
                .iter()
                .filter(|p| p.x.iter().all(|&v| v.is_finite() && v > lo && v < hi))
                .count();
            assert!(inside >= 295, "{kind:?}: only {inside} of 300 in view");
            let (x, t) = d.split(false);
            assert_eq!((x.len(), t.len()), (480, 240));
        }
    }

    #[test]
    fn shapes_are_what_they_say() {
        // Circle: class 0 inside r = 0.6, class 1 outside, when noise is 0.
        let d = ToyConfig {
            noise: 0.0,
            ..cfg(Kind::Circle)
        }
        .generate();
        for p in &d.points {
            let r = (p.x[0].powi(2) + p.x[1].powi(2)).sqrt();
            assert_eq!(p.label == 0, r < 0.6, "r = {r}");
        }
        // XOR clusters: the sign of x1·x2 gives the class for nearly every point at low noise.
        let d = ToyConfig {
            noise: 0.0,
            ..cfg(Kind::Xor)
        }
        .generate();
        let right = d
            .points
            .iter()
            .filter(|p| (p.x[0] * p.x[1] < 0.0) == (p.label == 1))
            .count();
        assert!(right >= 290, "{right}");
    }

    #[test]
    fn the_same_seed_gives_the_same_points_and_another_seed_does_not() {
        for kind in Kind::ALL {
            assert_eq!(cfg(kind).generate(), cfg(kind).generate(), "{kind:?}");
        }
        let other = ToyConfig {
            seed: 8,
            ..cfg(Kind::Spiral)
        };
        assert_ne!(cfg(Kind::Spiral).generate(), other.generate());
    }

    #[test]
    fn keys_round_trip_and_nearest_finds_a_point() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_key(k.key()), Some(k));
        }
        assert_eq!(Kind::from_key("nope"), None);
        let d = ToyConfig::default().generate();
        assert_eq!(d.nearest([0.9, 0.05], 0.2), Some(1));
        assert_eq!(d.nearest([0.5, 0.5], 0.2), None);
    }
}
