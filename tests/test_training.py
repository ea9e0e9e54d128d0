"""The MLP learns: XOR, and the handwritten digits."""

import numpy as np

import dlnotes as dl


def test_mlp_learns_xor():
    X, y = dl.datasets.xor(n=200, noise=0.1, seed=0)
    model = dl.MLP([2, 8, 2], seed=0)
    history = dl.train(model, X, y, lr=0.1, epochs=60, batch_size=16, progress=False)
    assert history.epoch_loss[-1] < 0.05
    assert dl.accuracy(model, X, y) == 1.0


def test_mlp_reaches_97_percent_on_digits():
    X, y = dl.datasets.digits()
    X_train, X_test, y_train, y_test = dl.datasets.train_test_split(X, y, test_size=0.2, seed=0)
    model = dl.MLP([64, 128, 128, 10], seed=0)
    history = dl.train(model, X_train, y_train, lr=0.1, epochs=30, batch_size=32, seed=0,
                       X_eval=X_test, y_eval=y_test, progress=False)
    assert len(history.eval_accuracy) == 30
    assert dl.accuracy(model, X_test, y_test) >= 0.97


def test_training_is_deterministic_for_a_seed():
    X, y = dl.datasets.moons(n=100, seed=3)
    runs = [dl.train(dl.MLP([2, 8, 2], seed=1), X, y, lr=0.2, epochs=3, seed=5, progress=False)
            for _ in range(2)]
    assert runs[0].step_loss == runs[1].step_loss


def test_weight_decay_shrinks_the_weights():
    X, y = dl.datasets.moons(n=100, seed=0)
    norms = []
    for lam in (0.0, 0.1):
        model = dl.MLP([2, 16, 2], seed=0)
        dl.train(model, X, y, lr=0.2, epochs=20, weight_decay=lam, progress=False)
        norms.append(sum(float(np.sum(W.value ** 2)) for W in model.weights()))
    assert norms[1] < 0.5 * norms[0]


def test_datasets_are_seeded_and_shaped():
    for make in (dl.datasets.xor, dl.datasets.moons, dl.datasets.blobs):
        X1, y1 = make(n=50, seed=4)
        X2, y2 = make(n=50, seed=4)
        assert X1.shape == (50, 2) and y1.shape == (50,) and y1.dtype == np.intp
        np.testing.assert_array_equal(X1, X2)
    X, y = dl.datasets.spirals(n_per_class=30, classes=3)
    assert X.shape == (90, 2) and set(y) == {0, 1, 2}
    X, y = dl.datasets.digits()
    assert X.shape == (1797, 64) and 0 <= X.min() and X.max() <= 1
