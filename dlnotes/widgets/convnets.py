"""A digit and a kernel: the feature map a convolution layer makes of it."""

import ipywidgets as W
import numpy as np

from dlnotes.checks import check_finite, check_mapping, check_sequence
from dlnotes.functions import conv2d
from dlnotes.plots.style import new_figure
from dlnotes.widgets.base import FigureWidget

__all__ = ["feature_map_widget"]


def feature_map_widget(images, labels, kernels):
    """Choose one of ``images`` (N, 8, 8) with their ``labels`` and one of ``kernels`` {name: (k, k) array}.

    Left to right: the digit, the kernel (weights in a diverging colour map)
    and the feature map conv2d(digit, kernel) with padding k // 2, so it has
    the digit's size and each unit sits over the pixel its window is centred on.
    Every feature map is computed here, once. The kernel is shown divided by its
    largest |weight|, and each kernel's maps divided by their largest |activation|
    over the digits (so that moving through the digits compares their maps); the
    titles give those scales. The colour bars then never change, and a move
    redraws only the images and titles.
    """
    images = check_finite(images, "feature_map_widget: images")
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"feature_map_widget: images must have shape (N, H, W) with N ≥ 1, got {images.shape}")
    labels = check_sequence(labels, "feature_map_widget: labels")
    if len(labels) != len(images):
        raise ValueError(f"feature_map_widget: {len(images)} images but {len(labels)} labels: one label per image")
    check_mapping(kernels, "feature_map_widget: kernels")
    for name, kernel in kernels.items():
        if check_finite(kernel, f"feature_map_widget: kernels[{name!r}]").ndim != 2:
            raise ValueError(f"feature_map_widget: kernels[{name!r}] must be a 2-D (k, k) array, got shape {np.shape(kernel)}")
    names = list(kernels)
    weights = {name: np.asarray(kernels[name], dtype=float) for name in names}
    maps = {name: conv2d(images[:, np.newaxis], w[np.newaxis, np.newaxis], padding=w.shape[0] // 2).value[:, 0]
            for name, w in weights.items()}
    w_scale = {name: float(np.abs(w).max()) or 1.0 for name, w in weights.items()}
    z_scale = {name: float(np.abs(Z).max()) or 1.0 for name, Z in maps.items()}
    fig, (ax_x, ax_w, ax_z) = new_figure(1, 3, size=(3.0, 3.0))
    image_x = ax_x.imshow(images[0], cmap="gray_r", vmin=0, vmax=1)
    fig.colorbar(image_x, ax=ax_x, shrink=0.75, label="pixel")
    image_w = ax_w.imshow(weights[names[0]], cmap="RdBu_r", vmin=-1, vmax=1)
    fig.colorbar(image_w, ax=ax_w, shrink=0.75, label="weight / max |w|")
    image_z = ax_z.imshow(np.zeros_like(images[0]), cmap="RdBu_r", vmin=-1, vmax=1)
    fig.colorbar(image_z, ax=ax_z, shrink=0.75, label="activation / max |z|")
    for ax in (ax_x, ax_w, ax_z):
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    title_x = ax_x.set_title("")
    title_w = ax_w.set_title("kernel, |w| ≤ 0.00")
    title_z = ax_z.set_title("feature map, |z| ≤ 0.00")

    def update(example, kernel):
        x, w, Z = images[example], weights[kernel], maps[kernel][example]
        image_x.set_data(x)
        title_x.set_text(f"digit {labels[example]} (example {example})")
        image_w.set_data(w / w_scale[kernel])
        image_w.set_extent((-0.5, w.shape[1] - 0.5, w.shape[0] - 0.5, -0.5))
        title_w.set_text(f"kernel, |w| ≤ {w_scale[kernel]:.2f}")
        image_z.set_data(Z / z_scale[kernel])
        title_z.set_text(f"feature map, |z| ≤ {z_scale[kernel]:.2f}")
        strongest = np.unravel_index(np.argmax(Z), Z.shape)
        return (f"{kernel}: the map ranges from {Z.min():.2f} to {Z.max():.2f}; it responds most at row "
                f"{strongest[0]}, column {strongest[1]}. The same {w.shape[0]}×{w.shape[1]} weights are "
                f"used at every one of the {Z.size} positions.")

    controls = {"example": W.IntSlider(min=0, max=len(images) - 1, value=0, description="digit"),
                "kernel": W.Dropdown(options=names, value=names[0], description="kernel")}
    return FigureWidget(fig, controls, update)
