"""Adversarial input across the public API: every bad input raises an error that
names the problem, and every edge input gives the right answer.

``BAD`` lists calls that must raise, with the error type and a pattern the
message must match (the argument or operation, and what was wrong). ``EDGE``
lists calls on edge input that must succeed, with the right answer. The
gradient contracts (no aliasing, no stale gradients, overwrite rather than
accumulate), duplicate parameters and dead layers have tests of their own below.
"""

import warnings

import numpy as np
import pytest

import dlnotes as dl
from dlnotes import datasets
from dlnotes.graph import current_gradients
from dlnotes.metrics import confusion_matrix
from dlnotes.nn import Linear
from dlnotes.training import minibatches
from tests.op_registry import CASES

N = dl.Node
RNG = np.random.default_rng


def model():
    return dl.MLP([2, 3, 2], seed=0)


X2 = np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]])
Y2 = np.array([0, 1, 0])
NAN_X = np.array([[0.0, np.nan], [1.0, 0.0], [0.5, 0.5]])
INF_X = np.array([[0.0, np.inf], [1.0, 0.0], [0.5, 0.5]])


def fit(**kwargs):
    """train() on the small problem with the given keyword arguments overridden."""
    args = dict(model=model(), X=X2, y=Y2, epochs=1, progress=False)
    args.update(kwargs)
    return dl.train(args.pop("model"), args.pop("X"), args.pop("y"), **args)


def _quiet(call):
    """The call with numpy's floating-point warnings silenced: the IEEE results are the point."""
    def run():
        with np.errstate(all="ignore"):
            return call()
    return run


def bad(name, call, error, match):
    return pytest.param(call, error, match, id=name)


NOT_NUMBERS = [
    # Node and its conversion of values.
    bad("Node(None)", lambda: N(None), TypeError, r"Node: value must be numbers.*got None"),
    bad("Node(str)", lambda: N("abc"), TypeError, r"Node: value must be numbers, got text 'abc'"),
    bad("Node(list of str)", lambda: N(["1", "2"]), TypeError, r"Node: value.*text"),
    bad("Node(bytes)", lambda: N(b"12"), TypeError, r"Node: value.*text"),
    bad("Node(complex)", lambda: N(1 + 2j), TypeError, r"Node: value must be real numbers, got complex"),
    bad("Node(complex array)", lambda: N(np.array([1j, 2])), TypeError, r"complex"),
    bad("Node(ragged)", lambda: N([[1, 2], [3]]), ValueError, r"Node: value must be a rectangular.*ragged"),
    bad("Node(object array)", lambda: N(np.array([1, None], dtype=object)), TypeError, r"dtype object"),
    bad("Node(dict)", lambda: N({"a": 1}), TypeError, r"Node: value must be numbers.*dict"),
    bad("Node(object())", lambda: N(object()), TypeError, r"Node: value must be numbers.*object"),
    bad("Node(Node)", lambda: N(N(1.0)), TypeError, r"Node: value must be numbers.*Node"),
    bad("Node(datetime)", lambda: N(np.datetime64("2020-01-01")), TypeError, r"Node: value must be numbers"),
    bad("Node(name=3)", lambda: N(1.0, name=3), TypeError, r"name must be a string"),
    bad("as_node(None)", lambda: dl.as_node(None), TypeError, r"got None"),
    # An operation names itself and the input that is not numbers.
    bad("node + None", lambda: N(1.0) + None, TypeError, r"add: input 2 of 2 .*got None"),
    bad("None + node", lambda: None + N(1.0), TypeError, r"add: input 1 of 2 .*got None"),
    bad("node - str", lambda: N(1.0) - "a", TypeError, r"sub: input 2 of 2 .*text"),
    bad("node * ragged", lambda: N(1.0) * [1, [2, 3]], ValueError, r"mul: input 2 of 2 .*ragged"),
    bad("node / complex", lambda: N(1.0) / (1 + 1j), TypeError, r"div: input 2 of 2 .*complex"),
    bad("node ** None", lambda: N(1.0) ** None, TypeError, r"pow: input 2 of 2"),
    bad("node @ None", lambda: N(np.ones(2)) @ None, TypeError, r"matmul: input 2 of 2"),
    bad("exp(None)", lambda: dl.exp(None), TypeError, r"exp: input 1 of 1 .*None"),
    bad("log(str)", lambda: dl.log("x"), TypeError, r"log: input 1 of 1 .*text"),
    bad("tanh(None)", lambda: dl.tanh(None), TypeError, r"tanh: input 1"),
    bad("sigmoid(complex)", lambda: dl.sigmoid([1j]), TypeError, r"sigmoid: input 1.*complex"),
    bad("relu(None)", lambda: dl.relu(None), TypeError, r"relu: input 1"),
    bad("abs(str)", lambda: dl.abs("x"), TypeError, r"abs: input 1"),
    bad("softmax(None)", lambda: dl.softmax(None), TypeError, r"softmax: input 1"),
    bad("sum(dict)", lambda: dl.sum({}), TypeError, r"sum: input 1"),
    bad("mean(str)", lambda: dl.mean("abc"), TypeError, r"mean: input 1"),
    bad("affine(None, W, b)", lambda: dl.affine(None, np.ones((2, 2)), np.zeros(2)), TypeError,
        r"affine: input 1 of 3"),
    bad("prelu(x, None)", lambda: dl.prelu(np.ones(2), None), TypeError, r"prelu: input 2 of 2"),
]

SHAPES = [
    bad("add (3,)+(4,)", lambda: N(np.ones(3)) + np.ones(4), ValueError, r"add: shapes \(3,\) and \(4,\)"),
    bad("radd (4,)+(3,)", lambda: np.ones(4) + N(np.ones(3)), ValueError, r"add: shapes \(4,\) and \(3,\)"),
    bad("sub (2,3)-(3,2)", lambda: N(np.ones((2, 3))) - np.ones((3, 2)), ValueError,
        r"sub: shapes \(2, 3\) and \(3, 2\)"),
    bad("mul (3,)*(4,)", lambda: N(np.ones(3)) * N(np.ones(4)), ValueError, r"mul: shapes \(3,\) and \(4,\)"),
    bad("div (2,)/(3,)", lambda: N(np.ones(2)) / np.ones(3), ValueError, r"div: shapes \(2,\) and \(3,\)"),
    bad("pow (2,)**(3,)", lambda: N(np.ones(2)) ** np.ones(3), ValueError, r"pow: shapes \(2,\) and \(3,\)"),
    bad("prelu alpha (4,)", lambda: dl.prelu(np.ones((2, 3)), N(np.ones(4))), ValueError,
        r"prelu.*\(2, 3\) and \(4,\)"),
    bad("matmul (3,4)@(5,2)", lambda: N(np.ones((3, 4))) @ np.ones((5, 2)), ValueError,
        r"matmul shapes \(3, 4\) and \(5, 2\)"),
    bad("matmul scalars", lambda: N(2.0) @ N(3.0), ValueError, r"matmul needs arrays of at least one"),
    bad("affine shapes", lambda: dl.affine(np.ones((3, 4)), np.ones((5, 2)), np.zeros(2)), ValueError,
        r"affine.*\(3, 4\).*\(5, 2\)"),
    bad("affine bias", lambda: dl.affine(np.ones((3, 4)), np.ones((4, 2)), np.zeros(3)), ValueError,
        r"affine: b has shape \(3,\), expected \(2,\)"),
    bad("mse (3,) vs (3,1)", lambda: dl.mse(np.zeros(3), np.zeros((3, 1))), ValueError, r"\(3,\).*\(3, 1\)"),
    bad("bce shapes", lambda: dl.binary_cross_entropy(np.zeros((2, 1)), np.zeros(2)), ValueError,
        r"do not match"),
    bad("MLP input width", lambda: model()(np.ones((2, 3))), ValueError,
        r"expects input of shape \(N, 2\), got shape \(2, 3\)"),
    bad("MLP input 1-D", lambda: model()(np.ones(2)), ValueError, r"expects input of shape \(N, 2\)"),
    bad("backprop grad shape", lambda: dl.backprop(N(np.ones(2)) * 2, grad=np.ones(3)), ValueError,
        r"grad has shape \(3,\), but z has shape \(2,\)"),
    bad("backprop non-scalar", lambda: dl.backprop(N(np.ones(2)) * 2), ValueError, r"scalar output"),
    bad("cross_entropy 1-D logits", lambda: dl.cross_entropy(np.zeros(3), [0]), ValueError,
        r"logits must have shape \(N, classes\)"),
]

LABELS = [
    bad("accuracy y too short", lambda: dl.accuracy(model(), X2, [0, 1]), ValueError,
        r"one per row.*expected shape \(3,\), got \(2,\)"),
    bad("accuracy y None", lambda: dl.accuracy(model(), X2, None), TypeError, r"labels.*got None"),
    bad("accuracy y float", lambda: dl.accuracy(model(), X2, [0.0, 1.0, 0.0]), ValueError, r"must be integers"),
    bad("accuracy y bool", lambda: dl.accuracy(model(), X2, [True, False, True]), ValueError,
        r"must be integers"),
    bad("accuracy y out of range", lambda: dl.accuracy(model(), X2, [0, 1, 2]), ValueError,
        r"must lie in \[0, 2\)"),
    bad("accuracy y negative", lambda: dl.accuracy(model(), X2, [0, -1, 0]), ValueError,
        r"must lie in \[0, 2\)"),
    bad("accuracy y column", lambda: dl.accuracy(model(), X2, Y2[:, None]), ValueError, r"one per row"),
    bad("accuracy y strings", lambda: dl.accuracy(model(), X2, ["a", "b", "a"]), TypeError,
        r"labels must be an array of integer class indices"),
    bad("accuracy X empty", lambda: dl.accuracy(model(), np.zeros((0, 2)), []), ValueError, r"accuracy: X is empty"),
    bad("accuracy X NaN", lambda: dl.accuracy(model(), NAN_X, Y2), ValueError, r"accuracy: X holds 1 non-finite"),
    bad("accuracy X None", lambda: dl.accuracy(model(), None, Y2), TypeError, r"accuracy: X must be numbers"),
    bad("cross_entropy y None", lambda: dl.cross_entropy(np.zeros((2, 3)), None), TypeError, r"got None"),
    bad("cross_entropy y text", lambda: dl.cross_entropy(np.zeros((2, 3)), ["a", "b"]), TypeError,
        r"integer class indices"),
    bad("cross_entropy y float", lambda: dl.cross_entropy(np.zeros((2, 3)), [0.0, 1.0]), ValueError,
        r"must be integers"),
    bad("nll y out of range", lambda: dl.nll(np.zeros((2, 3)), [0, 3]), ValueError, r"must lie in \[0, 3\)"),
    bad("nll y too long", lambda: dl.nll(np.zeros((2, 3)), [0, 1, 2]), ValueError, r"one per row"),
    bad("bce targets 2", lambda: dl.binary_cross_entropy(np.zeros(2), [0.0, 2.0]), ValueError, r"\[0, 1\]"),
    bad("bce targets NaN", lambda: dl.binary_cross_entropy(np.zeros(2), [0.0, np.nan]), ValueError, r"\[0, 1\]"),
    bad("bce targets text", lambda: dl.binary_cross_entropy(np.zeros(2), ["a", "b"]), TypeError,
        r"binary_cross_entropy: the targets y must be numbers"),
    bad("mse targets None", lambda: dl.mse(np.zeros(2), None), TypeError, r"mse: the targets y.*None"),
    bad("mse predictions text", lambda: dl.mse("ab", np.zeros(2)), TypeError, r"mse: the predictions y_hat"),
    bad("confusion y float", lambda: confusion_matrix([0.0, 1.0], [0, 1], 2), ValueError, r"y must hold integer"),
    bad("confusion lengths", lambda: confusion_matrix([0, 1], [0], 2), ValueError, r"shapes \(2,\) and \(1,\)"),
]

EMPTY = [
    bad("mean(empty)", lambda: dl.mean(np.zeros(0)), ValueError, r"mean of an empty array \(shape \(0,\)"),
    bad("mean(empty rows, axis 0)", lambda: dl.mean(np.zeros((0, 3)), axis=0), ValueError, r"mean of an empty"),
    bad("mean(empty axis 1)", lambda: dl.mean(np.zeros((2, 0)), axis=1), ValueError, r"mean of an empty"),
    bad("nll(no rows)", lambda: dl.nll(np.zeros((0, 3)), np.zeros(0, int)), ValueError, r"log_probs has no rows"),
    bad("cross_entropy(no rows)", lambda: dl.cross_entropy(np.zeros((0, 3)), np.zeros(0, int)), ValueError,
        r"logits has no rows"),
    bad("bce(empty)", lambda: dl.binary_cross_entropy(np.zeros(0), np.zeros(0)), ValueError,
        r"binary_cross_entropy: the logits array is empty"),
    bad("mse(empty)", lambda: dl.mse(np.zeros(0), np.zeros(0)), ValueError, r"mse: the targets y is empty"),
    bad("accuracy(empty)", lambda: dl.accuracy(model(), np.zeros((0, 2)), np.zeros(0, int)), ValueError,
        r"accuracy: X is empty"),
    bad("train(empty)", lambda: fit(X=np.zeros((0, 2)), y=np.zeros(0, int)), ValueError,
        r"train: the training inputs X is empty"),
    bad("softmax(empty axis)", lambda: dl.softmax(np.zeros((2, 0))), ValueError, r"softmax over an empty axis"),
    bad("log_softmax(empty axis)", lambda: dl.log_softmax(np.zeros((2, 0))), ValueError,
        r"log_softmax over an empty axis"),
    bad("l2_penalty([])", lambda: dl.l2_penalty([]), ValueError, r"l2_penalty: params is empty"),
    bad("l1_penalty([])", lambda: dl.l1_penalty([]), ValueError, r"l1_penalty: params is empty"),
    bad("SGD([])", lambda: dl.SGD([], lr=0.1), ValueError, r"SGD: params is empty"),
]

COUNTS = [
    bad("MLP([2.7, 3])", lambda: dl.MLP([2.7, 3]), ValueError, r"MLP: sizes\[0\] must be an integer ≥ 1, got 2.7"),
    bad("MLP([2, 3.0])", lambda: dl.MLP([2, 3.0]), ValueError, r"MLP: sizes\[1\] must be an integer"),
    bad("MLP([0, 3])", lambda: dl.MLP([0, 3]), ValueError, r"MLP: sizes\[0\] must be an integer ≥ 1, got 0"),
    bad("MLP([2, -1])", lambda: dl.MLP([2, -1]), ValueError, r"MLP: sizes\[1\].*got -1"),
    bad("MLP([2, None])", lambda: dl.MLP([2, None]), TypeError, r"MLP: sizes\[1\].*None"),
    bad("MLP([True, 2])", lambda: dl.MLP([True, 2]), TypeError, r"MLP: sizes\[0\].*bool"),
    bad("MLP(['2', 3])", lambda: dl.MLP(["2", 3]), TypeError, r"MLP: sizes\[0\]"),
    bad("MLP([2])", lambda: dl.MLP([2]), ValueError, r"at least two widths"),
    bad("MLP([])", lambda: dl.MLP([]), ValueError, r"at least two widths"),
    bad("MLP(3)", lambda: dl.MLP(3), TypeError, r"sizes must be a list of layer widths"),
    bad("MLP('23')", lambda: dl.MLP("23"), TypeError, r"sizes must be a list of layer widths"),
    bad("MLP activation", lambda: dl.MLP([2, 2], activation="relu6"), ValueError, r"unknown activation 'relu6'"),
    bad("MLP activation None", lambda: dl.MLP([2, 2], activation=None), ValueError, r"unknown activation None"),
    bad("Linear(0, 3)", lambda: Linear(0, 3, RNG(0)), ValueError, r"Linear: fan_in must be an integer ≥ 1, got 0"),
    bad("Linear(3, 0)", lambda: Linear(3, 0, RNG(0)), ValueError, r"Linear: fan_out.*got 0"),
    bad("Linear(2.5, 3)", lambda: Linear(2.5, 3, RNG(0)), ValueError, r"Linear: fan_in.*2.5"),
    bad("Linear rng=0", lambda: Linear(2, 3, 0), TypeError, r"Linear: rng must be a np.random.Generator"),
    bad("Linear gain 0", lambda: Linear(2, 3, RNG(0), gain=0), ValueError, r"Linear: gain must be a finite number > 0"),
    bad("Linear gain NaN", lambda: Linear(2, 3, RNG(0), gain=np.nan), ValueError, r"Linear: gain"),
    bad("train batch_size 2.5", lambda: fit(batch_size=2.5), ValueError, r"train: batch_size must be an integer"),
    bad("train batch_size 0", lambda: fit(batch_size=0), ValueError, r"train: batch_size.*got 0"),
    bad("train batch_size -4", lambda: fit(batch_size=-4), ValueError, r"train: batch_size.*got -4"),
    bad("train batch_size '32'", lambda: fit(batch_size="32"), TypeError, r"train: batch_size"),
    bad("train batch_size None", lambda: fit(batch_size=None), TypeError, r"train: batch_size.*None"),
    bad("train batch_size True", lambda: fit(batch_size=True), TypeError, r"train: batch_size.*bool"),
    bad("train epochs 2.5", lambda: fit(epochs=2.5), ValueError, r"train: epochs must be an integer"),
    bad("train epochs 0", lambda: fit(epochs=0), ValueError, r"train: epochs.*got 0"),
    bad("train epochs -1", lambda: fit(epochs=-1), ValueError, r"train: epochs.*got -1"),
    bad("train epochs None", lambda: fit(epochs=None), TypeError, r"train: epochs"),
    bad("minibatches batch_size 0", lambda: list(minibatches(4, 0, RNG(0))), ValueError, r"batch_size"),
    bad("sum axis=1.0", lambda: dl.sum(np.ones((2, 2)), axis=1.0), TypeError, r"sum: axis must be None, an integer"),
    bad("sum axis='0'", lambda: dl.sum(np.ones((2, 2)), axis="0"), TypeError, r"sum: axis"),
    bad("sum axis=True", lambda: dl.sum(np.ones((2, 2)), axis=True), TypeError, r"sum: axis.*bool"),
    bad("sum axis=2 of 2-D", lambda: dl.sum(np.ones((2, 2)), axis=2), ValueError,
        r"sum: axis 2 is out of range for an array of 2 dimension"),
    bad("sum axis=(0, 0)", lambda: dl.sum(np.ones((2, 2)), axis=(0, -2)), ValueError, r"repeats an axis"),
    bad("sum axis on a scalar", lambda: dl.sum(N(1.0), axis=0), ValueError, r"0-dimensional"),
    bad("mean axis=1.0", lambda: dl.mean(np.ones((2, 2)), axis=1.0), TypeError, r"mean: axis"),
    bad("mean axis=-3", lambda: dl.mean(np.ones((2, 2)), axis=-3), ValueError, r"mean: axis -3 is out of range"),
    bad("softmax axis=1.0", lambda: dl.softmax(np.ones((2, 2)), axis=1.0), TypeError, r"softmax: axis"),
    bad("softmax axis=(0, 1)", lambda: dl.softmax(np.ones((2, 2)), axis=(0, 1)), TypeError,
        r"softmax: axis must be one integer"),
    bad("log_softmax axis=5", lambda: dl.log_softmax(np.ones((2, 2)), axis=5), ValueError,
        r"log_softmax: axis 5 is out of range"),
    bad("xor n=-5", lambda: datasets.xor(n=-5), ValueError, r"xor: n must be an integer ≥ 1, got -5"),
    bad("xor n=0", lambda: datasets.xor(n=0), ValueError, r"xor: n.*got 0"),
    bad("xor n=2.5", lambda: datasets.xor(n=2.5), ValueError, r"xor: n.*2.5"),
    bad("xor n='10'", lambda: datasets.xor(n="10"), TypeError, r"xor: n"),
    bad("moons n=-5", lambda: datasets.moons(n=-5), ValueError, r"moons: n.*got -5"),
    bad("moons n=1e3", lambda: datasets.moons(n=1e3), ValueError, r"moons: n must be an integer"),
    bad("blobs n=0", lambda: datasets.blobs(n=0), ValueError, r"blobs: n"),
    bad("blobs centers=0", lambda: datasets.blobs(centers=0), ValueError, r"blobs: centers"),
    bad("blobs centers=2.5", lambda: datasets.blobs(centers=2.5), ValueError, r"blobs: centers"),
    bad("blobs std=0", lambda: datasets.blobs(std=0), ValueError, r"blobs: std must be a finite number > 0"),
    bad("spirals n_per_class=2.5", lambda: datasets.spirals(n_per_class=2.5), ValueError,
        r"spirals: n_per_class.*2.5"),
    bad("spirals classes=0", lambda: datasets.spirals(classes=0), ValueError, r"spirals: classes"),
    bad("one_dimensional n=0", lambda: datasets.one_dimensional(n=0), ValueError, r"one_dimensional: n"),
    bad("one_dimensional low=high", lambda: datasets.one_dimensional(low=1, high=1), ValueError,
        r"low must be below high"),
    bad("one_dimensional fn", lambda: datasets.one_dimensional(fn=3), TypeError, r"fn must be a function"),
    bad("one_dimensional fn shape", lambda: datasets.one_dimensional(fn=lambda x: x[:2]), ValueError,
        r"fn must map x of shape"),
    bad("train_test_split 0", lambda: datasets.train_test_split(X2, Y2, test_size=0), ValueError,
        r"test_size \(a number of examples\) must be an integer ≥ 1"),
    bad("train_test_split 0.0", lambda: datasets.train_test_split(X2, Y2, test_size=0.0), ValueError,
        r"test_size must be a fraction in \(0, 1\)"),
    bad("train_test_split all", lambda: datasets.train_test_split(X2, Y2, test_size=len(X2)), ValueError,
        r"must leave examples to train on"),
    bad("train_test_split 1.5", lambda: datasets.train_test_split(X2, Y2, test_size=1.5), ValueError,
        r"test_size"),
    bad("train_test_split lengths", lambda: datasets.train_test_split(X2, Y2[:2]), ValueError,
        r"X has 3 rows but y has 2"),
    bad("dataset rng=0", lambda: datasets.xor(rng=0), TypeError, r"rng must be a np.random.Generator"),
    bad("gradcheck eps=0", lambda: dl.gradcheck(lambda x: dl.sum(x * x), [1.0], eps=0), ValueError,
        r"gradcheck: eps must be a finite number > 0"),
    bad("gradcheck eps<0", lambda: dl.gradcheck(lambda x: dl.sum(x * x), [1.0], eps=-1e-6), ValueError,
        r"gradcheck: eps"),
    bad("gradcheck eps NaN", lambda: dl.gradcheck(lambda x: dl.sum(x * x), [1.0], eps=np.nan), ValueError,
        r"gradcheck: eps"),
    bad("gradcheck eps str", lambda: dl.gradcheck(lambda x: dl.sum(x * x), [1.0], eps="1e-6"), TypeError,
        r"gradcheck: eps"),
    bad("numerical_gradient eps=0", lambda: dl.numerical_gradient(lambda x: x.sum(), [1.0], eps=0), ValueError,
        r"numerical_gradient: eps"),
    bad("confusion num_classes 0", lambda: confusion_matrix([0], [0], 0), ValueError, r"num_classes"),
    bad("confusion num_classes 2.5", lambda: confusion_matrix([0], [0], 2.5), ValueError, r"num_classes"),
    bad("confusion num_classes '3'", lambda: confusion_matrix([0], [0], "3"), TypeError, r"num_classes"),
]

NOT_FINITE = [
    bad("MLP input NaN", lambda: model()(NAN_X), ValueError, r"the MLP input X holds 1 non-finite.*\(0, 1\)"),
    bad("MLP input inf", lambda: model()(INF_X), ValueError, r"the MLP input X holds 1 non-finite"),
    bad("MLP input -inf", lambda: model()(-INF_X), ValueError, r"non-finite"),
    bad("MLP input text", lambda: model()([["a", "b"]]), TypeError, r"the MLP input X must be numbers"),
    bad("predict NaN", lambda: model().predict(NAN_X), ValueError, r"non-finite"),
    bad("backprop seed NaN", lambda: dl.backprop(N([1.0, 2.0]) * 2, grad=[np.nan, 1.0]), ValueError,
        r"backprop: the grad= seed holds 1 non-finite"),
    bad("backprop seed inf", lambda: dl.backprop(N([1.0, 2.0]) * 2, grad=[1.0, np.inf]), ValueError,
        r"grad= seed holds 1 non-finite"),
    bad("backprop seed text", lambda: dl.backprop(N([1.0, 2.0]) * 2, grad=["a", "b"]), TypeError,
        r"grad= seed must be numbers"),
    bad("backprop(float)", lambda: dl.backprop(3.0), TypeError, r"backprop needs a Node, got float"),
    bad("leaky_relu alpha NaN", lambda: dl.leaky_relu(np.ones(2), alpha=np.nan), ValueError,
        r"alpha .*must be a finite real number, got nan"),
    bad("leaky_relu alpha inf", lambda: dl.leaky_relu(np.ones(2), alpha=np.inf), ValueError, r"alpha"),
    bad("leaky_relu alpha None", lambda: dl.leaky_relu(np.ones(2), alpha=None), TypeError, r"alpha"),
    bad("leaky_relu alpha str", lambda: dl.leaky_relu(np.ones(2), alpha="0.1"), TypeError, r"alpha"),
    bad("xor noise NaN", lambda: datasets.xor(noise=np.nan), ValueError, r"xor: noise must be a finite"),
    bad("xor noise -0.1", lambda: datasets.xor(noise=-0.1), ValueError, r"xor: noise must be a finite number ≥ 0"),
    bad("moons noise inf", lambda: datasets.moons(noise=np.inf), ValueError, r"moons: noise"),
    bad("spirals noise NaN", lambda: datasets.spirals(noise=np.nan), ValueError, r"spirals: noise"),
    bad("spirals turns NaN", lambda: datasets.spirals(turns=np.nan), ValueError, r"spirals: turns"),
    bad("one_dimensional noise NaN", lambda: datasets.one_dimensional(noise=np.nan), ValueError,
        r"one_dimensional: noise"),
    bad("one_dimensional high inf", lambda: datasets.one_dimensional(high=np.inf), ValueError,
        r"one_dimensional: high"),
    bad("blobs std NaN", lambda: datasets.blobs(std=np.nan), ValueError, r"blobs: std"),
    bad("train X NaN", lambda: fit(X=NAN_X), ValueError, r"train: the training inputs X holds 1 non-finite"),
    bad("train X text", lambda: fit(X=[["a", "b"]] * 3), TypeError, r"train: the training inputs X must be numbers"),
    bad("train y None", lambda: fit(y=None), TypeError, r"train: y must be an array"),
    bad("train y short", lambda: fit(y=Y2[:2]), ValueError, r"train: X has 3 rows but y has 2"),
    bad("train y scalar", lambda: fit(y=0), ValueError, r"no length"),
    bad("train y out of range", lambda: fit(y=[0, 1, 5]), ValueError, r"must lie in \[0, 2\)"),
    bad("train lr 0", lambda: fit(lr=0), ValueError, r"learning rate must be a finite number > 0"),
    bad("train lr NaN", lambda: fit(lr=np.nan), ValueError, r"learning rate"),
    bad("train lr inf", lambda: fit(lr=np.inf), ValueError, r"learning rate"),
    bad("train lr -1", lambda: fit(lr=-1.0), ValueError, r"learning rate"),
    bad("train lr str", lambda: fit(lr="0.1"), ValueError, r"learning rate"),
    bad("train weight_decay -1", lambda: fit(weight_decay=-1.0), ValueError, r"weight_decay must be finite and ≥ 0"),
    bad("train weight_decay NaN", lambda: fit(weight_decay=np.nan), ValueError, r"weight_decay"),
    bad("train weight_decay str", lambda: fit(weight_decay="0"), TypeError, r"weight_decay"),
    bad("train X_eval without y_eval", lambda: fit(X_eval=X2), ValueError,
        r"X_eval and y_eval go together.*X_eval without y_eval"),
    bad("train y_eval without X_eval", lambda: fit(y_eval=Y2), ValueError, r"y_eval without X_eval"),
    bad("train y_eval short", lambda: fit(X_eval=X2, y_eval=Y2[:1]), ValueError, r"X_eval has 3 rows but y_eval has 1"),
    bad("train y_eval float", lambda: fit(X_eval=X2, y_eval=Y2 * 1.0), ValueError, r"y_eval must be integer"),
    bad("train X_eval NaN", lambda: fit(X_eval=NAN_X, y_eval=Y2), ValueError, r"train: X_eval holds 1 non-finite"),
    bad("train X_eval empty", lambda: fit(X_eval=np.zeros((0, 2)), y_eval=[]), ValueError, r"X_eval is empty"),
    bad("softmax temperature NaN", lambda: dl.softmax(np.zeros((1, 2)), temperature=np.nan), ValueError,
        r"temperature must be a finite number > 0"),
    bad("cross_entropy temperature 0", lambda: dl.cross_entropy(np.zeros((1, 2)), [0], temperature=0), ValueError,
        r"temperature"),
    bad("log of a negative", lambda: dl.log(np.array([1.0, -2.0])), ValueError, r"log of a negative value"),
]

GRADCHECK = [
    bad("gradcheck input NaN", lambda: dl.gradcheck(lambda x: dl.sum(x * x), [np.nan]), ValueError,
        r"gradcheck: array 0 holds 1 non-finite"),
    bad("gradcheck input inf", lambda: dl.gradcheck(lambda x, y: dl.sum(x * y), [1.0], [np.inf]), ValueError,
        r"gradcheck: array 1 holds 1 non-finite"),
    bad("gradcheck input text", lambda: dl.gradcheck(lambda x: dl.sum(x), ["a"]), TypeError,
        r"gradcheck: array 0 must be numbers"),
    bad("gradcheck non-scalar f", lambda: dl.gradcheck(lambda x: x * 2, np.ones(3)), ValueError,
        r"gradcheck needs f to return a scalar, got shape \(3,\)"),
    bad("gradcheck f returns float", lambda: dl.gradcheck(lambda x: 1.0, [1.0]), TypeError,
        r"gradcheck needs f to return a Node"),
    bad("gradcheck f not callable", lambda: dl.gradcheck(3, [1.0]), TypeError, r"gradcheck: f must be a function"),
    bad("numerical_gradient non-scalar", lambda: dl.numerical_gradient(lambda x: x * 2, np.ones(3)), ValueError,
        r"numerical_gradient needs f to return a scalar, got shape \(3,\)"),
    bad("numerical_gradient f text", lambda: dl.numerical_gradient(lambda x: "a", [1.0]), TypeError,
        r"numerical_gradient needs f to return a number"),
    bad("gradcheck of log at 0 steps out of its domain", _quiet(lambda: dl.gradcheck(lambda x: dl.sum(dl.log(x)), [0.0])),
        ValueError, r"log of a negative value"),
    bad("numerical_gradient input NaN", lambda: dl.numerical_gradient(lambda x: x.sum(), [np.nan]), ValueError,
        r"numerical_gradient: array 0 holds 1 non-finite"),
]

PARAMETERS = [
    bad("SGD([p, p])", lambda: (lambda p: dl.SGD([p, p], lr=0.1))(N(1.0, name="w")), ValueError,
        r"SGD: params lists the same Node 'w' twice \(positions 0 and 1\)"),
    bad("SGD(MLP params twice)", lambda: (lambda m: dl.SGD(m.parameters() + m.weights(), lr=0.1))(model()),
        ValueError, r"same Node 'W1' twice \(positions 0 and 4\)"),
    bad("SGD(p)", lambda: dl.SGD(N(1.0), lr=0.1), TypeError, r"SGD: params must be a list of Nodes"),
    bad("SGD(model)", lambda: dl.SGD(model(), lr=0.1), TypeError, r"model.parameters\(\)"),
    bad("SGD([array])", lambda: dl.SGD([np.ones(2)], lr=0.1), TypeError, r"SGD: params\[0\] must be a Node"),
    bad("SGD(None)", lambda: dl.SGD(None, lr=0.1), TypeError, r"SGD: params must be a list"),
    bad("SGD lr 0", lambda: dl.SGD([N(1.0)], lr=0), ValueError, r"learning rate"),
    bad("l2_penalty(None)", lambda: dl.l2_penalty(None), TypeError, r"l2_penalty: params must be a list"),
    bad("l2_penalty([W, W])", lambda: (lambda w: dl.l2_penalty([w, w]))(N(np.ones(2))), ValueError,
        r"l2_penalty: params lists the same Node twice"),
    bad("l1_penalty([array])", lambda: dl.l1_penalty([np.ones(2)]), TypeError, r"l1_penalty: params\[0\]"),
]

GRAPHS = [
    bad("topological_order(float)", lambda: dl.topological_order(3.0), TypeError,
        r"topological_order needs a Node, got float"),
    bad("graph_table(None)", lambda: dl.graph_table(None), TypeError, r"graph_table needs a Node, got NoneType"),
    bad("path_sum x not a Node", lambda: dl.path_sum(1.0, N(2.0) * 3.0), TypeError, r"path sums need x to be a Node"),
    bad("path_sum z not a Node", lambda: dl.path_sum(N(1.0), 2.0), TypeError, r"path sums need z to be a Node"),
    bad("path_sum of a vector graph", lambda: (lambda x: dl.path_sum(x, dl.sum(x * 2)))(N(np.ones(2))),
        ValueError, r"path sums are for scalar graphs"),
]

BAD = GRAPHS + NOT_NUMBERS + SHAPES + LABELS + EMPTY + COUNTS + NOT_FINITE + GRADCHECK + PARAMETERS


@pytest.mark.parametrize("call, error, match", BAD)
def test_bad_input_raises_an_error_that_names_the_problem(call, error, match):
    with pytest.raises(error, match=match) as info:
        call()
    # Never numpy's (or Python's) raw message in place of one that names the argument.
    message = str(info.value)
    for raw in ("operands could not be broadcast", "could not convert string",
                "inhomogeneous", "cannot be interpreted as an integer", "division by zero"):
        assert raw not in message


def edge(name, call, expected):
    return pytest.param(call, expected, id=name)


def _value(node):
    return node.value if isinstance(node, dl.Node) else node


def _grad_of_exponent(a, b):
    base, exponent = N(a), N(b)
    dl.backprop(dl.sum(base ** exponent))
    return exponent.grad


def _grad_of_base(a, b):
    base, exponent = N(a), N(b)
    dl.backprop(dl.sum(base ** exponent))
    return base.grad


EDGE = [
    # IEEE 754 semantics, as documented in dlnotes.checks.
    edge("1/0 = inf", _quiet(lambda: _value(N(1.0) / 0.0)), np.inf),
    edge("-1/0 = -inf", _quiet(lambda: _value(N(-1.0) / 0.0)), -np.inf),
    edge("0/0 = NaN", _quiet(lambda: _value(N(0.0) / 0.0)), np.nan),
    edge("log(0) = -inf", lambda: _value(dl.log(0.0)), -np.inf),
    edge("exp(1000) = inf", _quiet(lambda: _value(dl.exp(1000.0))), np.inf),
    edge("NaN + 1 = NaN", lambda: _value(N(np.nan) + 1.0), np.nan),
    edge("tanh(NaN) = NaN", lambda: _value(dl.tanh(np.nan)), np.nan),
    edge("(-1) ** 0.5 = NaN", _quiet(lambda: _value(N(-1.0) ** 0.5)), np.nan),
    # Numerically stable where naive formulas overflow.
    edge("sigmoid(1000)", lambda: _value(dl.sigmoid(1000.0)), 1.0),
    edge("sigmoid(-1000)", lambda: _value(dl.sigmoid(-1000.0)), 0.0),
    edge("softmax([1000, 0])", lambda: _value(dl.softmax(np.array([1000.0, 0.0]))), np.array([1.0, 0.0])),
    edge("log_softmax([1000, 0])", lambda: _value(dl.log_softmax(np.array([1000.0, 0.0]))),
         np.array([0.0, -1000.0])),
    edge("cross_entropy of huge logits", lambda: _value(dl.cross_entropy(np.array([[1000.0, 0.0]]), [1])), 1000.0),
    edge("bce of logit 1000, target 0", lambda: _value(dl.binary_cross_entropy(np.array([1000.0]), [0.0])), 1000.0),
    edge("bce of logit -1000, target 0", lambda: _value(dl.binary_cross_entropy(np.array([-1000.0]), [0.0])), 0.0),
    # 0 ** b: the gradient with respect to the exponent is 0, as in PyTorch.
    edge("d(0**2)/db = 0", lambda: _grad_of_exponent(0.0, 2.0), 0.0),
    edge("d(0**0)/db = 0", lambda: _grad_of_exponent(0.0, 0.0), 0.0),
    edge("d(0**0.5)/db = 0", lambda: _grad_of_exponent(0.0, 0.5), 0.0),
    edge("d(x**b)/db mixed", lambda: _grad_of_exponent(np.array([0.0, np.e]), np.array([2.0, 1.0])),
         np.array([0.0, np.e])),
    edge("d(0**2)/da = 0", lambda: _grad_of_base(0.0, 2.0), 0.0),
    edge("d(2**3)/db = 8 log 2", lambda: _grad_of_exponent(2.0, 3.0), 8 * np.log(2.0)),
    # Conversions that are fine.
    edge("Node(True)", lambda: _value(N(True)), 1.0),
    edge("Node(int8)", lambda: _value(N(np.int8(3))).dtype, np.dtype(np.float64)),
    edge("Node(float32) stays float32", lambda: _value(N(np.float32(1.5))).dtype, np.dtype(np.float32)),
    edge("Node(nested list)", lambda: _value(N([[1, 2], [3, 4]])).shape, (2, 2)),
    edge("Node(empty list)", lambda: _value(N([])).shape, (0,)),
    edge("node + int", lambda: _value(N(1.5) + 2), 3.5),
    edge("node + bool array", lambda: _value(N(np.zeros(2)) + np.array([True, False])), np.array([1.0, 0.0])),
    # Broadcasting that is legal.
    edge("add (3,1)+(1,4)", lambda: _value(N(np.ones((3, 1))) + np.ones((1, 4))).shape, (3, 4)),
    edge("prelu per-unit alpha", lambda: _value(dl.prelu(np.array([[-2.0, -2.0]]), N(np.array([0.1, 0.5])))),
         np.array([[-0.2, -1.0]])),
    # Empty data where the answer is defined.
    edge("sum(empty) = 0", lambda: _value(dl.sum(np.zeros(0))), 0.0),
    edge("mean over a non-empty axis of an empty array", lambda: _value(dl.mean(np.zeros((0, 3)), axis=1)).shape,
         (0,)),
    edge("softmax of zero rows", lambda: _value(dl.softmax(np.zeros((0, 3)))).shape, (0, 3)),
    edge("gradcheck of an empty array", lambda: dl.gradcheck(lambda x: dl.sum(x), np.zeros(0)), 0.0),
    edge("numerical_gradient of an empty array", lambda: dl.numerical_gradient(lambda x: x.sum(), np.zeros(0))[0].shape,
         (0,)),
    # Axes that are legal.
    edge("sum axis=-1", lambda: _value(dl.sum(np.ones((2, 3)), axis=-1)), np.array([3.0, 3.0])),
    edge("sum axis=np.int64(0)", lambda: _value(dl.sum(np.ones((2, 3)), axis=np.int64(0))), np.full(3, 2.0)),
    edge("mean axis=(0, 1)", lambda: _value(dl.mean(np.ones((2, 3)), axis=(0, 1))), 1.0),
    # Counts given as numpy integers, and the smallest legal sizes.
    edge("MLP(np.array sizes)", lambda: dl.MLP(np.array([2, 3, 2])).sizes, (2, 3, 2)),
    edge("MLP([1, 1])", lambda: dl.MLP([1, 1])(np.ones((1, 1))).shape, (1, 1)),
    edge("xor(n=1)", lambda: datasets.xor(n=1)[0].shape, (1, 2)),
    edge("xor(noise=0)", lambda: np.abs(datasets.xor(n=4, noise=0)[0]), np.ones((4, 2))),
    edge("xor(n=np.int32(5))", lambda: datasets.xor(n=np.int32(5))[1].shape, (5,)),
    edge("train batch_size > N", lambda: len(fit(batch_size=100).step_loss), 1),
    edge("train batch_size np.int64", lambda: len(fit(batch_size=np.int64(2)).step_loss), 2),
    edge("minibatches cover range(n)", lambda: np.sort(np.concatenate(list(minibatches(5, 2, RNG(0))))),
         np.arange(5)),
    # Labels that work under 32-bit Pyodide: the index type.
    edge("xor labels intp", lambda: datasets.xor(n=4)[1].dtype, np.dtype(np.intp)),
    edge("moons labels intp", lambda: datasets.moons(n=4)[1].dtype, np.dtype(np.intp)),
    edge("blobs labels intp", lambda: datasets.blobs(n=4)[1].dtype, np.dtype(np.intp)),
    edge("spirals labels intp", lambda: datasets.spirals(n_per_class=2)[1].dtype, np.dtype(np.intp)),
    edge("digits labels intp", lambda: datasets.digits()[1].dtype, np.dtype(np.intp)),
    edge("confusion matrix of int32 labels", lambda: confusion_matrix(np.array([0, 1], dtype=np.int32),
                                                                      np.array([1, 1], dtype=np.int32), 2),
         np.array([[0, 1], [0, 1]])),
    edge("accuracy with int32 labels", lambda: dl.accuracy(model(), X2, model().predict(X2).astype(np.int32)), 1.0),
    # Other edges.
    edge("leaky_relu alpha=0 is relu", lambda: _value(dl.leaky_relu(np.array([-1.0, 2.0]), alpha=0)),
         np.array([0.0, 2.0])),
    edge("leaky_relu alpha=np.float32", lambda: _value(dl.leaky_relu(np.array([-1.0]), alpha=np.float32(0.5))),
         np.array([-0.5])),
    edge("gradcheck of sqrt at -1 fails (inf), never 0", _quiet(lambda: dl.gradcheck(lambda x: dl.sum(x ** 0.5),
                                                                                      [-1.0])), np.inf),
    edge("gradcheck of 1/x at 0 fails (inf)", _quiet(lambda: dl.gradcheck(lambda x: dl.sum(1.0 / x), [0.0])),
         np.inf),
    edge("d(0**0)/da = 0", lambda: _grad_of_base(0.0, 0.0), 0.0),
    edge("d(0**0.5)/da = inf", lambda: _grad_of_base(0.0, 0.5), np.inf),
    edge("gradcheck of a correct op", lambda: dl.gradcheck(lambda x: dl.sum(x * x), [1.0, -2.0]) < 1e-8, True),
    edge("backprop twice gives the same gradient", lambda: _backprop_twice(), True),
]


def _backprop_twice():
    x = N(np.array([1.0, 2.0]))
    loss = dl.sum(x * x)
    dl.backprop(loss)
    first = x.grad.copy()
    dl.backprop(loss)  # overwrites, does not accumulate
    return bool(np.array_equal(x.grad, first) and np.array_equal(first, [2.0, 4.0]))


@pytest.mark.parametrize("call, expected", EDGE)
def test_edge_input_gives_the_right_answer(call, expected):
    result = call()
    if isinstance(expected, (tuple, np.dtype, bool, int)) and not isinstance(expected, float):
        assert result == expected
    else:
        np.testing.assert_allclose(result, expected, rtol=1e-12, atol=1e-12)


def test_there_are_at_least_150_adversarial_cases():
    assert len(BAD) + len(EDGE) >= 150


# ---------------------------------------------------------------------------
# The gradient contract (dlnotes.graph's docstring).


def test_gradients_do_not_alias_after_an_add():
    a, b = N([1.0, 2.0]), N([3.0, 4.0])
    dl.backprop(dl.sum(a + b))
    assert a.grad is not b.grad and not np.shares_memory(a.grad, b.grad)
    for p in (a, b):  # scaling each parameter's gradient once scales each once
        p.grad *= 0.5
    np.testing.assert_array_equal(a.grad, [0.5, 0.5])
    np.testing.assert_array_equal(b.grad, [0.5, 0.5])


def test_gradients_do_not_alias_when_a_node_has_consumers_off_the_path():
    a, b = N([1.0, 2.0]), N([3.0, 4.0])
    c = a + b
    other = a * 2.0  # a later consumer of a, from another graph: not on the path to the loss
    dl.backprop(dl.sum(c))
    assert other.grad is None
    for g, h in ((a.grad, b.grad), (a.grad, c.grad), (b.grad, c.grad)):
        assert not np.shares_memory(g, h)


def test_gradients_do_not_alias_the_seed_or_a_transpose():
    x = N(np.ones((2, 3)))
    z = x.T
    seed = np.ones((3, 2))
    dl.backprop(z, grad=seed)
    assert not np.shares_memory(z.grad, seed)
    assert not np.shares_memory(x.grad, z.grad)
    x.grad[0, 0] = 7.0
    assert seed[0, 0] == 1.0 and z.grad[0, 0] == 1.0


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_two_nodes_share_a_gradient_array(case):
    nodes = [N(a) for a in case.inputs(RNG(0))]
    out = case.fn(*nodes)
    if out.value.size != 1:
        out = dl.sum(out * out)
    table = dl.backprop(out)
    grads = [g for g in table.values() if g is not None]
    for g in grads:
        assert isinstance(g, np.ndarray)
    for i, g in enumerate(grads):
        for h in grads[i + 1:]:
            assert not np.shares_memory(g, h)


def test_a_parameter_the_latest_backprop_did_not_reach_is_left_alone():
    p1, p2 = N(1.0, name="p1"), N(2.0, name="p2")
    dl.backprop(p1 * p2)       # L1 reaches p1 and p2: ∂L1/∂p2 = 1
    dl.backprop(p1 * 3.0)      # L2 reaches only p1: ∂L2/∂p1 = 3
    assert [node.name for node, _ in current_gradients([p1, p2])] == ["p1"]
    dl.SGD([p1, p2], lr=0.1).step()
    assert float(p1.value) == pytest.approx(1.0 - 0.1 * 3.0)
    assert float(p2.value) == 2.0  # not moved with L1's stale gradient
    assert float(p2.grad) == 1.0   # still there to inspect


def test_two_models_trained_in_turn_each_use_their_own_latest_gradient():
    a, b = N(1.0), N(1.0)
    opt_a, opt_b = dl.SGD([a], lr=0.5), dl.SGD([b], lr=0.5)
    dl.backprop(a * 2.0)
    dl.backprop(b * 4.0)  # a later pass, but it does not touch a
    opt_a.step()
    opt_b.step()
    assert float(a.value) == 0.0 and float(b.value) == -1.0


def test_a_gradient_set_by_hand_counts_as_current():
    p1, p2 = N(1.0), N(1.0)
    dl.backprop(p1 * 2.0)
    p2.grad = np.array(4.0)
    dl.SGD([p1, p2], lr=0.25).step()
    assert float(p1.value) == 0.5 and float(p2.value) == 0.0


def test_a_parameter_without_a_gradient_is_left_alone():
    used, unused = N(1.0), N(5.0)
    dl.backprop(used * 1.0)
    dl.SGD([used, unused], lr=1.0).step()
    assert float(used.value) == 0.0 and float(unused.value) == 5.0


def test_repeated_steps_without_a_new_backprop_reuse_the_same_gradient():
    # Documented: step() applies the current gradient; it does not consume it (as in PyTorch).
    p = N(1.0)
    dl.backprop(p * 1.0)
    opt = dl.SGD([p], lr=0.5)
    opt.step()
    opt.step()
    assert float(p.value) == 0.0


# ---------------------------------------------------------------------------
# A network that dies says so.


def test_a_network_that_dies_warns_and_records_the_dead_layer():
    X, y = datasets.digits()
    model = dl.MLP([64, 128, 10], seed=0)
    with pytest.warns(dl.DeadLayerWarning, match=r"hidden layer 1 \(W1, 128 relu units\).*dead.*smaller learning rate"):
        history = dl.train(model, X, y, lr=3.0, epochs=10, progress=False)
    assert list(history.dead_layers) == [1]
    epoch = history.dead_layers[1]
    # Dead for real: the hidden layer outputs zero for every example, and the loss is flat.
    assert not model.forward(X)[0].value.any()
    assert np.ptp(history.epoch_loss[epoch:]) < 0.05 and history.epoch_loss[-1] > 2.2


def test_a_healthy_network_records_no_dead_layer():
    X, y = datasets.digits()
    with warnings.catch_warnings():
        warnings.simplefilter("error", dl.DeadLayerWarning)
        history = dl.train(dl.MLP([64, 32, 10], seed=0), X[:400], y[:400], lr=0.1, epochs=3, progress=False)
    assert history.dead_layers == {}


@pytest.mark.parametrize("a, b", [(0.0, 2.0), (0.0, 0.0), (0.0, 0.5), (0.0, 1.0), (2.0, 3.0)])
def test_pow_gradients_at_zero_match_pytorch(a, b):
    torch = pytest.importorskip("torch")
    base, exponent = N(a), N(b)
    dl.backprop(base ** exponent)
    ta = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    (ta ** tb).backward()
    np.testing.assert_allclose(base.grad, ta.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(exponent.grad, tb.grad.numpy(), rtol=1e-12)
