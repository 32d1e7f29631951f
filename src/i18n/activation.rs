//! Strings of the activation-functions lab (ch3), in Korean and English.

use super::Entry;

pub const ENTRIES: &[Entry] = &[
    ("act.functions", "함수", "Functions"),
    ("act.step", "계단 함수", "Step function"),
    ("act.sigmoid", "시그모이드 함수", "Sigmoid"),
    ("act.tanh", "tanh 함수", "tanh"),
    ("act.relu", "ReLU 함수", "ReLU"),
    ("act.leaky_relu", "Leaky ReLU 함수", "Leaky ReLU"),
    ("act.identity", "항등 함수", "Identity"),
    (
        "act.derivative",
        "도함수 h′(x)도 그리기 (점선)",
        "Also draw the derivative h′(x) (dashed)",
    ),
    ("act.leaky_a", "Leaky ReLU 기울기 a", "Leaky ReLU slope a"),
    ("act.x_max", "x 범위 ±", "x range ±"),
    (
        "act.chart",
        "활성화 함수 그래프",
        "Chart of the activation functions",
    ),
    (
        "act.readout.hint",
        "그래프를 가리키거나 누르면(또는 그래프에서 ← → 키) 그 x에서의 값을 읽을 수 있습니다.",
        "Point at or tap the chart (or use ← → on it) to read the values at that x.",
    ),
    ("act.col.fn", "함수", "Function"),
    ("act.formulas", "수식", "Formulas"),
    (
        "act.none",
        "그릴 함수를 하나 이상 고르세요.",
        "Choose at least one function to draw.",
    ),
    // The non-linearity demonstration.
    ("act.lin.title", "왜 활성화 함수는 비선형이어야 하나", "Why the activation must be non-linear"),
    (
        "act.lin.intro",
        "선형 층 두 개를 이어 붙여도 선형 층 하나와 같습니다. 아래 가중치와 편향을 바꿔 보세요. 합성된 가중치 W = W₂W₁와 편향 b = W₂b₁ + b₂로 한 층만 계산해도 y가 똑같습니다. 사이에 ReLU를 넣으면 이 등식이 깨집니다.",
        "Two linear layers in a row are just one linear layer. Change the weights and biases below: the composed weights W = W₂W₁ and bias b = W₂b₁ + b₂ give the same y in a single layer. Put ReLU between the layers and the equality breaks.",
    ),
    ("act.lin.w1", "1층 가중치 W₁", "Layer 1 weights W₁"),
    ("act.lin.b1", "1층 편향 b₁", "Layer 1 bias b₁"),
    ("act.lin.w2", "2층 가중치 W₂", "Layer 2 weights W₂"),
    ("act.lin.b2", "2층 편향 b₂", "Layer 2 bias b₂"),
    ("act.lin.x", "입력 x", "Input x"),
    (
        "act.lin.relu",
        "두 층 사이에 ReLU h(a) = max(0, a) 넣기",
        "Put ReLU h(a) = max(0, a) between the layers",
    ),
    ("act.lin.two_layers", "두 층으로 계산", "Through the two layers"),
    ("act.lin.one_layer", "합성한 한 층으로 계산", "Through the one composed layer"),
    (
        "act.lin.same",
        "같습니다: 선형 층을 쌓아도 한 층 Wx + b로 바꿀 수 있으므로 층을 깊게 하는 의미가 없습니다.",
        "Equal: stacked linear layers collapse into one layer Wx + b, so depth adds nothing.",
    ),
    (
        "act.lin.same_relu",
        "이 x에서는 a₁이 모두 양수라서 ReLU가 항등 함수처럼 동작해 값이 같습니다. a₁의 한 성분이 음수가 되도록 x를 바꿔 보세요.",
        "At this x every a₁ is positive, so ReLU acts as the identity and the values agree. Change x so that one entry of a₁ is negative.",
    ),
    (
        "act.lin.differ",
        "다릅니다: ReLU가 음수인 a₁을 0으로 만들었기 때문에, 어떤 W, b로도 모든 x에서 같은 값을 내는 한 층을 만들 수 없습니다. 비선형 활성화 함수가 층을 쌓는 의미를 만듭니다.",
        "Different: ReLU set a negative a₁ to 0, and no single W, b matches this for every x. The non-linear activation is what makes depth worth having.",
    ),
    // The softmax panel.
    ("act.sm.title", "소프트맥스 함수와 오버플로", "Softmax and overflow"),
    (
        "act.sm.intro",
        "소프트맥스는 출력층에서 점수 a를 합이 1인 확률로 바꿉니다. 식 그대로 계산하면 exp가 너무 커져 오버플로가 납니다. 입력의 최댓값 C를 빼도 결과는 같고(분자와 분모에 같은 exp(−C)를 곱한 것) 오버플로가 나지 않습니다.",
        "Softmax turns the output layer's scores a into probabilities that sum to 1. Computed as written, exp grows too large and overflows. Subtracting the largest input C gives the same result (numerator and denominator are both multiplied by exp(−C)) without overflow.",
    ),
    ("act.sm.input", "입력 a", "Input a"),
    ("act.sm.presets", "책의 예", "The book's examples"),
    ("act.sm.preset.book", "[0.3, 2.9, 4.0]", "[0.3, 2.9, 4.0]"),
    ("act.sm.preset.overflow", "[1010, 1000, 990] (오버플로)", "[1010, 1000, 990] (overflow)"),
    ("act.sm.chart", "소프트맥스 출력 막대그래프", "Bar chart of the softmax outputs"),
    (
        "act.sm.legend",
        "채운 막대: 최댓값을 뺀 계산, 빈 막대: 식 그대로의 계산. 강조된 칸이 가장 큰 출력입니다.",
        "Filled bars: max-subtracted; hollow bars: as written (naive). The shaded class is the largest output.",
    ),
    ("act.sm.naive", "식 그대로 (naive)", "As written (naive)"),
    ("act.sm.stable", "최댓값 C를 뺀 계산", "With the maximum C subtracted"),
    (
        "act.sm.nan_why",
        "식 그대로의 계산이 NaN이 되었습니다: float32에서 exp(x)는 x > 88.7이면 표현할 수 있는 최댓값(약 3.4e38)을 넘어 ∞로 오버플로하고, ∞/∞ = NaN입니다. 최댓값을 뺀 계산은 가장 큰 지수가 exp(0) = 1이라 안전합니다.",
        "The naive result is NaN: in float32, exp(x) overflows to ∞ for x > 88.7 (the largest float is about 3.4e38), and ∞/∞ = NaN. The max-subtracted form is safe: its largest exponent is exp(0) = 1.",
    ),
    (
        "act.sm.same",
        "두 계산의 결과가 같습니다. 입력을 [1010, 1000, 990]으로 바꾸면 식 그대로의 계산만 NaN이 됩니다.",
        "Both forms agree. Try [1010, 1000, 990]: only the naive form becomes NaN.",
    ),
    (
        "act.sm.summary",
        "출력의 합 Σyₖ = {0}. 가장 큰 입력은 a{1}, 가장 큰 출력은 y{2}: exp가 증가 함수라 순서가 바뀌지 않으므로, 분류할 때는 소프트맥스를 생략해도 됩니다.",
        "Sum of the outputs Σyₖ = {0}. The largest input is a{1} and the largest output is y{2}: exp is increasing, so the order never changes and inference may skip softmax.",
    ),
];
