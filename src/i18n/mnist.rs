//! Strings of the MNIST lab (ch3–6), in Korean and English.

use super::Entry;

pub const ENTRIES: &[Entry] = &[
    // Errors from the file parsers.
    ("mnist.err.empty_file", "파일이 비어 있습니다.", "The file is empty."),
    ("mnist.err.gzip", "gzip 파일이 손상되었습니다: {0}.", "The gzip file is damaged: {0}."),
    ("mnist.err.too_large", "압축을 풀면 {0} MB가 넘습니다. MNIST 파일이 아닙니다.", "It inflates to more than {0} MB: not an MNIST file."),
    ("mnist.err.truncated", "파일이 잘렸습니다: {0}바이트인데 {1}바이트가 필요합니다.", "The file is truncated: {0} bytes where {1} are needed."),
    ("mnist.err.oversized", "파일이 너무 깁니다: {0}바이트인데 헤더대로라면 {1}바이트여야 합니다.", "The file is too long: {0} bytes where its header says {1}."),
    ("mnist.err.magic", "IDX 매직 넘버 {0}은(는) MNIST 이미지(0x00000803)나 레이블(0x00000801)이 아닙니다.", "The IDX magic number {0} is neither MNIST images (0x00000803) nor labels (0x00000801)."),
    ("mnist.err.no_samples", "샘플이 0개입니다.", "The file holds no samples."),
    ("mnist.err.count", "샘플 수 {0}이(가) 한도 {1}을(를) 넘습니다.", "The sample count {0} is above the limit of {1}."),
    ("mnist.err.dims", "이미지 크기가 {0}×{1}입니다. MNIST는 28×28입니다.", "The images are {0}×{1}; MNIST images are 28×28."),
    ("mnist.err.label", "레이블 {0}번의 값 {1}은(는) 0~9가 아닙니다.", "Label number {0} is {1}, not a digit 0–9."),
    ("mnist.err.want_images", "이미지 파일 자리에 레이블 파일이 왔습니다.", "A labels file was given where an images file was expected."),
    ("mnist.err.want_labels", "레이블 파일 자리에 이미지 파일이 왔습니다.", "An images file was given where a labels file was expected."),
    ("mnist.err.counts", "이미지 {0}장과 레이블 {1}개의 수가 다릅니다.", "There are {0} images but {1} labels."),
    ("mnist.err.split", "학습 {0}개와 시험 {1}개를 합하면 데이터 {2}개보다 많습니다.", "{0} training and {1} test samples are more than the {2} available."),
    ("mnist.err.npy", ".npy 배열을 읽을 수 없습니다: {0}.", "Cannot read a .npy array: {0}."),
    ("mnist.err.dtype", "자료형 {0}은(는) 지원하지 않습니다 (float32, float64만).", "The dtype {0} is not supported (float32 and float64 only)."),
    ("mnist.err.zip", ".npz(ZIP) 파일을 읽을 수 없습니다: {0}.", "Cannot read the .npz (ZIP) file: {0}."),
    ("mnist.err.no_arrays", "파일에 배열이 없습니다.", "The file holds no arrays."),
    ("mnist.err.pickle", "pickle 파일을 읽을 수 없습니다: {0}.", "Cannot read the pickle file: {0}."),
    ("mnist.err.pickle_global", "pickle이 {0}을(를) 부르려 합니다. 안전하지 않으므로 거부했습니다 (NumPy 배열만 읽습니다).", "The pickle asks for {0}. It was refused as unsafe (only NumPy arrays are read)."),
    ("mnist.err.pickle_opcode", "pickle 명령 {0}은(는) 가중치 파일에 쓰이지 않으므로 거부했습니다.", "The pickle opcode {0} is not used by weight files and was refused."),
    ("mnist.err.weights_shape", "{0}의 모양이 {1}입니다. {2}이어야 합니다.", "{0} has shape {1}; it must be {2}."),
    ("mnist.err.weights_missing", "가중치 파일에 {0}이(가) 없습니다.", "The weights file has no {0}."),
    ("mnist.err.hidden", "은닉층 크기 \"{0}\"을(를) 읽을 수 없습니다. 쉼표로 나눈 1~{1} 사이의 수를 최대 6개까지 쓰세요 (예: 50 또는 100, 100).", "Cannot read the hidden sizes \"{0}\": give up to 6 numbers from 1 to {1}, separated by commas (e.g. 50 or 100, 100)."),
    ("mnist.n_train", "학습 데이터 수", "training samples"),
    ("mnist.n_test", "시험 데이터 수", "test samples"),
];
