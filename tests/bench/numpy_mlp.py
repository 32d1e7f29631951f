"""NumPy float32 peer of the native bench (`cargo bench --bench native`, issue #7).

The book's TwoLayerNet step in float32: a1 = x·W1 + b1, z1 = h(a1), y = softmax(z1·W2 + b2),
L = -(1/N) Σ t·log(y + 1e-7); backprop dy = (y - t)/N, dW2 = z1ᵀ·dy, dz1 = dy·W2ᵀ, da1 = dz1·h'(a1),
dW1 = xᵀ·da1; SGD W -= 0.1·dW. Same data (the bundled .gz files), the same mulberry32 weights and batch
order as the page and the native bench (src/bench.rs), the same procedure: per network, rounds of
20 warm-up and STEPS timed steps from the shared start. Run it on one thread:
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python3 tests/bench/numpy_mlp.py [ROUNDS [STEPS]]
It prints one JSON object: per network the times (s), first loss and mean of the last 100 timed losses.
"""
import gzip
import json
import math
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "www", "data")
NETS = [("784-100-10 ReLU", 100, "relu"), ("784-50-10 ReLU", 50, "relu"), ("784-50-10 sigmoid", 50, "sigmoid")]
WARMUP, BS, LR = 20, 100, np.float32(0.1)
M32 = 0xFFFFFFFF


def mulberry32(seed):
    a = seed & M32

    def imul(x, y):
        return (x * y) & M32

    def nxt():
        nonlocal a
        a = (a + 0x6D2B79F5) & M32
        t = imul(a ^ (a >> 15), 1 | a)
        t = ((t + imul(t ^ (t >> 7), 61 | t)) & M32) ^ t
        return (t ^ (t >> 14)) & M32

    return nxt


def init_weights(seed, sizes, std):
    nxt = mulberry32(seed)
    out = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        w = np.empty(n_in * n_out, dtype=np.float32)
        for i in range(w.size):
            u1 = (nxt() + 0.5) / 4294967296.0
            u2 = nxt() / 4294967296.0
            w[i] = std * (math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2))
        out.append(w.reshape(n_in, n_out))
    return out


def batch_order(seed, n, bs, steps):
    nxt = mulberry32(seed)
    perm = list(range(n))
    out = []
    per_epoch = n // bs
    done = 0
    while done < steps:
        for i in range(n - 1, 0, -1):
            j = int(nxt() / 4294967296.0 * (i + 1))
            perm[i], perm[j] = perm[j], perm[i]
        k = min(steps - done, per_epoch)
        out.extend(perm[: k * bs])
        done += k
    return np.array(out, dtype=np.int64).reshape(steps, bs)


def idx(path, magic):
    with gzip.open(path, "rb") as f:
        b = f.read()
    assert int.from_bytes(b[:4], "big") == magic, path
    dims = [int.from_bytes(b[4 + 4 * d: 8 + 4 * d], "big") for d in range(magic & 0xFF)]
    return np.frombuffer(b, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


class Mlp:
    """784-H-10 with softmax cross-entropy and SGD lr 0.1, one batch of rows per step."""

    def __init__(self, x, t, act):
        self.x, self.t, self.act = x, t, act

    def reset(self, w):
        self.W1, self.W2 = w[0].copy(), w[1].copy()
        self.b1 = np.zeros(self.W1.shape[1], np.float32)
        self.b2 = np.zeros(self.W2.shape[1], np.float32)

    def steps(self, order):
        losses = np.empty(len(order), np.float32)
        for s, rows in enumerate(order):
            losses[s] = self.step(self.x[rows], self.t[rows])
        return losses

    def step(self, xb, tb):
        relu = self.act == "relu"
        a1 = xb @ self.W1 + self.b1
        z1 = np.maximum(a1, 0) if relu else 1 / (1 + np.exp(-a1))
        a2 = z1 @ self.W2 + self.b2
        e = np.exp(a2 - a2.max(axis=1, keepdims=True))
        y = e / e.sum(axis=1, keepdims=True)
        n = np.float32(len(xb))
        loss = -np.sum(tb * np.log(y + np.float32(1e-7))) / n
        dy = (y - tb) / n
        dW2, db2 = z1.T @ dy, dy.sum(axis=0)
        dz1 = dy @ self.W2.T
        da1 = dz1 * (a1 > 0) if relu else dz1 * z1 * (1 - z1)
        dW1, db1 = xb.T @ da1, da1.sum(axis=0)
        self.W1 -= LR * dW1
        self.b1 -= LR * db1
        self.W2 -= LR * dW2
        self.b2 -= LR * db2
        return loss


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    images = idx(os.path.join(DATA, "mnist-images-idx3-ubyte.gz"), 0x803)
    labels = idx(os.path.join(DATA, "mnist-labels-idx1-ubyte.gz"), 0x801)
    n = images.shape[0]
    x = (images.reshape(n, -1).astype(np.float64) / 255).astype(np.float32)
    t = np.eye(10, dtype=np.float32)[labels]
    order = batch_order(2, n, BS, WARMUP + steps)
    nets = []
    for name, hidden, act in NETS:
        w = init_weights(1, [x.shape[1], hidden, 10], 0.01)
        net = Mlp(x, t, act)
        secs, first, last100 = [], [], []
        for _ in range(rounds):
            net.reset(w)
            warm = net.steps(order[:WARMUP])
            t0 = time.perf_counter()
            timed = net.steps(order[WARMUP:])
            secs.append(time.perf_counter() - t0)
            first.append(float(warm[0]))
            last100.append(float(timed[-100:].mean()))
        nets.append({"net": name, "seconds": secs, "first": first[0], "last100": last100[0]})
    print(json.dumps({"numpy_version": np.__version__, "rounds": rounds, "steps": steps, "bs": BS, "nets": nets}))


if __name__ == "__main__":
    main()
