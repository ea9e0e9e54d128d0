"""The spirals, layer by layer and epoch by epoch: how linearly separable each representation is."""

import functools

import ipywidgets as W
import numpy as np

from dlnotes.datasets import spirals
from dlnotes.nn import MLP
from dlnotes.plots.style import COLORS, new_figure
from dlnotes.representations import (linear_probe, pca, probe_view, representations,
                                     set_parameters, train_with_snapshots)
from dlnotes.training import accuracy
from dlnotes.widgets.base import FigureWidget

__all__ = ["representations_widget", "SPIRALS_RUN", "VIEWS", "layer_names"]

#: The run notebook 08 makes, and the widget's default: data, network and training.
SPIRALS_RUN = dict(turns=1.75, noise=0.1, sizes=(2, 16, 16, 16, 2), seed=0, lr=0.1,
                   batch_size=20, num_epochs=200, snapshot_epochs=(0, 5, 10, 20, 50, 100, 200))


@functools.lru_cache(maxsize=1)
def _default_run():
    run = SPIRALS_RUN
    X, y = spirals(turns=run["turns"], noise=run["noise"])
    model = MLP(run["sizes"], seed=run["seed"])
    snapshots, _ = train_with_snapshots(model, X, y, run["num_epochs"], run["snapshot_epochs"],
                                        lr=run["lr"], batch_size=run["batch_size"])
    return model, X, y, snapshots


def layer_names(sizes):
    """'input x', 'hidden 1', …, 'output (logits)' for an MLP with layer widths ``sizes``."""
    return (["input x"] + [f"hidden {k}" for k in range(1, len(sizes) - 1)]
            + ["output (logits)"])


#: The two ways the widget projects a representation to 2-D.
VIEWS = {"probe": "the probe's direction", "pca": "PCA"}


def representations_widget(model=None, X=None, y=None, snapshots=None, layer=3, epoch=None,
                           view="probe"):
    """Pick a layer, a training epoch and a view; see that layer's representation of the data.

    Left: the representation, coloured by class. With ``view="probe"`` (two
    classes only) it is drawn along the direction of that layer's linear probe
    (:func:`dlnotes.representations.probe_view`: the signed distance to the
    probe's boundary, and the largest variance orthogonal to it); with
    ``view="pca"``, on its first two principal components (2-D layers as they
    are). Right: the linear-probe accuracy of every layer at that epoch. ``snapshots`` maps an
    epoch to the parameters of ``model`` then (see
    :func:`dlnotes.representations.train_with_snapshots`); all the
    projections and probes are computed here, once. Without arguments, the
    spirals run of notebook 08 (:data:`SPIRALS_RUN`).
    """
    if model is None:
        model, X, y, snapshots = _default_run()
    elif X is None or y is None or not snapshots:
        raise ValueError("pass model, X, y and snapshots together (or none of them)")
    epochs = tuple(sorted(snapshots))
    epoch = epochs[-1] if epoch is None else epoch
    if epoch not in snapshots:
        raise ValueError(f"epoch {epoch!r} has no snapshot; choose from {epochs}")
    names = layer_names(model.sizes)
    if layer not in range(len(names)):
        raise ValueError(f"layer must be an index from 0 to {len(names) - 1}, got {layer!r}")
    y = np.asarray(y)
    classes = np.unique(y)
    views_offered = dict(VIEWS) if len(classes) == 2 else {"pca": VIEWS["pca"]}
    if view not in views_offered:
        raise ValueError(f"view must be one of {sorted(views_offered)} for {len(classes)} classes, "
                         f"got {view!r}")

    # Everything a redraw shows, computed once; the model's own parameters are restored.
    current = [p.value.copy() for p in model.parameters()]
    views = {}
    for e in epochs:
        set_parameters(model, snapshots[e])
        net_accuracy = accuracy(model, X, y)
        for k, H in enumerate(representations(model, X)):
            probe = linear_probe(H, y)
            Z, ratio = (H, None) if H.shape[1] == 2 else pca(H, k=2)
            views[e, k] = dict(pca=Z, ratio=ratio, probe=probe.accuracy, width=H.shape[1],
                               net_accuracy=net_accuracy)
            if "probe" in views_offered:
                views[e, k]["probe_view"] = probe_view(H, probe)
    set_parameters(model, current)

    fig, (ax_rep, ax_probe) = new_figure(1, 2, size=(3.8, 3.2))
    points = [ax_rep.scatter([], [], s=10, color=COLORS[int(c) % len(COLORS)],
                             edgecolors="white", linewidths=0.3, label=f"class {c}")
              for c in classes]
    boundary = ax_rep.axvline(0.0, color="0.3", linestyle="--", linewidth=1)  # the probe's boundary
    # A figure legend, not an axes one: it is drawn once with the frames, not at every redraw.
    fig.legend(handles=points, loc="outside upper left", ncol=len(classes), fontsize=8,
               handletextpad=0.1, frameon=False)
    ax_rep.set_xticks([])
    ax_rep.set_yticks([])
    bars = ax_probe.bar(np.arange(len(names)), np.zeros(len(names)), color=COLORS[8], width=0.6)
    ax_probe.axhline(1 / len(classes), color="0.4", linestyle=":", linewidth=1)
    ax_probe.text(len(names) - 0.5, 1 / len(classes) + 0.01, "chance", ha="right", va="bottom",
                  fontsize=8)
    ax_probe.set_xticks(np.arange(len(names)),
                        ["x"] + [f"h{k}" for k in range(1, len(names) - 1)] + ["logits"])
    ax_probe.set_ylim(0, 1.05)
    ax_probe.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax_probe.set_xlabel("layer")
    ax_probe.set_ylabel("linear probe accuracy")
    # Placeholders of the final sizes, so that the frozen layout leaves room for them.
    ax_rep.set_title("output (logits), epoch 200 (16-D, PCA)", fontsize=10)
    ax_rep.set_xlabel("distance to the probe's boundary")
    ax_rep.set_ylabel("largest other direction")
    ax_probe.set_title("every layer at epoch 200", fontsize=10)

    def update(layer, epoch, view):
        shown = views[epoch, layer]
        along_probe = view == "probe"
        Z = shown["probe_view"] if along_probe else shown["pca"]
        for collection, c in zip(points, classes):
            collection.set_offsets(Z[y == c])
        low, high = Z.min(axis=0), Z.max(axis=0)
        pad = 0.08 * np.maximum(high - low, 1e-9)
        ax_rep.set_xlim(low[0] - pad[0], high[0] + pad[0])
        ax_rep.set_ylim(low[1] - pad[1], high[1] + pad[1])
        boundary.set_visible(along_probe)
        if along_probe:
            how = "probe's direction"
            xlabel, ylabel = "distance to the probe's boundary", "largest other direction"
        elif shown["ratio"] is None:
            how, xlabel, ylabel = "as it is", "dimension 1", "dimension 2"
        else:
            how, xlabel, ylabel = "PCA", "principal component 1", "principal component 2"
        ax_rep.set_title(f"{names[layer]}, epoch {epoch} ({shown['width']}-D, {how})", fontsize=10)
        ax_rep.set_xlabel(xlabel)
        ax_rep.set_ylabel(ylabel)
        for k, bar in enumerate(bars):
            bar.set_height(views[epoch, k]["probe"])
            bar.set_color(COLORS[1] if k == layer else COLORS[8])
        ax_probe.set_title(f"every layer at epoch {epoch}", fontsize=10)
        kept = ("" if along_probe or shown["ratio"] is None
                else f", PCA keeps {100 * shown['ratio'].sum():.0f}% of its variance")
        return (f"{names[layer]} at epoch {epoch}, seen {'along the ' if along_probe else ''}{how} "
                f"({shown['width']} units{kept}): "
                f"linear probe accuracy {shown['probe']:.3f}; "
                f"the network's training accuracy {shown['net_accuracy']:.3f}")

    controls = {
        "layer": W.Dropdown(options=[(name, k) for k, name in enumerate(names)], value=layer,
                            description="layer"),
        # Every view is computed above: a redraw only moves points, so it can follow the drag.
        "epoch": W.SelectionSlider(options=epochs, value=epoch, description="epoch",
                                   continuous_update=True),
        "view": W.Dropdown(options=[(label, key) for key, label in views_offered.items()],
                           value=view, description="view"),
    }
    return FigureWidget(fig, controls, update)
