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
    // numbers (#12 item 6): a gradient that overflowed while the loss was finite, said as such.
    ("err.not_finite_grad", "기울기가 NaN 또는 무한대가 되었습니다(오차역전파 중 넘침). 손실은 아직 유한한 값 {0}이었습니다. 가중치가 너무 커진 것이니 학습률이 너무 큰 것 같습니다. 학습을 멈췄습니다.", "A gradient became NaN or infinite (an overflow during backpropagation) while the loss was still finite ({0}): the weights have grown too large, so the learning rate is probably too high. Training is paused."),
    ("health.stuck", "우연 수준에 멈춤: {0}번 반복하는 동안 손실이 ≈ {1} (ln {2} = {3})에, 정확도가 {4} (1/{2} = {5}) 근처에 머물렀습니다. 신경망이 모든 입력에 같은 답을 내고 있습니다. 즉, 찍고 있습니다. 보통 학습률이나 초기 가중치가 너무 커서(ReLU가 죽거나 시그모이드가 포화되어 기울기가 사라짐) 또는 너무 작아서 생깁니다. 학습률이나 가중치 크기를 줄여 보고 초기화하세요.", "Stuck at chance: for {0} iterations the loss has stayed at ≈ {1} (ln {2} = {3}) and the accuracy near {4} (1/{2} = {5}). The network gives every input the same answer: it is guessing. Usually the learning rate or the initial weights are too large (ReLUs died or sigmoids saturated, so the gradients vanished), or far too small. Try a smaller lr or weight scale, then Reset."),
    ("pickle.err.depth", "pickle의 중첩 깊이가 한도 {0}단계를 넘어 거부했습니다.", "The pickle nests deeper than the limit of {0} levels and was refused."),
    ("pickle.err.objects", "pickle의 객체 수가 한도 {0}개를 넘어 거부했습니다.", "The pickle holds more than the limit of {0} objects and was refused."),
    ("pickle.err.bytes", "pickle을 풀면 한도 {0} MB를 넘으므로 거부했습니다.", "The pickle decodes to more than the limit of {0} MB and was refused."),
    ("pickle.err.stack", "pickle의 스택이 한도 {0}칸을 넘어 거부했습니다.", "The pickle's stack grows past the limit of {0} entries and was refused."),
    ("link.lab_case", "링크의 실험 이름 \"{0}\"을(를) {1}(으)로 고쳐 열었습니다 (이름은 소문자로 씁니다).", "The link's lab name \"{0}\" was corrected to {1} (lab names are lower case)."),
    ("link.lab_unknown", "링크의 실험 \"{0}\"은(는) 없습니다. 대신 {1}을(를) 열고 주소를 고쳤습니다.", "The link names a lab \"{0}\" that does not exist. {1} is shown instead, and the address is corrected."),
    ("recover.title", "nnlab이 멈췄습니다", "nnlab has stopped"),
    ("recover.body", "계산 모듈(WebAssembly)에 오류가 나서 이 페이지는 더 이상 동작하지 않습니다. 다시 불러오면 링크의 설정 그대로 다시 시작합니다.", "The computing module (WebAssembly) failed, so this page no longer works. Reload to start again with the link's settings."),
    ("recover.reload", "다시 불러오기", "Reload"),
    // Convolution arithmetic and CNN weights (issue #15).
    ("err.conv_stride", "{0}: 스트라이드 S는 1 이상이어야 합니다 (입력: 0).", "{0}: the stride S must be at least 1 (got 0)."),
    ("err.conv_filter_zero", "{0}: 필터 크기 {1}은(는) 1 이상이어야 합니다 (입력: 0).", "{0}: the filter size {1} must be at least 1 (got 0)."),
    ("err.conv_filter_too_big", "{0} = {1}: 필터({2})가 패딩한 입력({3})보다 커서 출력이 없습니다. 필터를 줄이거나 패딩을 늘리세요.", "{0} = {1}: the filter ({2}) is larger than the padded input ({3}), so there is no output. Use a smaller filter or more padding."),
    ("err.conv_not_integer", "{0} = {1}: {2}이(가) 나누어떨어지지 않아 출력 크기가 정수가 아닙니다. 스트라이드 {3}이(가) 나누어떨어지도록 입력, 필터, 패딩을 바꾸세요.", "{0} = {1}: {2} is not a whole number, so the output size is not an integer. Change the input, filter or pad so that the stride {3} divides it."),
    ("err.param_missing", "파일에 배열 {0}이(가) 없습니다.", "The file has no array {0}."),
    ("err.param_shape", "배열 {0}의 모양이 {1}인데, 이 신경망에는 {2}이(가) 필요합니다.", "The array {0} has shape {1}, but this network needs {2}."),
    ("err.param_extra", "파일의 배열 {0}은(는) 이 신경망에 없는 매개변수입니다 (이 신경망: {1}).", "The file's array {0} is not a parameter of this network (it has {1})."),
    ("err.run_too_long", "이 실행은 이 기기에서 약 {0} 걸릴 것으로 추정되어 시작하지 않았습니다 (한도 {1}). 반복 횟수, 배치 크기나 은닉층 크기를 줄이세요.", "This run would take about {0} on this device (estimated), so it did not start: the limit is {1}. Lower the iterations, the batch size or the hidden sizes."),
];
