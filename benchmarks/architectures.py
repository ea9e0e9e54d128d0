"""Benchmarks of the architectures' kernels and training steps: dlnotes against PyTorch CPU.

Each contender is a callable doing one forward + backward (and, for the
training steps, the SGD update); both compute the same thing from the same
arrays and weights, which is checked before timing. Imported by ``bench.py``,
which sets one thread for BLAS and OpenMP before numpy loads.
"""

import gc
import statistics
import time
import tracemalloc

import numpy as np

import dlnotes as dl
from dlnotes import nn

__all__ = ["bench_architectures", "GOALS"]

#: dlnotes / PyTorch at most this (the issue's goals).
GOALS = {
    "conv2d 1→16": 1.5,
    "conv2d 16→32": 1.5,
    "attention": 1.0,
    "CNN step": 1.5,
    "transformer step": 1.5,
}


def interleaved(contenders, rounds, repeat):
    """The median time per call of each contender, over ``rounds`` rounds whose order rotates.

    Time is the process's CPU time (``time.process_time``): everything here is
    single-threaded, so on an idle machine it equals the wall-clock time, and
    on a busy one it does not count the moments another process had the core.
    """
    names = list(contenders)
    times = {name: [] for name in names}
    for name in names:  # warm-up
        for _ in range(repeat):
            contenders[name]()
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            start = time.process_time()
            for _ in range(repeat):
                contenders[name]()
            times[name].append((time.process_time() - start) / repeat)
    return {name: statistics.median(t) for name, t in times.items()}


def memory_growth(step, warmup=300, steps=200):
    """Bytes still allocated after ``warmup + steps`` calls beyond those after ``warmup`` calls.

    Traced from the start (tracemalloc sees numpy's buffers too), and measured
    only after the warm-up: by then Python's free lists of small objects (a
    bounded cache that tracemalloc counts as allocated) are full, so what
    remains is what the steps keep, such as graphs that are never freed.
    """
    tracemalloc.start()
    try:
        for _ in range(warmup):
            step()
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(steps):
            step()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return after - before


def live_nodes():
    """How many graph nodes exist right now (parameters included)."""
    return sum(type(obj) is dl.Node for obj in gc.get_objects())


def _t(torch, a, grad=False):
    return torch.tensor(np.asarray(a), dtype=torch.float64, requires_grad=grad)


def conv_contenders(torch, rng, N, C, F, input_grad):
    """conv2d forward + backward at (N, C→F, 8×8, 3×3, padding 1), an upstream gradient R."""
    X = rng.normal(size=(N, C, 8, 8))
    W, b = rng.normal(size=(F, C, 3, 3)) / np.sqrt(9 * C), rng.normal(size=F)
    R = rng.normal(size=(N, F, 8, 8))
    x, w, bias = dl.Node(X, requires_grad=input_grad), dl.Node(W), dl.Node(b)
    t_x, t_w, t_b, t_R = _t(torch, X, input_grad), _t(torch, W, True), _t(torch, b, True), _t(torch, R)

    def ours():
        dl.backprop(dl.conv2d(x, w, bias, padding=1), grad=R)
        return w.grad

    def theirs():
        t_w.grad = t_b.grad = t_x.grad = None
        torch.nn.functional.conv2d(t_x, t_w, t_b, padding=1).backward(t_R)
        return t_w.grad

    return ours, theirs


def attention_contenders(torch, rng, B=64, T=16, d=32):
    """Scaled dot-product attention forward + backward with respect to Q, K and V."""
    Q, K, V, R = (rng.normal(size=(B, T, d)) for _ in range(4))
    q, k, v = dl.Node(Q), dl.Node(K), dl.Node(V)
    t_q, t_k, t_v, t_R = _t(torch, Q, True), _t(torch, K, True), _t(torch, V, True), _t(torch, R)

    def ours():
        dl.backprop(dl.scaled_dot_product_attention(q, k, v), grad=R)
        return q.grad

    def theirs():
        t_q.grad = t_k.grad = t_v.grad = None
        torch.nn.functional.scaled_dot_product_attention(t_q, t_k, t_v).backward(t_R)
        return t_q.grad

    return ours, theirs


def _copy_linear(torch, t_linear, layer):
    with torch.no_grad():
        t_linear.weight.copy_(_t(torch, layer.W.value.T))
        t_linear.bias.copy_(_t(torch, layer.b.value))


def _torch_sgd_step(torch, model, loss, lr):
    model.zero_grad(set_to_none=True)
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad
    return loss.item()


def cnn_contenders(torch, rng, batch=256, lr=1e-3):
    """One SGD step of a small CNN on the 8×8 digits: two conv–relu–pool stages and a linear layer."""
    X_all, y_all = dl.datasets.digits()
    X = X_all[:batch].reshape(-1, 1, 8, 8)
    y = y_all[:batch]
    model = nn.Sequential(nn.Conv2d(1, 16, 3, rng, padding=1), dl.relu, nn.MaxPool2d(2),
                          nn.Conv2d(16, 32, 3, rng, padding=1), dl.relu, nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(128, 10, rng))
    optimizer = dl.SGD(model.parameters(), lr)
    tnn = torch.nn
    t_model = tnn.Sequential(tnn.Conv2d(1, 16, 3, padding=1), tnn.ReLU(), tnn.MaxPool2d(2),
                             tnn.Conv2d(16, 32, 3, padding=1), tnn.ReLU(), tnn.MaxPool2d(2),
                             tnn.Flatten(), tnn.Linear(128, 10)).double()
    with torch.no_grad():
        for k in (0, 3):
            t_model[k].weight.copy_(_t(torch, model[k].W.value))
            t_model[k].bias.copy_(_t(torch, model[k].b.value))
    _copy_linear(torch, t_model[7], model[7])
    t_X, t_y = _t(torch, X), torch.tensor(y)

    def ours():
        loss = dl.cross_entropy(model(X), y)
        dl.backprop(loss)
        optimizer.step()
        return float(loss.value)

    def theirs():
        loss = torch.nn.functional.cross_entropy(t_model(t_X), t_y)
        return _torch_sgd_step(torch, t_model, loss, lr)

    return ours, theirs


class TinyTransformer:
    """Token embedding + sinusoidal positions → one pre-norm transformer block → LayerNorm → linear read-out."""

    def __init__(self, vocab, steps, num_hiddens, num_heads, ffn_num_hiddens, rng):
        self.embedding = nn.Embedding(vocab, num_hiddens, rng)
        self.positions = dl.sinusoidal_positional_encoding(steps, num_hiddens)
        self.block = nn.TransformerBlock(num_hiddens, num_heads, ffn_num_hiddens, rng)
        self.norm = nn.LayerNorm(num_hiddens)
        self.readout = nn.Linear(num_hiddens, vocab, rng, gain=1.0)
        self.vocab = vocab

    def __call__(self, ids):
        H = self.block(self.embedding(ids) + self.positions)
        return dl.reshape(self.readout(self.norm(H)), (-1, self.vocab))

    def parameters(self):
        layers = (self.embedding, self.block, self.norm, self.readout)
        return [p for layer in layers for p in layer.parameters()]


def transformer_contenders(torch, rng, batch=64, steps=16, vocab=8, num_hiddens=32, num_heads=4,
                           ffn_num_hiddens=64, lr=1e-3):
    """One SGD step of a one-block transformer on a toy task: output the input sequence reversed."""
    ids = rng.integers(0, vocab, size=(batch, steps)).astype(np.intp)
    targets = ids[:, ::-1].reshape(-1)
    model = TinyTransformer(vocab, steps, num_hiddens, num_heads, ffn_num_hiddens, rng)
    optimizer = dl.SGD(model.parameters(), lr)

    tnn = torch.nn
    t_embedding = tnn.Embedding(vocab, num_hiddens).double()
    t_block = tnn.TransformerEncoderLayer(num_hiddens, num_heads, ffn_num_hiddens, dropout=0.0,
                                          batch_first=True, norm_first=True).double()
    t_norm, t_readout = tnn.LayerNorm(num_hiddens).double(), tnn.Linear(num_hiddens, vocab).double()
    blk, attn = model.block, model.block.attention
    with torch.no_grad():
        t_embedding.weight.copy_(_t(torch, model.embedding.table.value))
        t_block.self_attn.in_proj_weight.copy_(_t(torch, np.concatenate(
            [attn.W_q.W.value.T, attn.W_k.W.value.T, attn.W_v.W.value.T])))
        t_block.self_attn.in_proj_bias.copy_(_t(torch, np.concatenate(
            [attn.W_q.b.value, attn.W_k.b.value, attn.W_v.b.value])))
    _copy_linear(torch, t_block.self_attn.out_proj, attn.W_o)
    _copy_linear(torch, t_block.linear1, blk.ffn1)
    _copy_linear(torch, t_block.linear2, blk.ffn2)
    _copy_linear(torch, t_readout, model.readout)
    t_model = tnn.ModuleList([t_embedding, t_block, t_norm, t_readout])
    t_positions = _t(torch, model.positions)
    t_ids, t_targets = torch.tensor(ids), torch.tensor(targets.copy())

    def ours():
        loss = dl.cross_entropy(model(ids), targets)
        dl.backprop(loss)
        optimizer.step()
        return float(loss.value)

    def theirs():
        H = t_block(t_embedding(t_ids) + t_positions)
        logits = t_readout(t_norm(H)).reshape(-1, vocab)
        loss = torch.nn.functional.cross_entropy(logits, t_targets)
        return _torch_sgd_step(torch, t_model, loss, lr)

    return ours, theirs


def bench_architectures(rounds, quick):
    """Time every kernel and step against PyTorch; print and return {name: (ours, theirs, growth)}."""
    try:
        import torch
    except ImportError:
        print("\nPyTorch is not installed: the architecture benchmarks compare with it, skipped.")
        return {}
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    cases = {
        "conv2d 1→16": (lambda: conv_contenders(torch, rng, 256, 1, 16, input_grad=False), True),
        "conv2d 16→32": (lambda: conv_contenders(torch, rng, 256, 16, 32, input_grad=True), True),
        "attention": (lambda: attention_contenders(torch, rng), True),
        "CNN step": (lambda: cnn_contenders(torch, rng), False),
        "transformer step": (lambda: transformer_contenders(torch, rng), False),
    }
    print(f"\nArchitectures: dlnotes against PyTorch CPU, float64, one thread; median over {rounds} "
          "interleaved rounds")
    print(f"{'':>18} {'dlnotes':>10} {'pytorch':>10} {'ratio':>7} {'goal':>6} {'memory growth':>14}"
          f"  (kept after {50 if quick else 200} more calls)")
    results = {}
    for name, (build, same_gradient) in cases.items():
        ours, theirs = build()
        # The same computation: the first gradients (kernels) or losses (steps) agree.
        a, b = ours(), theirs()
        b = b.detach().numpy() if hasattr(b, "detach") else b
        np.testing.assert_allclose(a, b, rtol=1e-8, atol=1e-10, err_msg=name)
        single = min(interleaved({"probe": ours}, rounds=1, repeat=1).values())
        repeat = max(2, int((0.02 if quick else 0.06) / max(single, 1e-5)))
        medians = interleaved({"dlnotes": ours, "pytorch": theirs}, rounds, repeat)
        nodes_before = live_nodes()
        growth = memory_growth(ours, warmup=100 if quick else 300, steps=50 if quick else 200)
        if live_nodes() != nodes_before:
            print(f"  {name}: {live_nodes() - nodes_before} graph nodes outlived their step")
        ratio = medians["dlnotes"] / medians["pytorch"]
        results[name] = (medians["dlnotes"], medians["pytorch"], growth)
        print(f"{name:>18} {medians['dlnotes'] * 1e3:>7.2f} ms {medians['pytorch'] * 1e3:>7.2f} ms "
              f"{ratio:>6.2f}× {GOALS[name]:>5}× {growth / 1024:>10.1f} KiB")
    return results
