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
];
