//! Strings of the loss-functions lab (ch4.2), in Korean and English.

use super::Entry;

pub const ENTRIES: &[Entry] = &[
    // The example: y, t, SSE and CEE.
    ("loss.ex.title", "출력 y와 정답 t, 그리고 두 손실 함수", "Output y, label t, and two loss functions"),
    (
        "loss.ex.intro",
        "신경망의 출력 y(10개 클래스)와 원-핫 정답 레이블 t를 비교해 손실을 계산합니다. 오차제곱합(SSE)과 교차 엔트로피 오차(CEE)의 모든 항이 표에 있습니다.",
        "The loss compares the network's output y (ten classes) with the one-hot label t. Every term of the sum of squared errors (SSE) and the cross-entropy error (CEE) is in the table.",
    ),
    ("loss.presets", "책의 예 (정답은 2)", "The book's examples (label 2)"),
    ("loss.preset.book_right", "2일 확률이 가장 높음 (0.6)", "\"2\" is most likely (0.6)"),
    ("loss.preset.book_wrong", "7일 확률이 가장 높음 (0.6)", "\"7\" is most likely (0.6)"),
    ("loss.mode", "출력 y 정하기", "Where y comes from"),
    ("loss.mode.p", "y를 직접 입력", "Type y directly"),
    ("loss.mode.s", "점수 a의 소프트맥스 y = softmax(a)", "Softmax of scores, y = softmax(a)"),
    ("loss.y", "출력 y₀ … y₉", "Output y₀ … y₉"),
    ("loss.scores", "점수 a₀ … a₉", "Scores a₀ … a₉"),
    ("loss.sum.ok", "Σyₖ = {0}: 합이 1인 확률 분포입니다.", "Σyₖ = {0}: a probability distribution (sums to 1)."),
    (
        "loss.sum.bad",
        "Σyₖ = {0}: 합이 1이 아니므로 확률 분포가 아닙니다. \"정규화\"를 누르거나 소프트맥스를 쓰세요.",
        "Σyₖ = {0}: this does not sum to 1, so it is not a probability distribution. Press \"Normalize\" or use softmax.",
    ),
    ("loss.normalize", "정규화 (합으로 나누기)", "Normalize (divide by the sum)"),
    ("loss.t", "정답 클래스 (원-핫 t)", "True class (one-hot t)"),
    ("loss.bars.chart", "출력 y의 막대그래프", "Bar chart of the output y"),
    ("loss.bars.caption", "강조된 칸이 정답 클래스 t입니다.", "The shaded class is the label t."),
    ("loss.terms.caption", "모든 항 (정답 클래스 행 강조)", "Every term (the true class highlighted)"),
    ("loss.sse", "오차제곱합 (SSE)", "Sum of squared errors (SSE)"),
    ("loss.cee", "교차 엔트로피 오차 (CEE)", "Cross-entropy error (CEE)"),
    (
        "loss.cee.note",
        "t가 원-핫이므로 CEE는 정답 클래스의 출력 하나만 봅니다. SSE는 모든 출력을 봅니다.",
        "With a one-hot t, CEE looks only at the true class's output; SSE looks at every output.",
    ),
    ("loss.curve.title", "정답 클래스의 −log y", "−log y of the true class"),
    ("loss.curve.chart", "−log(y + δ) 그래프, 현재 값 표시", "Chart of −log(y + δ), with the current value marked"),
    (
        "loss.curve.delta",
        "정답 클래스의 출력 y가 1에 가까우면 손실은 0에 가깝고, 0에 가까울수록 커집니다. log 0 = −∞라서 y = 0이면 계산이 무한대가 됩니다. 그래서 아주 작은 값 δ = 1e-7을 더합니다: −log(0 + 1e-7) ≈ 16.12에서 멈춥니다.",
        "When the true class's output y is near 1 the loss is near 0; as y falls to 0 it grows. log 0 = −∞, so y = 0 would make the loss infinite. That is why a tiny δ = 1e-7 is added: −log(0 + 1e-7) ≈ 16.12 caps it.",
    ),
    // The mini-batch.
    ("loss.batch.title", "미니배치의 평균 손실", "The mean loss of a mini-batch"),
    (
        "loss.batch.intro",
        "여러 예를 한꺼번에 계산하고 배치 크기 N으로 나눠 평균을 냅니다. 그래서 배치 크기가 달라도 손실을 비교할 수 있습니다. 1번 행은 위의 예이고, 나머지 행의 정답을 바꿀 수 있습니다.",
        "Several examples are scored at once and divided by the batch size N, so losses of different batch sizes compare. Row 1 is the example above; change the labels of the others.",
    ),
    ("loss.batch.size", "배치 크기 N", "Batch size N"),
    ("loss.batch.n", "n", "n"),
    ("loss.batch.y", "출력 yₙ", "Output yₙ"),
    ("loss.batch.t", "정답 tₙ", "Label tₙ"),
    ("loss.batch.yt", "정답 클래스의 y", "y of the true class"),
    ("loss.batch.e", "CEE Eₙ", "CEE Eₙ"),
    ("loss.batch.right", "argmax y = t?", "argmax y = t?"),
    ("loss.batch.from_above", "위에서", "from above"),
    ("loss.batch.yes", "맞음", "right"),
    ("loss.batch.no", "틀림", "wrong"),
    (
        "loss.batch.summary",
        "평균 CEE = {0}, 평균 SSE = {1}, 정확도 = {2}%",
        "Mean CEE = {0}, mean SSE = {1}, accuracy = {2}%",
    ),
    // Why accuracy cannot be the loss.
    ("loss.acc.title", "왜 정확도를 손실로 쓸 수 없나", "Why accuracy cannot be the loss"),
    (
        "loss.acc.intro",
        "점 8개를 분류하는 뉴런 하나 y = σ(w·x + b)에서 가중치 w만 움직여 봅니다. 정확도는 계단 모양이고, 교차 엔트로피 오차는 매끄럽습니다.",
        "One neuron y = σ(w·x + b) classifies eight points; only the weight w moves. Accuracy is a staircase; the cross-entropy error is smooth.",
    ),
    ("loss.acc.chart_acc", "w에 따른 정확도", "Accuracy against w"),
    ("loss.acc.chart_loss", "w에 따른 교차 엔트로피 오차", "Cross-entropy error against w"),
    ("loss.acc.cap_acc", "정확도: 계단 모양, 거의 모든 곳에서 기울기 0", "Accuracy: a staircase, slope 0 almost everywhere"),
    ("loss.acc.cap_loss", "교차 엔트로피 오차 E(w): 매끄러움", "Cross-entropy error E(w): smooth"),
    (
        "loss.acc.hint",
        "그래프를 가리키거나 누르면(또는 그래프에서 ← → 키) w를 옮길 수 있습니다.",
        "Point at or tap a chart (or use ← → on it) to move w.",
    ),
    ("loss.acc.value", "값", "Value"),
    ("loss.acc.slope", "기울기 (중앙 차분, h = 1e-4)", "Slope (central difference, h = 1e-4)"),
    ("loss.acc.accuracy", "정확도", "Accuracy"),
    ("loss.acc.loss", "교차 엔트로피 오차", "Cross-entropy error"),
    (
        "loss.acc.why",
        "정확도의 기울기는 거의 모든 w에서 0이라 경사하강법이 어느 쪽으로 가야 할지 알 수 없습니다. 손실 함수는 연속적이고 미분 가능해서 w를 조금만 바꿔도 값이 변하고, 그 기울기가 방향을 알려 줍니다.",
        "The slope of accuracy is 0 at almost every w, so gradient descent gets no signal about which way to go. The loss is continuous and differentiable: any small change of w changes it, and its slope gives the direction.",
    ),
];
