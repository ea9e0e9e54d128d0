"""The layers of the architectures against PyTorch with the same weights, and their properties."""

import gc
import weakref

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import dlnotes as dl
from dlnotes import nn, ops

torch = pytest.importorskip("torch", reason="PyTorch is not installed (optional comparison)")


def tensor(a, grad=False):
    return torch.tensor(np.asarray(a), dtype=torch.float64, requires_grad=grad)


def close(a, b, rtol=1e-9, atol=1e-11):
    np.testing.assert_allclose(a, b.detach().numpy() if hasattr(b, "detach") else b, rtol=rtol, atol=atol)


def backprop_weighted(out, weights):
    """Back-propagate Σ out ⊙ weights (a gradient that is not all ones)."""
    dl.backprop(dl.sum(out * weights))


def set_linear(torch_linear, layer):
    """Copy a dlnotes Linear (W: fan_in × fan_out) into a torch Linear (weight: out × in)."""
    with torch.no_grad():
        torch_linear.weight.copy_(tensor(layer.W.value.T))
        torch_linear.bias.copy_(tensor(layer.b.value))


@pytest.mark.parametrize("stride, padding", [(1, 0), (1, 1), (2, 1), (3, 2)])
def test_conv2d_matches_pytorch(stride, padding):
    rng = np.random.default_rng(0)
    conv = nn.Conv2d(3, 4, 3, rng, stride=stride, padding=padding)
    conv.b.value[:] = rng.normal(size=4)
    X = rng.normal(size=(2, 3, 9, 8))
    x = dl.Node(X)
    out = conv(x)
    weights = rng.normal(size=out.shape)
    backprop_weighted(out, weights)

    t_conv = torch.nn.Conv2d(3, 4, 3, stride=stride, padding=padding).double()
    with torch.no_grad():
        t_conv.weight.copy_(tensor(conv.W.value))
        t_conv.bias.copy_(tensor(conv.b.value))
    t_x = tensor(X, grad=True)
    t_out = t_conv(t_x)
    (t_out * tensor(weights)).sum().backward()
    close(out.value, t_out)
    close(x.grad, t_x.grad)
    close(conv.W.grad, t_conv.weight.grad)
    close(conv.b.grad, t_conv.bias.grad)


@pytest.mark.parametrize("size, stride", [(2, None), (3, 2), (2, 1)])
def test_max_pool_matches_pytorch_including_ties_after_relu(size, stride):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(2, 3, 7, 6))
    x = dl.Node(X)
    out = nn.MaxPool2d(size, stride)(dl.relu(x))  # many windows of tied zeros
    weights = rng.normal(size=out.shape)
    backprop_weighted(out, weights)
    t_x = tensor(X, grad=True)
    t_out = torch.nn.functional.max_pool2d(torch.relu(t_x), size, stride)
    (t_out * tensor(weights)).sum().backward()
    close(out.value, t_out)
    close(x.grad, t_x.grad)


@pytest.mark.parametrize("shape", [(8, 3), (4, 3, 5, 5)])
def test_batch_norm_training_and_evaluation_match_pytorch(shape):
    rng = np.random.default_rng(2)
    bn = nn.BatchNorm(3, momentum=0.2)
    bn.gamma.value[:] = rng.normal(size=3)
    bn.beta.value[:] = rng.normal(size=3)
    t_bn = (torch.nn.BatchNorm1d if len(shape) == 2 else torch.nn.BatchNorm2d)(3, momentum=0.2).double()
    with torch.no_grad():
        t_bn.weight.copy_(tensor(bn.gamma.value))
        t_bn.bias.copy_(tensor(bn.beta.value))

    def forward_backward_and_compare(X):
        x = dl.Node(X)
        out = bn(x)
        weights = rng.normal(size=shape)
        backprop_weighted(out, weights)
        t_x = tensor(X, grad=True)
        t_bn.zero_grad()
        t_out = t_bn(t_x)
        (t_out * tensor(weights)).sum().backward()
        close(out.value, t_out)
        close(x.grad, t_x.grad)
        close(bn.gamma.grad, t_bn.weight.grad)
        close(bn.beta.grad, t_bn.bias.grad)
        return out

    for step in range(3):  # training: batch statistics, running averages updated
        forward_backward_and_compare(rng.normal(2.0, 3.0, size=shape))
        close(bn.running_mean, t_bn.running_mean)
        close(bn.running_var, t_bn.running_var)
    bn.eval()
    t_bn.eval()
    X = rng.normal(size=shape)
    out = forward_backward_and_compare(X)
    # In evaluation an example's output does not depend on the rest of its batch.
    np.testing.assert_allclose(bn(X[:1]).value, out.value[:1])


def test_layer_norm_matches_pytorch():
    rng = np.random.default_rng(3)
    ln = nn.LayerNorm(6)
    ln.gamma.value[:] = rng.normal(size=6)
    ln.beta.value[:] = rng.normal(size=6)
    X = rng.normal(size=(2, 4, 6))
    x = dl.Node(X)
    out = ln(x)
    weights = rng.normal(size=out.shape)
    backprop_weighted(out, weights)
    t_ln = torch.nn.LayerNorm(6).double()
    with torch.no_grad():
        t_ln.weight.copy_(tensor(ln.gamma.value))
        t_ln.bias.copy_(tensor(ln.beta.value))
    t_x = tensor(X, grad=True)
    t_out = t_ln(t_x)
    (t_out * tensor(weights)).sum().backward()
    close(out.value, t_out)
    close(x.grad, t_x.grad)
    close(ln.gamma.grad, t_ln.weight.grad)
    close(ln.beta.grad, t_ln.bias.grad)


def torch_attention(mha):
    """A torch.nn.MultiheadAttention with the weights of a dlnotes MultiHeadAttention."""
    d = mha.num_hiddens
    t_mha = torch.nn.MultiheadAttention(d, mha.num_heads, batch_first=True).double()
    with torch.no_grad():
        t_mha.in_proj_weight.copy_(tensor(np.concatenate([mha.W_q.W.value.T, mha.W_k.W.value.T,
                                                          mha.W_v.W.value.T])))
        t_mha.in_proj_bias.copy_(tensor(np.concatenate([mha.W_q.b.value, mha.W_k.b.value, mha.W_v.b.value])))
        set_linear(t_mha.out_proj, mha.W_o)
    return t_mha


@pytest.mark.parametrize("mask_kind", ["none", "causal", "per_example"])
def test_masked_multi_head_attention_matches_pytorch(mask_kind):
    rng = np.random.default_rng(4)
    B, T, d, h = 3, 5, 8, 2
    mha = nn.MultiHeadAttention(d, h, rng)
    for layer in mha.sublayers():
        layer.b.value[:] = rng.normal(size=d)
    X = rng.normal(size=(B, T, d))
    mask = {"none": None, "causal": np.tril(np.ones((T, T), dtype=bool)),
            "per_example": rng.random((B, T, T)) < 0.6}[mask_kind]
    if mask is not None:
        mask[..., 0] = True  # every query sees at least one key
    x = dl.Node(X)
    out = mha(x, mask)
    weights = rng.normal(size=out.shape)
    backprop_weighted(out, weights)

    t_mha = torch_attention(mha)
    t_x = tensor(X, grad=True)
    t_mask = None
    if mask is not None:  # nn.MultiheadAttention's boolean mask is True where attention is NOT allowed
        t_mask = torch.tensor(~mask)
        if mask.ndim == 3:
            t_mask = t_mask.repeat_interleave(h, dim=0)
    t_out, _ = t_mha(t_x, t_x, t_x, attn_mask=t_mask, need_weights=False)
    (t_out * tensor(weights)).sum().backward()
    close(out.value, t_out)
    close(x.grad, t_x.grad)
    W_q_grad = t_mha.in_proj_weight.grad[:d].numpy().T
    close(mha.W_q.W.grad, W_q_grad)
    close(mha.W_v.b.grad, t_mha.in_proj_bias.grad[2 * d:])
    close(mha.W_o.W.grad, t_mha.out_proj.weight.grad.numpy().T)


def test_transformer_block_matches_pytorch_with_the_same_weights():
    rng = np.random.default_rng(5)
    B, T, d, h, d_ff = 2, 6, 8, 4, 16
    block = nn.TransformerBlock(d, h, d_ff, rng)
    for p in block.parameters():
        p.value[...] = p.value + 0.1 * rng.normal(size=p.shape)  # gammas, betas, biases not trivial
    t_block = torch.nn.TransformerEncoderLayer(d, h, d_ff, dropout=0.0, activation="relu",
                                               batch_first=True, norm_first=True).double()
    t_attn = torch_attention(block.attention)
    with torch.no_grad():
        t_block.self_attn.load_state_dict(t_attn.state_dict())
        set_linear(t_block.linear1, block.ffn1)
        set_linear(t_block.linear2, block.ffn2)
        for t_norm, norm in ((t_block.norm1, block.norm1), (t_block.norm2, block.norm2)):
            t_norm.weight.copy_(tensor(norm.gamma.value))
            t_norm.bias.copy_(tensor(norm.beta.value))
    X = rng.normal(size=(B, T, d))
    mask = np.tril(np.ones((T, T), dtype=bool))
    x = dl.Node(X)
    out = block(x, mask)
    weights = rng.normal(size=out.shape)
    backprop_weighted(out, weights)
    t_x = tensor(X, grad=True)
    t_out = t_block(t_x, src_mask=torch.tensor(~mask))
    (t_out * tensor(weights)).sum().backward()
    close(out.value, t_out)
    close(x.grad, t_x.grad)
    close(block.ffn1.W.grad, t_block.linear1.weight.grad.numpy().T)
    close(block.norm1.gamma.grad, t_block.norm1.weight.grad)
    close(block.attention.W_k.W.grad, t_block.self_attn.in_proj_weight.grad[d:2 * d].numpy().T)


def test_embedding_matches_pytorch():
    rng = np.random.default_rng(6)
    emb = nn.Embedding(5, 3, rng)
    ids = np.array([[0, 4, 4], [2, 0, 4]])
    out = emb(ids)
    weights = rng.normal(size=out.shape)
    backprop_weighted(out, weights)
    t_table = tensor(emb.table.value, grad=True)
    t_out = torch.nn.functional.embedding(torch.tensor(ids), t_table)
    (t_out * tensor(weights)).sum().backward()
    close(out.value, t_out)
    close(emb.table.grad, t_table.grad)


# Properties.

@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2 ** 16), num_heads=st.sampled_from([1, 2, 4]))
def test_attention_without_positions_is_permutation_equivariant(seed, num_heads):
    rng = np.random.default_rng(seed)
    mha = nn.MultiHeadAttention(8, num_heads, rng)
    X = rng.normal(size=(2, 6, 8))
    perm = rng.permutation(6)
    np.testing.assert_allclose(mha(X[:, perm]).value, mha(X).value[:, perm], rtol=1e-10, atol=1e-12)
    block = nn.TransformerBlock(8, num_heads, 12, rng)
    np.testing.assert_allclose(block(X[:, perm]).value, block(X).value[:, perm], rtol=1e-10, atol=1e-12)


def test_positional_encoding_breaks_permutation_equivariance_and_matches_its_formula():
    P = dl.sinusoidal_positional_encoding(6, 8)
    t, i = 3, 2
    assert P[t, 2 * i] == pytest.approx(np.sin(t / 10000 ** (2 * i / 8)))
    assert P[t, 2 * i + 1] == pytest.approx(np.cos(t / 10000 ** (2 * i / 8)))
    assert dl.sinusoidal_positional_encoding(4, 5).shape == (4, 5)  # odd width
    rng = np.random.default_rng(0)
    mha = nn.MultiHeadAttention(8, 2, rng)
    X = rng.normal(size=(1, 6, 8))
    perm = np.array([1, 0, 2, 3, 4, 5])
    assert not np.allclose(mha(X[:, perm] + P).value, mha(X + P).value[:, perm])


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_keeps_a_fraction_one_minus_p_and_preserves_the_mean(p):
    x = np.full((400, 500), 2.0)
    z = dl.dropout(x, p, np.random.default_rng(0)).value
    kept = np.mean(z != 0)
    # 200,000 Bernoulli draws: the standard error of the fraction is below 0.0012.
    assert abs(kept - (1 - p)) < 0.006
    assert np.all((z == 0) | np.isclose(z, 2.0 / (1 - p)))
    assert abs(z.mean() - 2.0) < 0.03 * 2.0 / (1 - p)


def test_dropout_is_the_identity_in_evaluation_and_rejects_bad_p():
    layer = nn.Dropout(0.5, np.random.default_rng(0))
    x = dl.Node(np.ones((3, 4)))
    assert layer(x).value.min() == 0.0  # training: some units dropped
    layer.eval()
    assert layer(x) is x
    for bad in (-0.1, 1.0, 1.5, float("nan"), True):
        with pytest.raises(ValueError, match="dropout probability"):
            dl.dropout(x, bad, np.random.default_rng(0))


def test_dropout_gradient_flows_only_through_kept_units():
    x = dl.Node(np.ones((50, 40)))
    z = dl.dropout(x, 0.25, np.random.default_rng(3))
    dl.backprop(dl.sum(z))
    np.testing.assert_array_equal(x.grad, z.value)  # 1/(1 − p) where kept, 0 where dropped


def test_lora_with_b_zero_equals_its_base_and_merged_equals_unmerged():
    rng = np.random.default_rng(7)
    base = nn.Linear(6, 4, rng)
    base.b.value[:] = rng.normal(size=4)
    W0 = base.W.value.copy()
    X = rng.normal(size=(5, 6))
    expected = base(X).value
    lora = nn.LoRALinear(base, r=2, alpha=4.0, rng=rng)
    np.testing.assert_array_equal(lora(X).value, expected)  # B = 0: exactly the base
    assert lora.parameters() == [lora.A, lora.B]
    optimizer = dl.SGD(lora.parameters(), lr=0.1)
    y = rng.normal(size=(5, 4))
    for _ in range(5):
        dl.backprop(dl.mse(lora(X), y))
        optimizer.step()
        assert base.W.grad is None and base.b.grad is None  # frozen: no gradient computed
    np.testing.assert_array_equal(base.W.value, W0)  # the base never moved
    assert np.abs(lora.B.value).max() > 0
    unmerged = lora(X).value
    assert not np.allclose(unmerged, expected)
    lora.merge()
    np.testing.assert_allclose(lora(X).value, unmerged, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(base.W.value, W0 + 2.0 * lora.A.value @ lora.B.value)
    lora.unmerge()
    np.testing.assert_allclose(base.W.value, W0, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(lora(X).value, unmerged, rtol=1e-12, atol=1e-12)


def test_frozen_parameter_backprop_asks_nothing_for_it(monkeypatch):
    rng = np.random.default_rng(8)
    W = dl.Node(rng.normal(size=(3, 2)), requires_grad=False)
    b = dl.Node(np.zeros(2), requires_grad=False)
    X = dl.Node(rng.normal(size=(4, 3)))
    asked = []
    original = ops.Affine.backprop

    def spy(self, inputs, output, i, G):
        asked.append(i)
        return original(self, inputs, output, i, G)

    monkeypatch.setattr(ops.Affine, "backprop", spy)
    table = dl.backprop(dl.sum(dl.affine(X, W, b)))
    assert asked == [0]
    assert W not in table and W.grad is None
    np.testing.assert_allclose(X.grad, np.tile(W.value.sum(axis=1), (4, 1)))


def test_sequential_residual_and_train_eval_reach_every_sublayer():
    rng = np.random.default_rng(9)
    model = nn.Sequential(nn.Conv2d(1, 4, 3, rng, padding=1), nn.BatchNorm(4), dl.relu,
                          nn.Residual(nn.Sequential(nn.Conv2d(4, 4, 3, rng, padding=1), dl.relu)),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.5, rng), nn.Linear(16, 3, rng))
    X = rng.normal(size=(5, 1, 4, 4))
    assert model(X).shape == (5, 3)
    assert len(model.parameters()) == 2 + 2 + 2 + 2
    model.eval()
    assert not model[1].training and not model[6].training
    np.testing.assert_array_equal(model(X).value, model(X).value)  # no dropout noise
    model.train()
    assert model[1].training and model[6].training
    with pytest.raises(ValueError, match="changed the shape"):
        nn.Residual(nn.MaxPool2d(2))(X)


def test_bad_inputs_name_the_problem():
    rng = np.random.default_rng(10)
    with pytest.raises(ValueError, match=r"\(2, 3, 5, 5\).*\(4, 2, 3, 3\)"):
        dl.conv2d(rng.normal(size=(2, 3, 5, 5)), rng.normal(size=(4, 2, 3, 3)))
    with pytest.raises(ValueError, match="nothing to attend to"):
        q = rng.normal(size=(2, 3))
        dl.scaled_dot_product_attention(q, q, q, np.array([[True, False], [False, False]]))
    with pytest.raises(ValueError, match=r"mask of shape \(3, 3\) does not broadcast"):
        q = rng.normal(size=(2, 3))
        dl.scaled_dot_product_attention(q, q, q, np.ones((3, 3), dtype=bool))
    with pytest.raises(ValueError, match="mask must be boolean"):
        dl.scaled_dot_product_attention(q, q, q, np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"ids must lie in \[0, 4\)"):
        dl.embedding(np.array([0, 4]), rng.normal(size=(4, 2)))
    with pytest.raises(ValueError, match="ids must be integers"):
        dl.embedding(np.array([0.0, 1.0]), rng.normal(size=(4, 2)))
    with pytest.raises(ValueError, match="does not fit"):
        dl.max_pool2d(rng.normal(size=(1, 1, 2, 2)), 3)
    with pytest.raises(ValueError, match="cannot reshape"):
        dl.reshape(rng.normal(size=(2, 3)), (4, 2))
    with pytest.raises(ValueError, match="not a permutation"):
        dl.transpose(rng.normal(size=(2, 3)), (0, 0))
    with pytest.raises(ValueError, match="sqrt of a negative"):
        dl.sqrt(np.array([-1.0]))
    with pytest.raises(ValueError, match="more than one value per channel"):
        dl.batch_norm(np.ones((1, 3)), np.ones(3), np.zeros(3))
    with pytest.raises(ValueError, match="multiple of num_heads"):
        nn.MultiHeadAttention(6, 4, rng)


def test_a_training_steps_graph_and_its_im2col_buffer_are_freed_without_the_collector():
    rng = np.random.default_rng(11)
    conv = nn.Conv2d(1, 2, 3, rng, padding=1)
    gc.disable()
    try:
        loss = dl.sum(conv(rng.normal(size=(4, 1, 5, 5))))
        dl.backprop(loss)
        op = weakref.ref(loss.inputs[0].op)
        assert op() is not None and op().cols is not None
        del loss
        assert op() is None  # reference counting alone freed the graph and the buffer
    finally:
        gc.enable()


def test_index_gradients_accumulate_over_repeats_and_masks():
    x = dl.Node(np.arange(12.0).reshape(3, 4))
    rows = np.array([0, 2, 0, 0], dtype=np.int64)
    dl.backprop(dl.sum(x[rows, rows]))
    expected = np.zeros((3, 4))
    expected[0, 0], expected[2, 2] = 3, 1
    np.testing.assert_array_equal(x.grad, expected)
    dl.backprop(dl.sum(x[x.value > 5]))
    np.testing.assert_array_equal(x.grad, (x.value > 5).astype(float))
    with pytest.raises(IndexError):
        x[np.array([0.5])]


def test_batched_matmul_forward_and_backward():
    rng = np.random.default_rng(12)
    A, Bm = rng.normal(size=(4, 5, 3)), rng.normal(size=(4, 3, 5))
    a, b = dl.Node(A), dl.Node(Bm)
    out = a @ b
    weights = rng.normal(size=(4, 5, 5))
    backprop_weighted(out, weights)
    t_a, t_b = tensor(A, grad=True), tensor(Bm, grad=True)
    ((t_a @ t_b) * tensor(weights)).sum().backward()
    close(out.value, t_a @ t_b)
    close(a.grad, t_a.grad)
    close(b.grad, t_b.grad)


def test_max_shares_the_gradient_among_ties_like_torch_amax():
    a = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]])
    x = dl.Node(a)
    dl.backprop(dl.sum(dl.max(x, axis=1) * np.array([1.0, 3.0])))
    np.testing.assert_allclose(x.grad, [[0, 0.5, 0.5], [1, 1, 1]])
    t = tensor(a, grad=True)
    (t.amax(dim=1) * tensor([1.0, 3.0])).sum().backward()
    close(x.grad, t.grad)


def test_a_small_cnn_and_a_one_block_transformer_learn():
    rng = np.random.default_rng(13)
    X_all, y_all = dl.datasets.digits()
    X, y = X_all[:256].reshape(-1, 1, 8, 8), y_all[:256]
    cnn = nn.Sequential(nn.Conv2d(1, 8, 3, rng, padding=1), nn.BatchNorm(8), dl.relu, nn.MaxPool2d(2),
                        nn.Flatten(), nn.Linear(128, 10, rng))
    optimizer = dl.SGD(cnn.parameters(), lr=0.1)
    losses = []
    for _ in range(30):
        loss = dl.cross_entropy(cnn(X), y)
        dl.backprop(loss)
        optimizer.step()
        losses.append(float(loss.value))
    cnn.eval()
    assert losses[-1] < 0.3 * losses[0], (losses[0], losses[-1])
    assert np.mean(cnn(X).value.argmax(axis=1) == y) > 0.9

    # Reverse a sequence: position t must read position T − 1 − t, which needs positions.
    vocab, T, d = 5, 6, 16
    ids = rng.integers(0, vocab, size=(64, T))
    targets = ids[:, ::-1].reshape(-1)
    embed, block = nn.Embedding(vocab, d, rng), nn.TransformerBlock(d, 2, 32, rng)
    readout = nn.Linear(d, vocab, rng, gain=1.0)
    P = dl.sinusoidal_positional_encoding(T, d)
    params = embed.parameters() + block.parameters() + readout.parameters()
    optimizer = dl.SGD(params, lr=0.1)
    losses = []
    for _ in range(150):
        logits = readout(block(embed(ids) + P)).reshape(-1, vocab)
        loss = dl.cross_entropy(logits, targets)
        dl.backprop(loss)
        optimizer.step()
        losses.append(float(loss.value))
    assert losses[-1] < 0.5 * losses[0], (losses[0], losses[-1])
