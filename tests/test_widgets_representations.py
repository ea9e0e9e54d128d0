"""The representations widget: a layer's representation and every layer's probe, per epoch."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.representations import (linear_probe_accuracy, representations, set_parameters,
                                     train_with_snapshots)
from dlnotes.widgets.representations import representations_widget


@pytest.fixture(scope="module")
def run():
    X, y = dl.datasets.spirals(n_per_class=40, turns=1.0, noise=0.1)
    model = dl.MLP([2, 8, 8, 2], seed=0)
    snapshots, _ = train_with_snapshots(model, X, y, 20, [0, 10, 20], lr=0.1, batch_size=20)
    return model, X, y, snapshots


def probe_of(run, layer, epoch):
    model, X, y, snapshots = run
    copy = set_parameters(dl.MLP(model.sizes), snapshots[epoch])
    return linear_probe_accuracy(representations(copy, X)[layer], y)


def test_builds_and_reports_the_probe_of_the_chosen_layer(run):
    w = representations_widget(*run, layer=2)
    assert w.values == {"layer": 2, "epoch": 20, "view": "probe"}
    assert f"linear probe accuracy {probe_of(run, 2, 20):.3f}" in w.text.value
    assert "hidden 2 at epoch 20" in w.text.value
    assert w.image.value[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("name, value", [("layer", 0), ("epoch", 0), ("view", "pca")])
def test_every_control_redraws(run, name, value):
    w = representations_widget(*run, layer=2)
    before_image, before_text = w.image.value, w.text.value
    w.controls[name].value = value
    assert w.image.value != before_image and w.text.value != before_text
    assert ("PCA keeps" in w.text.value) == (w.values["view"] == "pca" and w.values["layer"] in (1, 2))
    layer, epoch = w.values["layer"], w.values["epoch"]
    assert f"linear probe accuracy {probe_of(run, layer, epoch):.3f}" in w.text.value


def test_the_model_keeps_its_own_parameters(run):
    model = run[0]
    before = [p.value.copy() for p in model.parameters()]
    representations_widget(*run)
    assert all(np.array_equal(a, p.value) for a, p in zip(before, model.parameters()))


def test_builds_with_defaults():
    w = representations_widget()
    assert w.values == {"layer": 3, "epoch": 200, "view": "probe"}
    assert "hidden 3 at epoch 200" in w.text.value
    assert "linear probe accuracy 1.000" in w.text.value


def test_rejects_an_epoch_without_a_snapshot_and_half_the_arguments(run):
    with pytest.raises(ValueError, match="snapshot"):
        representations_widget(*run, epoch=7)
    with pytest.raises(ValueError, match="together"):
        representations_widget(run[0])
    with pytest.raises(ValueError, match="layer"):
        representations_widget(*run, layer=9)


def test_only_pca_is_offered_for_more_than_two_classes():
    X, y = dl.datasets.spirals(n_per_class=20, classes=3, turns=0.5, noise=0.1)
    model = dl.MLP([2, 6, 3], seed=0)
    snapshots, _ = train_with_snapshots(model, X, y, 2, [0, 2], lr=0.1, batch_size=20)
    with pytest.raises(ValueError, match="view"):
        representations_widget(model, X, y, snapshots, layer=1)
    w = representations_widget(model, X, y, snapshots, layer=1, view="pca")
    assert [value for _, value in w.controls["view"].options] == ["pca"]
    assert "hidden 1 at epoch 2" in w.text.value
