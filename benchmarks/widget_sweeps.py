"""The widgets the benchmark times and the blitting test checks, and how their controls move.

:func:`widget_builders` finds every ``*_widget`` builder of :mod:`dlnotes.widgets`;
:func:`notebook_inputs` gives the builders that draw a notebook's precomputed
runs inputs of the notebook's shapes; :func:`control_moves` sweeps a control as
a learner's drag does. ``benchmarks/bench.py`` and ``tests/test_widgets_blitting.py``
share them, so the test checks exactly the moves the benchmark times.
"""

import importlib
import inspect
import pkgutil

import numpy as np

__all__ = ["widget_builders", "control_moves", "notebook_inputs"]


def widget_builders():
    """(module name, builder name, builder) for every ``*_widget`` function of dlnotes.widgets."""
    import dlnotes.widgets

    for info in pkgutil.iter_modules(dlnotes.widgets.__path__):
        module = importlib.import_module(f"dlnotes.widgets.{info.name}")
        for name, builder in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_widget") and builder.__module__ == module.__name__:
                yield info.name, name, builder


def control_moves(control, moves):
    """``moves`` values for a control: its options in turn, or steps along its range and back."""
    if hasattr(control, "options") and control.options:
        # Options: walk through them, cycling (each move changes the value).
        labels = list(getattr(control, "_options_values",
                               [o[1] if isinstance(o, tuple) else o for o in control.options]))
        k = labels.index(control.value) if control.value in labels else 0
        return [labels[(k + 1 + i) % len(labels)] for i in range(moves)]
    if isinstance(control.value, bool):
        return [not control.value if i % 2 == 0 else control.value for i in range(moves)]
    # A slider dragged across its range and back, as a continuous update sends it.
    lo, hi = control.min, control.max
    path = np.concatenate([np.linspace(lo, hi, moves // 2 + 1)[1:], np.linspace(hi, lo, moves - moves // 2)])
    if hasattr(control, "base"):  # a log slider: min and max are exponents
        return [float(control.base ** v) for v in path]
    step = getattr(control, "step", None)
    if isinstance(control.value, int):
        step = step or 1
        path = lo + np.round((path - lo) / step) * step
        return [int(v) for v in path]
    return [float(v) for v in path]


def notebook_inputs(name):
    """Arguments for the widgets that show what a notebook computed, shaped as the notebook's call.

    Those widgets draw precomputed runs, so their redraw costs what the sizes cost,
    not what the numbers are: synthetic values of the notebook's shapes (seeded)
    stand in for training runs that would take minutes. None for a widget that
    builds with its defaults.
    """
    from dlnotes.datasets import digits, iris
    from dlnotes.convnets import KERNELS
    from dlnotes.dropout_nets import Curves
    from dlnotes.training import History

    rng = np.random.default_rng(0)

    def rising(n, top=0.9):  # an accuracy curve of n epochs
        return list(np.minimum(1.0, top * (1 - np.exp(-np.arange(1, n + 1) / 5)) + 0.02 * rng.random(n)))

    def falling(n):  # a loss curve of n epochs
        return list(2.3 * np.exp(-np.arange(n) / 4) + 0.05 * rng.random(n))

    if name == "attention_map_widget":  # notebook 18: 12 sequences of 6 tokens, 2 heads
        tokens = rng.integers(0, 8, size=(12, 6))
        return dict(tokens=tokens, maps=rng.dirichlet(np.ones(6), size=(12, 2, 6)), predictions=tokens[:, ::-1])
    if name == "feature_map_widget":  # notebook 16: 20 digits, the fixed kernels and 16 learned ones
        X, y = digits()
        kernels = {**KERNELS, **{f"learned kernel {f}": rng.normal(size=(3, 3)) for f in range(16)}}
        return dict(images=X[:20].reshape(-1, 8, 8), labels=y[:20], kernels=kernels)
    if name == "distillation_widget":  # notebook 20: T in (1, 4, 8), alpha in (0.5, 0.9), 60 epochs
        runs = {(None, 0.0): History(eval_accuracy=rising(60, 0.7))}
        runs.update({(T, a): History(eval_accuracy=rising(60, 0.8)) for T in (1.0, 4.0, 8.0) for a in (0.5, 0.9)})
        return dict(runs=runs, teacher_logits=rng.normal(size=10) * 3, label=3)
    if name == "dropout_widget":  # notebook 13: p in (0, 0.2, 0.5, 0.8), recorded every 2 of 60 epochs
        def curves():
            return Curves(list(range(2, 62, 2)), falling(30), falling(30), rising(30, 1.0), rising(30, 0.8))
        return dict(curves={p: curves() for p in (0.0, 0.2, 0.5, 0.8)})
    if name == "lora_rank_widget":  # notebook 19: ranks 1, 2, 4, 8, 20 epochs, 64 singular values
        fractions = {r: 1.5 * r for r in (1, 2, 4, 8)}
        return dict(runs={r: History(eval_accuracy=rising(20)) for r in fractions},
                    full_history=History(eval_accuracy=rising(20, 0.95)),
                    singular_values=np.sort(rng.exponential(size=64))[::-1], fractions=fractions)
    if name == "normalization_widget":  # notebook 14: depths 2, 6, 12, six rates, 3 epochs
        lrs = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
        scales = {(d, n): np.geomspace(1, 0.01 if n is None else 1, d) for d in (2, 6, 12) for n in (None, "batch")}
        losses = {(d, n, lr): falling(3) if n or lr < 1 else [np.inf] * 3
                  for d in (2, 6, 12) for n in (None, "batch") for lr in lrs}
        return dict(scales=scales, losses=losses)
    if name == "perceptron_widget":  # notebook 10: iris, 6 epochs
        X, y = iris()
        return dict(X=X, y=y, lr=0.1, epochs=6)
    if name == "residual_widget":  # notebook 15: depths 2, 10, 20, 30, plain and residual, 5 epochs
        depths = (2, 10, 20, 30)
        norms = {(d, r): np.geomspace(1, 1 if r else 1e-6, d + 2) for d in depths for r in (False, True)}
        return dict(gradient_norms=norms, losses={(d, r): falling(5) for d in depths for r in (False, True)})
    return None
