# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
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
# - how to check gradients with central differences.
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
# in `dlnotes/ops.py` with a `forward` and a `backprop`.

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

# %%
rows = dl.graph_table(z)
print(f"{'name':<5} {'op':<5} {'inputs':<8} shape")
for row in rows:
    print(f"{row['name']:<5} {str(row['op']):<5} {', '.join(row['inputs']) or '-':<8} {row['shape']}")
assert sum(len(row["inputs"]) for row in rows) == 9  # nine input slots: nine arrows

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots(size=(8, 3.4))
draw_graph(z, ax=ax, show_grads=False)
ax.set_title("z = tanh(w·x + b)² + x: the forward pass")
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
# The grad table filling in: each panel highlights the node being visited; the
# gradients already known are shown, the others are still empty.

# %%
# NBVAL_IGNORE_OUTPUT
fig, axes = subplots(4, 2, size=(5.2, 2.3))
for step, (ax, (visited, partial)) in enumerate(zip(axes.flat, snapshots), start=1):
    for node in dl.topological_order(z):
        node.grad = partial.get(node)  # the table so far (draw_graph shows .grad)
    draw_graph(z, ax=ax, show_values=False, highlight=(visited.name,))
    ax.set_title(f"step {step}: visit {visited.name}, G[{visited.name}] = {float(partial[visited]):.3f}")
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
# $x$ collects one from each of its consumers, $u$ and $z$.

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = subplots(size=(8, 3.4))
draw_graph(z, ax=ax, highlight=("x",))
ax.set_title("after back-propagation: value and ∂z/∂(node) at every node")
plt.show()

# %% [markdown]
# ## Play with it
#
# Move $x$: the graph is rebuilt, back-propagated and redrawn, each node with its
# value and its gradient. The line below the figure gives $\partial z/\partial x$ from
# back-propagation and as the sum over the three paths. Where does the path through
# $u$ change sign? (Hint: it is proportional to $h(1-h^2)$, and $h = \tanh(wx + b)$.)

# %%
# NBVAL_IGNORE_OUTPUT
from dlnotes.widgets.backprop_graph import backprop_graph_widget  # noqa: E402

backprop_graph_widget()

# %% [markdown]
# ## Summary
#
# - A computational graph records every operation as a node that knows its inputs,
#   its consumers and its operation; each operation knows its own `backprop`.
# - Back-propagation visits the nodes in reverse topological order and sets
#   $G^{(i)} = \sum_j f^{(j)}.\mathrm{bprop}(u^{(i)}, u^{(j)}.\mathrm{inputs}, G^{(j)})$,
#   one contribution per consumer and per input slot.
# - The result equals the sum over every path of the product of the local partial
#   derivatives; back-propagation gets it without listing the paths, whose number can
#   grow as $2^d$.
# - Central differences are a slow but independent check of any gradient.
#
# ## Exercises
#
# 1. Change $z = s + x$ to $z = s \cdot x$. How many paths lead from $x$ to $z$ now?
#    Predict $\partial z / \partial x$ by hand, then check it with `dl.backprop` and
#    `dl.path_sum`.
# 2. In `textbook_backprop`, visit the nodes in topological order instead of the
#    reverse. Which gradient is wrong first, and why?
# 3. Build the chain $u_{k+1} = \tanh(u_k) + u_k$ with `two_way_chain` for depth 20.
#    How long would listing its paths take if each took a microsecond? Time `dl.backprop`.
# 4. Use `dl.gradcheck` with `eps` = 1e-2, 1e-6 and 1e-12. Why is the smallest step
#    not the most accurate?
