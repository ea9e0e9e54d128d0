"""Evaluating a classifier: the confusion matrix.

C[i, j] = #{n : y_n = i and ŷ_n = j}: row i counts the examples of true class
i by the class predicted for them. The diagonal holds the correct
predictions, so accuracy = trace(C) / N; row sums are the class sizes and
column sums how often each class was predicted.
"""

import numpy as np

__all__ = ["confusion_matrix"]


def _labels(labels, name, num_classes):
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class indices, got shape {labels.shape}")
    if labels.size and (labels.dtype == bool or not np.issubdtype(labels.dtype, np.integer)):
        raise ValueError(f"{name} must hold integer class indices, got dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"{name} must lie in [0, {num_classes}), "
                         f"got values from {labels.min()} to {labels.max()}")
    return labels.astype(np.intp)  # np.bincount casts 'safe' to intp: int64 fails on 32-bit


def confusion_matrix(y, y_hat, num_classes):
    """C of shape (num_classes, num_classes), C[i, j] = #{n : y_n = i and ŷ_n = j}.

    ``y`` holds the true classes, ``y_hat`` the predicted ones (integers in
    [0, num_classes)), one per example.
    """
    if int(num_classes) != num_classes or num_classes < 1:
        raise ValueError(f"num_classes must be a positive integer, got {num_classes!r}")
    num_classes = int(num_classes)
    y = _labels(y, "y", num_classes)
    y_hat = _labels(y_hat, "y_hat", num_classes)
    if y.shape != y_hat.shape:
        raise ValueError(f"y and y_hat need one label per example: shapes {y.shape} and "
                         f"{y_hat.shape} differ")
    # Each pair (i, j) is one cell of the flattened matrix: count them all at once.
    counts = np.bincount(y * num_classes + y_hat, minlength=num_classes * num_classes)
    return counts.reshape(num_classes, num_classes)
