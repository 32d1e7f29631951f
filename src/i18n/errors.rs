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
    ("err.min", "{0}은(는) {1} 이상이어야 합니다 (입력: {2}).", "{0} must be at least {1} (got {2})."),
    ("err.nonnegative", "{0}은(는) 0 이상의 유한한 수여야 합니다 (입력: {1}).", "{0} must be a finite number of at least 0 (got {1})."),
    ("err.range_open", "{0}은(는) {1} 이상 {2} 미만이어야 합니다 (입력: {3}).", "{0} must be at least {1} and less than {2} (got {3})."),
    ("err.too_big", "{0}의 크기 {1}이(가) 한도 {2}보다 큽니다.", "{0} has size {1}, more than the limit of {2}."),
    ("err.too_many_layers", "은닉층이 {0}개입니다. 최대 {1}개까지 만들 수 있습니다.", "There are {0} hidden layers; at most {1} are allowed."),
    ("err.too_many_params", "매개변수가 {0}개로 너무 많습니다 (최대 {1}개). 층이나 뉴런 수를 줄여 주세요.", "The network would have {0} parameters, more than the limit of {1}. Use fewer or smaller layers."),
    ("err.activation_count", "활성화 함수가 {0}개인데 은닉층은 {1}개입니다. 하나 또는 층마다 하나씩 지정하세요.", "{0} activations were given for {1} hidden layers: give one, or one per hidden layer."),
    ("err.label_range", "레이블 {0}이(가) 범위(0~{1})를 벗어났습니다.", "Label {0} is outside the range 0 to {1}."),
    ("pickle.err.depth", "pickle의 중첩 깊이가 한도 {0}단계를 넘어 거부했습니다.", "The pickle nests deeper than the limit of {0} levels and was refused."),
    ("pickle.err.objects", "pickle의 객체 수가 한도 {0}개를 넘어 거부했습니다.", "The pickle holds more than the limit of {0} objects and was refused."),
    ("pickle.err.bytes", "pickle을 풀면 한도 {0} MB를 넘으므로 거부했습니다.", "The pickle decodes to more than the limit of {0} MB and was refused."),
    ("pickle.err.stack", "pickle의 스택이 한도 {0}칸을 넘어 거부했습니다.", "The pickle's stack grows past the limit of {0} entries and was refused."),
    ("link.lab_case", "링크의 실험 이름 \"{0}\"을(를) {1}(으)로 고쳐 열었습니다 (이름은 소문자로 씁니다).", "The link's lab name \"{0}\" was corrected to {1} (lab names are lower case)."),
    ("link.lab_unknown", "링크의 실험 \"{0}\"은(는) 없습니다. 대신 {1}을(를) 열고 주소를 고쳤습니다.", "The link names a lab \"{0}\" that does not exist. {1} is shown instead, and the address is corrected."),
    ("recover.title", "nnlab이 멈췄습니다", "nnlab has stopped"),
    ("recover.body", "계산 모듈(WebAssembly)에 오류가 나서 이 페이지는 더 이상 동작하지 않습니다. 다시 불러오면 링크의 설정 그대로 다시 시작합니다.", "The computing module (WebAssembly) failed, so this page no longer works. Reload to start again with the link's settings."),
    ("recover.reload", "다시 불러오기", "Reload"),
];
