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
# # 2. Output units
#
# The last layer of a network turns the features $h$ into the parameters of a
# distribution over the target $y$. The notation is the series' own: row vectors, a
# hidden layer computes $h = g(xW + b)$, and the output layer computes $hW + b$ from the
# last hidden layer's $h$ (a row), one column of $W$ per output. Which distribution we choose decides both the
# *output unit* and, through maximum likelihood, the *loss*.
#
# ## What you will learn
#
# - A linear output unit is the mean of a Gaussian, and the Gaussian's negative
#   log-likelihood with a fixed variance is the mean squared error up to constants.
# - A sigmoid output unit is a Bernoulli distribution; its loss, the binary
#   cross-entropy computed from the logits, keeps a large gradient exactly when the
#   answer is wrong, while the mean squared error on a sigmoid does not.
# - The softmax is a differentiable version of the argmax; its temperature $T$ slides
#   it from a one-hot argmax ($T \to 0$) to the uniform distribution ($T \to \infty$),
#   and the entropy $H$ measures where it is in between: we prove that $H$ grows with $T$,
#   $dH/dT = \mathrm{Var}_p(z)/T^3$.
# - Why a softmax must be computed with the logits shifted by their maximum.
#
# ## What you need
#
# - `01_feedforward_networks.ipynb` (layers, and the logits an MLP outputs).
# - Basic numpy, and the derivatives of $\log$ and $\exp$.
# - We get derivatives from `dl.backprop(J)`, which fills `.grad` of every `dl.Node` that
#   the scalar `J` depends on; how it works is the subject of `05_backprop.ipynb`.

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes as dl
from dlnotes.information import entropy
from dlnotes.plots import COLORS, subplots

rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. Linear units: the mean of a Gaussian
#
# A linear output unit computes $\hat{y} = hW + b$ with no nonlinearity. Read it
# as the mean of a Gaussian over the target:
#
# $$p(y \mid x) = \mathcal{N}(y;\ \hat{y}, \sigma^2), \qquad
#   -\log p(y \mid x) = \tfrac12 \log(2\pi\sigma^2) + \frac{(y - \hat{y})^2}{2\sigma^2}.$$
#
# Averaged over $N$ examples, with the variance $\sigma^2$ held fixed,
#
# $$J = -\frac1N \sum_n \log p(y_n \mid x_n)
#     = \tfrac12 \log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\,\mathrm{MSE}(\hat{y}, y):$$
#
# a constant plus the mean squared error times a positive constant. Maximising the
# likelihood and minimising the MSE are the same problem.
#
# We check the identity numerically: the NLL from the Gaussian *density*, written out by
# hand, against the right-hand side built on `dl.mse`.

# %%
N = 50
y = rng.normal(size=(N, 1))
y_hat = y + 0.5 * rng.normal(size=(N, 1))  # some imperfect predictions
mse = float(dl.mse(y_hat, y).value)
print(f"MSE = {mse:.6f}")
for sigma in [0.5, 1.0, 2.0]:
    # The Gaussian density, written out by hand for teaching.
    density = np.exp(-(y - y_hat) ** 2 / (2 * sigma**2)) / np.sqrt(2 * np.pi * sigma**2)
    nll_by_hand = -np.mean(np.log(density))
    nll_from_mse = 0.5 * np.log(2 * np.pi * sigma**2) + mse / (2 * sigma**2)
    assert np.isclose(nll_by_hand, nll_from_mse, rtol=1e-12)
    print(f"sigma = {sigma:.1f}: Gaussian NLL = {nll_by_hand:.6f}, "
          f"0.5 log(2 pi sigma^2) + MSE / (2 sigma^2) = {nll_from_mse:.6f}")

# %% [markdown]
# Because the constants do not depend on $\hat{y}$, the NLL and the MSE have the *same
# minimiser*. Fit $y \approx w x$ on noisy data from $y = 2x$ by scanning $w$: the best $w$
# is the same for the MSE and for the Gaussian NLL with any $\sigma$.

# %%
X, y = dl.datasets.one_dimensional(fn=lambda x: 2 * x, n=40, low=-1, high=1, noise=0.3)
ws = np.linspace(0.0, 4.0, 401)
mse_curve = np.array([float(dl.mse(w * X, y).value) for w in ws])
nll_curves = {sigma: 0.5 * np.log(2 * np.pi * sigma**2) + mse_curve / (2 * sigma**2)
              for sigma in [0.5, 1.0, 2.0]}
w_best = ws[np.argmin(mse_curve)]
for sigma, curve in nll_curves.items():
    assert ws[np.argmin(curve)] == w_best
print(f"the MSE and every Gaussian NLL are smallest at w = {w_best:.2f}")

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots(size=(5, 3.2))
ax.plot(ws, mse_curve, color="black", linewidth=2, label="MSE")
for (sigma, curve), color in zip(nll_curves.items(), COLORS[1:]):
    ax.plot(ws, curve, color=color, label=f"Gaussian NLL, σ = {sigma}")
ax.axvline(w_best, color="0.5", linestyle="--", label=f"minimiser w = {w_best:.2f}")
ax.set_xlabel("weight w")
ax.set_ylabel("loss")
ax.set_title("Same minimiser: the NLL is a scaled, shifted MSE")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## 2. Bernoulli units: the sigmoid and the binary cross-entropy
#
# For a binary target the output is one number, the logit $z = hw + b$ ($w$ a single column), squashed
# into a probability by the logistic sigmoid:
#
# $$P(y = 1 \mid x) = \sigma(z) = \frac{1}{1 + e^{-z}}, \qquad
#   -\log P(y \mid x) = -\log \sigma\big((2y - 1) z\big) = \zeta\big((1 - 2y) z\big),$$
#
# where $\zeta(a) = \log(1 + e^a)$ is the softplus. That is the binary cross-entropy
# $-[y \log \sigma(z) + (1 - y)\log(1 - \sigma(z))]$, which `dl.binary_cross_entropy`
# computes *from the logits* in a stable form. We check it against the textbook formula
# written by hand, and against the softplus form (`np.logaddexp(0, a)` is $\zeta(a)$).

# %%
z = np.array([-4.0, -1.0, 0.0, 0.5, 3.0])
y = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
sig = 1 / (1 + np.exp(-z))  # the sigmoid, by hand
bce_by_hand = np.mean(-(y * np.log(sig) + (1 - y) * np.log(1 - sig)))
bce_softplus = np.mean(np.logaddexp(0.0, (1 - 2 * y) * z))
bce = float(dl.binary_cross_entropy(z, y).value)
assert np.isclose(bce, bce_by_hand) and np.isclose(bce, bce_softplus)
print(f"binary cross-entropy: dlnotes {bce:.6f}, by hand {bce_by_hand:.6f}, "
      f"softplus form {bce_softplus:.6f}")

# %% [markdown]
# Why from the logits? For a confidently wrong logit the probability $\sigma(z)$ rounds to
# 0 in floating point and its log is $-\infty$, although the true loss is a perfectly
# ordinary number ($\zeta(800) \approx 800$).

# %%
z_wrong, y_true = np.array([-800.0]), np.array([1.0])
with np.errstate(over="ignore", divide="ignore"):  # the naive route overflows, on purpose
    sig_naive = 1 / (1 + np.exp(-z_wrong))
    bce_naive = float(-np.log(sig_naive)[0])
bce_stable = float(dl.binary_cross_entropy(z_wrong, y_true).value)
assert np.isinf(bce_naive) and np.isclose(bce_stable, 800.0)
print(f"z = -800, y = 1: naive -log(sigmoid(z)) = {bce_naive}, from the logits = {bce_stable:.1f}")

# %% [markdown]
# ### Where the sigmoid saturates
#
# The sigmoid's derivative is $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$: at most $\tfrac14$
# (at $z = 0$) and vanishing for large $|z|$, where the sigmoid is flat. `dl.backprop`
# gives the same numbers (the gradient of $\sum_k \sigma(z_k)$ with respect to $z_k$ is
# $\sigma'(z_k)$).

# %%
z = dl.Node(np.array([-10.0, -5.0, -2.0, 0.0, 2.0, 5.0, 10.0]))
s = dl.sigmoid(z)
dl.backprop(dl.sum(s))
assert np.allclose(z.grad, s.value * (1 - s.value))
assert z.grad.max() == 0.25 and z.grad[0] < 1e-4 and z.grad[-1] < 1e-4
for zk, gk in zip(z.value, z.grad):
    print(f"z = {zk:+5.1f}: sigmoid'(z) = {gk:.3e}")

# %% [markdown]
# A flat sigmoid is a problem only if the loss does not undo it. Take a target $y = 1$
# and a logit $z$ that is *wrong* (very negative). Per example,
#
# $$\frac{\partial}{\partial z}\,\zeta(-z) = \sigma(z) - y \approx -1
#   \quad\text{(binary cross-entropy: the log undoes the exp)},$$
#
# $$\frac{\partial}{\partial z}\,(\sigma(z) - y)^2 = 2\,(\sigma(z) - y)\,\sigma'(z) \approx 0
#   \quad\text{(MSE on a sigmoid: it saturates)}.$$
#
# The cross-entropy's gradient vanishes only when the answer is right ($z \gg 0$ for
# $y = 1$); the MSE's also vanishes when it is badly wrong, so learning stalls exactly
# where it is needed. Both gradients below come from `dl.backprop` (the losses are means,
# so we multiply by the number of logits to get the per-example derivative).

# %%
z_values = np.array([-10.0, -5.0, -2.0, 0.0, 2.0, 5.0, 10.0])
y = np.ones_like(z_values)
n = len(z_values)

z = dl.Node(z_values)
dl.backprop(dl.binary_cross_entropy(z, y) * n)
grad_bce = z.grad

z = dl.Node(z_values)
dl.backprop(dl.mse(dl.sigmoid(z), y) * n)
grad_mse = z.grad

sig = 1 / (1 + np.exp(-z_values))
assert np.allclose(grad_bce, sig - y)
assert np.allclose(grad_mse, 2 * (sig - y) * sig * (1 - sig))
# Confidently wrong (z = -10): the cross-entropy pushes hard, the MSE barely at all.
assert abs(grad_bce[0]) > 0.99 and abs(grad_mse[0]) < 1e-3
print("y = 1")
for zk, gb, gm in zip(z_values, grad_bce, grad_mse):
    print(f"z = {zk:+5.1f}: dBCE/dz = {gb:+.3e}   d(MSE on sigmoid)/dz = {gm:+.3e}")

# %%
# NBVAL_IGNORE_OUTPUT
zs = np.linspace(-10, 10, 401)
z = dl.Node(zs)
dl.backprop(dl.binary_cross_entropy(z, np.ones_like(zs)) * len(zs))
g_bce = z.grad
z = dl.Node(zs)
s = dl.sigmoid(z)
dl.backprop(dl.mse(s, np.ones_like(zs)) * len(zs))
g_mse = z.grad

fig, (ax0, ax1) = subplots(1, 2, size=(4.5, 3.2))
ax0.plot(zs, s.value, label="σ(z)")
ax0.plot(zs, s.value * (1 - s.value), label="σ′(z) = σ(z)(1 − σ(z))")
ax0.set_xlabel("logit z")
ax0.set_title("The sigmoid saturates for large |z|")
ax0.legend(fontsize=8)
ax1.semilogy(zs, np.abs(g_bce), label="binary cross-entropy")
ax1.semilogy(zs, np.abs(g_mse), label="MSE on σ(z)")
ax1.axvspan(-10, 0, color="0.9", zorder=0)
ax1.text(-9.5, 2e-7, "wrong (z < 0)", fontsize=8)
ax1.set_xlabel("logit z (target y = 1)")
ax1.set_ylabel("|∂loss/∂z|")
ax1.set_title("Gradient when the target is 1")
ax1.legend(fontsize=8, loc="lower left")
plt.show()

# %% [markdown]
# ## 3. Softmax units: a differentiable max
#
# For $K$ classes the last layer outputs $K$ logits $z$ and the softmax turns them into a
# distribution:
#
# $$\mathrm{softmax}(z)_i = \frac{\exp(z_i)}{\sum_j \exp(z_j)}.$$
#
# Adding a constant $c$ to every logit multiplies numerator and denominator by $e^c$, so
# it changes nothing. Choosing $c = -\max_j z_j$ makes the largest exponent $e^0 = 1$:
# nothing overflows. Here is the softmax by hand in numpy, shifted by the max, checked
# against `dl.softmax` on a batch of logits.

# %%
def softmax_by_hand(z):
    """softmax(z)_i = exp(z_i − max z) / Σ_j exp(z_j − max z), row by row."""
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


logits = rng.normal(scale=3.0, size=(4, 5))
p_hand = softmax_by_hand(logits)
p_dl = dl.softmax(logits).value
assert np.allclose(p_hand, p_dl, rtol=1e-12, atol=0)
assert np.allclose(p_dl.sum(axis=1), 1.0)
assert np.allclose(dl.softmax(logits + 7.5).value, p_dl)  # shifting the logits changes nothing
print(f"by hand and dlnotes agree to 1e-12: {np.allclose(p_hand, p_dl, rtol=1e-12, atol=0)}")
print("first row:", np.array2string(p_dl[0], precision=4))

# %% [markdown]
# Without the shift, logits of a thousand overflow: $e^{1000}$ is infinite in floating
# point, and $\infty / \infty$ is NaN.

# %%
big = np.array([1000.0, 999.0, 998.0])
with np.errstate(over="ignore", invalid="ignore"):  # the naive route overflows, on purpose
    naive = np.exp(big) / np.exp(big).sum()
stable = dl.softmax(big).value
assert np.all(np.isnan(naive))
assert np.all(np.isfinite(stable)) and np.allclose(stable, softmax_by_hand(big))
print("naive  exp(z) / sum exp(z):", naive)
print("dl.softmax(z):             ", np.array2string(stable, precision=6))

# %% [markdown]
# ### Temperature: from the argmax to the uniform distribution
#
# Dividing the logits by a temperature $T > 0$ before the softmax,
# $\mathrm{softmax}(z / T)$, stretches or squeezes their differences:
#
# - $T \to 0$: the largest logit wins everything, and the softmax becomes the one-hot
#   vector of the **argmax**. That is why the softmax is a "soft" (differentiable) max.
# - $T \to \infty$: every difference shrinks to 0 and the softmax becomes **uniform**,
#   $1/K$ for every class.
#
# The **entropy** measures how spread out a distribution is, in nats:
#
# $$H(p) = -\sum_k p_k \log p_k, \qquad 0 \cdot \log 0 = 0,$$
#
# from $H = 0$ for a one-hot distribution up to $H = \log K$ for the uniform one.
# `dlnotes.information.entropy` computes it (and refuses anything that is not a
# distribution).

# %%
z = np.array([2.0, 1.0, 0.5, -0.5, -1.5])
K = len(z)
one_hot = np.eye(K)[np.argmax(z)]
uniform = np.full(K, 1 / K)
assert entropy(one_hot) == 0.0 and np.isclose(entropy(uniform), np.log(K))

for T in [0.01, 0.1, 1.0, 10.0, 100.0, 1000.0]:
    p = dl.softmax(z, temperature=T).value
    print(f"T = {T:7.2f}: p = {np.array2string(p, precision=4, suppress_small=True)}, "
          f"H = {entropy(p):.4f} nats")
print(f"one-hot limit: H = 0; uniform limit: H = log {K} = {np.log(K):.4f} nats")

assert np.allclose(dl.softmax(z, temperature=0.01).value, one_hot, rtol=0, atol=1e-12)
assert np.allclose(dl.softmax(z, temperature=1000.0).value, uniform, rtol=0, atol=1e-3)
assert entropy(dl.softmax(z, temperature=0.01)) < 1e-12
assert np.isclose(entropy(dl.softmax(z, temperature=1000.0)), np.log(K), atol=1e-5)

# %% [markdown]
# In between, the entropy grows with $T$, and not only on the temperatures we happen to try:
# it is a theorem. Write $\beta = 1/T$ and $p_k = e^{\beta z_k} / Z(\beta)$ with
# $Z(\beta) = \sum_k e^{\beta z_k}$. Then $\log p_k = \beta z_k - \log Z$, so
#
# $$H = -\sum_k p_k \log p_k = \log Z(\beta) - \beta\, \mathbb{E}_p[z].$$
#
# Two derivatives of the log-partition function do the rest:
# $\frac{d}{d\beta}\log Z = \sum_k z_k e^{\beta z_k} / Z = \mathbb{E}_p[z]$, and
# $\frac{d}{d\beta}\mathbb{E}_p[z] = \mathbb{E}_p[z^2] - \mathbb{E}_p[z]^2 = \mathrm{Var}_p(z)$. Hence
#
# $$\frac{dH}{d\beta} = \mathbb{E}_p[z] - \mathbb{E}_p[z] - \beta\,\mathrm{Var}_p(z) = -\beta\,\mathrm{Var}_p(z),
#   \qquad
#   \frac{dH}{dT} = \frac{dH}{d\beta}\,\frac{d\beta}{dT} = \frac{\mathrm{Var}_p(z)}{T^3} \;\ge\; 0.$$
#
# A variance is zero only for a constant, and every $p_k > 0$, so $dH/dT > 0$ unless all the
# logits are equal (then $p$ is uniform at every $T$). The entropy is strictly increasing in
# $T$ for any logits that are not all equal.
#
# `dlnotes.information.entropy_temperature_slope` computes $\mathrm{Var}_p(z)/T^3$. We check it
# two ways: against central differences of the entropy, and against back-propagation, with
# $H$ built as a graph of the node $\beta$ (so `beta.grad` is $dH/d\beta$, and
# $dH/dT = -\beta^2\, dH/d\beta$).

# %%
from dlnotes.information import entropy_temperature_slope

for T in [0.1, 0.5, 1.0, 2.0, 10.0]:
    slope = entropy_temperature_slope(z, T)
    h = 1e-5 * T
    central = (entropy(dl.softmax(z, temperature=T + h))
               - entropy(dl.softmax(z, temperature=T - h))) / (2 * h)
    beta = dl.Node(1.0 / T)
    log_p = dl.log_softmax(beta * z)
    dl.backprop(-dl.sum(dl.exp(log_p) * log_p))  # H as a function of beta
    by_backprop = -float(beta.value) ** 2 * float(beta.grad)
    assert np.isclose(slope, central, rtol=1e-5) and np.isclose(slope, by_backprop, rtol=1e-9)
    assert slope > 0
    print(f"T = {T:5.1f}: Var_p(z) / T^3 = {slope:.6f}, central difference {central:.6f}, "
          f"backprop {by_backprop:.6f}")

# %% [markdown]
# The formula also shows where the entropy changes. As $T \to 0$ the variance vanishes
# exponentially (all the mass on the argmax), and as $T \to \infty$ it tends to the plain
# variance of the logits while $1/T^3$ sends the slope to 0: the entropy is flat near both
# limits and rises in between. A grid of 50 temperatures from 0.01 to 100 agrees: every step
# up in $T$ raises $H$; the slope at the two ends of the grid is tiny next to its largest value;
# and the slope, integrated from 0.01 to 100 by the trapezoid rule, gives back the entropy's rise.

# %%
Ts = np.logspace(-2, 2, 50)
H = np.array([entropy(dl.softmax(z, temperature=T)) for T in Ts])
slopes = np.array([entropy_temperature_slope(z, T) for T in Ts])
assert np.all(np.diff(H) > 0)
Ts_fine = np.logspace(-2, 2, 4001)
slopes_fine = np.array([entropy_temperature_slope(z, T) for T in Ts_fine])
rise = np.sum(np.diff(Ts_fine) * (slopes_fine[1:] + slopes_fine[:-1]) / 2)  # the trapezoid rule
assert np.isclose(rise, H[-1] - H[0], rtol=1e-4)
print(f"H grows on the grid: from {H[0]:.3e} at T = {Ts[0]:g} to {H[-1]:.4f} at T = {Ts[-1]:g} "
      f"(log {K} = {np.log(K):.4f})")
print(f"integral of dH/dT from 0.01 to 100 = {rise:.4f}; H(100) - H(0.01) = {H[-1] - H[0]:.4f}")
assert slopes[0] < 1e-6 * slopes.max() and slopes[-1] < 1e-3 * slopes.max()
print(f"the slope is largest at T = {Ts[np.argmax(slopes)]:.2f} on the grid ({slopes.max():.3f}); "
      f"at T = 0.01 it is {slopes[0]:.1e}, at T = 100 {slopes[-1]:.1e}")

# %% [markdown]
# *Differentiable* means every logit gets a gradient. The "soft maximum"
# $s = \sum_k \mathrm{softmax}(z/T)_k\, z_k$ approaches $\max_k z_k$ as $T \to 0$. Its
# gradient, $\partial s / \partial z_j = p_j\,\big(1 + (z_j - s)/T\big)$ with
# $p = \mathrm{softmax}(z/T)$, is spread over all the logits at $T = 1$, and concentrates
# on the argmax at a low temperature: the gradient of the hard max, which is one-hot
# (0 for every logit that is not the largest, so they would never learn).

# %%
for T in [1.0, 0.1]:
    z_node = dl.Node(z)
    soft_max = dl.sum(dl.softmax(z_node, temperature=T) * z_node)
    dl.backprop(soft_max)
    p = dl.softmax(z, temperature=T).value
    s = float(soft_max.value)
    assert np.allclose(z_node.grad, p * (1 + (z - s) / T))
    assert np.all(z_node.grad != 0)
    print(f"T = {T}: soft max = {s:.4f} (max z = {z.max():.1f}), "
          f"gradient = {np.round(z_node.grad, 3) + 0.0}")  # + 0.0 turns -0.0 into 0.0
assert np.isclose(s, z.max(), atol=1e-3)
assert np.allclose(z_node.grad, one_hot, atol=0.01)

# %%
# NBVAL_IGNORE_OUTPUT
fig, (ax0, ax1) = subplots(1, 2, size=(4.5, 3.2))
width = 0.25
for k, (T, color) in enumerate(zip([0.1, 1.0, 10.0], COLORS)):
    ax0.bar(np.arange(K) + (k - 1) * width, dl.softmax(z, temperature=T).value, width,
            color=color, label=f"T = {T:g}")
ax0.axhline(1 / K, color="0.4", linestyle="--", label="uniform 1/K")
ax0.set_xticks(np.arange(K), [f"z={v:g}" for v in z])
ax0.set_xlabel("logit")
ax0.set_ylabel("probability")
ax0.set_title("softmax(z / T)")
ax0.legend(fontsize=8)
ax1.semilogx(Ts, H)
ax1.axhline(np.log(K), color="0.4", linestyle="--", label=f"log K = {np.log(K):.3f}")
ax1.axhline(0.0, color="0.4", linestyle=":", label="one-hot: 0")
ax1.set_xlabel("temperature T")
ax1.set_ylabel("entropy H (nats)")
ax1.set_title("Entropy grows with the temperature")
ax1.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## Play with it
#
# Move the temperature (a log slider, from 0.01 to 100) and watch the bars go from the
# one-hot argmax (outlined) to the uniform $1/K$ (dashed), and the marker climb the
# entropy curve from 0 to $\log K$. The text gives $H$ and its slope
# $dH/dT = \mathrm{Var}_p(z)/T^3$: tiny at both ends, largest where the curve is steepest.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.temperature import temperature_widget

temperature_widget(logits=z)

# %% [markdown]
# ## Summary
#
# - The output unit is the parameter of a distribution; maximum likelihood then gives the
#   loss: Gaussian ↔ linear unit ↔ MSE, Bernoulli ↔ sigmoid ↔ binary cross-entropy,
#   categorical ↔ softmax ↔ cross-entropy.
# - With a fixed variance, the Gaussian NLL is $\tfrac12\log(2\pi\sigma^2) + \mathrm{MSE}/(2\sigma^2)$:
#   same minimiser as the MSE.
# - The sigmoid saturates for large $|z|$, but the binary cross-entropy's gradient
#   $\sigma(z) - y$ only vanishes when the answer is right; the MSE on a sigmoid also
#   vanishes when it is badly wrong.
# - Compute losses from logits, and the softmax with the logits shifted by their max:
#   otherwise $e^{1000}$ overflows.
# - $\mathrm{softmax}(z/T)$ goes from the argmax ($T \to 0$, $H = 0$) to the uniform
#   distribution ($T \to \infty$, $H = \log K$), with the entropy growing in between:
#   $dH/dT = \mathrm{Var}_p(z)/T^3 > 0$ unless all the logits are equal.

# %% [markdown]
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell: run it and it tells you
# whether your answer is right, and if not, what is wrong (or the first input on which
# your answer differs). The solution is folded under each one; `show_solution(...)`
# prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb02, show_solution

# %% [markdown]
# ### Exercise 1: the softmax with a temperature
#
# Write `softmax_with_temperature(z, T)`: $\mathrm{softmax}(z/T)$ over the last axis of a
# 2-D array `z`, in numpy, stable for logits like $[1000, 999, 0]$.

# %%
def softmax_with_temperature(z, T):
    raise NotImplementedError  # your code here


nb02.SOFTMAX_WITH_TEMPERATURE.check(softmax_with_temperature)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def softmax_with_temperature(z, T):
#     s = z / T                                 # the temperature divides the logits...
#     s = s - s.max(axis=-1, keepdims=True)     # ...shifted by their max, so exp cannot overflow
#     e = np.exp(s)
#     return e / e.sum(axis=-1, keepdims=True)  # each row sums to 1
# ```
#
# Dividing by $T$ before the exponential is what makes $T$ a temperature; subtracting the row maximum multiplies numerator and denominator by the same $e^{-\max}$, so the result is unchanged while the largest exponent becomes $e^0 = 1$.
#
# </details>

# %% [markdown]
# ### Exercise 2: the negative log-likelihood of a batch
#
# Write `batch_nll(log_probs, y)`: $J = -\frac1N \sum_n \log p(y_n \mid x_n)$ from the
# log-probabilities `log_probs` of shape `(N, classes)` and the integer labels `y`.

# %%
def batch_nll(log_probs, y):
    raise NotImplementedError  # your code here


nb02.BATCH_NLL.check(batch_nll)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def batch_nll(log_probs, y):
#     rows = np.arange(len(y))
#     return -log_probs[rows, y].mean()  # the log-probability of each row's true class, averaged
# ```
#
# `log_probs[np.arange(N), y]` picks, in each row, the entry of that row's label. Averaging (rather than summing) keeps the gradient's scale independent of the batch size.
#
# </details>

# %% [markdown]
# ### Exercise 3: the temperature that gives a probability
#
# At what temperature $T$ does $\mathrm{softmax}([2, 0] / T)$ give the first class the
# probability 0.9? (Hint: with two logits the softmax is a sigmoid of their difference.)

# %%
temperature = ...  # your answer: a number

nb02.TEMPERATURE_FOR_PROBABILITY.check(temperature)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# temperature = 2 / np.log(0.9 / 0.1)  # σ(2/T) = 0.9  ⇔  2/T = log(0.9/0.1)
# ```
#
# With two logits, $\mathrm{softmax}(z_1, z_2)_1 = \sigma(z_1 - z_2)$: here $\sigma(2/T) = 0.9$, so $2/T = \log\frac{0.9}{0.1} = \log 9$ and $T = 2/\log 9 \approx 0.910$.
#
# </details>

# %% [markdown]
# ### Exercise 4: how fast the entropy grows
#
# Write `entropy_slope(z, T)`: $dH/dT$ for $p = \mathrm{softmax}(z/T)$ and a 1-D array of logits
# `z`, by the formula proved in section 3, in numpy (stable for logits like $[1000, 999, 0]$).

# %%
def entropy_slope(z, T):
    raise NotImplementedError  # your code here


nb02.ENTROPY_SLOPE.check(entropy_slope)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def entropy_slope(z, T):
#     s = z / T
#     p = np.exp(s - s.max())
#     p = p / p.sum()                             # p = softmax(z/T), stably
#     mean = (p * z).sum()                        # E_p[z]
#     return (p * (z - mean) ** 2).sum() / T**3   # dH/dT = Var_p(z) / T³
# ```
#
# With $\beta = 1/T$, $H = \log Z - \beta\,\mathbb{E}_p[z]$ and $dH/d\beta = -\beta\,\mathrm{Var}_p(z)$, so $dH/dT = \mathrm{Var}_p(z)/T^3$. The variance is weighted by $p$; shifting $z/T$ by its maximum keeps the exponential finite, as in exercise 1.
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 5. Let the variance be learned too: write the Gaussian NLL as a function of $\hat{y}$ and
#    $\log \sigma$ and find the best $\sigma$ for fixed predictions. How does it relate to the MSE?
#
# <details><summary>Answer</summary>
#
# $-\log p = \tfrac12\log 2\pi + \log\sigma + \frac{(y-\hat y)^2}{2\sigma^2}$, averaged over the data:
# $\log\sigma + \mathrm{MSE}/(2\sigma^2) + \text{const}$. Its derivative in $\sigma$,
# $1/\sigma - \mathrm{MSE}/\sigma^3$, vanishes at $\sigma^2 = \mathrm{MSE}$: the best variance is the
# mean squared error itself, and the minimum NLL is $\tfrac12\log(2\pi e\,\mathrm{MSE})$, still a
# monotone function of the MSE, so the best $\hat y$ does not change.
#
# </details>
#
# 6. Prove that $T \log \sum_k \exp(z_k / T) \to \max_k z_k$ as $T \to 0$ (the log-sum-exp is
#    another soft max), and check it numerically with `dl.log_softmax`.
#
# <details><summary>Answer</summary>
#
# With $m = \max_k z_k$: $T \log \sum_k e^{z_k/T} = m + T \log \sum_k e^{(z_k - m)/T}$. The sum lies
# between 1 (the max term) and $K$, so the second term lies in $[0, T\log K]$ and vanishes as
# $T \to 0$. Numerically, `T * log-sum-exp` is `z[k] - T * dl.log_softmax(z, temperature=T).value[k]`
# for any `k`.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("02_output_units", nb02.EXERCISES)
