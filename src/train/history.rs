//! Bounded training history: the loss per step, decimated by averaging pairs once it holds `MAX_POINTS`
//! (so point j is the mean loss over steps j·stride + 1 ..= (j + 1)·stride), and accuracy per epoch.
//! An hour of training keeps at most a few thousand numbers.

/// At most this many loss points (and as many epoch records) are kept.
pub const MAX_POINTS: usize = 2000;

/// Train and test accuracy measured at the end of an epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpochInfo {
    /// Epochs completed (1 after the first).
    pub epoch: usize,
    /// Steps completed when it was measured.
    pub iteration: usize,
    pub train_acc: f32,
    /// None when the trainer has no test data.
    pub test_acc: Option<f32>,
}

/// The loss curve and accuracy records of one training run.
#[derive(Clone, Debug)]
pub struct History {
    losses: Vec<f32>,
    /// Steps per loss point (a power of two).
    stride: usize,
    pending_sum: f64,
    pending_n: usize,
    last_loss: Option<f32>,
    epochs: Vec<EpochInfo>,
    /// Only epochs that are multiples of this are kept (a power of two).
    epoch_stride: usize,
}

impl Default for History {
    fn default() -> Self {
        History {
            losses: Vec::new(),
            stride: 1,
            pending_sum: 0.0,
            pending_n: 0,
            last_loss: None,
            epochs: Vec::new(),
            epoch_stride: 1,
        }
    }
}

impl History {
    /// Record one step's loss.
    pub fn push_loss(&mut self, loss: f32) {
        self.last_loss = Some(loss);
        self.pending_sum += loss as f64;
        self.pending_n += 1;
        if self.pending_n < self.stride {
            return;
        }
        self.losses
            .push((self.pending_sum / self.pending_n as f64) as f32);
        self.pending_sum = 0.0;
        self.pending_n = 0;
        if self.losses.len() >= MAX_POINTS {
            // Merge neighbours: the curve keeps its shape with half the points, each covering twice the steps.
            self.losses = self
                .losses
                .chunks_exact(2)
                .map(|p| 0.5 * (p[0] + p[1]))
                .collect();
            self.stride *= 2;
        }
    }

    /// Record an epoch's accuracies (kept when `epoch` is a multiple of the current epoch stride).
    pub fn push_epoch(&mut self, info: EpochInfo) {
        if !info.epoch.is_multiple_of(self.epoch_stride) {
            return;
        }
        self.epochs.push(info);
        if self.epochs.len() >= MAX_POINTS {
            self.epoch_stride *= 2;
            let s = self.epoch_stride;
            self.epochs.retain(|e| e.epoch.is_multiple_of(s));
        }
    }

    /// The loss points: each is the mean loss of `stride()` consecutive steps.
    pub fn losses(&self) -> &[f32] {
        &self.losses
    }

    /// Steps per loss point.
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// (iteration, loss) pairs for a chart: point j is placed at the last step it covers, (j + 1)·stride.
    pub fn loss_points(&self) -> impl Iterator<Item = (usize, f32)> + '_ {
        self.losses
            .iter()
            .enumerate()
            .map(|(j, &l)| ((j + 1) * self.stride, l))
    }

    /// The loss of the most recent step (not averaged).
    pub fn last_loss(&self) -> Option<f32> {
        self.last_loss
    }

    pub fn epochs(&self) -> &[EpochInfo] {
        &self.epochs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_run_stays_bounded_and_keeps_the_mean() {
        let mut h = History::default();
        let n = 100_000;
        for i in 0..n {
            h.push_loss(i as f32);
        }
        assert!(
            h.losses().len() < MAX_POINTS && h.losses().len() >= MAX_POINTS / 4,
            "{}",
            h.losses().len()
        );
        assert!(h.stride() > 1);
        // Each point is the mean of its steps 0-based (j·s .. (j+1)·s), i.e. j·s + (s − 1)/2.
        let s = h.stride() as f32;
        for (j, &l) in h.losses().iter().enumerate().take(5) {
            assert!(
                (l - (j as f32 * s + (s - 1.0) / 2.0)).abs() < 1e-3 * s,
                "{j}: {l}"
            );
        }
        let (last_it, _) = h.loss_points().last().unwrap();
        assert!(last_it <= n && last_it > n - 2 * h.stride());
        assert_eq!(h.last_loss(), Some((n - 1) as f32));
        for e in 1..=5000 {
            h.push_epoch(EpochInfo {
                epoch: e,
                iteration: e,
                train_acc: 0.5,
                test_acc: None,
            });
        }
        assert!(h.epochs().len() < MAX_POINTS);
        assert!(h.epochs().windows(2).all(|w| w[0].epoch < w[1].epoch));
    }
}
