"""The digits widget: a test image and softmax(z / T) of its logits."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.widgets.digits import digits_widget


@pytest.fixture(scope="module")
def run():
    X, y = dl.datasets.digits()
    X_train, X_test, y_train, y_test = dl.datasets.train_test_split(X, y, test_size=0.2, seed=0)
    model = dl.MLP([64, 32, 10], seed=0)
    dl.train(model, X_train, y_train, lr=0.1, epochs=3, batch_size=32, progress=False)
    return model, X_test[:40], y_test[:40]


def probabilities(run, index, T):
    model, X_test, _ = run
    return dl.softmax(model(X_test[index:index + 1]), temperature=T).value[0]


def test_reports_the_probabilities_of_the_chosen_image(run):
    w = digits_widget(*run, index=3, temperature=1.0)
    p = probabilities(run, 3, 1.0)
    label, predicted = int(run[2][3]), int(np.argmax(p))
    assert f"test image 3: label {label}, predicted {predicted}" in w.text.value
    assert f"p(predicted) = {p[predicted]:.3f}, p(label) = {p[label]:.3f}" in w.text.value
    assert w.image.value[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("name, value", [("index", 7), ("T", 5.0), ("T", 0.2)])
def test_every_control_redraws(run, name, value):
    w = digits_widget(*run)
    before_image, before_text = w.image.value, w.text.value
    w.controls[name].value = value
    assert w.image.value != before_image and w.text.value != before_text
    index, T = w.values["index"], w.values["T"]
    p = probabilities(run, index, T)
    assert f"p(predicted) = {p.max():.3f}" in w.text.value
    assert f"T = {T:.2f}" in w.text.value


def test_temperature_never_changes_the_prediction(run):
    w = digits_widget(*run, index=5)
    predictions = set()
    for T in (0.1, 1.0, 10.0):
        w.controls["T"].value = T
        predictions.add(w.text.value.split("predicted ")[1].split(";")[0])
    assert len(predictions) == 1


def test_builds_with_defaults():
    w = digits_widget()
    assert w.values == {"index": 0, "T": 1.0}
    assert w.controls["index"].max == 359
    assert "test image 0" in w.text.value


def test_rejects_bad_arguments(run):
    with pytest.raises(ValueError, match="together"):
        digits_widget(run[0])
    with pytest.raises(ValueError, match="index"):
        digits_widget(*run, index=40)
    with pytest.raises(ValueError, match="shape"):
        digits_widget(run[0], run[1][:, :10], run[2])


def test_split_digits_gives_three_disjoint_stratified_sets():
    from dlnotes.widgets.digits import split_digits

    X, y = dl.datasets.digits()
    X_train, X_val, X_test, y_train, y_val, y_test = split_digits(X, y)
    assert (len(X_train), len(X_val), len(X_test)) == (1149, 288, 360)
    rows = {tuple(row) for row in X}
    parts = [{tuple(row) for row in part} for part in (X_train, X_val, X_test)]
    assert sum(len(p) for p in parts) == len(rows)  # no image in two sets
    for labels, size in [(y_train, 1149), (y_val, 288), (y_test, 360)]:
        share = np.bincount(labels, minlength=10) / size
        assert np.abs(share - np.bincount(y) / len(y)).max() < 0.01  # each class keeps its share
