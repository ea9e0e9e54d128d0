"""Benchmarks: a training step of dlnotes against hand-written numpy (and PyTorch).

Times one SGD step (forward, backward, update) of the 64-128-128-10 MLP at
batch sizes 32, 256 and 1797 for each contender, in the same process,
single-threaded (BLAS and OpenMP threads = 1) and interleaved, the contenders'
order rotating every round, so that thread contention and drift on a small
machine hit them all alike. Prints the median time per step and the ratio to
hand-written numpy. Also measures what ``import dlnotes`` adds to importing
numpy, and how long each notebook widget takes to redraw when a control moves
(the median over a sweep, since sliders redraw continuously while dragged).
With PyTorch installed it times the architectures' kernels and training
steps against it (:mod:`architectures`: conv2d, attention, a small CNN, a
one-block transformer) and checks that their memory does not grow.

Run: ``make bench`` (or ``python benchmarks/bench.py``; ``--quick`` for a short run).
"""

import os

# Before numpy is imported: one thread for every BLAS and OpenMP library.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import dlnotes as dl  # noqa: E402
from architectures import GOALS as ARCHITECTURE_GOALS  # noqa: E402
from architectures import bench_architectures  # noqa: E402
from widget_sweeps import control_moves, notebook_inputs, widget_builders  # noqa: E402

SIZES = (64, 128, 128, 10)
GOALS = {32: 1.4, 256: 1.2}  # dlnotes / numpy at most this; and faster than PyTorch


class NumpyStep:
    """The reference: the same MLP step written by hand in numpy, no graph."""

    def __init__(self, params, lr):
        self.params = [p.copy() for p in params]
        self.lr = lr

    def __call__(self, X, y):
        W1, b1, W2, b2, W3, b3 = self.params
        n = len(y)
        rows = np.arange(n)
        h1 = X @ W1 + b1
        a1 = np.maximum(h1, 0.0)
        h2 = a1 @ W2 + b2
        a2 = np.maximum(h2, 0.0)
        z = a2 @ W3 + b3
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        total = e.sum(axis=1, keepdims=True)
        loss = np.mean(np.log(total[:, 0]) - z[rows, y])
        g = e / total
        g[rows, y] -= 1.0
        g /= n
        g_h2 = (g @ W3.T) * (h2 > 0)
        g_h1 = (g_h2 @ W2.T) * (h1 > 0)
        grads = [X.T @ g_h1, g_h1.sum(0), a1.T @ g_h2, g_h2.sum(0), a2.T @ g, g.sum(0)]
        for p, grad in zip(self.params, grads):
            p -= self.lr * grad
        return loss


class DlnotesStep:
    """One step with the package: model(X), cross_entropy, backprop, SGD."""

    def __init__(self, lr):
        self.model = dl.MLP(SIZES, seed=0)
        self.optimizer = dl.SGD(self.model.parameters(), lr)

    def __call__(self, X, y):
        loss = dl.cross_entropy(self.model(X), y)
        dl.backprop(loss)
        self.optimizer.step()
        return float(loss.value)


class TorchStep:
    """The same step in PyTorch on the CPU (float64, one thread)."""

    def __init__(self, params, lr):
        import torch

        torch.set_num_threads(1)
        self.torch = torch
        self.params = [torch.tensor(p, requires_grad=True) for p in params]
        self.lr = lr

    def __call__(self, X, y):
        torch = self.torch
        W1, b1, W2, b2, W3, b3 = self.params
        h = torch.relu(torch.addmm(b1, X, W1))
        h = torch.relu(torch.addmm(b2, h, W2))
        loss = torch.nn.functional.cross_entropy(torch.addmm(b3, h, W3), y)
        for p in self.params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in self.params:
                p -= self.lr * p.grad
        return loss.item()


def time_steps(step, X, y, repeat):
    start = time.perf_counter()
    for _ in range(repeat):
        step(X, y)
    return (time.perf_counter() - start) / repeat


def bench_training(rounds, quick):
    X_all, y_all = dl.datasets.digits()
    lr = 1e-3  # small, so that hundreds of steps on one batch stay well-behaved
    reference = DlnotesStep(lr)
    contenders = {
        "numpy": NumpyStep([p.value for p in reference.model.parameters()], lr),
        "dlnotes": reference,
    }
    try:
        import torch
        contenders["pytorch"] = TorchStep([p.value for p in reference.model.parameters()], lr)
    except ImportError:
        torch = None
        print("PyTorch is not installed: comparing with numpy only.")
    print(f"\nTraining step of the {'-'.join(map(str, SIZES))} MLP, float64, one thread; "
          f"median over {rounds} interleaved rounds")
    print(f"{'batch':>6} {'contender':>10} {'time/step':>12} {'vs numpy':>9}")
    results = {}
    for batch in (32, 256, 1797):
        X, y = X_all[:batch], y_all[:batch]
        inputs = {name: (X, y) for name in contenders}
        if torch is not None:
            inputs["pytorch"] = (torch.tensor(X), torch.tensor(y))
        repeat = max(3, int((0.01 if quick else 0.03) / (2e-6 * batch + 5e-5)))
        names = list(contenders)
        times = {name: [] for name in names}
        for name in names:  # warm-up
            time_steps(contenders[name], *inputs[name], repeat)
        for r in range(rounds):
            order = names[r % len(names):] + names[:r % len(names)]
            for name in order:
                times[name].append(time_steps(contenders[name], *inputs[name], repeat))
        medians = {name: statistics.median(t) for name, t in times.items()}
        for name in names:
            ratio = medians[name] / medians["numpy"]
            print(f"{batch:>6} {name:>10} {medians[name] * 1e6:>9.1f} µs {ratio:>8.2f}×")
        results[batch] = medians
    return results


def bench_import(repeat):
    """Median of (python -c 'import numpy, dlnotes') − (python -c 'import numpy'), in ms."""
    def run(code):
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            samples.append(time.perf_counter() - start)
        return statistics.median(samples)

    base = run("import numpy")
    with_pkg = run("import numpy, dlnotes, sys; "
                   "assert 'matplotlib' not in sys.modules and 'ipywidgets' not in sys.modules")
    return (with_pkg - base) * 1e3


def bench_widgets(moves):
    """Each widget's redraw time per control: the median (goal ≤ 50 ms) and the slowest of ``moves``."""
    rows = []
    for module_name, name, builder in widget_builders():
        inputs = notebook_inputs(name) or {}
        start = time.perf_counter()
        widget = builder(**inputs)
        build = time.perf_counter() - start
        for control_name, control in widget.controls.items():
            samples, cpu = [], []
            for value in control_moves(control, moves):
                if value == control.value:
                    continue  # no change, no redraw
                start = time.process_time()
                control.value = value
                cpu.append(time.process_time() - start)
                samples.append(widget.last_redraw_seconds)
            rows.append((f"{module_name}.{name}", control_name, build,
                         statistics.median(samples), max(samples), statistics.median(cpu)))
    # Wall time is what a learner waits; CPU time (this process only) is what the redraw
    # costs, and stays put when other processes load the machine.
    print(f"\nWidget redraws while a control moves ({moves} moves each; sliders swept across "
          "their range and back): median wall time (goal ≤ 50 ms), slowest, median CPU time")
    print(f"{'widget':>46} {'control':>14} {'build':>8} {'median':>9} {'slowest':>9} {'CPU':>9}")
    for widget, control, build, median, slowest, cpu in rows:
        flag = "" if median <= 0.05 else "  over the goal"
        print(f"{widget:>46} {control:>14} {build * 1e3:>6.0f}ms {median * 1e3:>6.1f}ms "
              f"{slowest * 1e3:>6.1f}ms {cpu * 1e3:>6.1f}ms{flag}")
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run)")
    parser.add_argument("--skip-widgets", action="store_true")
    parser.add_argument("--widgets-only", action="store_true", help="only the widget redraws")
    parser.add_argument("--skip-architectures", action="store_true",
                        help="leave out conv2d, attention, the CNN and the transformer")
    args = parser.parse_args()
    print(f"numpy {np.__version__}, Python {sys.version.split()[0]}, dlnotes {dl.__version__}")
    if args.widgets_only:
        bench_widgets(moves=6 if args.quick else 20)
        return
    results = bench_training(rounds=5 if args.quick else 15, quick=args.quick)
    architectures = {} if args.skip_architectures else bench_architectures(
        rounds=5 if args.quick else 15, quick=args.quick)
    import_ms = bench_import(repeat=3 if args.quick else 9)
    print(f"\nimport dlnotes adds {import_ms:.0f} ms to importing numpy (goal < 80 ms); "
          "matplotlib and ipywidgets not loaded")
    widget_rows = [] if args.skip_widgets else bench_widgets(moves=6 if args.quick else 20)

    print("\nGoals")
    for batch, goal in GOALS.items():
        ratio = results[batch]["dlnotes"] / results[batch]["numpy"]
        line = f"  batch {batch:>4}: dlnotes/numpy = {ratio:.2f}× (goal ≤ {goal}×)"
        if "pytorch" in results[batch]:
            vs_torch = results[batch]["dlnotes"] / results[batch]["pytorch"]
            line += f", dlnotes/pytorch = {vs_torch:.2f}× (goal < 1)"
        print(line)
    for name, (ours, theirs, growth) in architectures.items():
        goal = ARCHITECTURE_GOALS[name]
        relation = f"< {goal}" if goal == 1.0 else f"≤ {goal}"
        print(f"  {name}: dlnotes/pytorch = {ours / theirs:.2f}× (goal {relation}×), "
              f"memory kept {growth / 1024:.0f} KiB")
    print(f"  import: {import_ms:.0f} ms (goal < 80 ms)")
    if widget_rows:
        slowest = max(widget_rows, key=lambda row: row[3])
        print(f"  slowest median widget redraw: {slowest[3] * 1e3:.1f} ms, {slowest[0]} / {slowest[1]} "
              "(goal ≤ 50 ms)")


if __name__ == "__main__":
    main()
