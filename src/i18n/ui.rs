//! Page and lab strings in Korean and English (Korean terms follow the study notes in shared/seeds).

use super::Entry;

pub const ENTRIES: &[Entry] = &[
    // The page shell.
    ("app.title", "nnlab: 밑바닥부터 배우는 신경망", "nnlab: neural networks from scratch"),
    ("app.tagline", "퍼셉트론 하나에서 MNIST 학습까지. 화면의 모든 숫자는 이 페이지의 Rust/WebAssembly 엔진이 직접 계산합니다.", "From one perceptron to a network trained on MNIST. Every number on this page is computed live by nnlab's own Rust/WebAssembly engine."),
    ("app.skip", "본문으로 건너뛰기", "Skip to content"),
    ("nav.label", "실습", "Labs"),
    ("nav.menu", "실습 목록", "Lab list"),
    ("lang.switch", "English", "한국어"),
    // The accessible name starts with the visible text (WCAG 2.5.3, label in name).
    ("lang.switch.aria", "English: 언어를 영어로 바꾸기", "한국어: Switch the language to Korean"),
    ("chapter", "{0}장", "Chapter {0}"),
    ("coming.badge", "준비 중", "Coming"),
    ("coming.title", "이 실습은 아직 만들고 있습니다", "This lab is coming"),
    ("coming.body", "아직 동작하는 화면이 없습니다. 계획된 내용은 다음과 같습니다.", "There is nothing live here yet. This is what it will cover:"),
    ("footer.text", "『밑바닥부터 시작하는 딥러닝』(사이토 고키)을 따라 만든 실습입니다. 수식과 기호는 책과 학습 노트를 따릅니다.", "Built to follow Deep Learning from Scratch (Saito Koki). Formulas and notation follow the book and the study notes."),
    ("msg.dismiss", "닫기", "Dismiss"),
    ("msg.error", "오류", "Error"),
    ("msg.wasm_failed", "WebAssembly 모듈을 불러오지 못했습니다. 브라우저를 새로 고치거나 최신 브라우저를 사용해 보세요.", "The WebAssembly module failed to load. Reload the page or try a recent browser."),
    ("input.empty", "{0}: 값을 입력하세요.", "{0}: enter a value."),
    ("input.nan", "{0}: 숫자가 아닙니다 ({1}).", "{0}: not a number ({1})."),
    ("input.range", "{0}: {1} 이상 {2} 이하여야 합니다 (입력: {3}). 이전 값을 유지합니다.", "{0}: must be from {1} to {2} (got {3}). The last good value stays."),
    ("input.integer", "{0}: 정수를 입력하세요 (입력: {1}).", "{0}: enter a whole number (got {1})."),
    ("input.limits", "범위 {0} ~ {1}", "range {0} to {1}"),
    // The labs (the product map).
    ("lab.perceptron", "퍼셉트론과 논리 게이트", "Perceptron & logic gates"),
    ("lab.perceptron.summary", "w1, w2, b(θ)를 움직이며 진리표와 결정 경계를 봅니다. AND·NAND·OR 프리셋, 퍼셉트론 학습 규칙, XOR가 왜 안 되는지, 그리고 NAND + OR → AND로 만든 XOR.", "Move w1, w2 and b (θ) and watch the truth table and the decision line. AND, NAND and OR presets, the perceptron learning rule, why XOR fails, and XOR built from NAND + OR → AND."),
    ("lab.activation", "활성화 함수", "Activation functions"),
    ("lab.activation.summary", "계단 함수, 시그모이드, tanh, ReLU, Leaky ReLU, 항등 함수와 그 도함수. 그래프 위를 가리키면 x, h(x), h′(x) 값을 읽을 수 있습니다.", "Step, sigmoid, tanh, ReLU, leaky ReLU and identity, with their derivatives. Point at the chart to read x, h(x) and h′(x)."),
    ("lab.loss", "손실 함수", "Loss functions"),
    ("lab.loss.summary", "오차제곱합(SSE)과 교차 엔트로피 오차(CEE, δ = 1e-7), 미니배치 평균, 책의 원-핫 예제, 그리고 정확도를 손실로 쓸 수 없는 이유.", "Sum of squared errors (SSE) and cross-entropy error (CEE, δ = 1e-7), the mini-batch mean, the book's one-hot example, and why accuracy cannot be the loss."),
    ("lab.gradient", "수치 미분과 경사하강법", "Gradients & descent"),
    ("lab.gradient.summary", "전방·후방·중앙 차분과 h에 따른 오차, 기울기 벡터장, 학습률에 따라 수렴하거나 발산하는 경사하강법 경로, simpleNet.", "Forward, backward and central differences and their error against h; the gradient field; gradient-descent paths that converge or diverge with the learning rate; simpleNet."),
    ("lab.optimizers", "최적화 기법", "Optimizers"),
    ("lab.optimizers.summary", "SGD, 모멘텀, 네스테로프, AdaGrad, RMSProp, Adam과 학습률 감소가 같은 등고선 위에서 경주합니다.", "SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam and learning-rate decay racing on one contour plot."),
    ("lab.backprop", "오차역전파", "Backpropagation"),
    ("lab.backprop.summary", "계산 그래프(사과 예제의 덧셈·곱셈 노드, ×·exp·+·÷ 노드로 나눈 시그모이드), 층마다의 δ와 ∂C/∂w, ∂C/∂b를 숫자로, 그리고 기울기 확인.", "The computational graph (the apple example's add and multiply nodes; sigmoid as ×, exp, +, ÷ nodes), each layer's δ, ∂C/∂w and ∂C/∂b as numbers, and the gradient check."),
    ("lab.playground", "XOR와 2차원 놀이터", "XOR & 2-D playground"),
    ("lab.playground.summary", "2차원 데이터셋, 다층 퍼셉트론 만들기, 실시간 결정 경계와 뉴런별 지도, 손실 곡선, 네트워크 그림.", "2-D data sets, an MLP builder, a live decision boundary and per-neuron maps, loss curves and a network diagram."),
    ("lab.mnist", "MNIST 손글씨 숫자", "MNIST digits"),
    ("lab.mnist.summary", "실제 손글씨 숫자로 책의 설정(784-50-10, 학습률 0.1, 배치 100)을 학습합니다. 실시간 곡선, 혼동 행렬, 가중치 이미지, 숫자 그리기, 책의 sample_weight.pkl(0.9352).", "Train the book's recipe (784-50-10, lr 0.1, batch 100) on real digits: live curves, a confusion matrix, weight images, draw a digit, and the book's sample_weight.pkl (0.9352)."),
];
