//! Engine error messages in Korean and English. `{0}`, `{1}` are filled by `Error::args`.

use super::Entry;

pub const ENTRIES: &[Entry] = &[
    ("err.positive", "{0}은(는) 0보다 큰 유한한 수여야 합니다 (입력: {1}).", "{0} must be a finite number greater than 0 (got {1})."),
    ("err.finite", "{0}은(는) 유한한 수여야 합니다 (입력: {1}).", "{0} must be a finite number (got {1})."),
    ("err.range", "{0}은(는) {1}에서 {2} 사이여야 합니다 (입력: {3}).", "{0} must be between {1} and {2} (got {3})."),
    ("err.empty", "{0}이(가) 비어 있습니다.", "{0} is empty."),
    ("err.shape", "모양이 맞지 않습니다: {0}은(는) {1}, {2}은(는) {3}.", "Shapes do not match: {0} is {1}, {2} is {3}."),
    ("err.batch_too_big", "배치 크기 {0}이(가) 데이터 수 {1}보다 큽니다.", "Batch size {0} is larger than the data ({1} samples)."),
    ("err.unknown", "알 수 없는 {0}: {1}", "Unknown {0}: {1}"),
    ("err.not_finite_loss", "손실이 {0}이(가) 되었습니다. 학습률이 너무 큰 것 같습니다. 학습을 멈췄습니다.", "The loss became {0}. The learning rate is probably too high. Training is paused."),
];
