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
# # 5. The computational graph and back-propagation
#
# A network's loss is a long composition of small operations. Written down as a
# **computational graph**, each operation is a node that knows its inputs, and
# **back-propagation** walks that graph once, backwards, to get the derivative of
# the output with respect to every node. This notebook runs that algorithm by hand,
# node by node, on a graph small enough to read, and checks it three ways.
#
# ## What you will learn
#
# - what a node of `dlnotes` knows: its inputs (`.inputs`), its consumers
#   (`.consumers`), its operation (`.op`) and that operation's `backprop`;
# - the textbook back-propagation algorithm,
#   $G^{(i)} = \sum_j f^{(j)}.\mathrm{bprop}(u^{(i)}, u^{(j)}.\mathrm{inputs}, G^{(j)})$,
#   run step by step as the grad table fills in;
# - why its answer is the sum, over every path through the graph, of the products of
#   the partial derivatives along the path, and why back-propagation never lists the paths;
# - how to check gradients with central differences;
# - back-propagation through matrices: for a layer $Y = XW + b$,
#   $\partial L/\partial W = X^\top G$, $\partial L/\partial b = \sum_\text{rows} G$,
#   $\partial L/\partial X = G W^\top$, with the shapes as the guide, and why backprop only
#   ever computes vector–Jacobian products; all of it checked on every parameter of an MLP.
#
# ## What you need
#
# - `01_feedforward_networks.ipynb` (a network is a composition of functions) and
#   `04_the_loss.ipynb` (the loss is the scalar at the end of the graph);
# - the chain rule for functions of one variable; basic numpy.

# %%
import matplotlib.pyplot as plt
import numpy as np

import dlnotes as dl
from dlnotes.plots import draw_graph, subplots
from dlnotes.paths import local_derivative
from dlnotes.toy_graphs import two_path_gradients, two_path_graph, two_way_chain

# %% [markdown]
# ## The graph: every node knows its inputs, its consumers and its operation
#
# Our example has three leaves, $x$, $w$ and $b$, and five operations:
#
# $$u = w x, \qquad v = u + b, \qquad h = \tanh(v), \qquad s = h \cdot h, \qquad z = s + x .$$
#
# It is small, but it has the two features that make back-propagation more than a
# chain rule along a line: $x$ reaches $z$ along **two routes** (directly, and
# through $u$), and $h$ is used **twice** by one consumer ($s = h \cdot h$ fills both
# of its input slots with $h$). Every arithmetic operator on a `dl.Node` records a
# new node; we name them to read the graph.

# %%
x = dl.Node(0.5, name="x")
w = dl.Node(1.5, name="w")
b = dl.Node(-0.3, name="b")
u = w * x
v = u + b
h = dl.tanh(v)
s = h * h
z = s + x
for node, name in [(u, "u"), (v, "v"), (h, "h"), (s, "s"), (z, "z")]:
    node.name = name

# The same graph, built by the package (the widget below uses it): same structure, same value.
reference = two_path_graph(x=0.5, w=1.5, b=-0.3)
assert float(z.value) == float(reference["z"].value)
assert [r["inputs"] for r in dl.graph_table(z)] == [r["inputs"] for r in dl.graph_table(reference["z"])]
print(f"z = tanh(w·x + b)² + x = {float(z.value):.6f}")

# %% [markdown]
# Each node holds its `value`, the nodes it was computed from (`inputs`, in order,
# so `s` lists `h` twice), the nodes that use it (`consumers`: $x$ has two), and the
# operation `op` that computed it (`None` for a leaf). The operation is a small class
# in the package `dlnotes/ops/` (one module per family) with a `forward` and a `backprop`.

# %%
def names(nodes):
    return ", ".join(n.name for n in nodes) or "-"


print(f"{'node':<5} {'op':<5} {'inputs':<7} {'consumers':<10} {'value':>9}")
for node in dl.topological_order(z):
    op = node.op.name if node.op is not None else "leaf"
    print(f"{node.name:<5} {op:<5} {names(node.inputs):<7} {names(node.consumers):<10} "
          f"{float(node.value):>9.4f}")

assert [n.name for n in s.inputs] == ["h", "h"]      # h fills both slots of s
assert [n.name for n in x.consumers] == ["u", "z"]   # x has two consumers
assert x.op is None and type(h.op).__name__ == "Tanh"

# %% [markdown]
# `dl.graph_table(z)` gives the same graph as rows, inputs before their consumers
# (a *topological order*), which is how the drawing below lays it out: one column per
# depth, every edge pointing right, one arrow per input slot, so $s = h \cdot h$ gets two.
# Each arrow carries its **local derivative**, $\partial(\text{consumer})/\partial(\text{input})$
# at the current values: it is known as soon as the forward pass is done ($\partial u/\partial x
# = w = 1.5$, $\partial h/\partial v = 1 - h^2$, $\partial s/\partial h = h$ for each slot,
# $\partial z/\partial x = 1$, ...).

# %%
rows = dl.graph_table(z)
print(f"{'name':<5} {'op':<5} {'inputs':<8} shape")
for row in rows:
    print(f"{row['name']:<5} {str(row['op']):<5} {', '.join(row['inputs']) or '-':<8} {row['shape']}")
assert sum(len(row["inputs"]) for row in rows) == 9  # nine input slots: nine arrows
h_value = float(h.value)
assert np.isclose(local_derivative(u, 1), 1.5)                 # ∂(w·x)/∂x = w
assert np.isclose(local_derivative(h, 0), 1 - h_value ** 2)    # ∂tanh(v)/∂v = 1 − h²
assert np.isclose(local_derivative(s, 0), h_value) and np.isclose(local_derivative(s, 1), h_value)
print(f"local derivatives: ∂u/∂x = {local_derivative(u, 1):.3f}, ∂h/∂v = {local_derivative(h, 0):.3f}, "
      f"∂s/∂h = {local_derivative(s, 0):.3f} (each slot)")

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots(size=(9, 3.6))
draw_graph(z, ax=ax, show_grads=False, edge_labels=True)
ax.set_title("z = tanh(w·x + b)² + x: the forward pass, each arrow labelled with its local derivative")
plt.show()

# %% [markdown]
# ## Back-propagation, the textbook algorithm
#
# We want $G^{(i)} = \partial z / \partial u^{(i)}$ for every node $u^{(i)}$. Start at
# the output with $G^{(z)} = 1$. Then visit the nodes in **reverse topological order**
# (every consumer before the nodes it consumes), and give each node the sum of what
# its consumers send back:
#
# $$G^{(i)} = \sum_{j \,:\, u^{(i)} \in u^{(j)}.\mathrm{inputs}} f^{(j)}.\mathrm{bprop}\big(u^{(i)},\ u^{(j)}.\mathrm{inputs},\ G^{(j)}\big),$$
#
# where $f^{(j)}$ is the operation of consumer $u^{(j)}$ and its `bprop` returns
# $G^{(j)} \cdot \partial u^{(j)} / \partial u^{(i)}$ (for arrays, the matching
# vector–Jacobian product). In `dlnotes` that is
# `consumer.op.backprop(input_values, output_value, i, G_j)` for input slot `i`; a node
# in two slots of one consumer (our $h$) receives one contribution per slot.
#
# Here is the algorithm as a short loop. It prints each contribution as it arrives,
# and keeps a snapshot of the grad table after every visit for the figure below.

# %%
def textbook_backprop(z, verbose=True):
    """The grad table {node: ∂z/∂node}, filled in reverse topological order."""
    G = {}
    snapshots = []
    for node in reversed(dl.topological_order(z)):
        if node is z:
            G[node] = np.ones_like(z.value)
            parts = ["the output: 1"]
        else:
            G[node] = np.zeros_like(node.value)
            parts = []
            for consumer in node.consumers:
                if consumer not in G:  # not on a path to z
                    continue
                values = [u.value for u in consumer.inputs]
                for i, u in enumerate(consumer.inputs):
                    if u is node:
                        g = consumer.op.backprop(values, consumer.value, i, G[consumer])
                        G[node] = G[node] + g
                        parts.append(f"{float(g):.4f} from {consumer.name} ({consumer.op.name}, slot {i})")
        if verbose:
            print(f"visit {node.name}: G[{node.name}] = {float(G[node]):.4f}  <- " + " + ".join(parts))
        snapshots.append((node, dict(G)))
    return G, snapshots


G, snapshots = textbook_backprop(z)

# %% [markdown]
# The grad table filling in, at four of the eight visits (the widget at the end of this
# part steps through all of them). Each panel highlights the node being visited and, in
# red, the arrows along which its contributions arrive: each contribution is the
# consumer's $G$ times the arrow's local derivative. The gradients already known are
# shown, the others are still empty.

# %%
def contributions(node, G):
    """The arrows bringing `node` its gradient, and the terms 'local derivative × G[consumer]'."""
    edges, terms = [], []
    for consumer in node.consumers:
        for slot, u in enumerate(consumer.inputs):
            if u is node and consumer in G:
                edges.append(f"{node.name}->{consumer.name}[{slot}]")
                terms.append(f"{local_derivative(consumer, slot):.3f}·{float(G[consumer]):.3f}")
    return edges, terms


visit_h = next(partial for visited, partial in snapshots if visited is h)
edges_h, terms_h = contributions(h, visit_h)
print(f"G[h] = {' + '.join(terms_h)} = {float(visit_h[h]):.3f}")
assert edges_h == ["h->s[0]", "h->s[1]"] and np.isclose(float(visit_h[h]), 2 * h_value)

# %%
# NBVAL_IGNORE_OUTPUT
shown_steps = (1, 3, 6, 7)  # visit z, h (two slots of s), u, x (two consumers)
fig, axes = subplots(len(shown_steps), 1, size=(9, 3.1))
for ax, step in zip(axes, shown_steps):
    visited, partial = snapshots[step - 1]
    for node in dl.topological_order(z):
        node.grad = partial.get(node)  # the table so far (draw_graph shows .grad)
    edges, terms = contributions(visited, partial)
    draw_graph(z, ax=ax, show_values=False, highlight=(visited.name,), edge_labels=True,
               highlight_edges=edges)
    sum_text = " + ".join(terms) + " = " if terms else ""
    ax.set_title(f"step {step} of {len(snapshots)}: visit {visited.name}, "
                 f"G[{visited.name}] = {sum_text}{float(partial[visited]):.3f}")
plt.show()

# %% [markdown]
# The package's `dl.backprop(z)` is the same algorithm (with the same loop over
# consumers and slots, in `dlnotes/graph.py`); it returns the grad table and also sets
# each node's `.grad`. The two tables agree node by node, and the gradients of the
# leaves agree with the derivatives worked out by hand,
# $\partial z/\partial x = 1 + 2h(1-h^2)\,w$, $\partial z/\partial w = 2h(1-h^2)\,x$,
# $\partial z/\partial b = 2h(1-h^2)$.

# %%
table = dl.backprop(z)
assert set(table) == set(G)
for node in G:
    assert np.allclose(G[node], table[node], rtol=1e-15, atol=0)
by_hand = two_path_gradients(x=0.5, w=1.5, b=-0.3)
print(f"{'node':<5} {'textbook loop':>14} {'dl.backprop':>12} {'by hand':>9}")
for node in reversed(dl.topological_order(z)):
    hand = f"{by_hand[node.name]:9.6f}" if node.name in by_hand else " " * 9
    print(f"{node.name:<5} {float(G[node]):>14.6f} {float(table[node]):>12.6f} {hand}")
    if node.name in by_hand:
        assert np.isclose(float(table[node]), by_hand[node.name], rtol=1e-12)

# %% [markdown]
# ## The same number as a sum over paths
#
# Unroll the recursion and each $G^{(i)}$ becomes a sum over every path from
# $u^{(i)}$ to the output of the product of the local partial derivatives along it:
#
# $$\frac{\partial z}{\partial x} = \sum_{\text{paths } x = u^{(\pi_0)} \to u^{(\pi_1)} \to \cdots \to u^{(\pi_t)} = z}\ \prod_{k=1}^{t} \frac{\partial u^{(\pi_k)}}{\partial u^{(\pi_{k-1})}} .$$
#
# `dl.path_sum(x, z)` lists the paths (an input used in two slots gives two paths,
# one per slot) and adds up their products. $x$ has three: the direct edge into $z$,
# and two through $u, v, h$ that split at $s = h \cdot h$.

# %%
def describe(x, path):
    """A path as 'x → u → … → z' (with the slot where a node enters a consumer twice)."""
    steps = [x.name]
    for node, i, _ in path:
        twice = sum(1 for u in node.inputs if u is node.inputs[i]) > 1
        steps.append(f"{node.name}[slot {i}]" if twice else node.name)
    return " → ".join(steps)


for leaf in (x, w, b):
    total, paths = dl.path_sum(leaf, z)
    print(f"∂z/∂{leaf.name}: {len(paths)} path(s)")
    for path in paths:
        factors = " × ".join(f"{d:.4f}" for _, _, d in path)
        product = float(np.prod([d for _, _, d in path]))
        print(f"  {describe(leaf, path):<36} {factors} = {product:.4f}")
    print(f"  sum over paths = {total:.6f}, back-propagation = {float(table[leaf]):.6f}")
    assert np.isclose(total, float(table[leaf]), rtol=1e-12)

# %% [markdown]
# Listing paths is fine here, but their number can grow exponentially with depth.
# In the chain $u_{k+1} = \tanh(u_k) + u_k$ each step offers two ways forward (through
# the tanh, or around it), so $u_0$ reaches $u_d$ along $2^d$ paths, while
# back-propagation visits each of the $2d + 1$ nodes once and each of the $3d$ edges
# once. It stores the sum of all paths *through* a node in that node's $G$, and reuses it.

# %%
print(f"{'depth d':>7} {'paths 2^d':>9} {'nodes visited':>13} {'∂u_d/∂u_0':>10}")
for depth in (1, 2, 4, 8, 12):
    u0, out = two_way_chain(0.3, depth)
    total, paths = dl.path_sum(u0, out)
    chain_table = dl.backprop(out)
    assert len(paths) == 2 ** depth and np.isclose(total, float(chain_table[u0]), rtol=1e-12)
    print(f"{depth:>7} {len(paths):>9} {len(chain_table):>13} {float(chain_table[u0]):>10.4f}")

# %% [markdown]
# ## A third check: central differences
#
# Nudge one leaf by $\pm\varepsilon$, rebuild the graph, and take
# $\big(z(a + \varepsilon) - z(a - \varepsilon)\big) / 2\varepsilon$, which has error
# $O(\varepsilon^2)$. `dl.numerical_gradient` does this for every leaf;
# `dl.gradcheck` reports the largest relative difference from back-propagation.

# %%
def z_of(x, w, b):
    """z = tanh(w·x + b)² + x from arrays (numerical_gradient) or nodes (gradcheck)."""
    h = dl.tanh(w * x + b)
    return h * h + x


leaves = (0.5, 1.5, -0.3)
numeric = dl.numerical_gradient(z_of, *leaves)
error = dl.gradcheck(z_of, *leaves)
for leaf, g in zip((x, w, b), numeric):
    print(f"∂z/∂{leaf.name}: central differences {float(g):.6f}, back-propagation {float(table[leaf]):.6f}")
    assert np.isclose(float(g), float(table[leaf]), rtol=1e-7)
assert error < 1e-8
print(f"gradcheck: largest relative error < 1e-8: {error < 1e-8}")

# %% [markdown]
# ## The graph after back-propagation
#
# Every node now carries its value (forward pass) and its gradient (backward pass).
# The gradient of $z$ is 1; $s$ and $z$ are joined by an addition, which passes the
# gradient through unchanged; $h$ collects two contributions from $s = h \cdot h$; and
# $x$ collects one from each of its consumers, $u$ and $z$. The arrows on the paths from
# $x$ to $z$ are drawn in red: multiply the labels along each path and add the three
# products, and you get $x$'s gradient.

# %%
# NBVAL_IGNORE_OUTPUT
total_x, paths_x = dl.path_sum(x, z)
on_a_path = {f"{(path[k - 1][0] if k else x).name}->{node.name}[{slot}]"
             for path in paths_x for k, (node, slot, _) in enumerate(path)}
products = " + ".join("·".join(f"{d:.3g}" for _, _, d in path) for path in paths_x)
fig, ax = subplots(size=(9, 3.6))
draw_graph(z, ax=ax, highlight=("x",), edge_labels=True, highlight_edges=on_a_path)
ax.set_title(f"∂z/∂x = {products} = {total_x:.3f}")
plt.show()

# %% [markdown]
# ## Play with it
#
# Move $x$: the graph is rebuilt, back-propagated and redrawn, each node with its
# value and its gradient, each arrow with its local derivative. The line below the
# figure gives $\partial z/\partial x$ from back-propagation and as the sum over the three
# paths. Where does the path through $u$ change sign? (Hint: it is proportional to
# $h(1-h^2)$, and $h = \tanh(wx + b)$.) Move the **backward step** slider to replay the
# backward pass one visit at a time: the visited node, the arrows bringing its
# contributions, and the sum they make.

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.backprop_graph import backprop_graph_widget  # noqa: E402

backprop_graph_widget()

# %% [markdown]
# ## Back-propagation through matrices
#
# So far every node held one number. In a network a node holds a matrix: a layer computes
# $Y = XW + b$ for a whole batch, with $X$ of shape $(N, d_\text{in})$ (one example per row),
# $W$ of shape $(d_\text{in}, d_\text{out})$, $b$ of shape $(d_\text{out},)$ added to every row,
# and $Y$ of shape $(N, d_\text{out})$. Back-propagation itself does not change: every node
# gets $G = \partial L/\partial(\text{node})$ for the scalar loss $L$ at the end, **with the
# node's shape**, one partial derivative per entry. What is new is the local step: given
# $G = \partial L/\partial Y$, what are $\partial L/\partial W$, $\partial L/\partial b$ and
# $\partial L/\partial X$?
#
# ### Entry by entry
#
# Apply the scalar chain rule to one weight. $W_{ij}$ reaches $L$ through every entry
# $Y_{nk} = \sum_{i'} X_{ni'} W_{i'k} + b_k$, so we sum over those paths:
#
# $$\frac{\partial L}{\partial W_{ij}} = \sum_{n,k} G_{nk}\,\frac{\partial Y_{nk}}{\partial W_{ij}}
#   = \sum_{n} X_{ni}\, G_{nj} = (X^\top G)_{ij},$$
#
# because $\partial Y_{nk}/\partial W_{ij} = X_{ni}$ when $k = j$, and 0 otherwise. In the same way
#
# $$\frac{\partial L}{\partial b_j} = \sum_n G_{nj}, \qquad
#   \frac{\partial L}{\partial X_{ni}} = \sum_k G_{nk} W_{ik} = (G W^\top)_{ni}.$$
#
# ### Shapes as the guide
#
# Each gradient has the shape of its node and is linear in $G$, and that nearly decides
# the formulas. $\partial L/\partial W$ must be $(d_\text{in}, d_\text{out})$, built from $X$,
# $(N, d_\text{in})$, and $G$, $(N, d_\text{out})$: the only product that fits is $X^\top G$. The
# **transpose** puts the batch index $n$ in the middle, where the product sums over it:
# every example adds its own outer product $x_n^\top g_n$. $\partial L/\partial X$ must be
# $(N, d_\text{in})$, from $G$, $(N, d_\text{out})$, and $W$, $(d_\text{in}, d_\text{out})$: only
# $G W^\top$ fits. And $b$ was **broadcast**, copied into every row: a node used $N$ times
# collects $N$ contributions (as $x$ collected one from each consumer above), hence the
# **sum over the rows**.
#
# By hand for one layer with the softmax cross-entropy on top, whose $G$ notebook 04
# derived, $G = (\mathrm{softmax}(Y) - \mathrm{onehot}(y))/N$, then with `dl.backprop`:

# %%
rng = np.random.default_rng(0)
N, d_in, d_out = 4, 3, 2
X_batch = rng.normal(size=(N, d_in))
W_layer = rng.normal(size=(d_in, d_out))
b_layer = rng.normal(size=d_out)
y_batch = np.array([0, 1, 1, 0])

# By hand: the forward pass, G = ∂L/∂Y (named G_Y here), and the three rules.
Y = X_batch @ W_layer + b_layer
P = np.exp(Y - Y.max(axis=1, keepdims=True))
P = P / P.sum(axis=1, keepdims=True)
G_Y = (P - np.eye(d_out)[y_batch]) / N
dW_by_hand = X_batch.T @ G_Y  # (d_in, N) @ (N, d_out)
db_by_hand = G_Y.sum(axis=0)  # one contribution per row
dX_by_hand = G_Y @ W_layer.T  # (N, d_out) @ (d_out, d_in)

# One weight, as the double sum of the chain rule.
i, j = 2, 1
entry = sum(G_Y[n, k] * (X_batch[n, i] if k == j else 0.0) for n in range(N) for k in range(d_out))
assert np.isclose(entry, dW_by_hand[i, j], rtol=1e-12)

# The package: the same layer as a graph.
X_node, W_node, b_node = dl.Node(X_batch, name="X"), dl.Node(W_layer, name="W"), dl.Node(b_layer, name="b")
Y_node = dl.affine(X_node, W_node, b_node)
layer_table = dl.backprop(dl.cross_entropy(Y_node, y_batch))
assert np.allclose(layer_table[Y_node], G_Y, rtol=1e-12, atol=1e-15)
for name, node, by_hand in [("W", W_node, dW_by_hand), ("b", b_node, db_by_hand), ("X", X_node, dX_by_hand)]:
    assert node.grad.shape == node.value.shape == by_hand.shape
    assert np.allclose(node.grad, by_hand, rtol=1e-12, atol=1e-15)
    print(f"∂L/∂{name}: shape {by_hand.shape} (the shape of {name}); by hand = dl.backprop")
print(f"∂L/∂W_{i}{j} as a double sum: {entry:.6f}, as (XᵀG)_{i}{j}: {dW_by_hand[i, j]:.6f}")
print("∂L/∂W =\n", np.round(dW_by_hand, 4))
print("∂L/∂b =", np.round(db_by_hand, 4))
print(f"the wrong order GᵀX has shape {(G_Y.T @ X_batch).shape}: the shape of W transposed")

# %% [markdown]
# ### Never the Jacobian: vector–Jacobian products
#
# For scalars, each arrow carried one local derivative. Here the "local derivative" of $Y$
# with respect to $W$ is a Jacobian, one number per pair (entry of $Y$, entry of $W$):
# $N d_\text{out} \times d_\text{in} d_\text{out}$ numbers, mostly zero (only those with $k = j$
# are not: a fraction $1/d_\text{out}$). The chain rule
# multiplies the row vector $G$ (flattened) by it, $\partial L/\partial W = G \cdot \partial
# Y/\partial W$: a **vector–Jacobian product** (VJP). Every operation's `backprop` in
# `dlnotes/ops/` returns that product directly ($X^\top G$ for the affine map, $G \odot
# g'(Z)$ for an elementwise activation, whose Jacobian is diagonal) and never builds the
# Jacobian. We build it once, to see what that saves.

# %%
J = np.einsum("ni,kj->nkij", X_batch, np.eye(d_out))  # J[n, k, i, j] = ∂Y_nk/∂W_ij
vjp = np.einsum("nk,nkij->ij", G_Y, J)                 # G · J: summed over every entry of Y
assert np.allclose(vjp, dW_by_hand, rtol=1e-12)
print(f"the Jacobian ∂Y/∂W holds {J.size} numbers, {np.count_nonzero(J)} of them non-zero; "
      f"G·J = XᵀG: {np.allclose(vjp, dW_by_hand)}")
batch, fan_in, fan_out = 64, 64, 128  # one hidden layer of notebook 09
print(f"for a {batch}-example batch and a {fan_in}→{fan_out} layer: {batch * fan_out * fan_in * fan_out:,} "
      f"Jacobian entries, against {fan_in * fan_out:,} entries of XᵀG")

# %% [markdown]
# ### A whole MLP, by hand, by back-propagation and by central differences
#
# Stacked layers chain these rules. With $Z_\ell = H_{\ell-1} W_\ell + b_\ell$, $H_\ell = g(Z_\ell)$,
# $H_0 = X$, and no $g$ after the last layer (its $Z$ are the logits), going backwards
# from $G_L = (\mathrm{softmax}(Z_L) - \mathrm{onehot}(y))/N$:
#
# $$\frac{\partial L}{\partial W_\ell} = H_{\ell-1}^\top G_\ell, \qquad
#   \frac{\partial L}{\partial b_\ell} = \sum_\text{rows} G_\ell, \qquad
#   G_{\ell-1} = \big(G_\ell W_\ell^\top\big) \odot g'(Z_{\ell-1}),$$
#
# where the last step is the affine map's $\partial L/\partial X$ followed by the activation's
# VJP; for tanh, $g'(Z) = 1 - H^2$. We run it on an MLP $[3, 5, 4, 2]$ and compare with
# `dl.backprop`, parameter by parameter.

# %%
model = dl.MLP([3, 5, 4, 2], activation="tanh", seed=0)
X_mlp = rng.normal(size=(6, 3))
y_mlp = np.array([0, 1, 1, 0, 1, 0])
loss = dl.cross_entropy(model(X_mlp), y_mlp)
dl.backprop(loss)  # sets every parameter's .grad

outputs = [out.value for out in model.forward(X_mlp)]  # H_1, H_2 and the logits Z_3
inputs = [X_mlp] + outputs[:-1]                          # H_0, H_1, H_2: what each layer receives
P = np.exp(outputs[-1] - outputs[-1].max(axis=1, keepdims=True))
P = P / P.sum(axis=1, keepdims=True)
G_l = (P - np.eye(2)[y_mlp]) / len(y_mlp)
mlp_by_hand = {}
for k in reversed(range(len(model.layers))):
    layer = model.layers[k]
    mlp_by_hand[layer.W.name] = inputs[k].T @ G_l
    mlp_by_hand[layer.b.name] = G_l.sum(axis=0)
    if k > 0:
        G_l = (G_l @ layer.W.value.T) * (1 - inputs[k] ** 2)  # inputs[k] = H_k = tanh(Z_k)

for p in model.parameters():
    assert p.grad.shape == p.value.shape
    assert np.allclose(p.grad, mlp_by_hand[p.name], rtol=1e-10, atol=1e-14)
print("by hand = dl.backprop for", ", ".join(f"{p.name} {p.value.shape}" for p in model.parameters()))

# %% [markdown]
# The third check is independent of both: central differences on every entry of every
# parameter, with `dl.gradcheck`. It needs the loss as a function of the parameters, so
# we write the MLP's forward pass out (and check it gives the model's loss), then vary one
# parameter at a time while the others stay fixed.

# %%
params = [p.value for p in model.parameters()]  # W1, b1, W2, b2, W3, b3


def loss_of(*params):
    """The MLP's cross-entropy from its parameters (Nodes or arrays), layer by layer."""
    h = X_mlp
    for k in range(0, len(params), 2):
        h = dl.affine(h, params[k], params[k + 1])
        if k + 2 < len(params):
            h = dl.tanh(h)
    return dl.cross_entropy(h, y_mlp)


assert np.isclose(float(loss_of(*params).value), float(loss.value), rtol=1e-14)
errors = {}
for k, p in enumerate(model.parameters()):
    def vary_one(P, k=k):
        return loss_of(*params[:k], P, *params[k + 1:])
    errors[p.name] = dl.gradcheck(vary_one, params[k])
assert max(errors.values()) < 1e-6
print(f"gradcheck on all {len(errors)} parameters ({sum(a.size for a in params)} entries): "
      f"largest relative error below 1e-6: {max(errors.values()) < 1e-6}")

# %%
# NBVAL_IGNORE_OUTPUT
# The errors themselves are rounding noise (1e-10 to 1e-7): their digits differ between machines.
for name, error in errors.items():
    print(f"{name}: relative error {error:.1e}")

# %% [markdown]
# ## Summary
#
# - A computational graph records every operation as a node that knows its inputs,
#   its consumers and its operation; each operation knows its own `backprop`.
# - Back-propagation visits the nodes in reverse topological order and sets
#   $G^{(i)} = \sum_j f^{(j)}.\mathrm{bprop}(u^{(i)}, u^{(j)}.\mathrm{inputs}, G^{(j)})$,
#   one contribution per consumer and per input slot.
# - The result equals the sum over every path of the product of the local partial
#   derivatives (the labels on the arrows); back-propagation gets it without listing the
#   paths, whose number can grow as $2^d$.
# - For a layer $Y = XW + b$: $\partial L/\partial W = X^\top G$, $\partial L/\partial b =
#   \sum_\text{rows} G$, $\partial L/\partial X = G W^\top$. Every gradient has its node's shape;
#   the transpose sums over the examples, and the broadcast bias collects one contribution
#   per row.
# - Each `backprop` computes a vector–Jacobian product directly, never the Jacobian.
# - Central differences are a slow but independent check of any gradient: `dl.gradcheck`
#   agrees with back-propagation on every parameter of an MLP.
#
# ## Exercises
#
# Each checked exercise has a stub to fill in and a check cell: run it and it tells you
# whether your answer is right, and if not, what is wrong (or the first input on which
# your answer differs). The solution is folded under each one; `show_solution(...)`
# prints it too. The last cell shows your progress.

# %%
from dlnotes import exercises
from dlnotes.exercises import nb05, show_solution

# %% [markdown]
# ### Exercise 1: the affine layer's backprop
#
# Write `affine_backprop(X, W, b, G)`: for $Y = XW + b$ (shapes $(N, d_\text{in})$,
# $(d_\text{in}, d_\text{out})$, $(d_\text{out},)$) and $G = \partial L/\partial Y$, return the
# tuple $(\partial L/\partial X, \partial L/\partial W, \partial L/\partial b)$, in numpy.

# %%
def affine_backprop(X, W, b, G):
    raise NotImplementedError  # your code here


nb05.AFFINE_BACKPROP.check(affine_backprop)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def affine_backprop(X, W, b, G):
#     dX = G @ W.T        # (N, out) @ (out, in) = (N, in): the shape of X
#     dW = X.T @ G        # (in, N) @ (N, out) = (in, out): the shape of W, summed over the N rows
#     db = G.sum(axis=0)  # b was added to every row: each row sends its gradient back
#     return dX, dW, db
# ```
#
# Let the shapes guide you. $\partial L/\partial W$ must be $(d_\text{in}, d_\text{out})$ and is linear in $X$ and $G$, with the batch index summed: only $X^\top G$ fits. $\partial L/\partial X$ must be $(N, d_\text{in})$: $G W^\top$. And $b$ is broadcast to every row, so its gradient is the sum of the rows of $G$.
#
# </details>

# %% [markdown]
# ### Exercise 2: the path sum for a given graph
#
# The graph $u = w \cdot x$, $h = \tanh(u)$, $m = h \cdot x$, $z = m + h$. Draw it (or build it
# with `dl.Node`s and `draw_graph(z, edge_labels=True)`), list the paths from $x$ to $z$
# and write `path_sum_dz_dx(x, w)`: $\partial z/\partial x$ as the sum over those paths of the
# products of the local derivatives, in numpy (no `dl.backprop`; use it to check yourself).

# %%
def path_sum_dz_dx(x, w):
    raise NotImplementedError  # your code here


nb05.PATH_SUM.check(path_sum_dz_dx)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def path_sum_dz_dx(x, w):
#     h = np.tanh(w * x)
#     dh_du = 1 - h ** 2                 # h = tanh(u), u = w·x
#     via_m_direct = h * 1.0             # x → m → z: ∂m/∂x = h, ∂z/∂m = 1
#     via_u_m = w * dh_du * x * 1.0      # x → u → h → m → z: ∂m/∂h = x
#     via_u_z = w * dh_du * 1.0          # x → u → h → z: h also feeds z directly
#     return via_m_direct + via_u_m + via_u_z
# ```
#
# Three paths: $x \to m \to z$ (product $h \cdot 1$), $x \to u \to h \to m \to z$ ($w (1 - h^2)\, x \cdot 1$) and $x \to u \to h \to z$ ($w(1 - h^2) \cdot 1$). Check it with `dl.path_sum` and `dl.backprop` on the graph built with `dl.Node`s.
#
# </details>

# %% [markdown]
# ### Exercise 3: a local derivative, as a backprop
#
# Write `sigmoid_backprop(x, s, G)`, the `backprop` of the elementwise sigmoid $s =
# \sigma(x)$: given its input `x`, its output `s` and $G = \partial L/\partial s$ (arrays of one
# shape), return $\partial L/\partial x$.

# %%
def sigmoid_backprop(x, s, G):
    raise NotImplementedError  # your code here


nb05.SIGMOID_BACKPROP.check(sigmoid_backprop)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# def sigmoid_backprop(x, s, G):
#     return G * s * (1 - s)  # σ'(x) = σ(x)(1 − σ(x)), from the output s; times the incoming G
# ```
#
# The Jacobian of an elementwise function is diagonal, so the vector–Jacobian product is an elementwise product: $\partial L/\partial x = G \odot s \odot (1 - s)$.
#
# </details>

# %% [markdown]
# ### Questions to think about
#
# 4. In `textbook_backprop`, visit the nodes in topological order instead of the reverse.
#    Which gradient is wrong first, and why?
#
# <details><summary>Answer</summary>
#
# The first node visited is the first in topological order, the leaf $w$, before its
# consumer $u$ has a gradient: the loop skips consumers not yet in `G` ("not on a path to
# z"), so $G[w]$ comes out 0, and so does every node after it until $z$ itself, which is
# set to 1 last. Reverse topological
# order is exactly the order in which every consumer is finished before the nodes it
# consumes; any other order reads gradients that are not complete yet.
#
# </details>
#
# 5. Change $z = s + x$ to $z = s \cdot x$. How many paths lead from $x$ to $z$ now, and what
#    are their local derivatives?
#
# <details><summary>Answer</summary>
#
# Still three: the direct edge, now with local derivative $\partial z/\partial x = s$ (the
# other factor of the product) instead of 1, and the two through $u, v, h$ and the two
# slots of $s$, each now ending with $\partial z/\partial s = x$ instead of 1. So
# $\partial z/\partial x = s + 2\,x\,h(1 - h^2)\,w$. `dl.path_sum(x, z)` lists the three paths
# and `dl.backprop` gives the same sum.
#
# </details>
#
# 6. Use `dl.gradcheck` with `eps` = 1e-2, 1e-6 and 1e-12 on `z_of`. Why is the smallest
#    step not the most accurate?
#
# <details><summary>Answer</summary>
#
# The central difference has a truncation error of order $\varepsilon^2$ (from the third
# derivative) and a rounding error of order $\delta/\varepsilon$, where $\delta \approx 10^{-16}$ is
# the relative precision of float64 times $|z|$: the two values $z(a \pm \varepsilon)$ agree in
# almost all their digits, and their difference keeps only the few that differ. On `z_of`,
# `dl.gradcheck` gives a relative error of about $10^{-4}$ at $\varepsilon = 10^{-2}$ (truncation)
# and about $10^{-4}$ again at $10^{-12}$ (rounding), but about $10^{-10}$ at $10^{-5}$ and
# $10^{-6}$: the sweet spot is near $\varepsilon \approx \delta^{1/3} \approx 10^{-5}$, where the two
# errors balance.
#
# </details>

# %% [markdown]
# ### Your progress

# %%
exercises.progress("05_backprop", nb05.EXERCISES)
