"""NumPy peer of the native bench's SimpleConvNet (`cargo bench --bench native`, issue #15).

The book's code (common/util.py im2col/col2im, common/layers.py Convolution, Pooling, Relu, Affine,
SoftmaxWithLoss, ch07/simple_convnet.py's layer order and gradient()), transcribed with two changes: every
array stays float32 (the book's im2col allocates np.zeros, float64, which would turn the products into
float64), and the update is SGD (lr LR, default 0.05 as in src/bench/conv.rs, momentum 0) like every contestant of the page. As in the book,
backward runs through every layer, the first convolution's col2im (a dx nothing uses) included.
conv 30 × 5×5 → ReLU → pool 2×2 s2 → Affine 4320→100 → ReLU → Affine 100→10 → softmax; batch 100.

Same data (the bundled .gz files), the same mulberry32 weights (W1 30×25 = 30×1×5×5, W2 4320×100, W3 100×10,
N(0, 0.01²)) and batch order as the page and the native bench (src/bench.rs, src/bench/conv.rs); rounds of
WARMUP + STEPS steps from the shared start. Run it on one thread:
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 python3 tests/bench/numpy_cnn.py [ROUNDS [STEPS [LR]]]
It prints one JSON object: the times (s) of the timed steps, the first loss, the mean of the last LAST losses.
tests/numpy_cnn_bench.rs imports SimpleConvNet from here for its Adam comparison.
"""
import json
import os
import sys
import time

import numpy as np

from numpy_mlp import DATA, BS, batch_order, idx

WARMUP, LAST = 2, 10
# He (the book's ch6 "He" scale, √(2/fan-in)) for W1 (fan-in 25), W2 (4320), W3 (100).
SHAPES = [(30, 25), (4320, 100), (100, 10)]
STDS = [np.sqrt(2.0 / r) if i else np.sqrt(2.0 / c) for i, (r, c) in enumerate(SHAPES)]
F32 = np.float32


def mulberry32_normals(seed, count):
    """`count` Box–Muller normals from mulberry32(seed) (2 draws each), vectorised: draw k's state is
    seed + k·0x6D2B79F5 (mod 2³²), so the whole stream is computed at once, bit for bit as in src/bench.rs."""
    k = np.arange(1, 2 * count + 1, dtype=np.uint64)
    a = ((seed + k * 0x6D2B79F5) & 0xFFFFFFFF).astype(np.uint32)
    t = (a ^ (a >> np.uint32(15))) * (np.uint32(1) | a)
    t = (t + (t ^ (t >> np.uint32(7))) * (np.uint32(61) | t)) ^ t
    r = (t ^ (t >> np.uint32(14))).astype(np.float64)
    u1 = (r[0::2] + 0.5) / 4294967296.0
    u2 = r[1::2] / 4294967296.0
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


def init_matrices(seed, shapes, stds):
    z = mulberry32_normals(seed, sum(r * c for r, c in shapes))
    out, at = [], 0
    for (r, c), std in zip(shapes, stds):
        out.append((std * z[at:at + r * c]).astype(F32).reshape(r, c))
        at += r * c
    return out


def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_data.shape
    out_h = (H + 2 * pad - filter_h) // stride + 1
    out_w = (W + 2 * pad - filter_w) // stride + 1
    img = np.pad(input_data, [(0, 0), (0, 0), (pad, pad), (pad, pad)], "constant")
    col = np.zeros((N, C, filter_h, filter_w, out_h, out_w), dtype=input_data.dtype)
    for y in range(filter_h):
        y_max = y + stride * out_h
        for x in range(filter_w):
            x_max = x + stride * out_w
            col[:, :, y, x, :, :] = img[:, :, y:y_max:stride, x:x_max:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_shape
    out_h = (H + 2 * pad - filter_h) // stride + 1
    out_w = (W + 2 * pad - filter_w) // stride + 1
    col = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1), dtype=col.dtype)
    for y in range(filter_h):
        y_max = y + stride * out_h
        for x in range(filter_w):
            x_max = x + stride * out_w
            img[:, :, y:y_max:stride, x:x_max:stride] += col[:, :, y, x, :, :]
    return img[:, :, pad:H + pad, pad:W + pad]


class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad

    def forward(self, x):
        FN, C, FH, FW = self.W.shape
        N, C, H, W = x.shape
        out_h = 1 + (H + 2 * self.pad - FH) // self.stride
        out_w = 1 + (W + 2 * self.pad - FW) // self.stride
        col = im2col(x, FH, FW, self.stride, self.pad)
        col_W = self.W.reshape(FN, -1).T
        out = np.dot(col, col_W) + self.b
        self.x, self.col, self.col_W = x, col, col_W
        return out.reshape(N, out_h, out_w, -1).transpose(0, 3, 1, 2)

    def backward(self, dout):
        FN, C, FH, FW = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, FN)
        self.db = np.sum(dout, axis=0)
        self.dW = np.dot(self.col.T, dout).transpose(1, 0).reshape(FN, C, FH, FW)
        dcol = np.dot(dout, self.col_W.T)
        return col2im(dcol, self.x.shape, FH, FW, self.stride, self.pad)


class Pooling:
    def __init__(self, pool_h, pool_w, stride=1, pad=0):
        self.pool_h, self.pool_w, self.stride, self.pad = pool_h, pool_w, stride, pad

    def forward(self, x):
        N, C, H, W = x.shape
        out_h = 1 + (H - self.pool_h) // self.stride
        out_w = 1 + (W - self.pool_w) // self.stride
        col = im2col(x, self.pool_h, self.pool_w, self.stride, self.pad).reshape(-1, self.pool_h * self.pool_w)
        self.x, self.arg_max = x, np.argmax(col, axis=1)
        return np.max(col, axis=1).reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)

    def backward(self, dout):
        dout = dout.transpose(0, 2, 3, 1)
        pool_size = self.pool_h * self.pool_w
        dmax = np.zeros((dout.size, pool_size), dtype=dout.dtype)
        dmax[np.arange(self.arg_max.size), self.arg_max.flatten()] = dout.flatten()
        dmax = dmax.reshape(dout.shape + (pool_size,))
        dcol = dmax.reshape(dmax.shape[0] * dmax.shape[1] * dmax.shape[2], -1)
        return col2im(dcol, self.x.shape, self.pool_h, self.pool_w, self.stride, self.pad)


class Relu:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return np.dot(self.x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW, self.db = np.dot(self.x.T, dout), np.sum(dout, axis=0)
        return dx.reshape(*self.original_x_shape)


class SoftmaxWithLoss:
    def forward(self, x, t):
        self.t = t
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.y = e / e.sum(axis=1, keepdims=True)
        return -np.sum(t * np.log(self.y + F32(1e-7))) / F32(x.shape[0])

    def backward(self):
        return (self.y - self.t) / F32(self.t.shape[0])


class SimpleConvNet:
    """ch07/simple_convnet.py's layers in order; `params` W1 (FN, C, FH, FW), b1, W2, b2, W3, b3 (float32)."""

    def __init__(self, params):
        self.params = p = params
        self.layers = [Convolution(p["W1"], p["b1"]), Relu(), Pooling(2, 2, stride=2),
                       Affine(p["W2"], p["b2"]), Relu(), Affine(p["W3"], p["b3"])]
        self.last_layer = SoftmaxWithLoss()

    def gradient(self, x, t):
        """The loss and the book's grads dict, by backprop through every layer."""
        for layer in self.layers:
            x = layer.forward(x)
        loss = self.last_layer.forward(x, t)
        dout = self.last_layer.backward()
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        grads = {}
        for i, layer in zip((1, 2, 3), (self.layers[0], self.layers[3], self.layers[5])):
            grads[f"W{i}"], grads[f"b{i}"] = layer.dW, layer.db
        return loss, grads


def from_matrices(w):
    """The bench's start: W1 30×25 (= 30×1×5×5), W2, W3 as drawn by init_matrices; zero biases."""
    return {"W1": w[0].reshape(30, 1, 5, 5).copy(), "b1": np.zeros(30, F32),
            "W2": w[1].copy(), "b2": np.zeros(100, F32),
            "W3": w[2].copy(), "b3": np.zeros(10, F32)}


def sgd_step(net, lr, x, t):
    loss, grads = net.gradient(x, t)
    for k, g in grads.items():
        net.params[k] -= lr * g  # in place: the layers hold the same arrays
    return loss


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    lr = float(sys.argv[3]) if len(sys.argv) > 3 else 0.05
    images = idx(os.path.join(DATA, "mnist-images-idx3-ubyte.gz"), 0x803)
    labels = idx(os.path.join(DATA, "mnist-labels-idx1-ubyte.gz"), 0x801)
    n = images.shape[0]
    x = (images.reshape(n, 1, 28, 28).astype(np.float64) / 255).astype(F32)
    t = np.eye(10, dtype=F32)[labels]
    order = batch_order(2, n, BS, WARMUP + steps)
    w = init_matrices(1, SHAPES, STDS)
    secs, first, last = [], [], []
    for _ in range(rounds):
        net = SimpleConvNet(from_matrices(w))
        losses = []
        for s, rows in enumerate(order):
            if s == WARMUP:
                t0 = time.perf_counter()
            losses.append(float(sgd_step(net, F32(lr), x[rows], t[rows])))
        secs.append(time.perf_counter() - t0)
        first.append(losses[0])
        last.append(float(np.mean(losses[-LAST:])))
    print(json.dumps({"numpy_version": np.__version__, "rounds": rounds, "steps": steps, "bs": BS,
                      "seconds": secs, "first": first[0], "last": last[0], "losses": losses}))


if __name__ == "__main__":
    main()
