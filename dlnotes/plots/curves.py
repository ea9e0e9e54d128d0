"""Loss curves."""

import numpy as np

__all__ = ["loss_curve"]


def loss_curve(ax, losses, label=None, xlabel="step", log=True, **kwargs):
    """Plot a sequence of losses against the step; a log scale by default."""
    losses = np.asarray(losses, dtype=float)
    line, = ax.plot(np.arange(len(losses)), losses, label=label, **kwargs)
    if log and np.all(losses > 0):
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss J(θ)")
    return line
