# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py//py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 12. Autograd and PyTorch
#
# *Paszke et al. (2017, 2019), "Automatic differentiation in PyTorch" and "PyTorch: an
# imperative style, high-performance deep learning library"; the reverse mode of automatic
# differentiation goes back to Linnainmaa (1970).*
#
# `dlnotes` is a small reverse-mode automatic differentiation engine: every operation records
# a node, and `dl.backprop` walks the graph backwards (notebook 05). PyTorch's `autograd` is the
# same idea, built for speed and for every operation a deep-learning library needs. This
# notebook runs the two side by side until you can read one in terms of the other.
#
# ## What you will learn
#
# - How `loss.backward()`, `.grad`, `grad_fn` and `torch.no_grad()` map onto `dl.backprop`, the grad
#   table, `.op` / `.inputs` and constants.
# - That the same MLP, from the same weights, has the same loss and gradients in both (to $10^{-12}$ in
#   float64) and the same weights after 100 SGD steps.
# - Where they differ: PyTorch *accumulates* into `.grad` until you zero it; a `dlnotes` back-propagation
#   starts a fresh grad table every time.
#
# ## What you need
#
# - `05_backprop.ipynb` (the graph and back-propagation) and `09_digits_end_to_end.ipynb` (the MLP).
# - PyTorch: `pip install dlnotes[torch]`. This notebook does not run in the browser version of the
#   collection (JupyterLite): PyTorch has no WebAssembly build. The next cell says so if it is missing.

# %%
from dlnotes.torch_bridge import require_torch

torch = require_torch()
print("PyTorch is installed")

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes as dl
from dlnotes import datasets
from dlnotes.plots import COLORS, subplots
from dlnotes.torch_bridge import compare_gradients, torch_graph_table, torch_mlp, train_both

rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. One expression, two graphs
#
# $z = \sum_k \tanh(x W + b)_k$ in both. In `dlnotes` each node holds its operation (`node.op`) and
# its inputs (`node.inputs`); in PyTorch each tensor computed from a leaf that requires a gradient
# holds a `grad_fn`, a backward function whose `next_functions` point at its inputs' backward
# functions, down to an `AccumulateGrad` for every leaf. Both walk their graph from the output
# back, and at every node $u$ apply the same rule, each consumer $v$ passing back a
# vector–Jacobian product:
#
# $$\bar u = \sum_{v \,\in\, \mathrm{consumers}(u)} \bar v\, \frac{\partial v}{\partial u},
#   \qquad \bar u = \frac{\partial z}{\partial u}.$$
#
# In `dlnotes` the product is `op.backprop`; in PyTorch, the `grad_fn`'s `backward`.

# %%
x0, W0, b0 = rng.normal(size=(1, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
x, W, b = dl.Node(x0, name="x"), dl.Node(W0, name="W"), dl.Node(b0, name="b")
z = dl.sum(dl.tanh(x @ W + b))
tx, tW, tb = (torch.tensor(a, requires_grad=True) for a in (x0, W0, b0))
tz = (tx @ tW + tb).tanh().sum()
print("dlnotes:", " → ".join(row["op"] for row in dl.graph_table(z) if row["op"]))
print("PyTorch:", " → ".join(row["op"] for row in torch_graph_table(tz, {tx: "x", tW: "W", tb: "b"}) if row["op"]))
dl.backprop(z)
tz.backward()
for name, node, tensor in (("x", x, tx), ("W", W, tW), ("b", b, tb)):
    print(f"∂z/∂{name}: largest difference {np.abs(node.grad - tensor.grad.numpy()).max():.1e}")
    assert np.allclose(node.grad, tensor.grad.numpy(), rtol=0, atol=1e-12)
assert abs(z.value.item() - tz.item()) < 1e-12

# %% [markdown]
# ## 2. The same MLP in both
#
# `torch_mlp` builds a `torch.nn.Sequential` of `Linear` and `ReLU` layers in float64 and copies a
# `dlnotes` MLP's weights into it. One convention differs: `dlnotes` computes $xW + b$ with $W$ of shape
# (fan_in, fan_out), PyTorch's `Linear` $x W^\top + b$ with `weight` of shape (fan_out, fan_in), so the
# weights are transposed on the way. On a batch of 200 digits, the cross-entropy and every gradient:

# %%
X, y = datasets.digits()
mlp = dl.MLP([64, 32, 32, 10], seed=0)
model = torch_mlp(mlp)
print(model)
loss_difference, gradient_difference = compare_gradients(mlp, model, X[:200], y[:200])
print(f"loss difference {loss_difference:.0e}; largest gradient difference below 1e-12: {gradient_difference < 1e-12}")
assert loss_difference < 1e-12 and gradient_difference < 1e-12

# %% [markdown]
# Then 100 SGD steps in both, on the same minibatches of 32, with $\varepsilon = 0.1$:

# %%
weight_difference, losses, torch_losses = train_both(mlp, model, X, y, lr=0.1, steps=100, batch_size=32,
                                                     rng=np.random.default_rng(1))
print(f"largest weight difference after 100 steps below 1e-12: {weight_difference < 1e-12}")
print(f"training accuracy of either: {dl.accuracy(mlp, X, y):.3f}")
assert weight_difference < 1e-12 and np.abs(losses - torch_losses).max() < 1e-12

# %%
# NBVAL_IGNORE_OUTPUT
fig, (ax0, ax1) = subplots(1, 2, size=(4.4, 3.2))
ax0.plot(losses, color=COLORS[0], linewidth=3, label="dlnotes")
ax0.plot(torch_losses, color=COLORS[5], linewidth=1.2, linestyle="--", label="PyTorch")
ax0.set_xlabel("SGD step")
ax0.set_ylabel("minibatch cross-entropy")
ax0.set_title("Two engines, one training run")
ax0.legend()
ax1.semilogy(np.abs(losses - torch_losses) + 1e-20, color=COLORS[2], marker=".", linestyle="none")
ax1.axhline(np.finfo(float).eps, color="0.5", linestyle=":", label="float64 machine ε")
ax1.set_ylim(1e-20, 1e-10)
ax1.set_xlabel("SGD step")
ax1.set_ylabel("|difference| (+1e-20 to show zeros)")
ax1.set_title("Their difference: rounding only")
ax1.legend()
plt.show()

# %% [markdown]
# ## 3. Where they differ: accumulation
#
# Call `backward()` twice in PyTorch and the gradients *add up*: `.grad` accumulates until you zero it
# (`optimizer.zero_grad()`), which is what lets a large batch be split into several backward passes.
# A `dlnotes` back-propagation fills a fresh grad table each time: the second call gives the same
# gradient, not twice it.

# %%
w_torch = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
for _ in range(2):
    (w_torch ** 2).sum().backward()
w = dl.Node(np.array([1.0, -2.0]))
for _ in range(2):
    dl.backprop(dl.sum(w ** 2))
print("after two backward passes, PyTorch .grad:", w_torch.grad.numpy(), "  dlnotes .grad:", w.grad)
assert np.allclose(w_torch.grad.numpy(), 2 * w.grad)
w_torch.grad = None  # what optimizer.zero_grad() does
(w_torch ** 2).sum().backward()
assert np.allclose(w_torch.grad.numpy(), w.grad)

# %% [markdown]
# ## 4. Constants: `torch.no_grad()` and plain arrays
#
# Inside `torch.no_grad()` no graph is recorded: the result has no `grad_fn`, which is how evaluation and
# the optimizer's own update run. In `dlnotes` a plain numpy array mixed into an expression is a constant
# (`requires_grad=False`): it gets no gradient and back-propagation does not visit it.

# %%
with torch.no_grad():
    evaluated = model(torch.from_numpy(X[:5]))
print("inside no_grad: grad_fn =", evaluated.grad_fn, "; requires_grad =", evaluated.requires_grad)
scale = np.array([2.0, 3.0])  # a constant
v = dl.Node(np.array([1.0, 1.0]))
dl.backprop(dl.sum(v * scale))
constant = [row for row in dl.graph_table(dl.sum(v * scale)) if not row["requires_grad"]]
print("dlnotes: the constant is a graph leaf with requires_grad =", constant[0]["requires_grad"], "; ∂/∂v =", v.grad)
assert evaluated.grad_fn is None and np.allclose(v.grad, scale)

# %% [markdown]
# ## Play with it
#
# Pick an expression: its graph in `dlnotes` (left) and PyTorch's backward graph (right), and both
# gradients with respect to $x$.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.autograd_graphs import autograd_graphs_widget

autograd_graphs_widget()

# %% [markdown]
# ## Summary
#
# - `loss.backward()` is `dl.backprop(loss)`; `grad_fn` / `next_functions` are `node.op` / `node.inputs`;
#   a tensor under `torch.no_grad()` is a `dlnotes` constant.
# - The same MLP from the same weights gives the same loss and gradients (differences below $10^{-12}$ in
#   float64) and the same weights after 100 SGD steps.
# - PyTorch accumulates into `.grad` until it is zeroed; `dlnotes` starts a fresh grad table on every
#   back-propagation.

# %% [markdown]
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell that tells you whether your
# answer is right and, if not, what is wrong. The solution is folded under each one;
# `show_solution(...)` prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb12, show_solution

# %% [markdown]
# ### Exercise 1: PyTorch's `Linear` in dlnotes' layout
#
# Write `from_torch_linear(weight, bias)`: given a `torch.nn.Linear`'s `weight` (shape `(fan_out, fan_in)`)
# and `bias` as numpy arrays, return the `(W, b)` with which dlnotes computes the same $xW + b$.

# %%
def from_torch_linear(weight, bias):
    raise NotImplementedError  # your code here


nb12.FROM_TORCH_LINEAR.check(from_torch_linear)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def from_torch_linear(weight, bias):
#     return weight.T, bias  # PyTorch's weight is (fan_out, fan_in); dlnotes' W is (fan_in, fan_out)
# ```
#
# </details>

# %% [markdown]
# ### Exercise 2: what `.grad` holds
#
# Write `accumulated_grad(grads)`: `grads` lists the gradients of $k$ `backward()` calls made without
# zeroing in between; return what PyTorch's `.grad` holds afterwards.

# %%
def accumulated_grad(grads):
    raise NotImplementedError  # your code here


nb12.ACCUMULATED_GRAD.check(accumulated_grad)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def accumulated_grad(grads):
#     return np.sum(grads, axis=0)  # every backward() adds its gradient into .grad
# ```
#
# </details>

# %% [markdown]
# ### Exercise 3: what a backward function computes
#
# Write `matmul_backward(X, W, G)`: for $Z = XW$ and $G = \partial L / \partial Z$, return
# $(\partial L/\partial X, \partial L/\partial W)$, what PyTorch's `MmBackward0` and dlnotes' `MatMul.backprop` compute.

# %%
def matmul_backward(X, W, G):
    raise NotImplementedError  # your code here


nb12.MATMUL_BACKWARD.check(matmul_backward)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def matmul_backward(X, W, G):
#     return G @ W.T, X.T @ G  # (∂L/∂X, ∂L/∂W) for Z = X W, given G = ∂L/∂Z
# ```
#
# Each gradient has its input's shape: $\partial L/\partial X$ is $(N, d_{in})$, which only $G W^\top$ gives; $\partial L/\partial W$ is $(d_{in}, d_{out})$, which only $X^\top G$ gives.
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. Why does PyTorch accumulate into `.grad` rather than overwrite it? Name a training technique
#    that depends on it.
#
# <details><summary>Answer</summary>
#
# Gradient accumulation: a batch too large for memory is split into micro-batches, each loss
# divided by their number, and `backward()` is called on each before one `optimizer.step()`; the
# sum of the micro-batch gradients is the big batch's gradient. Accumulation also makes a
# tensor used by several losses (multi-task heads) get the sum of their gradients without extra
# code. The price is the `zero_grad()` every step, whose omission is a classic bug.
#
# </details>
#
# 5. `dlnotes` walks the graph from the output back to the parameters; so does PyTorch. Why is
#    neither written in *forward* mode, which needs no stored graph?
#
# <details><summary>Answer</summary>
#
# Forward mode computes the derivative of every output with respect to *one* input direction per
# pass; reverse mode the derivative of *one* output with respect to every input per pass. A
# training loss is one scalar and the parameters are thousands to billions: reverse mode needs
# one pass, forward mode one per parameter. The stored graph (the tape) is the price.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("12_autograd_and_pytorch", nb12.EXERCISES)
