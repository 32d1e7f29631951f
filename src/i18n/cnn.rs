//! Strings of the CNN lab's views 1–3 (합성곱 arithmetic, im2col, 풀링), in Korean and English.

use super::Entry;

pub const ENTRIES: &[Entry] = &[
    // Shared step controls.
    ("cnn.back", "◀ 이전", "◀ Back"),
    ("cnn.step", "다음 ▶", "Step ▶"),
    ("cnn.play", "재생", "Play"),
    ("cnn.pause", "일시정지", "Pause"),
    ("cnn.reset", "처음으로", "Reset"),
    ("cnn.presets", "책의 그림", "The book's figures"),
    ("cnn.stale", "설정이 맞지 않아 마지막으로 계산된 예를 보여 줍니다.", "These settings are refused; the last example that worked is shown."),
    ("cnn.position", "위치 {0} / {1}: 출력 ({2}, {3})", "Position {0} of {1}: output ({2}, {3})"),
    ("cnn.cell", "출력 y[{0}, {1}] = {2}", "Output y[{0}, {1}] = {2}"),
    // Fields.
    ("cnn.f.c", "채널 C", "Channels C"),
    ("cnn.f.h", "입력 높이 H", "Input height H"),
    ("cnn.f.w", "입력 너비 W", "Input width W"),
    ("cnn.f.fh", "필터 높이 FH", "Filter height FH"),
    ("cnn.f.fw", "필터 너비 FW", "Filter width FW"),
    ("cnn.f.p", "패딩 P", "Padding P"),
    ("cnn.f.s", "스트라이드 S", "Stride S"),
    ("cnn.f.b", "편향 b", "Bias b"),
    ("cnn.f.pool", "풀링 윈도우 PH = PW", "Pooling window PH = PW"),
    // Figures.
    ("cnn.fig.input", "입력 x", "Input x"),
    ("cnn.fig.input_c", "입력 x (채널 {0})", "Input x (channel {0})"),
    ("cnn.fig.filter", "필터 w", "Filter w"),
    ("cnn.fig.filter_c", "필터 w (채널 {0})", "Filter w (channel {0})"),
    ("cnn.fig.output", "출력 y", "Output y"),
    ("cnn.fig.reshape", "reshape 출력", "Reshaped output"),
    // View 1: convolution arithmetic.
    ("cnn.arith.title", "합성곱 연산: 윈도우가 입력 위를 움직입니다", "Convolution: a window slides over the input"),
    (
        "cnn.arith.intro",
        "필터의 윈도우를 스트라이드 간격으로 옮기며, 윈도우 안의 입력과 필터의 대응하는 원소끼리 곱해 모두 더하고 편향을 더한 값이 출력의 한 칸이 됩니다(단일 곱셈-누산). 패딩은 입력 둘레를 0으로 채웁니다. 채널이 여럿이면 채널마다 곱셈-누산을 하고 그 결과를 더합니다. 출력 크기는 OH = (H + 2P − FH)/S + 1 이며, 나누어떨어지지 않는 조합은 거부됩니다. 그림 7-4 ~ 7-6은 책의 입력과 필터입니다. 더 큰 입력과 필터는 그 숫자를 반복해 채우고, 채널 1, 2는 행을 한 칸씩 밀어 만든 것으로 책의 그림 7-8의 숫자와는 다릅니다.",
        "The filter's window moves over the input by the stride; the input values under the window are multiplied by the filter's values, summed, and the bias added: that is one output cell (a fused multiply-add). Padding fills a border of zeros around the input. With several channels, each channel is multiplied and summed and the results are added. The output size is OH = (H + 2P − FH)/S + 1; combinations where it is not a whole number are refused. Figures 7-4 to 7-6 use the book's input and filter; larger inputs and filters repeat those numbers, and channels 1 and 2 shift the rows by one (so figure 7-8's own numbers differ).",
    ),
    ("cnn.arith.settings", "입력, 필터, 패딩, 스트라이드, 편향", "Input, filter, padding, stride, bias"),
    ("cnn.arith.chart", "패딩한 입력 위의 윈도우, 필터, 편향, 출력", "The window on the padded input, the filter, the bias and the output"),
    ("cnn.arith.hint", "주황 테두리: 현재 윈도우. 회색: 패딩(0). 파란 칸: 지금 채우는 출력. 그림을 선택하고 ← → 키로도 움직일 수 있습니다.", "Orange frame: the current window. Grey: padding (0). Blue: the output cell being filled. Select the figure and use ← → to move too."),
    ("cnn.arith.scrub", "윈도우 위치", "Window position"),
    ("cnn.preset.fig7_4", "그림 7-4 (4×4, 3×3)", "Fig. 7-4 (4×4, 3×3)"),
    ("cnn.preset.fig7_5", "그림 7-5 (편향 3)", "Fig. 7-5 (bias 3)"),
    ("cnn.preset.fig7_6", "그림 7-6 (패딩 1)", "Fig. 7-6 (padding 1)"),
    ("cnn.preset.fig7_7", "그림 7-7의 형상 (7×7, 스트라이드 2)", "Fig. 7-7's shape (7×7, stride 2)"),
    ("cnn.preset.fig7_8", "그림 7-8의 형상 (채널 3)", "Fig. 7-8's shape (3 channels)"),
    // View 2: im2col.
    ("cnn.im2col.title", "im2col: 합성곱을 행렬 곱 하나로", "im2col: convolution as one matrix product"),
    (
        "cnn.im2col.intro",
        "im2col은 윈도우마다 입력 조각(패치)을 한 행으로 펼칩니다. 필터는 한 열 W_col로 펼치고, 행렬 곱 col·W_col + b 한 번으로 모든 출력을 계산한 뒤 reshape로 OH × OW 형상을 되돌립니다. 여기 보이는 col은 엔진의 im2col이 실제로 계산한 값입니다.",
        "im2col unrolls the input patch under each window into one row. The filter becomes one column W_col; one matrix product col·W_col + b computes every output, and a reshape gives back the OH × OW shape. The col shown is what the engine's own im2col computes.",
    ),
    ("cnn.im2col.same", "위 합성곱 연산과 같은 예입니다. 설정은 위에서 바꿉니다.", "The same example as the convolution above; change its settings there."),
    ("cnn.im2col.chart", "col 행렬, 필터 열, 곱, reshape한 출력", "The col matrix, the filter column, the product and the reshaped output"),
    ("cnn.im2col.hint", "주황 행: 현재 윈도우의 패치. 파란 칸: 그 행과 W_col의 곱(+ b)이 채우는 출력.", "Orange row: the current window's patch. Blue: the output that row times W_col (+ b) fills."),
    ("cnn.im2col.scrub", "col의 행", "Row of col"),
    ("cnn.im2col.row", "col의 {0}행 = 윈도우 ({1}, {2})의 패치:", "Row {0} of col = the patch of window ({1}, {2}):"),
    ("cnn.im2col.reshape_at", "곱의 {0}행이 reshape 후 출력 ({1}, {2})가 됩니다.", "Row {0} of the product becomes output ({1}, {2}) after the reshape."),
    // View 3: pooling.
    ("cnn.pool.title", "풀링: 최대 풀링과 역전파", "Pooling: max pooling and its backward pass"),
    (
        "cnn.pool.intro",
        "최대 풀링은 윈도우마다 가장 큰 값 하나를 꺼냅니다. 학습할 매개변수가 없고 채널 수는 변하지 않습니다. 역전파에서는 dout의 각 값이 그 윈도우에서 최댓값이었던 입력 칸으로만 흐르고 나머지는 0입니다(같은 값이면 먼저 나온 칸). 여기 숫자는 예로 고른 것이며 dout = 1, 2, 3, …입니다.",
        "Max pooling takes the largest value of each window. It has no parameters to learn and keeps the number of channels. Backward, each dout value flows only to the input cell that was its window's maximum (the first one on ties); every other cell gets 0. The numbers here are an example of ours, with dout = 1, 2, 3, …",
    ),
    ("cnn.pool.settings", "입력 크기, 윈도우, 스트라이드", "Input size, window, stride"),
    ("cnn.pool.chart", "입력 위의 풀링 윈도우와 최댓값, 출력, dout, dx", "The pooling window and its maximum on the input, the output, dout and dx"),
    ("cnn.pool.hint", "분홍 칸: 윈도우의 최댓값(argmax). 역전파는 dout을 이 칸으로 보냅니다.", "Pink: the window's maximum (argmax). Backward sends dout to this cell."),
    ("cnn.pool.scrub", "풀링 윈도우 위치", "Pooling window position"),
    ("cnn.pool.route", "역전파: dout[{0}, {1}] = {2} → dx[{3}, {4}]", "Backward: dout[{0}, {1}] = {2} → dx[{3}, {4}]"),
    ("cnn.pool.dx", "dx (모든 dout을 argmax로 보낸 합):", "dx (every dout sent to its argmax, summed):"),
];
