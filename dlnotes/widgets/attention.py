"""An input sequence and an attention head: the head's attention map."""

import ipywidgets as W
import numpy as np

from dlnotes.checks import check_finite
from dlnotes.plots.style import new_figure
from dlnotes.widgets.base import FigureWidget

__all__ = ["attention_map_widget"]


def attention_map_widget(tokens, maps, predictions):
    """Choose a sequence (a row of ``tokens`` (N, T)) and a head: its attention map from ``maps`` (N, heads, T, T).

    The maps are precomputed (:meth:`dlnotes.transformer.SequenceTransformer.attention_maps`),
    so a redraw only swaps an image. Row t shows how much the query at position t
    reads each key position s; ``predictions`` (N, T) are the model's outputs.
    """
    tokens, predictions = np.asarray(tokens), np.asarray(predictions)
    maps = check_finite(maps, "attention_map_widget: maps")
    if maps.ndim != 4 or maps.shape[2] != maps.shape[3] or len(maps) == 0:
        raise ValueError(f"attention_map_widget: maps must have shape (N, heads, T, T) with N ≥ 1, got {maps.shape}")
    N, heads, T, _ = maps.shape
    if tokens.shape != (N, T) or predictions.shape != (N, T):
        raise ValueError(f"attention_map_widget: tokens and predictions must have shape (N, T) = {(N, T)} "
                         f"like maps {maps.shape}, got {tokens.shape} and {predictions.shape}")
    fig, ax = new_figure(1, 1, size=(4.6, 4.0))
    image = ax.imshow(maps[0, 0], cmap="viridis", vmin=0, vmax=1)
    fig.colorbar(image, ax=ax, label="attention weight")
    ax.set_xlabel("key position s (input token)")
    ax.set_ylabel("query position t (prediction)")
    ax.grid(False)
    ax.set_xticks(range(T))
    ax.set_yticks(range(T))
    title = ax.set_title("")

    def update(sequence, head):
        image.set_data(maps[sequence, head])
        ax.set_xticklabels([f"{s}: {tokens[sequence, s]}" for s in range(T)], rotation=45, fontsize=9)
        ax.set_yticklabels([f"{t}: {predictions[sequence, t]}" for t in range(T)], fontsize=9)
        title.set_text(f"sequence {sequence}, head {head}")
        strongest = maps[sequence, head].argmax(axis=1)
        return (f"input {' '.join(map(str, tokens[sequence]))} → output {' '.join(map(str, predictions[sequence]))}; "
                f"head {head}: each query reads most from key positions {list(map(int, strongest))}")

    controls = {"sequence": W.IntSlider(min=0, max=N - 1, value=0, description="sequence"),
                # buttons, not a slider: with two heads a slider's drag would snap back to where it was
                "head": W.ToggleButtons(options=[(f"head {h}", h) for h in range(heads)], value=0,
                                        description="head")}
    return FigureWidget(fig, controls, update)
