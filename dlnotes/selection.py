"""Choosing settings on a validation set, so that the test set is looked at once.

A setting (a learning rate, a number of epochs, a width, a rank) chosen because
it scores best on some data makes that score optimistic: the best of several
noisy numbers is biased upwards. So the data are split three ways: the weights
are fitted on the training set, the settings are compared on the validation
set, and the test set is used once, for the chosen setting only, to estimate
how it does on new examples.

:func:`sweep` trains one fresh model per setting and records the validation
accuracy after every epoch, so a sweep over S settings of E epochs compares
S·E candidates (setting, number of epochs) for the price of S runs (choosing
the number of epochs this way is early stopping). :func:`choose` takes the
best candidate,

    (s*, e*) = argmax over settings s and epochs e of  accuracy_val(model_s after e epochs),

the first in the order given on ties (list the smaller models first, and the
smaller one wins a tie), then the fewest epochs. :func:`fit` retrains the
chosen setting for e* epochs: training is seeded, so this is the sweep's own
run stopped at epoch e*.
"""

import dataclasses

import numpy as np

from dlnotes.training import TrainingDiverged, train

__all__ = ["Trial", "sweep", "choose", "fit"]


@dataclasses.dataclass(frozen=True)
class Trial:
    """One setting of a sweep: ``setting`` {option: value, ..., "lr": learning rate},
    its training ``history`` (``history.eval_accuracy``: the validation accuracy after each
    epoch), or ``None`` and the reason in ``diverged`` when the loss stopped being finite."""

    setting: dict
    history: object = None
    diverged: str = None

    @property
    def val_accuracy(self):
        """The validation accuracy after each epoch (an empty array for a run that diverged)."""
        return np.asarray(self.history.eval_accuracy if self.history is not None else [], dtype=float)

    @property
    def best_epochs(self):
        """The fewest epochs at which the validation accuracy is highest (0 for a run that diverged)."""
        return int(np.argmax(self.val_accuracy)) + 1 if self.val_accuracy.size else 0

    @property
    def best_accuracy(self):
        """The highest validation accuracy over the epochs (NaN for a run that diverged)."""
        return float(self.val_accuracy.max()) if self.val_accuracy.size else float("nan")


def _options(setting):
    if "lr" not in setting:
        raise ValueError(f"a setting needs its learning rate 'lr', got {setting!r}")
    return {name: value for name, value in setting.items() if name != "lr"}


def fit(build, setting, X, y, *, epochs, batch_size=32, seed=0, X_eval=None, y_eval=None):
    """A fresh ``build(**options)`` trained by :func:`dlnotes.train` at ``setting["lr"]`` for ``epochs``
    epochs (``options``: the setting without "lr"); returns (model, history)."""
    model = build(**_options(setting))
    history = train(model, X, y, lr=setting["lr"], epochs=epochs, batch_size=batch_size, seed=seed,
                    X_eval=X_eval, y_eval=y_eval, progress=False)
    return model, history


def sweep(build, settings, X_train, y_train, X_val, y_val, *, epochs, batch_size=32, seed=0):
    """One :class:`Trial` per setting: a fresh ``build(**options)`` trained on the training set for
    ``epochs`` epochs, its validation accuracy recorded after each. A run that diverges
    (:class:`~dlnotes.TrainingDiverged`) is kept as a failed trial instead of stopping the sweep, without
    numpy's overflow warnings on the way (its ``diverged`` names the step and the learning rate)."""
    settings = [dict(setting) for setting in settings]
    if not settings:
        raise ValueError("sweep: give at least one setting to compare")
    trials = []
    for setting in settings:
        try:
            # A run that overflows ends as TrainingDiverged, which names it; numpy's own overflow
            # warnings on the way there would only repeat that, with a line of package source.
            with np.errstate(over="ignore", invalid="ignore"):
                _, history = fit(build, setting, X_train, y_train, epochs=epochs, batch_size=batch_size,
                                 seed=seed, X_eval=X_val, y_eval=y_val)
        except TrainingDiverged as error:
            trials.append(Trial(setting, diverged=str(error)))
        else:
            trials.append(Trial(setting, history))
    return trials


def choose(trials):
    """The best (trial, epochs) on the validation set: the highest accuracy after any epoch; on ties the
    first trial in the order given, then the fewest epochs. Raises if every trial diverged."""
    finished = [trial for trial in trials if trial.history is not None]
    if not finished:
        raise ValueError("choose: every trial diverged; try smaller learning rates")
    best = max(finished, key=lambda trial: trial.best_accuracy)  # max keeps the first of equals
    return best, best.best_epochs
