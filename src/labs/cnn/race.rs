//! MLP vs CNN (view 6): the book's MLP (784-100-10 or 784-50-100-10, ReLU, init std 0.01, SGD lr 0.1, batch 100:
//! the MNIST lab's recipe) and SimpleConvNet (the book's: Adam lr 0.001, batch 100) trained on the same digits for
//! the same time budget each. Test accuracy = (number of argmax y = t) / n on the same first `RACE_TEST` test
//! digits, measured at every tenth of the budget (the measuring is not counted as training time). The core keeps
//! no clock: the caller says how long each step took.

use ndarray::{s, Array2};

use super::train_config::CnnTrainConfig;
use crate::labs::mnist::session::Data;
use crate::labs::mnist::MnistLabConfig;
use crate::loss::argmax_rows;
use crate::train::{TrainConfig, Trainer};
use crate::urlstate::Route;
use crate::Result;

/// Seconds of training per network, stated in the UI.
pub const BUDGET_RANGE: (usize, usize) = (5, 120);
/// Accuracy points per network after the untrained one.
pub const POINTS: usize = 10;
/// Test digits each accuracy is measured on (the first ones of the test set).
pub const RACE_TEST: usize = 1_000;

/// The race's settings: seconds per network and which of the book's MLPs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaceConfig {
    pub budget_s: usize,
    /// The MLP's hidden layers: [100] or [50, 100].
    pub hidden: Vec<usize>,
}

impl Default for RaceConfig {
    fn default() -> Self {
        RaceConfig {
            budget_s: 20,
            hidden: vec![100],
        }
    }
}

/// The MLPs to choose from, as the link writes them.
pub const MLPS: [(&str, &[usize]); 2] = [("100", &[100]), ("50-100", &[50, 100])];

impl RaceConfig {
    pub fn write(&self, r: &mut Route) {
        r.set("rb", self.budget_s);
        let key = MLPS
            .iter()
            .find(|(_, h)| *h == self.hidden.as_slice())
            .map_or("100", |(k, _)| k);
        r.set("rm", key);
    }

    /// Read from a link; bad values fall back to the defaults.
    pub fn read(r: &Route) -> Self {
        let d = Self::default();
        let budget_s = r.usize_in("rb", BUDGET_RANGE.0, BUDGET_RANGE.1, d.budget_s);
        let hidden = r
            .get("rm")
            .and_then(|k| MLPS.iter().find(|(key, _)| *key == k))
            .map_or(d.hidden, |(_, h)| h.to_vec());
        RaceConfig { budget_s, hidden }
    }

    /// The MLP's settings: the MNIST lab's defaults with these hidden layers.
    pub fn mlp(&self) -> MnistLabConfig {
        MnistLabConfig {
            hidden: self.hidden.clone(),
            ..MnistLabConfig::default()
        }
    }
}

/// One network in the race.
pub struct Racer {
    pub trainer: Trainer,
    pub spent_ms: f64,
    pub steps: usize,
    /// (seconds of training, test accuracy), starting with the untrained network at 0 s.
    pub curve: Vec<(f64, f32)>,
}

/// Both networks, the shared test digits and the budget.
pub struct Race {
    pub racers: [Racer; 2],
    pub budget_ms: f64,
    x_test: Array2<f32>,
    labels: Vec<usize>,
}

/// Index of the MLP and of the CNN in `racers`.
pub const MLP: usize = 0;
pub const CNN: usize = 1;

impl Race {
    pub fn new(cfg: &RaceConfig, cnn: &CnnTrainConfig, data: &Data) -> Result<Race> {
        let n = data.test_labels.len().min(RACE_TEST);
        let x_test = data.x_test.slice(s![..n, ..]).to_owned();
        let labels = data.test_labels[..n].to_vec();
        let train = || (data.train.x(true), data.train.t_one_hot());
        // No epoch-end measurement to speak of (the race measures on its own, outside the budget).
        let quiet = |t: TrainConfig| TrainConfig {
            iters: usize::MAX / 2,
            eval_limit: 100,
            ..t
        };
        let mlp_cfg = cfg.mlp();
        let mlp = Trainer::new(
            mlp_cfg.net_config().build()?,
            train(),
            None,
            quiet(mlp_cfg.train_config(100)),
        )?;
        let conv = Trainer::new(
            cnn.conv_config().build()?,
            train(),
            None,
            quiet(cnn.train_config()),
        )?;
        let racer = |trainer| Racer {
            trainer,
            spent_ms: 0.0,
            steps: 0,
            curve: Vec::new(),
        };
        let mut race = Race {
            racers: [racer(mlp), racer(conv)],
            budget_ms: cfg.budget_s as f64 * 1000.0,
            x_test,
            labels,
        };
        for i in [MLP, CNN] {
            let a = race.accuracy(i)?;
            race.racers[i].curve.push((0.0, a));
        }
        Ok(race)
    }

    fn accuracy(&mut self, i: usize) -> Result<f32> {
        let net = self.racers[i].trainer.net_mut();
        let mut right = 0;
        let n = self.labels.len();
        for at in (0..n).step_by(100) {
            let end = (at + 100).min(n);
            let y = net.predict(&self.x_test.slice(s![at..end, ..]).to_owned())?;
            right += argmax_rows(y.view())
                .iter()
                .zip(&self.labels[at..end])
                .filter(|(a, b)| a == b)
                .count();
        }
        Ok(right as f32 / n.max(1) as f32)
    }

    /// Who trains next: the network with less time spent, while its budget lasts; None when both are done.
    pub fn next(&self) -> Option<usize> {
        [MLP, CNN]
            .into_iter()
            .filter(|&i| self.racers[i].spent_ms < self.budget_ms)
            .min_by(|&a, &b| self.racers[a].spent_ms.total_cmp(&self.racers[b].spent_ms))
    }

    pub fn is_done(&self) -> bool {
        self.next().is_none()
    }

    /// One mini-batch step of racer `i` (time it, then call `add_time`).
    pub fn step(&mut self, i: usize) -> Result<()> {
        self.racers[i].trainer.step()?;
        self.racers[i].steps += 1;
        Ok(())
    }

    /// Count `ms` of training for racer `i`; at each tenth of the budget (and at its end) measure its accuracy.
    pub fn add_time(&mut self, i: usize, ms: f64) -> Result<()> {
        let r = &mut self.racers[i];
        r.spent_ms += ms.max(0.0);
        let due = (r.curve.len() as f64) * self.budget_ms / POINTS as f64;
        if r.curve.len() <= POINTS && (r.spent_ms >= due || r.spent_ms >= self.budget_ms) {
            let t = r.spent_ms.min(self.budget_ms) / 1000.0;
            let a = self.accuracy(i)?;
            self.racers[i].curve.push((t, a));
        }
        Ok(())
    }

    /// Samples per second of training (0 before any).
    pub fn samples_per_s(&self, i: usize) -> f64 {
        let r = &self.racers[i];
        if r.spent_ms > 0.0 {
            (r.steps * r.trainer.config().batch_size) as f64 / (r.spent_ms / 1000.0)
        } else {
            0.0
        }
    }

    /// The page's view of the race, as numbers (one transferred buffer).
    pub fn progress(&self) -> RaceProgress {
        RaceProgress {
            budget_s: self.budget_ms / 1000.0,
            done: self.is_done(),
            racers: [MLP, CNN].map(|i| RacerProgress {
                spent_s: self.racers[i].spent_ms / 1000.0,
                steps: self.racers[i].steps,
                samples_per_s: self.samples_per_s(i),
                params: self.racers[i].trainer.net().param_count(),
                curve: self.racers[i].curve.clone(),
            }),
        }
    }
}

/// One network's numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct RacerProgress {
    pub spent_s: f64,
    pub steps: usize,
    pub samples_per_s: f64,
    pub params: usize,
    pub curve: Vec<(f64, f32)>,
}

/// The race as the page sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct RaceProgress {
    pub budget_s: f64,
    pub done: bool,
    pub racers: [RacerProgress; 2],
}

impl RaceProgress {
    /// [budget, done, then per network: spent, steps, samples/s, params, #points, (t, acc)…].
    pub fn encode(&self) -> Vec<f64> {
        let mut v = vec![self.budget_s, if self.done { 1.0 } else { 0.0 }];
        for r in &self.racers {
            v.extend([
                r.spent_s,
                r.steps as f64,
                r.samples_per_s,
                r.params as f64,
                r.curve.len() as f64,
            ]);
            for &(t, a) in &r.curve {
                v.extend([t, a as f64]);
            }
        }
        v
    }

    pub fn decode(v: &[f64]) -> Option<RaceProgress> {
        let mut it = v.iter().copied();
        let mut next = || it.next();
        let budget_s = next()?;
        let done = next()? != 0.0;
        let mut racer = || -> Option<RacerProgress> {
            let (spent_s, steps, samples_per_s, params, n) =
                (next()?, next()?, next()?, next()?, next()?);
            if !(0.0..=(POINTS as f64 + 1.0)).contains(&n) {
                return None;
            }
            let curve = (0..n as usize)
                .map(|_| Some((next()?, next()? as f32)))
                .collect::<Option<Vec<_>>>()?;
            Some(RacerProgress {
                spent_s,
                steps: steps as usize,
                samples_per_s,
                params: params as usize,
                curve,
            })
        };
        let a = racer()?;
        let b = racer()?;
        Some(RaceProgress {
            budget_s,
            done,
            racers: [a, b],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::mnist::Mnist;

    fn data() -> Data {
        // Learnable toy digits: class k lights rows 2k..2k+2 (with some noise).
        let n = 400;
        let mut pixels = vec![0u8; n * 784];
        let labels: Vec<u8> = (0..n).map(|i| (i % 10) as u8).collect();
        for (i, &l) in labels.iter().enumerate() {
            for y in 2 * l as usize + 4..2 * l as usize + 7 {
                for x in 4..24 {
                    pixels[i * 784 + y * 28 + x] = 200 + ((i * 7 + x) % 50) as u8;
                }
            }
        }
        let m = Mnist { pixels, labels };
        Data::new(m.head(300), m.subset(&(300..400).collect::<Vec<_>>()))
    }

    #[test]
    fn both_train_for_the_same_time_and_are_measured_at_every_tenth() {
        let d = data();
        let cnn = CnnTrainConfig {
            filter_num: 4,
            hidden_size: 20,
            ..Default::default()
        };
        let cfg = RaceConfig {
            budget_s: 5,
            ..Default::default()
        };
        let mut race = Race::new(&cfg, &cnn, &d).unwrap();
        assert_eq!(race.racers[MLP].curve.len(), 1);
        // The MLP's steps "take" 50 ms, the CNN's 250 ms: the MLP makes five times the steps in the same time.
        let mut turns = 0;
        while let Some(i) = race.next() {
            race.step(i).unwrap();
            race.add_time(i, if i == MLP { 50.0 } else { 250.0 })
                .unwrap();
            turns += 1;
            assert!(turns < 10_000);
        }
        let p = race.progress();
        assert!(p.done);
        assert_eq!((p.racers[MLP].steps, p.racers[CNN].steps), (100, 20));
        for r in &p.racers {
            assert_eq!(r.curve.len(), POINTS + 1);
            assert!((r.spent_s - 5.0).abs() < 1e-9);
            assert!((r.curve.last().unwrap().0 - 5.0).abs() < 1e-9);
            assert!(r.curve.windows(2).all(|w| w[0].0 < w[1].0));
        }
        // The MLP learned the toy digits within its 100 steps (SGD lr 0.1).
        let mlp_end = p.racers[MLP].curve.last().unwrap().1;
        assert!(mlp_end > 0.5, "{mlp_end}");
        assert_eq!(p.racers[MLP].params, 784 * 100 + 100 + 100 * 10 + 10);
        assert!((p.racers[MLP].samples_per_s - 2000.0).abs() < 1e-6);
        assert_eq!(RaceProgress::decode(&p.encode()), Some(p));
        assert_eq!(RaceProgress::decode(&[1.0, 0.0, 1.0]), None);
    }

    #[test]
    fn the_link_round_trips_and_bad_values_fall_back() {
        let c = RaceConfig {
            budget_s: 40,
            hidden: vec![50, 100],
        };
        let mut r = Route::new("cnn");
        c.write(&mut r);
        assert_eq!(RaceConfig::read(&r), c);
        let bad = Route::parse("#cnn?rb=9999&rm=7");
        assert_eq!(RaceConfig::read(&bad), RaceConfig::default());
        assert_eq!(c.mlp().net_config().hidden, vec![50, 100]);
    }
}
