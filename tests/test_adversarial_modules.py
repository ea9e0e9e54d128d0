"""Adversarial input across the rest of the package: every module beyond the core API.

``tests/test_adversarial.py`` covers the core (Node, the operations, losses,
``MLP``, ``SGD``, ``train``, ``gradcheck``, datasets, metrics); this module
tries the other public functions and classes, module by module, as an
attacker would: empty, zero, negative, fractional, NaN, inf, None, strings,
wrong shapes, mismatched lengths, duplicated objects. ``BAD`` lists calls that
must raise, with the error type and a pattern the message must match (the
function, the argument and what was wrong); ``EDGE`` lists legitimate edge
input with its right answer.
"""

import numpy as np
import pytest

import dlnotes as dl
from dlnotes import approximation as AP
from dlnotes import convnets as CN
from dlnotes import distillation as D
from dlnotes import dropout_nets as DN
from dlnotes import estimators as E
from dlnotes import functions as F
from dlnotes import nn
from dlnotes import information as I
from dlnotes import linear_maps as LM
from dlnotes import lora as LO
from dlnotes import normalization_nets as NN
from dlnotes import paths as PA
from dlnotes import perceptron as PC
from dlnotes import population as PO
from dlnotes import regularization as RG
from dlnotes import representations as RP
from dlnotes import residual_nets as RN
from dlnotes import som as SO
from dlnotes import stochastic_approximation as SA
from dlnotes import surfaces as S
from dlnotes import toy_graphs as TG
from dlnotes import torch_bridge as TB
from dlnotes import transformer as TR
from dlnotes.graph import Node

N = Node
RNG = np.random.default_rng


def bad(name, call, error, match):
    return pytest.param(call, error, match, id=name)


def edge(name, call, expected):
    return pytest.param(call, expected, id=name)


# ---------------------------------------------------------------------------
# estimators

_LX, _LY = E.logistic_data(20, seed=0)


def _lparams():
    return [N(np.zeros(1)), N(0.0)]


def _grad(X=_LX, y=_LY, loss_fn=E.logistic_loss):
    return E.gradient(loss_fn, _lparams(), X, y)


def _mbg(batch_size=2, num_batches=3, rng="default", **kwargs):
    rng = RNG(0) if rng == "default" else rng
    return E.minibatch_gradients(E.logistic_loss, _lparams(), _LX, _LY, batch_size, num_batches, rng, **kwargs)


def _msgd(lr=0.1, batch_size=4, num_epochs=1, rng="default", params=None):
    rng = RNG(0) if rng == "default" else rng
    return E.minibatch_sgd(E.logistic_loss, params or _lparams(), _LX, _LY, lr, batch_size, num_epochs, rng)


ESTIMATORS = [
    bad("logistic_data n=0", lambda: E.logistic_data(0), ValueError, r"logistic_data: n must be an integer ≥ 1, got 0"),
    bad("logistic_data n=2.5", lambda: E.logistic_data(2.5), ValueError, r"logistic_data: n.*2.5"),
    bad("logistic_data n=True", lambda: E.logistic_data(True), TypeError, r"logistic_data: n.*bool"),
    bad("logistic_data w=NaN", lambda: E.logistic_data(5, w=np.nan), ValueError, r"logistic_data: w must be a finite"),
    bad("logistic_data rng=0", lambda: E.logistic_data(5, rng=0), TypeError, r"logistic_data: rng must be a np.random.Generator"),
    bad("gradient y None", lambda: _grad(y=None), TypeError, r"gradient: y must be an array.*got None"),
    bad("gradient y short", lambda: _grad(y=_LY[:3]), ValueError, r"gradient: X has 20 rows but y has 3"),
    bad("gradient y NaN", lambda: _grad(y=np.full(20, np.nan)), ValueError, r"gradient: y holds 20 non-finite"),
    bad("gradient X None", lambda: _grad(X=None), TypeError, r"gradient: X must be numbers"),
    bad("gradient X 1-D", lambda: _grad(X=_LX[:, 0]), ValueError, r"gradient: X must have shape \(N, features\), got shape \(20,\)"),
    bad("gradient X empty", lambda: _grad(X=np.zeros((0, 1)), y=[]), ValueError, r"gradient: X needs at least 1 row"),
    bad("gradient loss_fn 3", lambda: _grad(loss_fn=3), TypeError, r"gradient: loss_fn must be a function"),
    bad("gradient loss_fn returns float", lambda: _grad(loss_fn=lambda p, X, y: 1.0), ValueError,
        r"loss_fn must return a scalar Node, got float"),
    bad("per_example_gradients y short", lambda: E.per_example_gradients(E.logistic_loss, _lparams(), _LX, _LY[:2]),
        ValueError, r"per_example_gradients: X has 20 rows but y has 2"),
    bad("minibatch_gradients rng=0", lambda: _mbg(rng=0), TypeError, r"minibatch_gradients: rng must be a np.random.Generator"),
    bad("minibatch_gradients rng None", lambda: _mbg(rng=None), TypeError, r"minibatch_gradients: rng.*None"),
    bad("minibatch_gradients num_batches 0", lambda: _mbg(num_batches=0), ValueError,
        r"minibatch_gradients: num_batches must be an integer ≥ 1, got 0"),
    bad("minibatch_gradients batch_size 2.5", lambda: _mbg(batch_size=2.5), ValueError, r"minibatch_gradients: batch_size.*2.5"),
    bad("minibatch_gradients batch_size > N", lambda: _mbg(batch_size=21), ValueError,
        r"minibatch_gradients: batch_size must be an integer from 1 to N = 20 without replacement, got 21"),
    bad("minibatch_gradients replace=1", lambda: _mbg(replace=1), ValueError, r"minibatch_gradients: replace must be True or False"),
    bad("by_size []", lambda: E.minibatch_gradients_by_size(E.logistic_loss, _lparams(), _LX, _LY, [], 3, RNG(0)),
        ValueError, r"minibatch_gradients_by_size: batch_sizes is empty"),
    bad("by_size [2.5]", lambda: E.minibatch_gradients_by_size(E.logistic_loss, _lparams(), _LX, _LY, [2.5], 3, RNG(0)),
        ValueError, r"minibatch_gradients_by_size: batch_sizes\[0\] must be an integer ≥ 1, got 2.5"),
    bad("by_size None", lambda: E.minibatch_gradients_by_size(E.logistic_loss, _lparams(), _LX, _LY, None, 3, RNG(0)),
        TypeError, r"batch_sizes must be a list of integers, got NoneType"),
    bad("total_variance one row", lambda: E.total_variance(np.ones((1, 3))), ValueError,
        r"total_variance: grads needs at least 2 row"),
    bad("total_variance NaN", lambda: E.total_variance([[np.nan], [1.0]]), ValueError, r"total_variance: grads holds 1 non-finite"),
    bad("total_variance text", lambda: E.total_variance("ab"), TypeError, r"total_variance: grads must be numbers, got text"),
    bad("minibatch_variance NaN", lambda: E.minibatch_variance([[np.nan], [1.0]], 1), ValueError,
        r"minibatch_variance: per_example holds 1 non-finite"),
    bad("minibatch_variance None", lambda: E.minibatch_variance(None, 1), TypeError, r"minibatch_variance: per_example.*None"),
    bad("minibatch_variance B=0", lambda: E.minibatch_variance(np.ones((3, 2)), 0), ValueError, r"minibatch_variance: batch_size"),
    bad("loglog_slope text", lambda: E.loglog_slope("ab", [1, 2]), TypeError, r"loglog_slope: x must be numbers"),
    bad("loglog_slope NaN", lambda: E.loglog_slope([1, np.nan], [1, 2]), ValueError, r"loglog_slope: x and y must be finite"),
    bad("loglog_slope constant x", lambda: E.loglog_slope([2, 2], [1, 2]), ValueError, r"loglog_slope: every x is 2"),
    bad("minibatch_sgd rng None", lambda: _msgd(rng=None), TypeError, r"minibatch_sgd: rng must be a np.random.Generator"),
    bad("minibatch_sgd num_epochs 2.5", lambda: _msgd(num_epochs=2.5), ValueError, r"minibatch_sgd: num_epochs must be an integer ≥ 0"),
    bad("minibatch_sgd params twice", lambda: (lambda p: _msgd(params=[p, p]))(N(np.zeros(1))), ValueError,
        r"SGD: params lists the same Node twice"),
    bad("stationary_excess_loss noise NaN", lambda: E.stationary_excess_loss(0.1, 2, np.nan), ValueError,
        r"stationary_excess_loss: noise_trace must be a finite real number, got nan"),
    bad("stationary_excess_loss noise str", lambda: E.stationary_excess_loss(0.1, 2, "1"), TypeError,
        r"stationary_excess_loss: noise_trace.*str"),
    bad("stationary_excess_loss noise -1", lambda: E.stationary_excess_loss(0.1, 2, -1.0), ValueError,
        r"noise_trace must be a finite number ≥ 0, got -1.0"),
    bad("stationary_excess_loss B=0", lambda: E.stationary_excess_loss(0.1, 0, 1.0), ValueError,
        r"stationary_excess_loss: batch_size must be an integer ≥ 1, got 0"),
]

ESTIMATORS_EDGE = [
    edge("loglog_slope of 1/x is -1", lambda: E.loglog_slope([1, 2, 4], [1, 0.5, 0.25]), -1.0),
    edge("minibatch_variance, one row, B=1", lambda: E.minibatch_variance(np.ones((1, 2)), 1), 0.0),
    edge("minibatch_variance B=N is 0 without replacement", lambda: E.minibatch_variance(np.eye(3), 3), 0.0),
    edge("stationary_excess_loss noise 0", lambda: E.stationary_excess_loss(0.1, 2, 0), 0.0),
    edge("minibatch_sgd 0 epochs records the start only", lambda: _msgd(num_epochs=0)[0], np.array([0])),
]

# ---------------------------------------------------------------------------
# surfaces

_Q = S.Quadratic()

SURFACES = [
    bad("Quadratic eigenvalues text", lambda: S.Quadratic("ab"), TypeError, r"Quadratic: eigenvalues must be numbers, got text"),
    bad("Quadratic eigenvalues None", lambda: S.Quadratic(None), TypeError, r"Quadratic: eigenvalues.*None"),
    bad("Quadratic three eigenvalues", lambda: S.Quadratic((1, 2, 3)), ValueError, r"Quadratic: eigenvalues must be two finite"),
    bad("Quadratic eigenvalue 0", lambda: S.Quadratic((0, 1)), ValueError, r"Quadratic: eigenvalues must be two finite numbers > 0"),
    bad("Quadratic angle None", lambda: S.Quadratic(angle=None), TypeError, r"Quadratic: angle \(radians\) must be a finite"),
    bad("Quadratic angle NaN", lambda: S.Quadratic(angle=np.nan), ValueError, r"Quadratic: angle.*nan"),
    bad("Quadratic(θ NaN)", lambda: _Q([np.nan, 1.0]), ValueError, r"Quadratic: θ holds 1 non-finite"),
    bad("Quadratic(θ text)", lambda: _Q("ab"), TypeError, r"Quadratic: θ must be numbers, got text"),
    bad("Quadratic(θ of 3)", lambda: _Q([1, 2, 3]), ValueError, r"Quadratic: θ must have shape \(2,\), got \(3,\)"),
    bad("Quadratic.values shapes", lambda: _Q.values(np.ones(3), np.ones(4)), ValueError,
        r"Quadratic.values: shapes \(3,\) and \(4,\) do not broadcast"),
    bad("Quadratic.values text", lambda: _Q.values("a", 1), TypeError, r"Quadratic.values: theta1 must be numbers"),
    bad("Quadratic.gradient of 3", lambda: _Q.gradient([1, 2, 3]), ValueError, r"Quadratic.gradient: θ must have shape \(2,\)"),
    bad("Quadratic.gradient None", lambda: _Q.gradient(None), TypeError, r"Quadratic.gradient: θ.*None"),
    bad("Quadratic.gradient NaN", lambda: _Q.gradient([np.nan, 1]), ValueError, r"Quadratic.gradient: θ holds 1 non-finite"),
    bad("steps_to_shrink tol None", lambda: _Q.steps_to_shrink(0.1, None), TypeError, r"steps_to_shrink: tol.*None"),
    bad("steps_to_shrink tol 1", lambda: _Q.steps_to_shrink(0.1, 1.0), ValueError, r"steps_to_shrink: tol must lie in \(0, 1\)"),
    bad("regime lr 0", lambda: _Q.regime(0), ValueError, r"learning rate must be a finite number > 0"),
    bad("descend loss_fn 3", lambda: S.descend(3, [1, 1], 0.1, 2), TypeError, r"descend: loss_fn must be a function"),
    bad("descend num_steps 2.5", lambda: S.descend(_Q, [1, 1], 0.1, 2.5), ValueError, r"descend: num_steps must be an integer ≥ 0"),
    bad("descend theta0 None", lambda: S.descend(_Q, None, 0.1, 2), TypeError, r"descend: theta0.*None"),
    bad("descend max_loss NaN", lambda: S.descend(_Q, [1, 1], 0.1, 2, max_loss=np.nan), ValueError, r"descend: max_loss"),
    bad("descend theta0 of 3", lambda: S.descend(_Q, [1, 1, 1], 0.1, 2), ValueError, r"Quadratic: θ must have shape \(2,\)"),
]

SURFACES_EDGE = [
    edge("descend 0 steps keeps θ0", lambda: S.descend(_Q, [1.0, 1.0], 0.1, 0).trajectory, np.array([[1.0, 1.0]])),
    edge("descend max_loss=inf has no bound", lambda: S.descend(_Q, [1.0, 1.0], 0.1, 2, max_loss=np.inf).losses.shape, (3,)),
    edge("steps_to_shrink at the best lr of a round bowl is 1", lambda: S.Quadratic((2.0, 2.0)).steps_to_shrink(0.5, 0.1), 1),
    edge("steps_to_shrink when diverging is inf", lambda: _Q.steps_to_shrink(1.0, 0.1), np.inf),
]

# ---------------------------------------------------------------------------
# information

INFORMATION = [
    bad("entropy None", lambda: I.entropy(None), TypeError, r"entropy: p must be numbers.*None"),
    bad("entropy text", lambda: I.entropy("ab"), TypeError, r"entropy: p must be numbers, got text"),
    bad("entropy scalar", lambda: I.entropy(1.0), ValueError, r"entropy needs a distribution.*scalar"),
    bad("entropy NaN", lambda: I.entropy([np.nan, 1]), ValueError, r"probabilities must be finite"),
    bad("entropy empty", lambda: I.entropy([]), ValueError, r"at least one outcome"),
    bad("entropy negative", lambda: I.entropy([-0.5, 1.5]), ValueError, r"non-negative \(smallest value -0.5\)"),
    bad("entropy does not sum to 1", lambda: I.entropy([0.2, 0.2]), ValueError, r"sum to 1 along axis -1 \(off by up to 0.6\)"),
    bad("entropy axis 1.0", lambda: I.entropy([0.5, 0.5], axis=1.0), TypeError, r"entropy: axis must be None, an integer"),
    bad("entropy axis 3", lambda: I.entropy([0.5, 0.5], axis=3), ValueError, r"entropy: axis 3 is out of range"),
    bad("entropy axis (0, 1)", lambda: I.entropy(np.full((2, 2), 0.25), axis=(0, 1)), TypeError, r"entropy: axis must be one integer"),
    bad("entropy atol NaN", lambda: I.entropy([0.5, 0.5], atol=np.nan), ValueError, r"entropy: atol must be a finite"),
    bad("entropy atol -1", lambda: I.entropy([0.5, 0.5], atol=-1), ValueError, r"entropy: atol must be a finite number ≥ 0"),
    bad("slope T 0", lambda: I.entropy_temperature_slope([1.0, 2.0], 0), ValueError, r"temperature must be a finite number > 0"),
    bad("slope z NaN", lambda: I.entropy_temperature_slope([np.nan, 2.0], 1), ValueError, r"logits must be finite"),
    bad("slope z None", lambda: I.entropy_temperature_slope(None, 1), TypeError, r"entropy_temperature_slope: z.*None"),
    bad("slope z empty", lambda: I.entropy_temperature_slope([], 1), ValueError, r"needs a vector of logits, got shape \(0,\)"),
    bad("slope axis 2", lambda: I.entropy_temperature_slope([1.0, 2.0], 1, axis=2), ValueError,
        r"entropy_temperature_slope: axis 2 is out of range"),
]

INFORMATION_EDGE = [
    edge("entropy of a one-hot is 0", lambda: I.entropy([1.0, 0.0]), 0.0),
    edge("entropy of a fair coin is log 2", lambda: I.entropy([0.5, 0.5]), np.log(2)),
    edge("entropy along axis 0", lambda: I.entropy(np.array([[0.5, 1.0], [0.5, 0.0]]), axis=0), np.array([np.log(2), 0.0])),
    edge("slope of equal logits is 0", lambda: I.entropy_temperature_slope([3.0, 3.0], 2.0), 0.0),
]

# ---------------------------------------------------------------------------
# toy_graphs and paths

_x = N(1.0)
_z = _x * _x

TOY_GRAPHS = [
    bad("two_path_graph x None", lambda: TG.two_path_graph(x=None), TypeError, r"two_path_graph: x must be numbers.*None"),
    bad("two_path_graph x NaN", lambda: TG.two_path_graph(x=np.nan), ValueError, r"two_path_graph: x must be one finite number, got nan"),
    bad("two_path_graph w text", lambda: TG.two_path_graph(w="a"), TypeError, r"two_path_graph: w must be numbers, got text"),
    bad("two_path_graph b list", lambda: TG.two_path_graph(b=[1, 2]), ValueError, r"two_path_graph: b must be one finite number, got \[1, 2\]"),
    bad("two_path_gradients w inf", lambda: TG.two_path_gradients(w=np.inf), ValueError, r"two_path_gradients: w must be one finite"),
    bad("two_way_chain depth 0", lambda: TG.two_way_chain(depth=0), ValueError, r"two_way_chain: depth must be an integer ≥ 1, got 0"),
    bad("two_way_chain depth 2.5", lambda: TG.two_way_chain(depth=2.5), ValueError, r"two_way_chain: depth.*2.5"),
    bad("two_way_chain depth None", lambda: TG.two_way_chain(depth=None), TypeError, r"two_way_chain: depth.*None"),
    bad("two_way_chain x NaN", lambda: TG.two_way_chain(x=np.nan), ValueError, r"two_way_chain: x must be one finite"),
    bad("local_derivative i 5", lambda: PA.local_derivative(_z, 5), ValueError, r"local_derivative: i must lie in \[0, 2\), got 5"),
    bad("local_derivative i 0.5", lambda: PA.local_derivative(_z, 0.5), TypeError, r"local_derivative: i must be an integer index"),
    bad("local_derivative of a leaf", lambda: PA.local_derivative(_x, 0), ValueError, r"local_derivative: .* is a leaf"),
    bad("local_derivative None", lambda: PA.local_derivative(None, 0), TypeError, r"local_derivative needs a Node, got NoneType"),
    bad("enumerate_paths None", lambda: PA.enumerate_paths(None, _z), TypeError, r"path sums need x to be a Node"),
    bad("path_sum of 2^40 paths", lambda: PA.path_sum(*TG.two_way_chain(depth=40)), ValueError,
        r"enumerate_paths: the graph has 1099511627776 paths from x to z, more than MAX_PATHS"),
]

TOY_GRAPHS_EDGE = [
    edge("path_sum of an unrelated x is 0 over no paths", lambda: PA.path_sum(N(2.0), _z * 1.0), (0, [])),
    edge("path_sum of x to itself is 1 over the empty path", lambda: PA.path_sum(_x, _x), (1.0, [[]])),
    edge("path_sum of x*x is 2x over two paths", lambda: PA.path_sum(_x, _z)[0], 2.0),
    edge("two_way_chain depth np.int64", lambda: TG.two_way_chain(depth=np.int64(2))[1].name, "u2"),
]

# ---------------------------------------------------------------------------
# perceptron and linear_maps

_PX = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]])
_PY = np.array([1, 1, 0])
_PX_NAN = np.array([[np.nan, 0.0], [0.0, 1.0], [-1.0, 0.0]])

PERCEPTRON = [
    bad("predict w of 3 for 2 features", lambda: PC.predict(_PX, np.ones(3), 0.0), ValueError,
        r"predict: w must have shape \(2,\), one weight per feature, got \(3,\)"),
    bad("predict X None", lambda: PC.predict(None, np.ones(2), 0.0), TypeError, r"predict: X must be numbers.*None"),
    bad("predict b NaN", lambda: PC.predict(_PX, np.ones(2), np.nan), ValueError, r"predict: b must be a finite real number, got nan"),
    bad("rosenblatt_step t 0", lambda: PC.rosenblatt_step(np.ones(2), 0.0, np.ones(2), 0, 0.1), ValueError,
        r"rosenblatt_step: the target t must be -1 or \+1.*got 0"),
    bad("rosenblatt_step lr NaN", lambda: PC.rosenblatt_step(np.ones(2), 0.0, np.ones(2), 1, np.nan), ValueError,
        r"learning rate must be a finite number > 0, got nan"),
    bad("rosenblatt_step x of 3", lambda: PC.rosenblatt_step(np.ones(2), 0.0, np.ones(3), 1, 0.1), ValueError,
        r"rosenblatt_step: w must have shape \(3,\)"),
    bad("rosenblatt_step x 2-D", lambda: PC.rosenblatt_step(np.ones(2), 0.0, np.ones((1, 2)), 1, 0.1), ValueError,
        r"rosenblatt_step: x must be one example, a 1-D array"),
    bad("train_perceptron epochs 0", lambda: PC.train_perceptron(_PX, _PY, epochs=0), ValueError,
        r"train_perceptron: epochs must be an integer ≥ 1, got 0"),
    bad("train_perceptron epochs 2.5", lambda: PC.train_perceptron(_PX, _PY, epochs=2.5), ValueError,
        r"train_perceptron: epochs.*2.5"),
    bad("train_perceptron lr 0", lambda: PC.train_perceptron(_PX, _PY, lr=0), ValueError, r"learning rate.*got 0"),
    bad("train_perceptron lr NaN", lambda: PC.train_perceptron(_PX, _PY, lr=np.nan), ValueError, r"learning rate"),
    bad("train_perceptron X NaN", lambda: PC.train_perceptron(_PX_NAN, _PY), ValueError,
        r"train_perceptron: X holds 1 non-finite value"),
    bad("train_perceptron X empty", lambda: PC.train_perceptron(np.zeros((0, 2)), []), ValueError,
        r"train_perceptron: X needs at least 1 row"),
    bad("train_perceptron X 1-D", lambda: PC.train_perceptron(np.ones(3), _PY), ValueError,
        r"train_perceptron: X must have shape \(N, features\)"),
    bad("train_perceptron y ±1", lambda: PC.train_perceptron(_PX, 2 * _PY - 1), ValueError, r"labels must be 0 or 1, got values \[-1  1\]"),
    bad("train_perceptron y None", lambda: PC.train_perceptron(_PX, None), TypeError, r"train_perceptron: y must be an array.*None"),
    bad("train_perceptron y text", lambda: PC.train_perceptron(_PX, ["a", "b", "a"]), TypeError, r"perceptron labels must be 0 or 1, got <U1"),
    bad("train_perceptron y short", lambda: PC.train_perceptron(_PX, _PY[:2]), ValueError, r"train_perceptron: X has 3 rows but y has 2"),
    bad("augmented_margin of a zero separator", lambda: PC.augmented_margin(_PX, _PY, np.zeros(2), 0.0), ValueError,
        r"augmented_margin: \(w, b\) is zero"),
    bad("mistake_bound of a zero separator", lambda: PC.mistake_bound(_PX, _PY, np.zeros(2), 0.0), ValueError,
        r"augmented_margin: \(w, b\) is zero"),
    bad("mistake_bound of a non-separator", lambda: PC.mistake_bound(_PX, _PY, np.array([-1.0, 0.0]), 0.0), ValueError,
        r"does not separate the data \(margin -1\)"),
    bad("linearly_separable y short", lambda: PC.linearly_separable(_PX, _PY[:2]), ValueError,
        r"linearly_separable: X has 3 rows but y has 2"),
    bad("linearly_separable X NaN", lambda: PC.linearly_separable(_PX_NAN, _PY), ValueError,
        r"linearly_separable: X holds 1 non-finite"),
    bad("compose_affine None", lambda: LM.compose_affine(None), TypeError, r"compose_affine needs a list of \(W, b\) layers, got NoneType"),
    bad("compose_affine []", lambda: LM.compose_affine([]), ValueError, r"compose_affine needs at least one \(W, b\) layer"),
    bad("compose_affine a bare matrix", lambda: LM.compose_affine([np.ones((2, 2))]), TypeError,
        r"compose_affine: layer 1 must be a pair \(W, b\), got ndarray"),
    bad("compose_affine b of the wrong width", lambda: LM.compose_affine([(np.ones((2, 3)), np.zeros(2))]), ValueError,
        r"compose_affine: b of layer 1 has shape \(2,\), expected \(3,\)"),
    bad("compose_affine NaN", lambda: LM.compose_affine([(np.full((2, 3), np.nan), np.zeros(3))]), ValueError,
        r"compose_affine: W of layer 1 holds 6 non-finite"),
    bad("compose_affine mismatched layers", lambda: LM.compose_affine([(np.ones((2, 3)), np.zeros(3)), (np.ones((2, 2)), np.zeros(2))]),
        ValueError, r"compose_affine: layer 2 takes 2 inputs but the layers before it give 3"),
    bad("best_affine_fit y short", lambda: LM.best_affine_fit(np.ones((3, 2)), np.ones(2)), ValueError,
        r"best_affine_fit: X has 3 rows but y has 2"),
    bad("best_affine_fit empty", lambda: LM.best_affine_fit(np.ones((0, 2)), np.ones(0)), ValueError,
        r"best_affine_fit: X needs at least 1 row"),
    bad("best_affine_fit NaN (LinAlgError before)", lambda: LM.best_affine_fit(np.full((3, 2), np.nan), np.ones(3)), ValueError,
        r"best_affine_fit: X holds 6 non-finite"),
    bad("best_affine_fit y NaN", lambda: LM.best_affine_fit(np.ones((3, 2)), [1.0, np.nan, 1.0]), ValueError,
        r"best_affine_fit: y holds 1 non-finite"),
]

PERCEPTRON_EDGE = [
    edge("perceptron labels as floats", lambda: PC.train_perceptron(_PX, _PY * 1.0).converged, True),
    edge("perceptron labels as bools", lambda: PC.train_perceptron(_PX, _PY.astype(bool)).converged, True),
    edge("predict of no rows", lambda: PC.predict(np.zeros((0, 2)), np.ones(2), 0.0).shape, (0,)),
    edge("a point on the boundary is a mistake", lambda: PC.rosenblatt_step(np.zeros(2), 0.0, np.ones(2), 1, 0.5)[2], True),
    edge("one class is separable", lambda: PC.linearly_separable(_PX, np.ones(3, dtype=int)), True),
    edge("XOR is not separable", lambda: PC.linearly_separable(np.array([[0, 0], [1, 1], [0, 1], [1, 0.0]]),
                                                                  np.array([0, 0, 1, 1])), False),
    edge("best affine fit of XOR is 1/2", lambda: LM.best_affine_fit(np.array([[0, 0], [1, 1], [0, 1], [1, 0.0]]),
                                                                        np.array([0, 0, 1, 1.0]))[1], 0.5),
    edge("compose_affine of one layer is that layer", lambda: LM.compose_affine([(np.eye(2), np.ones(2))])[1], np.ones(2)),
]

# ---------------------------------------------------------------------------
# som

_SX = RNG(0).random((20, 2))


def _som():
    return SO.SelfOrganizingMap(3, 3, 2).init_from_data(_SX, RNG(0))


SOM = [
    bad("SOM rows 2.5", lambda: SO.SelfOrganizingMap(2.5, 3, 2), ValueError, r"SelfOrganizingMap: rows must be an integer ≥ 1, got 2.5"),
    bad("SOM rows True", lambda: SO.SelfOrganizingMap(True, 3, 2), TypeError, r"SelfOrganizingMap: rows.*bool"),
    bad("SOM dim 0", lambda: SO.SelfOrganizingMap(3, 3, 0), ValueError, r"SelfOrganizingMap: dim.*got 0"),
    bad("SOM sigma None", lambda: SO.SelfOrganizingMap(3, 3, 2, sigma=None), TypeError, r"SelfOrganizingMap: sigma.*None"),
    bad("SOM lr '1'", lambda: SO.SelfOrganizingMap(3, 3, 2, lr="1"), TypeError, r"SelfOrganizingMap: lr.*str"),
    bad("SOM weights of the wrong shape", lambda: SO.SelfOrganizingMap(3, 3, 2, weights=np.zeros((2, 2, 2))), ValueError,
        r"SelfOrganizingMap: weights must have shape \(rows, cols, dim\) = \(3, 3, 2\), got \(2, 2, 2\)"),
    bad("SOM weights NaN", lambda: SO.SelfOrganizingMap(3, 3, 2, weights=np.full((3, 3, 2), np.nan)), ValueError,
        r"SelfOrganizingMap: weights holds 18 non-finite"),
    bad("init_from_data wrong dim", lambda: SO.SelfOrganizingMap(3, 3, 2).init_from_data(np.ones((5, 3)), RNG(0)), ValueError,
        r"init_from_data: X must have shape \(N, 2\), got shape \(5, 3\)"),
    bad("init_from_data rng None", lambda: SO.SelfOrganizingMap(3, 3, 2).init_from_data(_SX, None), TypeError,
        r"init_from_data: rng must be a np.random.Generator"),
    bad("init_from_data X empty", lambda: SO.SelfOrganizingMap(3, 3, 2).init_from_data(np.zeros((0, 2)), RNG(0)), ValueError,
        r"init_from_data: X needs at least 1 row"),
    bad("init_small_random scale NaN", lambda: SO.SelfOrganizingMap(3, 3, 2).init_small_random(_SX, RNG(0), scale=np.nan),
        ValueError, r"init_small_random: scale must be a finite"),
    bad("SOM.train num_steps 2.5", lambda: _som().train(_SX, 2.5), ValueError, r"SelfOrganizingMap.train: num_steps.*2.5"),
    bad("SOM.train num_steps -1", lambda: _som().train(_SX, -1), ValueError, r"SelfOrganizingMap.train: num_steps.*got -1"),
    bad("SOM.train X empty (division by zero)", lambda: _som().train(np.zeros((0, 2)), 5), ValueError,
        r"SelfOrganizingMap.train: X needs at least 1 row"),
    bad("SOM.train order out of range", lambda: _som().train(_SX, 5, order=[100] * 5), ValueError,
        r"order must index rows of X in \[0, 20\), got values from 100 to 100"),
    bad("SOM.train order float", lambda: _som().train(_SX, 5, order=[0.5] * 5), ValueError, r"order must be a non-empty 1-D array of row indices"),
    bad("SOM.train order empty", lambda: _som().train(_SX, 5, order=np.array([], dtype=int)), ValueError, r"order must be a non-empty"),
    bad("SOM.train record_every 0", lambda: _som().train(_SX, 5, record_every=0), ValueError, r"record_every must be an integer ≥ 1, got 0"),
    bad("SOM.train snapshots 2.5", lambda: _som().train(_SX, 5, snapshots=[2.5]), ValueError, r"snapshots must be an integer ≥ 0, got 2.5"),
    bad("SOM.step t past the end", lambda: _som().step(_SX[0], 10, 5), ValueError, r"SelfOrganizingMap.step: t must lie in \[0, num_steps\) = \[0, 5\), got 10"),
    bad("SOM.step num_steps 0", lambda: _som().step(_SX[0], 0, 0), ValueError, r"SelfOrganizingMap.step: num_steps.*got 0"),
    bad("SOM.step x of 3", lambda: _som().step(np.ones(3), 1, 5), ValueError, r"SelfOrganizingMap.step: x must be one input of shape \(2,\)"),
    bad("SOM.step x NaN", lambda: _som().step(np.array([np.nan, 1.0]), 1, 5), ValueError, r"SelfOrganizingMap.step: x holds 1 non-finite"),
    bad("SOM.winner x of 3", lambda: _som().winner(np.ones(3)), ValueError, r"SelfOrganizingMap.winner: x must be one input"),
    bad("asymptotic_decay num_steps 0", lambda: SO.asymptotic_decay(1.0, 1, 0), ValueError, r"asymptotic_decay: num_steps.*got 0"),
    bad("asymptotic_decay t -1", lambda: SO.asymptotic_decay(1.0, -1, 10), ValueError, r"asymptotic_decay: t must be a finite number ≥ 0"),
    bad("neighbourhood sigma 0 (NaN before)", lambda: SO.neighbourhood(_som().grid, (0, 0), 0), ValueError,
        r"neighbourhood: sigma must be a finite number > 0, got 0.0"),
    bad("neighbourhood winner of 3", lambda: SO.neighbourhood(_som().grid, (0, 0, 0), 1), ValueError,
        r"neighbourhood: grid must have shape \(rows, cols, 2\) and winner \(2,\)"),
    bad("best_matching_units k 0", lambda: SO.best_matching_units(_SX, _som().weights, k=0), ValueError, r"best_matching_units: k.*got 0"),
    bad("best_matching_units k 100", lambda: SO.best_matching_units(_SX, _som().weights, k=100), ValueError,
        r"best_matching_units: k = 100 is more than the map's 9 units"),
    bad("best_matching_units wrong dim", lambda: SO.best_matching_units(np.ones((5, 3)), _som().weights), ValueError,
        r"best_matching_units: X must have shape \(N, 2\)"),
    bad("quantization_error empty (NaN before)", lambda: SO.quantization_error(np.zeros((0, 2)), _som().weights), ValueError,
        r"quantization_error: X needs at least 1 row"),
    bad("quantization_error NaN", lambda: SO.quantization_error(np.full((5, 2), np.nan), _som().weights), ValueError,
        r"quantization_error: X holds 10 non-finite"),
    bad("topographic_error weights 2-D", lambda: SO.topographic_error(_SX, np.zeros((3, 2))), ValueError,
        r"topographic_error: weights must have shape \(rows, cols, dim\)"),
    bad("topographic_error one unit", lambda: SO.topographic_error(_SX, np.zeros((1, 1, 2))), ValueError, r"at least two units"),
]

SOM_EDGE = [
    edge("SOM.train 0 steps records once", lambda: (lambda m: (m.train(_SX, 0), m.history["step"])[1])(_som()), [0]),
    edge("SOM.winner of a list", lambda: _som().winner(list(_som().weights[1, 2])), (1, 2)),
    edge("best_matching_units of one 1-D input", lambda: SO.best_matching_units(_som().weights[2, 0], _som().weights).tolist(), [[6]]),
    edge("asymptotic_decay halves by the middle", lambda: SO.asymptotic_decay(1.0, 5, 10), 0.5),
    edge("quantization_error of the units themselves is 0", lambda: SO.quantization_error(_som().weights.reshape(-1, 2), _som().weights), 0.0),
]

# ---------------------------------------------------------------------------
# stochastic_approximation and population

_AX, _AY, _ = SA.least_squares_data(50)
_AW = np.zeros(_AX.shape[1])
_C = SA.constant_schedule(0.01, 10)


def _runs(**kwargs):
    args = dict(rng=RNG(0))
    args.update(kwargs)
    return SA.sgd_runs(args.pop("X", _AX), args.pop("y", _AY), args.pop("schedules", _C), **args)


def _budget(batch_sizes=(1, 2), budget=100, rng="default", **kwargs):
    return SA.budget_runs(_AX, _AY, 0.01, batch_sizes, budget, RNG(0) if rng == "default" else rng, **kwargs)


def _sample(batch_size, rng):
    return E.logistic_data(batch_size, rng=rng)


def _fresh(**kwargs):
    args = dict(loss_fn=E.logistic_loss, params=_lparams(), sample=_sample, lr=0.1, batch_size=4, num_steps=3, rng=RNG(0))
    args.update(kwargs)
    return PO.fresh_sample_sgd(**args)


STOCHASTIC = [
    bad("least_squares_data n=0 (empty before)", lambda: SA.least_squares_data(0), ValueError, r"least_squares_data: n.*got 0"),
    bad("least_squares_data n=2.5", lambda: SA.least_squares_data(2.5), ValueError, r"least_squares_data: n.*2.5"),
    bad("least_squares_data scales ()", lambda: SA.least_squares_data(10, scales=()), ValueError,
        r"least_squares_data: scales must be a non-empty list"),
    bad("least_squares_data scales NaN (LinAlgError before)", lambda: SA.least_squares_data(10, scales=(1, np.nan)), ValueError,
        r"least_squares_data: scales holds 1 non-finite"),
    bad("least_squares_data scales text", lambda: SA.least_squares_data(10, scales="ab"), TypeError, r"least_squares_data: scales must be numbers"),
    bad("least_squares_data noise NaN", lambda: SA.least_squares_data(10, noise=np.nan), ValueError, r"least_squares_data: noise"),
    bad("least_squares_data noise -1", lambda: SA.least_squares_data(10, noise=-1), ValueError, r"noise must be a finite number ≥ 0"),
    bad("least_squares_loss w of 2", lambda: SA.least_squares_loss(np.zeros(2), _AX, _AY), ValueError,
        r"least_squares_loss: w must have shape \(5,\) or \(S, 5\)"),
    bad("least_squares_loss y short", lambda: SA.least_squares_loss(_AW, _AX, _AY[:3]), ValueError,
        r"least_squares_loss: X has 50 rows but y has 3"),
    bad("least_squares_loss empty (NaN before)", lambda: SA.least_squares_loss(_AW, _AX[:0], _AY[:0]), ValueError,
        r"least_squares_loss: X needs at least 1 row"),
    bad("least_squares_gradient empty (NaN before)", lambda: SA.least_squares_gradient(_AW, _AX[:0], _AY[:0]), ValueError,
        r"least_squares_gradient: X needs at least 1 row"),
    bad("least_squares_gradient w NaN", lambda: SA.least_squares_gradient(np.full(5, np.nan), _AX, _AY), ValueError,
        r"least_squares_gradient: w holds 5 non-finite"),
    bad("constant_schedule num_steps 2.5", lambda: SA.constant_schedule(0.1, 2.5), ValueError, r"constant_schedule: num_steps.*2.5"),
    bad("constant_schedule num_steps 0", lambda: SA.constant_schedule(0.1, 0), ValueError, r"constant_schedule: num_steps.*got 0"),
    bad("constant_schedule num_steps -1", lambda: SA.constant_schedule(0.1, -1), ValueError, r"constant_schedule: num_steps.*got -1"),
    bad("robbins_monro k0 0 (NaN before)", lambda: SA.robbins_monro_schedule(0.1, 10, k0=0), ValueError,
        r"robbins_monro_schedule: k0 must be a finite number > 0"),
    bad("robbins_monro k0 -1", lambda: SA.robbins_monro_schedule(0.1, 10, k0=-1), ValueError, r"robbins_monro_schedule: k0"),
    bad("robbins_monro power None", lambda: SA.robbins_monro_schedule(0.1, 10, power=None), TypeError, r"robbins_monro_schedule: power"),
    bad("robbins_monro num_steps 2.5", lambda: SA.robbins_monro_schedule(0.1, 2.5), ValueError, r"robbins_monro_schedule: num_steps"),
    bad("schedule_sums []", lambda: SA.schedule_sums([]), ValueError, r"schedule_sums: steps must be a non-empty"),
    bad("schedule_sums NaN", lambda: SA.schedule_sums([np.nan]), ValueError, r"schedule_sums: steps holds 1 non-finite"),
    bad("schedule_sums None (NaN before)", lambda: SA.schedule_sums(None), TypeError, r"schedule_sums: steps.*None"),
    bad("sgd_runs no steps", lambda: _runs(schedules=np.zeros((1, 0))), ValueError, r"sgd_runs: schedules must have shape \(S, K\) with K ≥ 1"),
    bad("sgd_runs record_every 0 (modulo by zero)", lambda: _runs(record_every=0), ValueError, r"sgd_runs: record_every.*got 0"),
    bad("sgd_runs record_every 2.5", lambda: _runs(record_every=2.5), ValueError, r"sgd_runs: record_every.*2.5"),
    bad("sgd_runs w0 of 2", lambda: _runs(w0=np.zeros(2)), ValueError, r"sgd_runs: w0 must have shape \(5,\), got \(2,\)"),
    bad("sgd_runs w0 NaN", lambda: _runs(w0=np.full(5, np.nan)), ValueError, r"sgd_runs: w0 holds 5 non-finite"),
    bad("sgd_runs schedule NaN", lambda: _runs(schedules=np.full(10, np.nan)), ValueError, r"sgd_runs: schedules holds 10 non-finite"),
    bad("sgd_runs schedules 3-D", lambda: _runs(schedules=np.ones((1, 1, 3))), ValueError, r"sgd_runs: schedules must have shape"),
    bad("sgd_runs y short", lambda: _runs(y=_AY[:3]), ValueError, r"sgd_runs: X has 50 rows but y has 3"),
    bad("sgd_runs rng 0", lambda: _runs(rng=0), TypeError, r"sgd_runs: rng must be a np.random.Generator"),
    bad("sgd_runs X 1-D", lambda: _runs(X=_AX[:, 0]), ValueError, r"sgd_runs: X must have shape \(N, features\)"),
    bad("noise_floor no records (NaN before)", lambda: SA.noise_floor([], 0.0), ValueError, r"noise_floor: losses must have shape"),
    bad("noise_floor last_fraction 0 (NaN before)", lambda: SA.noise_floor([1.0, 2.0], 0.0, last_fraction=0), ValueError,
        r"noise_floor: last_fraction must lie in \(0, 1\], got 0.0"),
    bad("noise_floor last_fraction 2", lambda: SA.noise_floor([1.0, 2.0], 0.0, last_fraction=2), ValueError, r"noise_floor: last_fraction"),
    bad("noise_floor J_star NaN", lambda: SA.noise_floor([1.0, 2.0], np.nan), ValueError, r"noise_floor: J_star must be a finite"),
    bad("noise_floor text", lambda: SA.noise_floor("ab", 0), TypeError, r"noise_floor: losses must be numbers"),
    bad("budget_runs budget 2.5", lambda: _budget(budget=2.5), ValueError, r"budget_runs: budget must be an integer ≥ 1, got 2.5"),
    bad("budget_runs batch 0 (division by zero)", lambda: _budget(batch_sizes=[0]), ValueError,
        r"budget_runs: batch_sizes\[0\] must be an integer ≥ 1, got 0"),
    bad("budget_runs batch 2.5", lambda: _budget(batch_sizes=[2.5]), ValueError, r"budget_runs: batch_sizes\[0\].*2.5"),
    bad("budget_runs num_records 0", lambda: _budget(num_records=0), ValueError, r"budget_runs: num_records.*got 0"),
    bad("budget_runs no batch sizes", lambda: _budget(batch_sizes=[]), ValueError, r"budget_runs: batch_sizes is empty"),
    bad("budget_runs rng 0", lambda: _budget(rng=0), TypeError, r"budget_runs: rng must be a np.random.Generator"),
    bad("budget_runs no step", lambda: _budget(batch_sizes=[1000], budget=100), ValueError, r"allows no step of batch size 1000"),
    bad("population theta of 3", lambda: PO.logistic_population_loss([1, 2, 3]), ValueError,
        r"logistic_population_loss: theta must be two finite numbers \(w, b\)"),
    bad("population theta NaN", lambda: PO.logistic_population_loss([np.nan, 1]), ValueError,
        r"logistic_population_loss: theta holds 1 non-finite"),
    bad("population theta text", lambda: PO.logistic_population_loss("ab"), TypeError, r"logistic_population_loss: theta must be numbers"),
    bad("population true_theta NaN", lambda: PO.logistic_population_loss([1.0, 1.0], true_theta=(np.nan, 1)), ValueError,
        r"logistic_population_loss: true_theta holds 1 non-finite"),
    bad("population gradient theta None", lambda: PO.logistic_population_gradient(None), TypeError,
        r"logistic_population_gradient: theta.*None"),
    bad("population num_points 1", lambda: PO.logistic_population_gradient([1.0, 1.0], num_points=1), ValueError,
        r"num_points must be an integer ≥ 2, got 1"),
    bad("population num_points 2.5", lambda: PO.logistic_population_loss([1.0, 1.0], num_points=2.5), ValueError, r"num_points.*2.5"),
    bad("fresh_sample_sgd rng None (the same batch every step before)", lambda: _fresh(rng=None), TypeError,
        r"fresh_sample_sgd: rng must be a np.random.Generator"),
    bad("fresh_sample_sgd sample 3", lambda: _fresh(sample=3), TypeError, r"fresh_sample_sgd: sample must be a function"),
    bad("fresh_sample_sgd loss_fn None", lambda: _fresh(loss_fn=None), TypeError, r"fresh_sample_sgd: loss_fn must be a function"),
    bad("fresh_sample_sgd sample returns 1", lambda: _fresh(sample=lambda B, rng: 1), TypeError,
        r"sample\(batch_size, rng\) must return a pair \(X, y\), got int"),
    bad("fresh_sample_sgd batch_size 0", lambda: _fresh(batch_size=0), ValueError, r"fresh_sample_sgd: batch_size.*got 0"),
    bad("fresh_sample_sgd params twice", lambda: (lambda p: _fresh(params=[p, p]))(N(np.zeros(1))), ValueError,
        r"fresh_sample_sgd: params lists the same Node twice"),
]

STOCHASTIC_EDGE = [
    edge("budget_runs full batch needs no rng", lambda: len(_budget(batch_sizes=[len(_AX)], rng=None)), 1),
    edge("budget_runs B > N draws with replacement", lambda: _budget(batch_sizes=[100], budget=1000)[100][0][-1], 1000),
    edge("noise_floor of the whole record", lambda: SA.noise_floor([[1.0, 3.0]], 1.0, last_fraction=1), np.array([1.0])),
    edge("noise_floor of a tiny fraction keeps the last record", lambda: SA.noise_floor([[1.0, 3.0]], 1.0, last_fraction=0.01),
         np.array([2.0])),
    edge("least_squares_loss of a list X", lambda: SA.least_squares_loss(_AW, _AX.tolist(), _AY), 0.5 * np.mean(_AY ** 2)),
    edge("least_squares_loss of stacked w", lambda: SA.least_squares_loss(np.zeros((3, 5)), _AX, _AY).shape, (3,)),
    edge("fresh_sample_sgd 0 steps", lambda: _fresh(num_steps=0).shape, (1, 2)),
    edge("robbins_monro power 1 halves at k0", lambda: SA.robbins_monro_schedule(0.2, 101, k0=100.0)[100], 0.1),
]

# ---------------------------------------------------------------------------
# The architecture functions of dlnotes.functions (and their operations)

_IMG = RNG(0).normal(size=(2, 3, 5, 5))
_KER = RNG(1).normal(size=(4, 3, 3, 3))
_Q3 = np.ones((2, 3))


def _attend(Q=_Q3, K=_Q3, V=_Q3, mask=None):
    return F.scaled_dot_product_attention(Q, K, V, mask)


FUNCTIONS = [
    bad("conv2d stride 0", lambda: F.conv2d(_IMG, _KER, stride=0), ValueError, r"conv2d: stride must be an integer ≥ 1, got 0"),
    bad("conv2d padding -1", lambda: F.conv2d(_IMG, _KER, padding=-1), ValueError, r"conv2d: padding must be an integer ≥ 0"),
    bad("conv2d x None", lambda: F.conv2d(None, _KER), TypeError, r"conv2d: input 1 of 2 must be numbers.*None"),
    bad("conv2d b of 3 for 4 filters", lambda: F.conv2d(_IMG, _KER, np.zeros(3)), ValueError, r"conv2d: b has shape \(3,\), expected \(4,\)"),
    bad("conv2d channels", lambda: F.conv2d(_IMG, _KER[:, :2]), ValueError, r"conv2d: x of shape \(2, 3, 5, 5\) has 3 channels but W"),
    bad("conv2d x 3-D", lambda: F.conv2d(_IMG[0], _KER), ValueError, r"conv2d: x must have shape \(N, C, H, W\)"),
    bad("conv2d kernel too big", lambda: F.conv2d(_IMG[:, :, :2, :2], _KER), ValueError, r"conv2d: a 3×3 kernel does not fit into a 2×2"),
    bad("max_pool2d size 2.0", lambda: F.max_pool2d(_IMG, 2.0), ValueError, r"max_pool2d: size must be an integer ≥ 1, got 2.0"),
    bad("max_pool2d stride 0", lambda: F.max_pool2d(_IMG, 2, 0), ValueError, r"max_pool2d: stride"),
    bad("max_pool2d window too big", lambda: F.max_pool2d(_IMG, 6), ValueError, r"max_pool2d: a 6×6 window does not fit"),
    bad("dropout p 1", lambda: F.dropout(np.ones(3), 1.0, RNG(0)), ValueError, r"dropout probability p must lie in \[0, 1\), got 1.0"),
    bad("dropout p NaN", lambda: F.dropout(np.ones(3), np.nan, RNG(0)), ValueError, r"dropout probability p.*nan"),
    bad("dropout rng None", lambda: F.dropout(np.ones(3), 0.5, None), TypeError, r"dropout: rng must be a np.random.Generator"),
    bad("dropout rng 0", lambda: F.dropout(np.ones(3), 0.5, 0), TypeError, r"dropout: rng.*got 0 \(int\)"),
    bad("dropout training 'no' (was training)", lambda: F.dropout(np.ones(3), 0.5, RNG(0), training="no"), TypeError,
        r"dropout: training must be True or False, got 'no'"),
    bad("batch_norm eps 0", lambda: F.batch_norm(np.ones((3, 2)), np.ones(2), np.zeros(2), eps=0), ValueError, r"eps must be a finite number > 0"),
    bad("batch_norm gamma of 3", lambda: F.batch_norm(np.ones((3, 2)), np.ones(3), np.zeros(2)), ValueError,
        r"batch_norm: gamma and beta must have shape \(2,\)"),
    bad("batch_norm one row", lambda: F.batch_norm(np.ones((1, 2)), np.ones(2), np.zeros(2)), ValueError,
        r"batch_norm needs more than one value per channel"),
    bad("layer_norm of a scalar", lambda: F.layer_norm(1.0, np.ones(1), np.zeros(1)), ValueError, r"layer_norm: gamma and beta must have shape"),
    bad("attention mask of ints", lambda: _attend(mask=np.ones((2, 2), int)), ValueError, r"attention: mask must be boolean"),
    bad("attention mask row all False", lambda: _attend(mask=np.array([[True, False], [False, False]])), ValueError,
        r"a query row of the mask is all False"),
    bad("attention mask shape", lambda: _attend(mask=np.ones((3, 3), bool)), ValueError, r"a mask of shape \(3, 3\) does not broadcast"),
    bad("attention d mismatch", lambda: _attend(K=np.ones((2, 4))), ValueError, r"attention: Q \(2, 3\), K \(2, 4\)"),
    bad("attention batch axes (raw broadcast before)", lambda: _attend(np.ones((2, 2, 3)), np.ones((3, 2, 3)), np.ones((3, 2, 3))),
        ValueError, r"attention \(the batch axes of Q, K and V\): shapes \(2,\) and \(3,\) and \(3,\) do not broadcast"),
    bad("attention over no keys (raw reduction error before)", lambda: _attend(K=np.ones((0, 3)), V=np.ones((0, 3))), ValueError,
        r"attention needs d ≥ 1 and at least one key"),
    bad("attention d 0", lambda: _attend(np.ones((2, 0)), np.ones((2, 0))), ValueError, r"attention needs d ≥ 1"),
    bad("embedding ids float", lambda: F.embedding([0.5], np.ones((3, 2))), ValueError, r"embedding: ids must be integers, got dtype float64"),
    bad("embedding ids out of range", lambda: F.embedding([3], np.ones((3, 2))), ValueError, r"embedding: ids must lie in \[0, 3\)"),
    bad("embedding ids -1", lambda: F.embedding([-1], np.ones((3, 2))), ValueError, r"embedding: ids must lie in \[0, 3\)"),
    bad("embedding ids bool", lambda: F.embedding([True], np.ones((3, 2))), ValueError, r"embedding: ids must be integers, got dtype bool"),
    bad("embedding table 1-D", lambda: F.embedding([0], np.ones(3)), ValueError, r"embedding: the table must have shape \(vocabulary, d\)"),
    bad("positional encoding num_steps 2.5", lambda: F.sinusoidal_positional_encoding(2.5, 4), ValueError,
        r"sinusoidal_positional_encoding: num_steps must be an integer ≥ 0, got 2.5"),
    bad("positional encoding num_hiddens 0", lambda: F.sinusoidal_positional_encoding(2, 0), ValueError,
        r"sinusoidal_positional_encoding: num_hiddens.*got 0"),
    bad("positional encoding None", lambda: F.sinusoidal_positional_encoding(None, 4), TypeError, r"sinusoidal_positional_encoding: num_steps.*None"),
    bad("reshape (2.5, 2) (truncated before)", lambda: F.reshape(np.ones(6), (2.5, 2)), TypeError, r"reshape: shape must be integers"),
    bad("reshape 'ab'", lambda: F.reshape(np.ones(6), "ab"), TypeError, r"reshape: shape must be integers.*'ab'"),
    bad("reshape None", lambda: F.reshape(np.ones(6), None), TypeError, r"reshape: shape must be integers"),
    bad("reshape 6 into (4, -1)", lambda: F.reshape(np.ones(6), (4, -1)), ValueError, r"reshape: cannot reshape shape \(6,\)"),
    bad("transpose axes (0, 0)", lambda: F.transpose(np.ones((2, 3)), (0, 0)), ValueError, r"transpose: axes \(0, 0\) are not a permutation"),
    bad("transpose axes (1.0, 0) (truncated before)", lambda: F.transpose(np.ones((2, 3)), (1.0, 0)), TypeError, r"transpose: axes must be"),
    bad("transpose axes 'ab'", lambda: F.transpose(np.ones((2, 3)), "ab"), TypeError, r"transpose: axes must be None or a tuple"),
    bad("concatenate shapes (raw numpy before)", lambda: F.concatenate([np.ones((2, 3)), np.ones((2, 4))]), ValueError,
        r"concatenate along axis 0: input 2 has shape \(2, 4\), input 1 \(2, 3\)"),
    bad("concatenate axis 5 (AxisError before)", lambda: F.concatenate([np.ones((2, 3)), np.ones((2, 3))], axis=5), ValueError,
        r"concatenate: axis 5 is out of range"),
    bad("concatenate axis 1.0", lambda: F.concatenate([np.ones(2), np.ones(2)], axis=1.0), TypeError, r"concatenate: axis must be"),
    bad("concatenate None", lambda: F.concatenate(None), TypeError, r"concatenate needs a list of nodes or arrays, got NoneType"),
    bad("concatenate one array", lambda: F.concatenate(np.ones((2, 2))), TypeError, r"concatenate needs a list.*ndarray"),
    bad("concatenate []", lambda: F.concatenate([]), ValueError, r"concatenate needs at least one node"),
    bad("concatenate scalars", lambda: F.concatenate([1.0, 2.0]), ValueError, r"concatenate needs arrays of at least one dimension"),
    bad("stack shapes (raw numpy before)", lambda: F.stack([np.ones(2), np.ones(3)]), ValueError,
        r"stack: input 2 has shape \(3,\), input 1 \(2,\)"),
    bad("stack axis 5", lambda: F.stack([np.ones(2), np.ones(2)], axis=5), ValueError, r"stack: axis 5 is out of range for an array of 2"),
    bad("max axis 1.0", lambda: F.max(np.ones((2, 2)), axis=1.0), TypeError, r"max: axis must be"),
    bad("max axis 3 (AxisError before)", lambda: F.max(np.ones((2, 2)), axis=3), ValueError, r"max: axis 3 is out of range"),
    bad("max of nothing", lambda: F.max(np.zeros(0)), ValueError, r"max of an empty array"),
    bad("var of nothing (NaN before)", lambda: F.var(np.zeros(0)), ValueError, r"var of an empty array"),
    bad("var axis 3", lambda: F.var(np.ones((2, 2)), axis=3), ValueError, r"var: axis 3 is out of range"),
    bad("var axis 1.0", lambda: F.var(np.ones((2, 2)), axis=1.0), TypeError, r"var: axis must be"),
    bad("sqrt of a negative", lambda: F.sqrt(np.array([-1.0])), ValueError, r"sqrt of a negative value"),
]

FUNCTIONS_EDGE = [
    edge("conv2d of an empty batch (raw reshape error before)", lambda: F.conv2d(_IMG[:0], _KER).shape, (0, 4, 3, 3)),
    edge("conv2d with no filters", lambda: F.conv2d(_IMG, _KER[:0]).shape, (2, 0, 3, 3)),
    edge("max_pool2d of an empty batch", lambda: F.max_pool2d(_IMG[:0], 2).shape, (0, 3, 2, 2)),
    edge("dropout p=0 is the identity", lambda: F.dropout(np.arange(3.0), 0, None).value, np.arange(3.0)),
    edge("dropout evaluating is the identity", lambda: F.dropout(np.arange(3.0), 0.9, RNG(0), training=False).value, np.arange(3.0)),
    edge("attention of one key is V", lambda: _attend(np.ones((2, 3)), np.ones((1, 3)), np.array([[5.0, 6.0]])).value,
         np.array([[5.0, 6.0], [5.0, 6.0]])),
    edge("embedding of no ids", lambda: F.embedding(np.array([], int), np.ones((3, 2))).shape, (0, 2)),
    edge("positional encoding of 0 steps", lambda: F.sinusoidal_positional_encoding(0, 4).shape, (0, 4)),
    edge("positional encoding, odd width", lambda: F.sinusoidal_positional_encoding(1, 3), np.array([[0.0, 1.0, 0.0]])),
    edge("reshape with np.int64", lambda: F.reshape(np.ones(6), (np.int64(2), -1)).shape, (2, 3)),
    edge("concatenate axis -1", lambda: F.concatenate([np.ones((2, 1)), np.zeros((2, 2))], axis=-1).shape, (2, 3)),
    edge("stack at the new last axis", lambda: F.stack([np.ones(2), np.zeros(2)], axis=-1).shape, (2, 2)),
    edge("max ties share the gradient", lambda: (lambda x: (dl.backprop(F.max(x)), x.grad)[1])(N(np.array([1.0, 3.0, 3.0]))),
         np.array([0.0, 0.5, 0.5])),
    edge("var of one value is 0", lambda: F.var(np.array([4.0])).value, 0.0),
]

# ---------------------------------------------------------------------------
# The layers of dlnotes.nn


def _lin():
    return nn.Linear(2, 3, RNG(0))


def _lora_roundtrip():
    layer = nn.LoRALinear(_lin(), 1, 1.0, RNG(0))
    W0 = layer.base.W.value.copy()
    layer.B.value[:] = 1.0
    layer.merge()
    layer.B.value[:] = 2.0  # changed while merged: unmerge must still restore W0 exactly
    layer.unmerge()
    return bool(np.allclose(layer.base.W.value, W0, rtol=0, atol=1e-12))  # before: off by (α/r)·A·1


def _batchnorm_keeps_its_averages():
    layer = nn.BatchNorm(3)
    with pytest.raises(ValueError, match=r"BatchNorm: the batch holds NaN or infinity"):
        layer(np.array([[np.nan, 1.0, 1.0], [1.0, 1.0, 1.0]]))
    return layer.running_mean  # not NaN: untouched by the refused batch


LAYERS = [
    bad("Conv2d in_channels 0 (division by zero before)", lambda: nn.Conv2d(0, 4, 3, RNG(0)), ValueError,
        r"Conv2d: in_channels must be an integer ≥ 1, got 0"),
    bad("Conv2d out_channels 2.5", lambda: nn.Conv2d(3, 2.5, 3, RNG(0)), ValueError, r"Conv2d: out_channels.*2.5"),
    bad("Conv2d kernel_size 0", lambda: nn.Conv2d(3, 4, 0, RNG(0)), ValueError, r"Conv2d: kernel_size must be an integer ≥ 1, got 0"),
    bad("Conv2d kernel_size (3,)", lambda: nn.Conv2d(3, 4, (3,), RNG(0)), TypeError, r"Conv2d: kernel_size must be an integer or a pair"),
    bad("Conv2d kernel_size None", lambda: nn.Conv2d(3, 4, None, RNG(0)), TypeError, r"Conv2d: kernel_size.*None"),
    bad("Conv2d rng None", lambda: nn.Conv2d(3, 4, 3, None), TypeError, r"Conv2d: rng must be a np.random.Generator"),
    bad("Conv2d stride 0 (accepted until the first call before)", lambda: nn.Conv2d(3, 4, 3, RNG(0), stride=0), ValueError,
        r"Conv2d: stride.*got 0"),
    bad("Conv2d gain 0 (all-zero weights before)", lambda: nn.Conv2d(3, 4, 3, RNG(0), gain=0), ValueError, r"Conv2d: gain must be a finite number > 0"),
    bad("Conv2d gain NaN (NaN weights before)", lambda: nn.Conv2d(3, 4, 3, RNG(0), gain=np.nan), ValueError, r"Conv2d: gain"),
    bad("Conv2d bias 'no'", lambda: nn.Conv2d(3, 4, 3, RNG(0), bias="no"), TypeError, r"Conv2d: bias must be True or False"),
    bad("Conv2d input channels", lambda: nn.Conv2d(3, 4, 3, RNG(0))(np.ones((1, 2, 5, 5))), ValueError, r"has 2 channels but W"),
    bad("MaxPool2d 0 (accepted until the first call before)", lambda: nn.MaxPool2d(0), ValueError, r"MaxPool2d: size.*got 0"),
    bad("MaxPool2d stride 2.5", lambda: nn.MaxPool2d(2, 2.5), ValueError, r"MaxPool2d: stride.*2.5"),
    bad("BatchNorm 0 features", lambda: nn.BatchNorm(0), ValueError, r"BatchNorm: num_features.*got 0"),
    bad("BatchNorm 2.5 features", lambda: nn.BatchNorm(2.5), ValueError, r"BatchNorm: num_features.*2.5"),
    bad("BatchNorm momentum NaN", lambda: nn.BatchNorm(3, momentum=np.nan), ValueError, r"BatchNorm: momentum must be a finite"),
    bad("BatchNorm momentum 2", lambda: nn.BatchNorm(3, momentum=2), ValueError, r"BatchNorm: momentum must lie in \[0, 1\]"),
    bad("BatchNorm eps 0 (division by zero in evaluation before)", lambda: nn.BatchNorm(3, eps=0), ValueError,
        r"BatchNorm: eps must be a finite number > 0"),
    bad("BatchNorm evaluation width", lambda: nn.BatchNorm(3).eval()(np.ones((2, 4))), ValueError, r"BatchNorm\(3\) expects \(N, 3\)"),
    bad("BatchNorm batch with NaN", lambda: nn.BatchNorm(3)(np.full((2, 3), np.nan)), ValueError, r"BatchNorm: the batch holds NaN"),
    bad("LayerNorm 0 features", lambda: nn.LayerNorm(0), ValueError, r"LayerNorm: num_features.*got 0"),
    bad("LayerNorm eps -1", lambda: nn.LayerNorm(3, eps=-1), ValueError, r"LayerNorm: eps"),
    bad("Dropout p 1", lambda: nn.Dropout(1.0, RNG(0)), ValueError, r"dropout probability p"),
    bad("Dropout rng None", lambda: nn.Dropout(0.5, None), TypeError, r"Dropout: rng must be a np.random.Generator"),
    bad("layer.train('no') (training mode before)", lambda: nn.Dropout(0.5, RNG(0)).train("no"), TypeError,
        r"Dropout.train: mode must be True or False, got 'no'"),
    bad("Residual(3)", lambda: nn.Residual(3), TypeError, r"Residual: f must be a function, got 3"),
    bad("Residual(None)", lambda: nn.Residual(None), TypeError, r"Residual: f must be a function"),
    bad("Residual of a shape change", lambda: nn.Residual(lambda x: x[:1])(N(np.ones((2, 2)))), ValueError,
        r"Residual: f changed the shape from \(2, 2\) to \(1, 2\)"),
    bad("Sequential()", lambda: nn.Sequential(), ValueError, r"Sequential needs at least one layer"),
    bad("Sequential(3)", lambda: nn.Sequential(3), TypeError, r"Sequential takes layers or functions, got int"),
    bad("Sequential([layer])", lambda: nn.Sequential([nn.Flatten()]), TypeError, r"Sequential takes layers or functions, got list"),
    bad("Flatten of a scalar", lambda: nn.Flatten()(N(1.0)), ValueError, r"Flatten needs a batch"),
    bad("Flatten None", lambda: nn.Flatten()(None), TypeError, r"Node: value must be numbers.*None"),
    bad("MultiHeadAttention 0 heads (modulo by zero before)", lambda: nn.MultiHeadAttention(4, 0, RNG(0)), ValueError,
        r"MultiHeadAttention: num_heads must be an integer ≥ 1, got 0"),
    bad("MultiHeadAttention -2 heads", lambda: nn.MultiHeadAttention(4, -2, RNG(0)), ValueError, r"MultiHeadAttention: num_heads.*got -2"),
    bad("MultiHeadAttention 3 heads for 4", lambda: nn.MultiHeadAttention(4, 3, RNG(0)), ValueError,
        r"MultiHeadAttention: num_hiddens \(4\) must be a multiple of num_heads \(3\)"),
    bad("MultiHeadAttention 2.5 heads", lambda: nn.MultiHeadAttention(4, 2.5, RNG(0)), ValueError, r"MultiHeadAttention: num_heads.*2.5"),
    bad("MultiHeadAttention rng None", lambda: nn.MultiHeadAttention(4, 2, None), TypeError, r"rng must be a np.random.Generator"),
    bad("MultiHeadAttention X width", lambda: nn.MultiHeadAttention(4, 2, RNG(0))(np.ones((1, 2, 5))), ValueError,
        r"MultiHeadAttention expects X of shape \(batch, steps, 4\), got shape \(1, 2, 5\)"),
    bad("MultiHeadAttention context width (raw reshape before)", lambda: nn.MultiHeadAttention(4, 2, RNG(0))(np.ones((1, 2, 4)), context=np.ones((1, 2, 5))),
        ValueError, r"MultiHeadAttention expects context of shape \(1, steps, 4\).*got shape \(1, 2, 5\)"),
    bad("MultiHeadAttention context batch (broadcast silently before)",
        lambda: nn.MultiHeadAttention(4, 2, RNG(0))(np.ones((1, 2, 4)), context=np.ones((3, 2, 4))), ValueError,
        r"expects context of shape \(1, steps, 4\)"),
    bad("MultiHeadAttention mask shape", lambda: nn.MultiHeadAttention(4, 2, RNG(0))(np.ones((1, 2, 4)), mask=np.ones((3, 3), bool)),
        ValueError, r"attention: a mask of shape"),
    bad("TransformerBlock ffn 0", lambda: nn.TransformerBlock(4, 2, 0, RNG(0)), ValueError, r"TransformerBlock: ffn_num_hiddens.*got 0"),
    bad("TransformerBlock dropout 1", lambda: nn.TransformerBlock(4, 2, 8, RNG(0), dropout=1.0), ValueError, r"dropout probability"),
    bad("TransformerBlock X width", lambda: nn.TransformerBlock(4, 2, 8, RNG(0))(np.ones((1, 2, 5))), ValueError,
        r"TransformerBlock expects X of shape \(batch, steps, 4\), got shape \(1, 2, 5\)"),
    bad("TransformerBlock X 2-D", lambda: nn.TransformerBlock(4, 2, 8, RNG(0))(np.ones((2, 4))), ValueError,
        r"TransformerBlock expects X of shape"),
    bad("Embedding vocab 0", lambda: nn.Embedding(0, 4, RNG(0)), ValueError, r"Embedding: vocab_size.*got 0"),
    bad("Embedding width 2.5", lambda: nn.Embedding(3, 2.5, RNG(0)), ValueError, r"Embedding: num_hiddens.*2.5"),
    bad("Embedding rng None", lambda: nn.Embedding(3, 2, None), TypeError, r"Embedding: rng must be a np.random.Generator"),
    bad("Embedding id out of range", lambda: nn.Embedding(3, 2, RNG(0))([5]), ValueError, r"embedding: ids must lie in \[0, 3\)"),
    bad("LoRALinear r 0", lambda: nn.LoRALinear(_lin(), 0, 1.0, RNG(0)), ValueError, r"LoRALinear: the rank r must be an integer ≥ 1, got 0"),
    bad("LoRALinear r 2.5", lambda: nn.LoRALinear(_lin(), 2.5, 1.0, RNG(0)), ValueError, r"LoRALinear: the rank r.*2.5"),
    bad("LoRALinear alpha NaN (NaN outputs before)", lambda: nn.LoRALinear(_lin(), 1, np.nan, RNG(0)), ValueError,
        r"LoRALinear: alpha must be a finite real number, got nan"),
    bad("LoRALinear alpha 'a'", lambda: nn.LoRALinear(_lin(), 1, "a", RNG(0)), TypeError, r"LoRALinear: alpha"),
    bad("LoRALinear base None", lambda: nn.LoRALinear(None, 1, 1.0, RNG(0)), TypeError, r"LoRALinear: base must be a Linear layer.*NoneType"),
    bad("LoRALinear base Flatten", lambda: nn.LoRALinear(nn.Flatten(), 1, 1.0, RNG(0)), TypeError, r"LoRALinear: base must be a Linear.*Flatten"),
    bad("LoRALinear rng None", lambda: nn.LoRALinear(_lin(), 1, 1.0, None), TypeError, r"LoRALinear: rng must be a np.random.Generator"),
    bad("count_parameters None", lambda: nn.count_parameters(None), TypeError, r"count_parameters needs a model with a parameters\(\) method"),
    bad("count_parameters ndarray", lambda: nn.count_parameters(np.ones(3)), TypeError, r"count_parameters.*ndarray"),
]

LAYERS_EDGE = [
    edge("LoRA unmerge restores W0 even if B changed while merged (corrupted W0 before)", _lora_roundtrip, True),
    edge("BatchNorm keeps its running averages after a refused batch", _batchnorm_keeps_its_averages, np.zeros(3)),
    edge("Sequential of one layer twice shares its parameters once", lambda: (lambda l: len(nn.Sequential(l, l).parameters()))(_lin()), 2),
    edge("Flatten of an empty batch (raw reshape error before)", lambda: nn.Flatten()(np.ones((0, 3, 4))).shape, (0, 12)),
    edge("Flatten of a plain array", lambda: nn.Flatten()(np.ones((2, 3, 4))).shape, (2, 12)),
    edge("MultiHeadAttention of a nested list", lambda: nn.MultiHeadAttention(4, 2, RNG(0))([[[1.0, 2.0, 3.0, 4.0]]]).shape, (1, 1, 4)),
    edge("Conv2d kernel_size as a pair", lambda: nn.Conv2d(3, 4, (3, 1), RNG(0)).W.shape, (4, 3, 3, 1)),
    edge("Conv2d kernel_size np.int64", lambda: nn.Conv2d(3, 4, np.int64(2), RNG(0)).W.shape, (4, 3, 2, 2)),
    edge("Dropout in evaluation is the identity", lambda: nn.Dropout(0.5, RNG(0)).eval()(np.ones(2)).value, np.ones(2)),
    edge("train(np.bool_) is accepted", lambda: nn.Dropout(0.5, RNG(0)).train(np.bool_(False)).training, False),
    edge("LoRALinear starts equal to its base", lambda: (lambda b: np.abs(nn.LoRALinear(b, 2, 4.0, RNG(1))(np.ones((1, 2))).value
                                                                   - b(np.ones((1, 2))).value).max())(_lin()), 0.0),
]

# ---------------------------------------------------------------------------
# representations, regularization, approximation

_H = RNG(0).normal(size=(10, 3))
_HY = np.arange(10) % 2
_PROBE = RP.linear_probe(_H, _HY, num_epochs=5)


def _mlp(sizes=(3, 4, 2)):
    return dl.MLP(list(sizes), seed=0)


REPRESENTATIONS = [
    bad("pca k 0", lambda: RP.pca(_H, 0), ValueError, r"pca: k must be an integer ≥ 1, got 0"),
    bad("pca k 2.5", lambda: RP.pca(_H, 2.5), ValueError, r"pca: k.*2.5"),
    bad("pca k None", lambda: RP.pca(_H, None), TypeError, r"pca: k.*None"),
    bad("pca k True (one component before)", lambda: RP.pca(_H, True), TypeError, r"pca: k.*bool"),
    bad("pca k 4 of 3 features", lambda: RP.pca(_H, 4), ValueError, r"pca: k must be an integer from 1 to min\(N, features\) = 3"),
    bad("pca one row", lambda: RP.pca(_H[:1]), ValueError, r"H must have shape \(N, features\) with N ≥ 2"),
    bad("linear_probe y None", lambda: RP.linear_probe(_H, None), TypeError, r"linear_probe: y must hold one integer class.*None"),
    bad("linear_probe y float", lambda: RP.linear_probe(_H, _HY * 1.0), ValueError, r"linear_probe: y must hold one integer class.*float64"),
    bad("linear_probe y short", lambda: RP.linear_probe(_H, _HY[:3]), ValueError, r"linear_probe: y.*shape \(3,\)"),
    bad("linear_probe y negative", lambda: RP.linear_probe(_H, -_HY), ValueError, r"linear_probe: class labels must be ≥ 0, got -1"),
    bad("LinearProbe.logits width (raw matmul before)", lambda: _PROBE.logits(np.ones((2, 4))), ValueError,
        r"LinearProbe: H must have shape \(N, 3\), got shape \(2, 4\)"),
    bad("LinearProbe.logits NaN", lambda: _PROBE.logits(np.full((2, 3), np.nan)), ValueError, r"LinearProbe: H holds 6 non-finite"),
    bad("LinearProbe.predict text", lambda: _PROBE.predict("ab"), TypeError, r"LinearProbe: H must be numbers, got text"),
    bad("probe_view probe None", lambda: RP.probe_view(_H, None), TypeError, r"probe_view needs a LinearProbe.*NoneType"),
    bad("probe_view width", lambda: RP.probe_view(np.ones((3, 4)), _PROBE), ValueError, r"the probe was fitted on 3 features, H has 4"),
    bad("representations model None", lambda: RP.representations(None, _H), TypeError, r"representations needs an MLP.*NoneType"),
    bad("representations X None", lambda: RP.representations(_mlp(), None), TypeError, r"the MLP input X must be numbers"),
    bad("set_parameters too few", lambda: RP.set_parameters(_mlp(), [np.ones(2)]), ValueError,
        r"set_parameters: the model has 4 parameters, got 1 arrays"),
    bad("set_parameters NaN (NaN weights before)", lambda: RP.set_parameters(_mlp(), [np.full(p.shape, np.nan) for p in _mlp().parameters()]),
        ValueError, r"set_parameters: the value for W1 holds 12 non-finite"),
    bad("set_parameters text", lambda: RP.set_parameters(_mlp(), ["a"] * 4), TypeError, r"set_parameters: the value for W1 must be numbers"),
    bad("set_parameters None", lambda: RP.set_parameters(_mlp(), None), TypeError, r"set_parameters: values must be a list of arrays"),
    bad("set_parameters shape", lambda: RP.set_parameters(_mlp(), [np.ones((4, 3))] + [p.value for p in _mlp().parameters()[1:]]),
        ValueError, r"set_parameters: parameter W1 has shape \(3, 4\), got \(4, 3\)"),
    bad("train_with_snapshots epoch 2.5 (epoch 2 before)", lambda: RP.train_with_snapshots(_mlp(), _H, _HY, 2, [2.5]), ValueError,
        r"train_with_snapshots: snapshot_epochs must be an integer ≥ 0, got 2.5"),
    bad("train_with_snapshots num_epochs 2.5", lambda: RP.train_with_snapshots(_mlp(), _H, _HY, 2.5, [0]), ValueError,
        r"train_with_snapshots: num_epochs.*2.5"),
    bad("train_with_snapshots epochs None", lambda: RP.train_with_snapshots(_mlp(), _H, _HY, 2, None), TypeError,
        r"train_with_snapshots: snapshot_epochs must be a list of epochs, got NoneType"),
    bad("train_with_snapshots epoch past the end", lambda: RP.train_with_snapshots(_mlp(), _H, _HY, 2, [3]), ValueError,
        r"snapshot epochs must lie in \[0, 2\], got \[3\]"),
    bad("weight_norm None", lambda: RG.weight_norm(None), TypeError, r"weight_norm needs a list of weight matrices, got NoneType"),
    bad("weight_norm one array (summed its rows before)", lambda: RG.weight_norm(np.ones((2, 2))), TypeError,
        r"weight_norm needs a list.*ndarray"),
    bad("weight_norm NaN", lambda: RG.weight_norm([np.nan]), ValueError, r"weight_norm: weights\[0\] holds 1 non-finite"),
    bad("weight_norm text", lambda: RG.weight_norm(["a"]), TypeError, r"weight_norm: weights\[0\] must be numbers"),
    bad("weight_norm []", lambda: RG.weight_norm([]), ValueError, r"weight_norm needs at least one weight matrix"),
    bad("fit_lambda_grid λ text", lambda: RG.fit_lambda_grid(_H[:, :2], _HY, ["a"], num_epochs=1), TypeError,
        r"fit_lambda_grid: λ = lambdas\[0\].*str"),
    bad("fit_lambda_grid λ None", lambda: RG.fit_lambda_grid(_H[:, :2], _HY, None, num_epochs=1), TypeError,
        r"fit_lambda_grid: lambdas must be a list"),
    bad("fit_lambda_grid λ -0.1", lambda: RG.fit_lambda_grid(_H[:, :2], _HY, [-0.1], num_epochs=1), ValueError,
        r"fit_lambda_grid: λ = lambdas\[0\] must be a finite number ≥ 0"),
    bad("fit_lambda_grid y_val short", lambda: RG.fit_lambda_grid(_H[:, :2], _HY, [0.1], num_epochs=1, X_val=_H[:, :2], y_val=_HY[:2]),
        ValueError, r"labels must be one per row"),
    bad("fit_lambda_grid X_val alone", lambda: RG.fit_lambda_grid(_H[:, :2], _HY, [0.1], num_epochs=1, X_val=_H[:, :2]), ValueError,
        r"pass both X_val and y_val, or neither"),
    bad("choose_lambda None", lambda: RG.choose_lambda(None), TypeError, r"choose_lambda needs a list of RegularizedFit"),
    bad("choose_lambda [1]", lambda: RG.choose_lambda([1]), TypeError, r"choose_lambda: fits\[0\] must be a RegularizedFit, got int"),
    bad("choose_lambda []", lambda: RG.choose_lambda([]), ValueError, r"choose_lambda needs at least one fit"),
    bad("probability_slope k 2", lambda: RG.probability_slope(_mlp(), _H, k=2), ValueError,
        r"probability_slope: k \(a class of the model\) must lie in \[0, 2\), got 2"),
    bad("probability_slope k 0.5 (IndexError before)", lambda: RG.probability_slope(_mlp(), _H, k=0.5), TypeError,
        r"probability_slope: k.*must be an integer index"),
    bad("probability_slope k True", lambda: RG.probability_slope(_mlp(), _H, k=True), TypeError, r"probability_slope: k"),
    bad("probability_slope X NaN (NaN before)", lambda: RG.probability_slope(_mlp(), np.full((2, 3), np.nan)), ValueError,
        r"probability_slope: X holds 6 non-finite"),
    bad("probability_slope X empty (NaN before)", lambda: RG.probability_slope(_mlp(), np.zeros((0, 3))), ValueError,
        r"probability_slope: X needs at least 1 row"),
    bad("sine None (NaN before)", lambda: AP.sine(None), TypeError, r"sine: x must be numbers.*None"),
    bad("sine text", lambda: AP.sine("a"), TypeError, r"sine: x must be numbers, got text"),
    bad("sine_data n 1", lambda: AP.sine_data(1), ValueError, r"sine_data: n \(it needs n ≥ 2 points\) must be an integer ≥ 2, got 1"),
    bad("sine_data n None", lambda: AP.sine_data(None), TypeError, r"sine_data: n.*None"),
    bad("sine_data n '5'", lambda: AP.sine_data("5"), TypeError, r"sine_data: n.*str"),
    bad("fit_sine 0", lambda: AP.fit_sine(0), ValueError, r"fit_sine: num_hiddens must be an integer ≥ 1, got 0"),
    bad("fit_sine None", lambda: AP.fit_sine(None), TypeError, r"fit_sine: num_hiddens.*None"),
    bad("fit_sine [2] (unhashable before)", lambda: AP.fit_sine([2]), TypeError, r"fit_sine: num_hiddens.*list"),
    bad("fit_sine num_epochs 0", lambda: AP.fit_sine(2, num_epochs=0), ValueError, r"fit_sine: num_epochs.*got 0"),
    bad("unit_contributions width", lambda: AP.unit_contributions(dl.MLP([1, 3, 1]), np.ones((2, 2))), ValueError,
        r"the MLP expects input of shape \(N, 1\)"),
    bad("unit_contributions None", lambda: AP.unit_contributions(None, np.ones((2, 1))), ValueError,
        r"unit_contributions needs an MLP with sizes \(d, n, 1\)"),
    bad("relu_slope x NaN (0 before)", lambda: AP.relu_slope(np.nan, [1], [0], [1]), ValueError, r"relu_slope: x holds 1 non-finite"),
    bad("relu_slope x None (0 before)", lambda: AP.relu_slope(None, [1], [0], [1]), TypeError, r"relu_slope: x must be numbers"),
    bad("relu_slope sizes", lambda: AP.relu_slope(0.5, [1, 2], [0], [1]), ValueError, r"w, b and v need one entry per unit"),
    bad("relu_slope w text", lambda: AP.relu_slope(0.5, "a", [0], [1]), TypeError, r"relu_slope: w must be numbers"),
    bad("sine_trajectory every 0", lambda: AP.sine_trajectory(2, every=0), ValueError, r"sine_trajectory: every.*got 0"),
    bad("sine_trajectory every None", lambda: AP.sine_trajectory(2, every=None), TypeError, r"sine_trajectory: every.*None"),
    bad("sine_trajectory num_epochs 2.5 (2 steps before)", lambda: AP.sine_trajectory(2, num_epochs=2.5), ValueError,
        r"sine_trajectory: num_epochs.*2.5"),
    bad("sine_trajectory num_epochs -1 (no step before)", lambda: AP.sine_trajectory(2, num_epochs=-1), ValueError,
        r"sine_trajectory: num_epochs.*got -1"),
]

REPRESENTATIONS_EDGE = [
    edge("linear_probe of one class is perfect", lambda: RP.linear_probe(_H, np.zeros(10, int), num_epochs=2).accuracy, 1.0),
    edge("pca of a constant H explains nothing", lambda: RP.pca(np.ones((4, 2)), 1)[1], np.zeros(1)),
    edge("LinearProbe.logits of no rows", lambda: _PROBE.logits(np.zeros((0, 3))).shape, (0, 2)),
    edge("train_with_snapshots epoch 0 is the initialisation", lambda: RP.train_with_snapshots(_mlp(), _H, _HY, 1, [0])[0][0][0],
         _mlp().parameters()[0].value),
    edge("weight_norm of Nodes and arrays", lambda: RG.weight_norm([N(np.array([3.0])), np.array([4.0])]), 5.0),
    edge("fit_sine is cached", lambda: AP.fit_sine(2, num_epochs=3) is AP.fit_sine(np.int64(2), num_epochs=3), True),
    edge("relu_slope of one unit", lambda: AP.relu_slope(np.array([-1.0, 1.0]), [2.0], [0.0], [3.0]), np.array([0.0, 6.0])),
    edge("sine at the integers is 0", lambda: AP.sine([0.0, 1.0]), np.zeros(2)),
]

# ---------------------------------------------------------------------------
# The architectures' modules: distillation, lora, dropout_nets, normalization_nets,
# residual_nets, convnets, transformer

_MX = RNG(0).normal(size=(6, 2))
_MY = np.array([0, 1, 0, 1, 0, 1])
_TEACHER = RNG(1).normal(size=(6, 2))
_HALF = np.full((6, 2), 0.5)


def _student(**kwargs):
    args = dict(student=dl.MLP([2, 3, 2]), X=_MX, y=_MY, teacher_logits=_TEACHER, temperature=1.0, alpha=0.5)
    args.update(kwargs)
    return D.train_student(**args, epochs=1, progress=False)


def _dfit(**kwargs):
    args = dict(model=DN.DropoutMLP([2, 3, 2], 0.5), X=_MX, y=_MY, X_val=_MX, y_val=_MY, epochs=1)
    args.update(kwargs)
    return DN.fit(**args)


_IMGS = RNG(0).normal(size=(2, 1, 5, 5))
_K3 = RNG(1).normal(size=(1, 1, 3, 3))
_ST = TR.SequenceTransformer(5, 4, num_hiddens=4, ffn_num_hiddens=4)
_TSX, _TSY = TR.reversal_task(4, 4, 5, RNG(0))

ARCHITECTURES = [
    bad("soft_targets None", lambda: D.soft_targets(None, 1.0), TypeError, r"soft_targets: teacher_logits must be numbers.*None"),
    bad("soft_targets NaN (NaN targets before)", lambda: D.soft_targets(np.full((2, 2), np.nan), 1.0), ValueError,
        r"soft_targets: teacher_logits holds 4 non-finite"),
    bad("soft_targets T 0", lambda: D.soft_targets(_TEACHER, 0), ValueError, r"temperature must be a finite number > 0"),
    bad("soft_cross_entropy classes", lambda: D.soft_cross_entropy(N(_TEACHER), np.full((6, 3), 1 / 3)), ValueError,
        r"soft_cross_entropy: soft targets of shape \(6, 3\) do not match logits of shape \(6, 2\)"),
    bad("soft_cross_entropy NaN", lambda: D.soft_cross_entropy(N(_TEACHER), np.full((6, 2), np.nan)), ValueError,
        r"soft_cross_entropy: targets holds 12 non-finite"),
    bad("soft_cross_entropy empty (NaN before)", lambda: D.soft_cross_entropy(np.zeros((0, 2)), np.zeros((0, 2))), ValueError,
        r"soft_cross_entropy: targets is empty"),
    bad("soft_cross_entropy not probabilities", lambda: D.soft_cross_entropy(N(_TEACHER), np.ones((6, 2))), ValueError,
        r"soft targets must be rows of probabilities"),
    bad("distillation_loss alpha None", lambda: D.distillation_loss(N(_TEACHER), _HALF, _MY, 1.0, None), TypeError,
        r"distillation_loss: alpha must be a finite real number, got None"),
    bad("distillation_loss alpha 2", lambda: D.distillation_loss(N(_TEACHER), _HALF, _MY, 1.0, 2), ValueError,
        r"distillation_loss: alpha must lie in \[0, 1\], got 2.0"),
    bad("distillation_loss alpha text", lambda: D.distillation_loss(N(_TEACHER), _HALF, _MY, 1.0, "a"), TypeError, r"distillation_loss: alpha"),
    bad("train_student y short", lambda: _student(y=_MY[:3]), ValueError, r"train_student: X has 6 rows but y has 3"),
    bad("train_student y None", lambda: _student(y=None), TypeError, r"train_student: y must be an array.*None"),
    bad("train_student teacher 1-D", lambda: _student(teacher_logits=_TEACHER[:, 0]), ValueError,
        r"soft_targets: teacher_logits must have shape \(N, features\)"),
    bad("train_student teacher rows", lambda: _student(teacher_logits=_TEACHER[:4]), ValueError,
        r"train_student: X, y and the teacher's logits must have the same rows: 6, 6, 4"),
    bad("train_student alpha 2", lambda: _student(alpha=2), ValueError, r"train_student: alpha must lie in \[0, 1\]"),
    bad("train_student labels out of range", lambda: _student(y=_MY * 5), ValueError, r"labels must lie in \[0, 2\)"),
    bad("student_runs make_student 3", lambda: D.student_runs(3, _MX, _MY, _TEACHER, _MX, _MY, [1.0], [0.5], epochs=1), TypeError,
        r"student_runs: make_student must be a function"),
    bad("student_runs temperatures None", lambda: D.student_runs(lambda: dl.MLP([2, 3, 2]), _MX, _MY, _TEACHER, _MX, _MY, None, [0.5], epochs=1),
        TypeError, r"student_runs: temperatures must be a list, got None"),
    bad("student_runs the same student twice (trained on before)",
        lambda: (lambda m: D.student_runs(lambda: m, _MX, _MY, _TEACHER, _MX, _MY, [1.0], [0.5], epochs=1))(dl.MLP([2, 3, 2])),
        ValueError, r"student_runs: make_student\(\) returned the same model twice"),
    bad("copy_mlp None", lambda: LO.copy_mlp(None), TypeError, r"copy_mlp needs an MLP, got NoneType"),
    bad("LoRAMLP of None", lambda: LO.LoRAMLP(None, 1), TypeError, r"LoRAMLP needs a pretrained MLP, got NoneType"),
    bad("LoRAMLP r 0", lambda: LO.LoRAMLP(dl.MLP([2, 3, 2]), 0), ValueError, r"LoRALinear: the rank r must be an integer ≥ 1, got 0"),
    bad("LoRAMLP input width", lambda: LO.LoRAMLP(dl.MLP([2, 3, 2]), 1)(np.ones((2, 3))), ValueError,
        r"the LoRAMLP input X must have shape \(N, 2\), got shape \(2, 3\)"),
    bad("LoRAMLP input NaN (NaN out before)", lambda: LO.LoRAMLP(dl.MLP([2, 3, 2]), 1)(np.full((2, 2), np.nan)), ValueError,
        r"the LoRAMLP input X holds 4 non-finite"),
    bad("update_singular_values shapes (raw broadcast before)", lambda: LO.update_singular_values(np.ones((2, 2)), np.ones((3, 3))),
        ValueError, r"update_singular_values needs two weight matrices of one shape, got \(2, 2\) and \(3, 3\)"),
    bad("update_singular_values NaN (LinAlgError before)", lambda: LO.update_singular_values(np.ones((2, 2)), np.full((2, 2), np.nan)),
        ValueError, r"update_singular_values: W_after holds 4 non-finite"),
    bad("effective_rank energy None", lambda: LO.effective_rank([1, 1], None), TypeError, r"effective_rank: energy.*None"),
    bad("effective_rank energy 0", lambda: LO.effective_rank([1, 1], 0), ValueError, r"effective_rank: energy must lie in \(0, 1\]"),
    bad("effective_rank NaN (rank 1 before)", lambda: LO.effective_rank([np.nan, 1.0]), ValueError,
        r"effective_rank: singular_values holds 1 non-finite"),
    bad("effective_rank negative (rank 1 before)", lambda: LO.effective_rank([-3.0, 1.0]), ValueError,
        r"effective_rank: singular_values must be a 1-D array of numbers ≥ 0"),
    bad("effective_rank of zero", lambda: LO.effective_rank(np.zeros(3)), ValueError, r"effective_rank needs a non-zero update"),
    bad("DropoutMLP sizes 2.5 (truncated before)", lambda: DN.DropoutMLP([2.5, 3], 0.5), ValueError, r"DropoutMLP: sizes\[0\].*2.5"),
    bad("DropoutMLP sizes '23' (read as [2, 3] before)", lambda: DN.DropoutMLP("23", 0.5), TypeError, r"DropoutMLP: sizes must be a list"),
    bad("DropoutMLP p 1", lambda: DN.DropoutMLP([2, 3, 2], 1.0), ValueError, r"dropout probability p"),
    bad("DropoutMLP input width", lambda: DN.DropoutMLP([2, 3, 2], 0.5)(np.ones((2, 3))), ValueError,
        r"the DropoutMLP input X must have shape \(N, 2\)"),
    bad("DropoutMLP input NaN", lambda: DN.DropoutMLP([2, 3, 2], 0.5).predict(np.full((2, 2), np.nan)), ValueError,
        r"the DropoutMLP input X holds 4 non-finite"),
    bad("dropout fit epochs 2.5", lambda: _dfit(epochs=2.5), ValueError, r"fit: epochs.*2.5"),
    bad("dropout fit eval_every 0 (modulo by zero before)", lambda: _dfit(eval_every=0), ValueError, r"fit: eval_every.*got 0"),
    bad("dropout fit y float (truncated before)", lambda: _dfit(y=_MY + 0.7), ValueError, r"fit: y must be integer class labels, got dtype float64"),
    bad("dropout fit y_val short", lambda: _dfit(y_val=_MY[:2]), ValueError, r"fit: X_val has 6 rows but y_val has 2"),
    bad("dropout fit y_val None", lambda: _dfit(y_val=None), TypeError, r"fit: y_val must be an array.*None"),
    bad("Curves.gap of 'foo'", lambda: DN.Curves([1], [1.0], [2.0], [1.0], [1.0]).gap("foo"), ValueError, r"what must be 'loss' or 'accuracy'"),
    bad("flip_labels fraction None", lambda: DN.flip_labels(_MY, None, RNG(0)), TypeError, r"flip_labels: fraction.*None"),
    bad("flip_labels rng None", lambda: DN.flip_labels(_MY, 0.5, None), TypeError, r"flip_labels: rng must be a np.random.Generator"),
    bad("flip_labels num_classes 1", lambda: DN.flip_labels(_MY, 0.5, RNG(0), num_classes=1), ValueError,
        r"flip_labels: num_classes \(there must be a class to flip to\) must be an integer ≥ 2, got 1"),
    bad("flip_labels label 20 of 10 classes (kept before)", lambda: DN.flip_labels(_MY * 20, 0.5, RNG(0)), ValueError,
        r"flip_labels: labels must lie in \[0, num_classes\) = \[0, 10\), got values from 0 to 20"),
    bad("flip_labels y float", lambda: DN.flip_labels(_MY + 0.5, 0.5, RNG(0)), ValueError, r"flip_labels: y must be a 1-D array of integer"),
    bad("mask_average 2.5 (IndexError before)", lambda: DN.mask_average(DN.DropoutMLP([2, 3, 2], 0.5), _MX, 2.5), ValueError,
        r"mask_average: num_masks must be an integer ≥ 1, got 2.5"),
    bad("mask_average None", lambda: DN.mask_average(DN.DropoutMLP([2, 3, 2], 0.5), _MX, None), TypeError, r"mask_average: num_masks must be a list"),
    bad("mask_average not increasing", lambda: DN.mask_average(DN.DropoutMLP([2, 3, 2], 0.5), _MX, [3, 2]), ValueError,
        r"an increasing sequence"),
    bad("mask_geometric_mean W rows", lambda: DN.mask_geometric_mean(np.ones(2), np.ones((3, 2)), np.zeros(2), 0.5), ValueError,
        r"mask_geometric_mean: W must have shape \(2, classes\) and b \(classes,\)"),
    bad("mask_geometric_mean b width (raw broadcast before)", lambda: DN.mask_geometric_mean(np.ones(2), np.ones((2, 2)), np.zeros(3), 0.5),
        ValueError, r"mask_geometric_mean: W must have shape"),
    bad("mask_geometric_mean x NaN", lambda: DN.mask_geometric_mean(np.array([np.nan, 1.0]), np.ones((2, 2)), np.zeros(2), 0.5),
        ValueError, r"mask_geometric_mean: x holds 1 non-finite"),
    bad("mask_geometric_mean no inputs", lambda: DN.mask_geometric_mean(np.ones(0), np.ones((0, 2)), np.zeros(2), 0.5), ValueError,
        r"x must be one example of 1 to 16 inputs"),
    bad("NormMLP sizes 2.5 (truncated before)", lambda: NN.NormMLP([2.5, 3]), ValueError, r"NormMLP: sizes\[0\].*2.5"),
    bad("NormMLP norm 'foo'", lambda: NN.NormMLP([2, 3], norm="foo"), ValueError, r"norm must be one of"),
    bad("NormMLP norm ['batch'] (unhashable)", lambda: NN.NormMLP([2, 3], norm=["batch"]), ValueError, r"norm must be one of"),
    bad("NormMLP input width", lambda: NN.NormMLP([2, 3, 2])(np.ones((2, 3))), ValueError, r"the NormMLP input X must have shape \(N, 2\)"),
    bad("NormMLP predict NaN (class 0 before)", lambda: NN.NormMLP([2, 3, 2], norm="batch").predict(np.full((2, 2), np.nan)), ValueError,
        r"the NormMLP input X holds 4 non-finite"),
    bad("activation_scales model None", lambda: NN.activation_scales(None, _MX), TypeError, r"activation_scales needs a NormMLP"),
    bad("activation_scales X None", lambda: NN.activation_scales(NN.NormMLP([2, 3, 2]), None), TypeError, r"the NormMLP input X must be numbers"),
    bad("largest_stable_lr lrs []", lambda: NN.largest_stable_lr(lambda: NN.NormMLP([2, 3, 2]), _MX, _MY, [], threshold=1, epochs=1),
        ValueError, r"largest_stable_lr: lrs is empty"),
    bad("largest_stable_lr lrs None", lambda: NN.largest_stable_lr(lambda: NN.NormMLP([2, 3, 2]), _MX, _MY, None, threshold=1, epochs=1),
        TypeError, r"largest_stable_lr: lrs must be a list"),
    bad("largest_stable_lr threshold NaN (None before)", lambda: NN.largest_stable_lr(lambda: NN.NormMLP([2, 3, 2]), _MX, _MY, [0.1],
                                                                                      threshold=np.nan, epochs=1),
        ValueError, r"largest_stable_lr: threshold must be a finite real number, got nan"),
    bad("largest_stable_lr make_model 3", lambda: NN.largest_stable_lr(3, _MX, _MY, [0.1], threshold=1, epochs=1), TypeError,
        r"largest_stable_lr: make_model must be a function"),
    bad("largest_stable_lr the same model twice", lambda: (lambda m: NN.largest_stable_lr(lambda: m, _MX, _MY, [0.1, 0.2], threshold=1,
                                                                                           epochs=1))(NN.NormMLP([2, 3, 2])),
        ValueError, r"make_model\(\) returned the same model twice"),
    bad("DeepMLP depth 2.5", lambda: RN.DeepMLP(2, 3, 2.5, 2), ValueError, r"DeepMLP: depth must be an integer ≥ 0, got 2.5"),
    bad("DeepMLP width None", lambda: RN.DeepMLP(2, None, 1, 2), TypeError, r"DeepMLP: width.*None"),
    bad("DeepMLP residual 'no' (residual before)", lambda: RN.DeepMLP(2, 3, 1, 2, residual="no"), TypeError,
        r"DeepMLP: residual must be True or False, got 'no'"),
    bad("DeepMLP input width", lambda: RN.DeepMLP(2, 3, 1, 2)(np.ones((2, 3))), ValueError, r"the DeepMLP input X must have shape \(N, 2\)"),
    bad("DeepMLP input NaN", lambda: RN.DeepMLP(2, 3, 1, 2)(np.full((2, 2), np.nan)), ValueError, r"the DeepMLP input X holds 4 non-finite"),
    bad("layer_gradient_norms y short", lambda: RN.layer_gradient_norms(RN.DeepMLP(2, 3, 1, 2), _MX, _MY[:2]), ValueError,
        r"layer_gradient_norms: X has 6 rows but y has 2"),
    bad("layer_gradient_norms model None", lambda: RN.layer_gradient_norms(None, _MX, _MY), TypeError, r"layer_gradient_norms needs a DeepMLP"),
    bad("conv2d_loop b of 3 for 1 filter (ignored before)", lambda: CN.conv2d_loop(_IMGS, _K3, b=np.zeros(3)), ValueError,
        r"conv2d_loop: b has shape \(3,\), expected \(1,\)"),
    bad("conv2d_loop x NaN", lambda: CN.conv2d_loop(np.full_like(_IMGS, np.nan), _K3), ValueError, r"conv2d_loop: x holds 50 non-finite"),
    bad("conv2d_loop kernel too big", lambda: CN.conv2d_loop(_IMGS[:, :, :2, :2], _K3), ValueError, r"a 3×3 kernel does not fit"),
    bad("conv_as_dense image_shape of 2", lambda: CN.conv_as_dense(_K3, (5, 5)), TypeError, r"conv_as_dense: image_shape must be \(C, H, W\)"),
    bad("conv_as_dense image_shape 5.5", lambda: CN.conv_as_dense(_K3, (1, 5.5, 5)), ValueError, r"conv_as_dense: image_shape.*5.5"),
    bad("conv_as_dense W 3-D", lambda: CN.conv_as_dense(_K3[0], (1, 5, 5)), ValueError, r"conv_as_dense: W must have shape \(F, C, kh, kw\)"),
    bad("conv_as_dense channels", lambda: CN.conv_as_dense(_K3, (2, 5, 5)), ValueError, r"the kernel has 1 channels but the image has 2"),
    bad("shift dy 1.5", lambda: CN.shift(_IMGS, 1.5, 0), ValueError, r"shift: dy must be an integer"),
    bad("shift dy None", lambda: CN.shift(_IMGS, None, 0), TypeError, r"shift: dy.*None"),
    bad("shift out of the image", lambda: CN.shift(_IMGS, 5, 0), ValueError, r"a shift of \(5, 0\) moves everything out of a 5×5 image"),
    bad("shift 1-D", lambda: CN.shift(np.ones(3), 1, 0), ValueError, r"shift: images must have shape \(\.\.\., H, W\)"),
    bad("DigitsCNN channels 0", lambda: CN.DigitsCNN(channels=0), ValueError, r"Conv2d: out_channels.*got 0"),
    bad("DigitsCNN 63 pixels (raw reshape before)", lambda: CN.DigitsCNN()(np.ones((2, 63))), ValueError,
        r"the DigitsCNN input X must have shape \(N, 64\), got shape \(2, 63\)"),
    bad("DigitsCNN 128 pixels (two images from one row before)", lambda: CN.DigitsCNN()(np.ones((1, 128))), ValueError,
        r"the DigitsCNN input X must have shape \(N, 64\)"),
    bad("DigitsCNN input NaN", lambda: CN.DigitsCNN().predict(np.full((1, 64), np.nan)), ValueError, r"the DigitsCNN input X holds 64 non-finite"),
    bad("DigitsCNN.feature_maps 63 pixels", lambda: CN.DigitsCNN().feature_maps(np.ones((2, 63))), ValueError, r"the DigitsCNN input X"),
    bad("learn_kernel size 0", lambda: CN.learn_kernel(np.ones((2, 5, 5)), np.ones((2, 3, 3)), size=0), ValueError, r"learn_kernel: size.*got 0"),
    bad("learn_kernel steps 2.5", lambda: CN.learn_kernel(np.ones((2, 5, 5)), np.ones((2, 3, 3)), steps=2.5), ValueError, r"learn_kernel: steps"),
    bad("learn_kernel targets shape", lambda: CN.learn_kernel(np.ones((2, 5, 5)), np.ones((2, 4, 4))), ValueError,
        r"learn_kernel: targets must be the feature maps of a 3×3 kernel, shape \(2, 3, 3\), got \(2, 4, 4\)"),
    bad("learn_kernel X 2-D", lambda: CN.learn_kernel(np.ones((5, 5)), np.ones((3, 3))), ValueError, r"learn_kernel: X must be images of shape"),
    bad("learn_kernel X NaN (NaN kernel before)", lambda: CN.learn_kernel(np.full((2, 5, 5), np.nan), np.ones((2, 3, 3)), steps=2), ValueError,
        r"learn_kernel: X holds 50 non-finite"),
    bad("attention_weights d mismatch", lambda: TR.attention_weights(np.ones((2, 3)), np.ones((2, 4))), ValueError,
        r"attention_weights needs Q \(\.\.\., T, d\) and K \(\.\.\., S, d\) with one d"),
    bad("attention_weights no keys", lambda: TR.attention_weights(np.ones((2, 3)), np.ones((0, 3))), ValueError, r"S ≥ 1"),
    bad("attention_weights NaN", lambda: TR.attention_weights(np.full((2, 3), np.nan), np.ones((2, 3))), ValueError,
        r"attention_weights: Q holds 6 non-finite"),
    bad("path_length 2.5", lambda: TR.path_length(2.5, "attention"), ValueError, r"path_length: distance.*2.5"),
    bad("path_length kind 'foo'", lambda: TR.path_length(3, "foo"), ValueError, r"unknown kind 'foo'"),
    bad("path_length kernel 1 (RuntimeError before)", lambda: TR.path_length(3, "convolutional", kernel_size=1), ValueError,
        r"path_length: kernel_size must be an integer ≥ 3, got 1"),
    bad("path_length kernel 4", lambda: TR.path_length(3, "convolutional", kernel_size=4), ValueError, r"path_length: kernel_size must be odd"),
    bad("path_length 10^5 (a hang before)", lambda: TR.path_length(10 ** 5, "recurrent"), ValueError,
        r"path_length: distance must be at most MAX_PATH_DISTANCE = 1000"),
    bad("attention_cost -1 (positive before)", lambda: TR.attention_cost(-1, 4), ValueError, r"attention_cost: num_steps.*got -1"),
    bad("attention_cost 2.5", lambda: TR.attention_cost(2.5, 4), ValueError, r"attention_cost: num_steps.*2.5"),
    bad("SequenceTransformer num_steps 0", lambda: TR.SequenceTransformer(5, 0), ValueError, r"SequenceTransformer: num_steps.*got 0"),
    bad("SequenceTransformer positional 'no'", lambda: TR.SequenceTransformer(5, 4, positional="no"), TypeError,
        r"SequenceTransformer: positional must be True or False"),
    bad("SequenceTransformer tokens too long (raw broadcast before)", lambda: _ST(np.zeros((1, 6), int)), ValueError,
        r"tokens must have shape \(N, T\) with 1 ≤ T ≤ num_steps = 4, got shape \(1, 6\)"),
    bad("SequenceTransformer tokens float (truncated before)", lambda: _ST(np.full((1, 4), 0.5)), TypeError,
        r"SequenceTransformer: tokens must be integer ids, got dtype float64"),
    bad("SequenceTransformer token 7 of 5", lambda: _ST(np.full((1, 4), 7)), ValueError, r"embedding: ids must lie in \[0, 5\)"),
    bad("SequenceTransformer tokens 1-D", lambda: _ST(np.zeros(4, int)), ValueError, r"tokens must have shape \(N, T\)"),
    bad("attention_maps block 3", lambda: _ST.attention_maps(_TSX, block=3), ValueError,
        r"SequenceTransformer.attention_maps: block must lie in \[0, 1\), got 3"),
    bad("attention_maps block 0.5", lambda: _ST.attention_maps(_TSX, block=0.5), TypeError, r"attention_maps: block must be an integer index"),
    bad("block_attention_maps None", lambda: TR.block_attention_maps(None, np.ones((1, 2, 4))), TypeError,
        r"block_attention_maps needs a TransformerBlock"),
    bad("reversal_task 0 sequences", lambda: TR.reversal_task(0, 4, 5, RNG(0)), ValueError, r"reversal_task: num_sequences.*got 0"),
    bad("reversal_task vocab 0", lambda: TR.reversal_task(2, 4, 0, RNG(0)), ValueError, r"reversal_task: vocab_size.*got 0"),
    bad("reversal_task rng None", lambda: TR.reversal_task(2, 4, 5, None), TypeError, r"reversal_task: rng must be a np.random.Generator"),
    bad("sequence_accuracy y short (raw broadcast before)", lambda: TR.sequence_accuracy(_ST, _TSX, _TSY[:2]), ValueError,
        r"sequence_accuracy: X has 4 rows but y has 2"),
    bad("sequence_accuracy y narrow", lambda: TR.sequence_accuracy(_ST, _TSX, _TSY[:, :2]), ValueError,
        r"sequence_accuracy: X and y must be token arrays of one shape"),
    bad("train_sequence_model batch 0", lambda: TR.train_sequence_model(_ST, _TSX, _TSY, batch_size=0), ValueError,
        r"train_sequence_model: batch_size.*got 0"),
    bad("train_sequence_model y short (IndexError before)", lambda: TR.train_sequence_model(_ST, _TSX, _TSY[:2], epochs=1), ValueError,
        r"train_sequence_model: X has 4 rows but y has 2"),
    bad("train_sequence_model empty (division by zero before)", lambda: TR.train_sequence_model(_ST, _TSX[:0], _TSY[:0], epochs=1),
        ValueError, r"train_sequence_model: X and y must be token arrays of one shape \(N, T\) with N ≥ 1"),
    bad("train_sequence_model epochs 0 (empty curve before)", lambda: TR.train_sequence_model(_ST, _TSX, _TSY, epochs=0), ValueError,
        r"train_sequence_model: epochs.*got 0"),
]

ARCHITECTURES_EDGE = [
    edge("student_runs with no temperature trains on the labels only",
         lambda: list(D.student_runs(lambda: dl.MLP([2, 3, 2]), _MX, _MY, _TEACHER, _MX, _MY, [], [0.5], epochs=1)), [(None, 0.0)]),
    edge("soft_cross_entropy of plain arrays", lambda: float(D.soft_cross_entropy(np.zeros((2, 2)), np.full((2, 2), 0.5)).value), np.log(2)),
    edge("effective_rank of equal values is their number", lambda: LO.effective_rank(np.ones(5), 0.9), 5),
    edge("mask_geometric_mean with p=0 is the softmax", lambda: DN.mask_geometric_mean(np.ones(2), np.zeros((2, 2)), np.zeros(2), 0.0)[0],
         np.array([0.5, 0.5])),
    edge("flip_labels fraction 0 flips nothing", lambda: DN.flip_labels(_MY, 0.0, RNG(0))[1].any(), False),
    edge("DeepMLP of depth 0", lambda: RN.DeepMLP(2, 3, 0, 2)(_MX).shape, (6, 2)),
    edge("SequenceTransformer of no blocks", lambda: TR.SequenceTransformer(5, 4, num_blocks=0)(np.zeros((1, 4), int)).shape, (1, 4, 5)),
    edge("SequenceTransformer tokens as a nested list", lambda: _ST([[0, 1, 2]]).shape, (1, 3, 5)),
    edge("path_length of attention is 1", lambda: TR.path_length(64, "attention"), 1),
    edge("path_length of a k=5 convolution", lambda: TR.path_length(9, "convolutional", kernel_size=5), 5),
    edge("shift by a negative offset", lambda: CN.shift(np.arange(3.0)[None, :], 0, -1), np.array([[1.0, 2.0, 0.0]])),
    edge("conv2d_loop matches conv2d", lambda: np.abs(CN.conv2d_loop(_IMGS, _K3) - F.conv2d(_IMGS, _K3).value).max() < 1e-12, True),
    edge("MultiHeadAttention of an empty batch (raw reshape before)", lambda: nn.MultiHeadAttention(4, 2, RNG(0))(np.ones((0, 2, 4))).shape,
         (0, 2, 4)),
]

# ---------------------------------------------------------------------------
# torch_bridge (what works without torch) and the widget builders' keyword arguments


def _widgets():
    """The widget modules, imported on first use (they import matplotlib and ipywidgets)."""
    import matplotlib

    matplotlib.use("Agg")
    from dlnotes.widgets import (approximation, attention, autograd_graphs, backprop_graph, batch_size, convnets,
                                 digits, distillation, dropout, learning_rate, lora, normalization, perceptron,
                                 rectifiers, regularization, representations, residual, sgd_schedules, som,
                                 temperature)
    return dict(approximation=approximation, attention=attention, autograd_graphs=autograd_graphs,
                backprop_graph=backprop_graph, batch_size=batch_size, convnets=convnets, digits=digits,
                distillation=distillation, dropout=dropout, learning_rate=learning_rate, lora=lora,
                normalization=normalization, perceptron=perceptron, rectifiers=rectifiers,
                regularization=regularization, representations=representations, residual=residual,
                sgd_schedules=sgd_schedules, som=som, temperature=temperature)


def _w(module, function, *args, **kwargs):
    return lambda: getattr(_widgets()[module], function)(*args, **kwargs)


def _digits_model():
    X, y = dl.datasets.digits()
    return dl.MLP([64, 10], seed=0), X[:5], y[:5]


WIDGETS = [
    bad("torch_mlp(None)", lambda: TB.torch_mlp(None), TypeError, r"torch_mlp needs a dlnotes MLP, got NoneType"),
    bad("compare_gradients(model=array)", lambda: TB.compare_gradients(np.ones(2), None, _MX, _MY), TypeError,
        r"compare_gradients needs a dlnotes MLP, got ndarray"),
    bad("train_both steps 0", lambda: TB.train_both(dl.MLP([2, 2]), None, _MX, _MY, 0.1, 0, 2, RNG(0)), ValueError,
        r"train_both: steps must be an integer ≥ 1, got 0"),
    bad("train_both batch larger than X", lambda: TB.train_both(dl.MLP([2, 2]), None, _MX, _MY, 0.1, 1, 7, RNG(0)), ValueError,
        r"train_both: batch_size must be at most the 6 rows of X, got 7"),
    bad("train_both rng None", lambda: TB.train_both(dl.MLP([2, 2]), None, _MX, _MY, 0.1, 1, 2, None), TypeError,
        r"train_both: rng must be a np.random.Generator"),
    bad("train_both X NaN", lambda: TB.train_both(dl.MLP([2, 2]), None, np.full((6, 2), np.nan), _MY, 0.1, 1, 2, RNG(0)), ValueError,
        r"train_both: X holds 12 non-finite"),
    bad("dlnotes_graph_rows(None)", lambda: TB.dlnotes_graph_rows(None), TypeError, r"graph_table needs a Node, got NoneType"),
    bad("approximation_widget widths [2.5] (truncated before)", _w("approximation", "approximation_widget", num_hiddens=2, widths=[2.5]),
        ValueError, r"approximation_widget: widths\[0\] must be an integer ≥ 1, got 2.5"),
    bad("approximation_widget widths None", _w("approximation", "approximation_widget", widths=None), TypeError,
        r"approximation_widget: widths must be a list"),
    bad("approximation_widget num_hiddens 3", _w("approximation", "approximation_widget", num_hiddens=3), ValueError,
        r"num_hiddens=3 is not one of the widths"),
    bad("unit_roles_widget unit 99", _w("approximation", "unit_roles_widget", unit=99), ValueError,
        r"unit_roles_widget: unit must be one of 0..15, got 99"),
    bad("unit_roles_widget unit None (int() of None before)", _w("approximation", "unit_roles_widget", unit=None),
        TypeError, r"unit_roles_widget: unit must be an integer ≥ 0, got None"),
    bad("approximation_widget num_hiddens 3 names the widget", _w("approximation", "approximation_widget", num_hiddens=3),
        ValueError, r"approximation_widget: num_hiddens=3 is not one of the widths"),
    bad("learning_widget interval_ms 0 (accepted before)", _w("approximation", "learning_widget", num_epochs=20, every=10, interval_ms=0),
        ValueError, r"learning_widget: interval_ms must be an integer ≥ 1, got 0"),
    bad("learning_widget every 0", _w("approximation", "learning_widget", num_epochs=20, every=0), ValueError,
        r"every must be a positive integer dividing num_epochs"),
    bad("backprop_graph_widget x 100 (clamped to 2 before)", _w("backprop_graph", "backprop_graph_widget", x=100.0), ValueError,
        r"backprop_graph_widget: x \(the slider's range\) must lie in \[-2, 2\], got 100.0"),
    bad("backprop_graph_widget step 99 (clamped to 8 before)", _w("backprop_graph", "backprop_graph_widget", step=99), ValueError,
        r"backprop_graph_widget: step must lie in \[0, 8\]"),
    bad("backprop_graph_widget step -1 (clamped to 0 before)", _w("backprop_graph", "backprop_graph_widget", step=-1), ValueError,
        r"backprop_graph_widget: step must be an integer ≥ 0, got -1"),
    bad("backprop_graph_widget step 1.5", _w("backprop_graph", "backprop_graph_widget", step=1.5), ValueError,
        r"backprop_graph_widget: step.*1.5"),
    bad("backprop_graph_widget x NaN", _w("backprop_graph", "backprop_graph_widget", x=np.nan), ValueError,
        r"two_path_graph: x must be one finite number"),
    bad("batch_size_widget batch 3", _w("batch_size", "batch_size_widget", batch_size=3), ValueError,
        r"batch_size_widget: batch_size must be one of \(1, 2, 4, 8, 16, 32, 64\), got 3"),
    bad("batch_size_widget num_batches 1", _w("batch_size", "batch_size_widget", num_batches=1), ValueError,
        r"batch_size_widget: num_batches must be an integer ≥ 2, got 1"),
    bad("batch_size_widget n 10", _w("batch_size", "batch_size_widget", n=10), ValueError,
        r"batch_size_widget: n must be an integer ≥ 64, got 10"),
    bad("temperature_widget T 1000 (clamped to 100 before)", _w("temperature", "temperature_widget", temperature=1000.0), ValueError,
        r"temperature_widget: temperature \(the slider's range\) must lie in \[0.01, 100\], got 1000.0"),
    bad("temperature_widget T NaN", _w("temperature", "temperature_widget", temperature=np.nan), ValueError, r"temperature"),
    bad("temperature_widget one logit", _w("temperature", "temperature_widget", logits=[1.0]), ValueError,
        r"logits must be a finite 1-D sequence of at least two numbers"),
    bad("learning_rate_widget lr 100 (clamped to 1 before)", _w("learning_rate", "learning_rate_widget", lr=100.0), ValueError,
        r"learning_rate_widget: lr \(the slider's range\) must lie in \[0.001, 1\], got 100.0"),
    bad("learning_rate_widget lr 0 (clamped before)", _w("learning_rate", "learning_rate_widget", lr=0), ValueError,
        r"learning_rate_widget: lr.*must lie in \[0.001, 1\], got 0.0"),
    bad("learning_rate_widget theta0 of 3 (raw reshape before)", _w("learning_rate", "learning_rate_widget", theta0=(1, 2, 3)), ValueError,
        r"learning_rate_widget: theta0 must be a point \(θ₁, θ₂\), got shape \(3,\)"),
    bad("learning_rate_widget num_steps 0", _w("learning_rate", "learning_rate_widget", num_steps=0), ValueError,
        r"learning_rate_widget: num_steps.*got 0"),
    bad("rectifier_widget alpha 5 (clamped to 0.1 before)", _w("rectifiers", "rectifier_widget", alpha=5.0), ValueError,
        r"rectifier_widget: alpha \(the slider's range\) must lie in \[0, 0.1\], got 5.0"),
    bad("rectifier_widget alpha NaN (accepted before)", _w("rectifiers", "rectifier_widget", alpha=np.nan), ValueError,
        r"rectifier_widget: alpha.*must be a finite real number, got nan"),
    bad("rectifier_widget z_max 0 (a flat plot before)", _w("rectifiers", "rectifier_widget", z_max=0), ValueError,
        r"rectifier_widget: z_max must be a finite number > 0"),
    bad("rectifier_widget num_points 1", _w("rectifiers", "rectifier_widget", num_points=1), ValueError,
        r"rectifier_widget: num_points must be an integer ≥ 2, got 1"),
    bad("rectifier_name NaN", _w("rectifiers", "rectifier_name", np.nan), ValueError, r"rectifier_name: alpha must be a finite real number"),
    bad("rectifier_curves z None (NaN before)", _w("rectifiers", "rectifier_curves", 0.1, None), TypeError,
        r"rectifier_curves: z must be numbers.*None"),
    bad("sgd_schedule_widget lr 5 (matplotlib's axis error before)", _w("sgd_schedules", "sgd_schedule_widget", lr=5.0, budget=1000),
        ValueError, r"sgd_schedule_widget: with lr = 5 SGD diverges on this problem"),
    bad("sgd_schedule_widget budget 0", _w("sgd_schedules", "sgd_schedule_widget", budget=0), ValueError,
        r"sgd_schedule_widget: budget must be an integer ≥ 500, got 0"),
    bad("sgd_schedule_widget k0 0", _w("sgd_schedules", "sgd_schedule_widget", k0=0, budget=1000), ValueError,
        r"robbins_monro_schedule: k0 must be a finite number > 0"),
    bad("autograd_graphs_widget seed -1 (numpy's message before)", _w("autograd_graphs", "autograd_graphs_widget", seed=-1), ValueError,
        r"autograd_graphs_widget: seed must be an integer ≥ 0, got -1"),
    bad("autograd_graphs_widget seed 2.5", _w("autograd_graphs", "autograd_graphs_widget", seed=2.5), ValueError,
        r"autograd_graphs_widget: seed.*2.5"),
    bad("digits_widget index -1", lambda: _widgets()["digits"].digits_widget(*_digits_model(), index=-1), ValueError,
        r"digits_widget: index must lie in \[0, 5\), got -1"),
    bad("digits_widget index 0.5", lambda: _widgets()["digits"].digits_widget(*_digits_model(), index=0.5), TypeError,
        r"digits_widget: index must be an integer index"),
    bad("digits_widget temperature 50 (clamped to 10 before)", lambda: _widgets()["digits"].digits_widget(*_digits_model(), temperature=50.0),
        ValueError, r"digits_widget: temperature \(the slider's range\) must lie in \[0.1, 10\], got 50.0"),
    bad("digits_widget model without data", lambda: _widgets()["digits"].digits_widget(dl.MLP([64, 10])), ValueError,
        r"pass model, X_test and y_test together"),
]

_T3 = np.zeros((2, 3), int)
_KERNEL = {"blur": np.full((3, 3), 1 / 9)}

WIDGETS += [
    bad("attention_map_widget maps 3-D (raw unpacking before)", _w("attention", "attention_map_widget", _T3, np.ones((2, 3, 3)), _T3),
        ValueError, r"attention_map_widget: maps must have shape \(N, heads, T, T\) with N ≥ 1, got \(2, 3, 3\)"),
    bad("attention_map_widget tokens of 4 steps for maps of 3 (accepted before)",
        _w("attention", "attention_map_widget", np.zeros((2, 4), int), np.ones((2, 1, 3, 3)) / 3, _T3), ValueError,
        r"tokens and predictions must have shape \(N, T\) = \(2, 3\)"),
    bad("attention_map_widget maps NaN", _w("attention", "attention_map_widget", _T3, np.full((2, 1, 3, 3), np.nan), _T3), ValueError,
        r"attention_map_widget: maps holds 18 non-finite"),
    bad("attention_map_widget no sequence (IndexError before)", _w("attention", "attention_map_widget", _T3[:0], np.ones((0, 1, 3, 3)), _T3[:0]),
        ValueError, r"with N ≥ 1, got \(0, 1, 3, 3\)"),
    bad("feature_map_widget no kernel (IndexError before)", _w("convnets", "feature_map_widget", np.zeros((2, 8, 8)), [0, 1], {}), ValueError,
        r"feature_map_widget: kernels is empty"),
    bad("feature_map_widget labels None (len() of None before)",
        _w("convnets", "feature_map_widget", np.zeros((2, 8, 8)), None, _KERNEL), TypeError,
        r"feature_map_widget: labels must be a list, got None"),
    bad("feature_map_widget kernels None", _w("convnets", "feature_map_widget", np.zeros((2, 8, 8)), [0, 1], None), TypeError,
        r"feature_map_widget: kernels must be a dict"),
    bad("feature_map_widget one image 2-D (matplotlib's error before)", _w("convnets", "feature_map_widget", np.zeros((8, 8)), [0], _KERNEL),
        ValueError, r"feature_map_widget: images must have shape \(N, H, W\)"),
    bad("feature_map_widget labels short (accepted before)", _w("convnets", "feature_map_widget", np.zeros((2, 8, 8)), [0], _KERNEL),
        ValueError, r"feature_map_widget: 2 images but 1 labels"),
    bad("feature_map_widget kernel 1-D", _w("convnets", "feature_map_widget", np.zeros((2, 8, 8)), [0, 1], {"a": np.ones(3)}), ValueError,
        r"feature_map_widget: kernels\['a'\] must be a 2-D \(k, k\) array"),
    bad("distillation_widget runs {} (KeyError before)", _w("distillation", "distillation_widget", {}, np.zeros(3), 0), ValueError,
        r"distillation_widget: runs is empty"),
    bad("distillation_widget no baseline", _w("distillation", "distillation_widget", {(1.0, 0.5): None}, np.zeros(3), 0), ValueError,
        r"runs needs the labels-only run \(None, 0.0\)"),
    bad("distillation_widget label 5 of 3 classes (accepted before)",
        _w("distillation", "distillation_widget", {(None, 0.0): None, (1.0, 0.5): None}, np.zeros(3), 5), ValueError,
        r"distillation_widget: label must lie in \[0, 3\), got 5"),
    bad("distillation_widget teacher 2-D", _w("distillation", "distillation_widget", {(None, 0.0): None, (1.0, 0.5): None}, np.zeros((2, 3)), 0),
        ValueError, r"teacher_logits must be one example's logits"),
    bad("dropout_widget None", _w("dropout", "dropout_widget", None), TypeError, r"dropout_widget: curves must be a dict"),
    bad("dropout_widget {}", _w("dropout", "dropout_widget", {}), ValueError, r"dropout_widget: curves is empty"),
    bad("lora_rank_widget runs {} (AttributeError before)", _w("lora", "lora_rank_widget", {}, None, [1.0], {}), ValueError,
        r"lora_rank_widget: runs is empty"),
    bad("lora_rank_widget full_history None", _w("lora", "lora_rank_widget", {1: None}, None, [1.0], {1: 5.0}), TypeError,
        r"lora_rank_widget: full_history must be a History"),
    bad("residual_widget {} (numpy's concatenate error before)", _w("residual", "residual_widget", {}, {}), ValueError,
        r"residual_widget: losses is empty"),
    bad("residual_widget gradient_norms None", _w("residual", "residual_widget", None, {(1, False): [1.0]}), TypeError,
        r"residual_widget: gradient_norms must be a dict, got NoneType"),
    bad("perceptron_widget 3 features (matplotlib's error before)", _w("perceptron", "perceptron_widget", np.eye(3), [1, 1, 0]), ValueError,
        r"perceptron_widget: X must have shape \(N, 2\), got shape \(3, 3\)"),
    bad("perceptron_widget one feature name (IndexError before)", _w("perceptron", "perceptron_widget", _PX, _PY, feature_names=("a",)),
        ValueError, r"perceptron_widget: feature_names must be two names"),
    bad("perceptron_widget three class names", _w("perceptron", "perceptron_widget", _PX, _PY, class_names=("a", "b", "c")), ValueError,
        r"perceptron_widget: class_names must be two names"),
    bad("som_unfolding_widget num_snapshots 0 (numpy's message before)", _w("som", "som_unfolding_widget", num_points=50, num_steps=20,
                                                                              num_snapshots=0),
        ValueError, r"unfolding_snapshots: num_snapshots must be an integer ≥ 2, got 0"),
    bad("som_unfolding_widget num_points 0", _w("som", "som_unfolding_widget", num_points=0, num_steps=20), ValueError,
        r"unfolding_snapshots: num_points.*got 0"),
]

WIDGETS += [
    bad("regularization_widget resolution 0 (numpy's reduction error before)", _w("regularization", "regularization_widget", resolution=0),
        ValueError, r"regularization_widget: resolution \(grid points per axis\) must be an integer ≥ 2, got 0"),
    bad("regularization_widget resolution 2.5", _w("regularization", "regularization_widget", resolution=2.5), ValueError,
        r"regularization_widget: resolution.*2.5"),
    bad("regularization_widget lambdas [-1]", _w("regularization", "regularization_widget", lambdas=[-1.0]), ValueError,
        r"fit_lambda_grid: λ = lambdas\[0\] must be a finite number ≥ 0"),
    bad("regularization_widget fits without data", _w("regularization", "regularization_widget", fits=[1]), ValueError,
        r"pass the training data X, y"),
    bad("representations_widget layer 99", _w("representations", "representations_widget", layer=99), ValueError,
        r"layer must be an index from 0 to 4, got 99"),
    bad("representations_widget epoch 7", _w("representations", "representations_widget", epoch=7), ValueError,
        r"epoch 7 has no snapshot"),
    bad("normalization_widget None (not iterable before)", _w("normalization", "normalization_widget", None, None), TypeError,
        r"normalization_widget: losses must be a dict"),
    bad("normalization_widget keys of 2 (raw unpacking before)", _w("normalization", "normalization_widget", {}, {(2, 0.1): [1.0]}), ValueError,
        r"normalization_widget: the keys of losses must be \(depth, norm, lr\), got \(2, 0.1\)"),
]

WIDGETS_EDGE = [
    edge("backprop_graph_widget at the slider's ends", lambda: _widgets()["backprop_graph"].backprop_graph_widget(x=-2.0, step=0).values,
         {"x": -2.0, "step": 0}),
    edge("temperature_widget at T = 0.01", lambda: _widgets()["temperature"].temperature_widget(temperature=0.01).values["T"], 0.01),
    edge("rectifier_name of 0 is the ReLU", lambda: "ReLU" in _widgets()["rectifiers"].rectifier_name(0.0), True),
    edge("digits_widget on the last image", lambda: _widgets()["digits"].digits_widget(*_digits_model(), index=4).values["index"], 4),
]

# ---------------------------------------------------------------------------
# Repeated calls and shared objects that are legitimate: the right answer each time


def _merge_twice():
    layer = nn.LoRALinear(_lin(), 1, 1.0, RNG(0))
    layer.B.value[:] = 1.0
    once = layer.merge().base.W.value.copy()
    return bool(np.array_equal(layer.merge().base.W.value, once))  # a second merge adds nothing


def _unmerge_unmerged():
    layer = nn.LoRALinear(_lin(), 1, 1.0, RNG(0))
    W0 = layer.base.W.value.copy()
    layer.unmerge()
    return bool(np.array_equal(layer.base.W.value, W0))


def _descend_twice():
    theta0 = np.array([1.0, -1.0])
    first = S.descend(_Q, theta0, 0.1, 5).trajectory
    second = S.descend(_Q, theta0, 0.1, 5).trajectory
    return bool(np.array_equal(first, second) and np.array_equal(theta0, [1.0, -1.0]))  # θ0 not moved


def _som_train_twice():
    som = _som()
    som.train(_SX, 4, record_every=2)
    som.train(_SX, 4, record_every=2)
    return som.history["step"]


def _probe_twice():
    a, b = RP.linear_probe(_H, _HY, num_epochs=3), RP.linear_probe(_H, _HY, num_epochs=3)
    return bool(np.array_equal(a.W, b.W) and a.accuracy == b.accuracy)


def _bn_eval_twice():
    layer = nn.BatchNorm(2)
    layer(RNG(0).normal(size=(4, 2)))
    layer.eval()
    X = RNG(1).normal(size=(3, 2))
    return bool(np.array_equal(layer(X).value, layer(X).value))  # evaluation does not move the averages


REPEATED_EDGE = [
    edge("LoRALinear.merge twice adds the update once", _merge_twice, True),
    edge("LoRALinear.unmerge of an unmerged layer changes nothing", _unmerge_unmerged, True),
    edge("descend twice from one θ0 gives one trajectory and leaves θ0 alone", _descend_twice, True),
    edge("SOM.train twice records both runs", _som_train_twice, [0, 2, 4, 0, 2, 4]),
    edge("linear_probe twice gives the same probe", _probe_twice, True),
    edge("BatchNorm in evaluation gives the same output twice", _bn_eval_twice, True),
    edge("a layer set to eval twice stays in evaluation", lambda: nn.Dropout(0.5, RNG(0)).eval().eval().training, False),
    edge("sine_trajectory is cached", lambda: AP.sine_trajectory(2, num_epochs=4, every=2) is AP.sine_trajectory(2, num_epochs=4, every=2),
         True),
]

# ---------------------------------------------------------------------------
# The runners.

BAD = (ESTIMATORS + SURFACES + INFORMATION + TOY_GRAPHS + PERCEPTRON + SOM + STOCHASTIC + FUNCTIONS + LAYERS + REPRESENTATIONS + ARCHITECTURES + WIDGETS)
EDGE = (ESTIMATORS_EDGE + SURFACES_EDGE + INFORMATION_EDGE + TOY_GRAPHS_EDGE + PERCEPTRON_EDGE + SOM_EDGE + STOCHASTIC_EDGE + FUNCTIONS_EDGE + LAYERS_EDGE + REPRESENTATIONS_EDGE + ARCHITECTURES_EDGE + WIDGETS_EDGE + REPEATED_EDGE)

RAW_MESSAGES = ("operands could not be broadcast", "could not convert string", "inhomogeneous",
                "cannot be interpreted as an integer", "division by zero", "index out of bounds",
                "object has no attribute", "list index out of range", "tuple index out of range",
                "is not iterable", "not supported between instances", "gufunc signature")


@pytest.mark.parametrize("call, error, match", BAD)
def test_bad_input_raises_an_error_that_names_the_problem(call, error, match):
    with pytest.raises(error, match=match) as info:
        call()
    message = str(info.value)
    for raw in RAW_MESSAGES:  # never numpy's (or Python's) raw message in place of one that names the argument
        assert raw not in message


@pytest.mark.parametrize("call, expected", EDGE)
def test_edge_input_gives_the_right_answer(call, expected):
    result = call()
    if isinstance(expected, (tuple, list, dict, str, np.dtype, bool, int)) and not isinstance(expected, float):
        assert result == expected
    else:
        np.testing.assert_allclose(result, expected, rtol=1e-12, atol=1e-12)


def test_there_are_at_least_150_new_adversarial_cases():
    assert len(BAD) + len(EDGE) >= 150
