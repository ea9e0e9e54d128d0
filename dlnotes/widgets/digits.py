"""A test digit and the network's softmax over the ten classes, at a chosen temperature."""

import functools

import ipywidgets as W
import numpy as np

from dlnotes.checks import check_fraction, check_index
from dlnotes.datasets import digits, train_test_split
from dlnotes.functions import softmax
from dlnotes.nn import MLP
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.training import train
from dlnotes.widgets.base import FigureWidget

__all__ = ["digits_widget", "split_digits", "DIGITS_RUN"]

#: The run notebook 09 makes, and the widget's default: the split (a test share of the
#: whole, then a validation share of the rest), the network, the learning rates compared
#: on the validation set, ``lr`` the one chosen there, and training.
DIGITS_RUN = dict(sizes=(64, 128, 10), seed=0, lrs=(0.01, 0.03, 0.1, 0.3, 1.0, 3.0), lr=0.3,
                  batch_size=32, num_epochs=20, test_size=0.2, val_size=0.2)


def split_digits(X, y, run=DIGITS_RUN):
    """(X_train, X_val, X_test, y_train, y_val, y_test): the stratified split of notebook 09.

    The test set is ``test_size`` of all the images; the validation set
    ``val_size`` of the rest; the training set what remains.
    """
    X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=run["test_size"],
                                                      seed=run["seed"])
    X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, test_size=run["val_size"],
                                                      seed=run["seed"])
    return X_train, X_val, X_test, y_train, y_val, y_test


@functools.lru_cache(maxsize=1)
def _default_run():
    run = DIGITS_RUN
    X_train, _, X_test, y_train, _, y_test = split_digits(*digits())
    model = MLP(run["sizes"], seed=run["seed"])
    train(model, X_train, y_train, lr=run["lr"], epochs=run["num_epochs"],
          batch_size=run["batch_size"], seed=run["seed"], progress=False)
    return model, X_test, y_test


def digits_widget(model=None, X_test=None, y_test=None, index=0, temperature=1.0):
    """Pick a test image and a temperature T; see the image and softmax(z / T) of its logits z.

    ``model`` is a trained MLP on the 8×8 digits (64 inputs, 10 logits); the
    logits of the whole test set are computed once, so a redraw only
    recomputes a softmax of ten numbers. Without arguments, the run of
    notebook 09 (:data:`DIGITS_RUN`), trained once and cached.
    """
    if model is None:
        model, X_test, y_test = _default_run()
    elif X_test is None or y_test is None:
        raise ValueError("pass model, X_test and y_test together (or none of them)")
    X_test, y_test = np.asarray(X_test, dtype=float), np.asarray(y_test)
    if X_test.ndim != 2 or X_test.shape[1] != 64 or len(X_test) != len(y_test):
        raise ValueError(f"X_test must have shape (N, 64) with one label each, got {X_test.shape} "
                         f"and {len(y_test)} labels")
    index = check_index(index, len(X_test), "digits_widget: index")
    # The log slider runs from 0.1 to 10 and would clamp anything else without a word.
    check_fraction(temperature, "digits_widget: temperature (the slider's range)", 0.1, 10.0)
    logits = model(X_test).value
    num_classes = logits.shape[1]
    classes = np.arange(num_classes)

    fig, (ax_image, ax_p) = new_figure(1, 2, size=(3.2, 2.8),
                                       gridspec_kw=dict(width_ratios=[1, 1.6]))
    image = ax_image.imshow(X_test[index].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
    ax_image.set_axis_off()
    ax_image.set_title("label 0, predicted 0", fontsize=10)
    bars = ax_p.bar(classes, np.zeros(num_classes), color=COLORS[8], width=0.7)
    ax_p.set_xticks(classes)
    ax_p.set_ylim(0, 1.05)
    ax_p.set_yticks([0, 0.5, 1])
    ax_p.set_xlabel("class k")
    ax_p.set_ylabel("p(k | x) = softmax(z / T)ₖ")
    ax_p.set_title("T = 1.00", fontsize=10)

    def update(index, T):
        p = softmax(logits[index], temperature=T).value
        label, predicted = int(y_test[index]), int(np.argmax(p))
        image.set_data(X_test[index].reshape(8, 8))
        ax_image.set_title(f"label {label}, predicted {predicted}", fontsize=10,
                           color="black" if label == predicted else COLORS[5])
        for k, bar in enumerate(bars):
            bar.set_height(p[k])
            bar.set_color(COLORS[2] if k == label else (COLORS[5] if k == predicted else COLORS[8]))
        ax_p.set_title(f"T = {T:.2f}", fontsize=10)
        return (f"test image {index}: label {label}, predicted {predicted}; at T = {T:.2f}, "
                f"p(predicted) = {p[predicted]:.3f}, p(label) = {p[label]:.3f} "
                f"(green bar: the label; red: a wrong prediction)")

    controls = {
        # A redraw recomputes a softmax of ten numbers: the sliders can follow the drag.
        "index": W.IntSlider(value=index, min=0, max=len(X_test) - 1, description="test image",
                             continuous_update=True),
        "T": W.FloatLogSlider(value=temperature, base=10, min=-1, max=1, step=0.05,
                              description="T", readout_format=".2f", continuous_update=True),
    }
    return FigureWidget(fig, controls, update)
