"""Choosing on validation: the sweep records every epoch, choose breaks ties by order then epochs,
fit reproduces the sweep's run stopped at the chosen epoch, a diverged run is kept as failed."""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes.selection import Trial, choose, fit, sweep

X, Y = dl.datasets.digits()
X_train, y_train, X_val, y_val = X[:300], Y[:300], X[300:420], Y[300:420]


def build(num_hiddens):
    return dl.MLP([64, num_hiddens, 10], seed=0)


def test_sweep_records_the_validation_accuracy_after_every_epoch():
    trials = sweep(build, [{"num_hiddens": 8, "lr": 0.1}, {"num_hiddens": 16, "lr": 0.3}],
                   X_train, y_train, X_val, y_val, epochs=4)
    assert [t.setting for t in trials] == [{"num_hiddens": 8, "lr": 0.1}, {"num_hiddens": 16, "lr": 0.3}]
    for trial in trials:
        assert trial.val_accuracy.shape == (4,) and trial.diverged is None
        assert trial.best_accuracy == trial.val_accuracy.max()
        assert trial.val_accuracy[trial.best_epochs - 1] == trial.best_accuracy
        assert (trial.val_accuracy[:trial.best_epochs - 1] < trial.best_accuracy).all()  # the first best epoch


def test_fit_is_the_sweeps_run_stopped_at_the_chosen_epoch():
    trials = sweep(build, [{"num_hiddens": 8, "lr": 0.2}, {"num_hiddens": 12, "lr": 0.2}],
                   X_train, y_train, X_val, y_val, epochs=6)
    best, epochs = choose(trials)
    model, history = fit(build, best.setting, X_train, y_train, epochs=epochs)
    assert len(history.epoch_loss) == epochs
    assert dl.accuracy(model, X_val, y_val) == best.best_accuracy
    np.testing.assert_array_equal(history.epoch_loss, best.history.epoch_loss[:epochs])


def _trial(curve, **setting):
    history = dl.History(eval_accuracy=list(curve))
    return Trial({"lr": 0.1, **setting}, history)


def test_choose_takes_the_highest_then_the_first_given_then_the_fewest_epochs():
    small, large = _trial([0.5, 0.9, 0.9], n=1), _trial([0.9, 0.8, 0.7], n=2)
    assert choose([small, large]) == (small, 2)
    assert choose([large, small]) == (large, 1)
    better = _trial([0.2, 0.95], n=3)
    assert choose([small, large, better]) == (better, 2)


def exploding(num_hiddens, scale):
    """An MLP whose first weights are multiplied by ``scale``: at 1e300 its logits overflow at once."""
    model = build(num_hiddens)
    model.layers[0].W.value *= scale
    return model


def test_a_diverged_run_is_kept_as_failed_and_never_chosen():
    # pyproject turns dlnotes' RuntimeWarnings into errors: the sweep must stay silent on the overflow.
    settings = [{"num_hiddens": 8, "scale": 1e300, "lr": 0.1}, {"num_hiddens": 8, "scale": 1.0, "lr": 0.1}]
    trials = sweep(exploding, settings, X_train, y_train, X_val, y_val, epochs=2)
    failed, ok = trials
    assert failed.history is None and "learning rate" in failed.diverged
    assert failed.val_accuracy.size == 0 and failed.best_epochs == 0 and np.isnan(failed.best_accuracy)
    assert choose(trials)[0] is ok
    with pytest.raises(ValueError, match="every trial diverged"):
        choose([failed])


def test_bad_settings_are_named():
    with pytest.raises(ValueError, match="learning rate 'lr'"):
        sweep(build, [{"num_hiddens": 8}], X_train, y_train, X_val, y_val, epochs=1)
    with pytest.raises(ValueError, match="at least one setting"):
        sweep(build, [], X_train, y_train, X_val, y_val, epochs=1)
