"""Wrong answers to a4_sequences that students are likely to write, by graded function or class.

BUGS: several per item, each a complete wrong definition; its item's test cell must fail on it.
GPU_BUGS: right on the CPU, wrong on a GPU (results left on, or tensors made on, the CPU), checked where CUDA exists.
HIDDEN_ONLY: for each item, one bug its visible checks let through: the autograder round trip
submits these, so only the hidden tests (restored by nbgrader when grading) can take the points away.

Every item is written once, right (its docstring dropped), and each wrong version changes a few lines
of it (``_variant`` checks that every change applies exactly once).
"""

def _variant(source: str, *changes: tuple[str, str]) -> str:
    for old, new in changes:
        assert source.count(old) == 1, f"the change {old!r} must apply exactly once"
        source = source.replace(old, new)
    return source

_RNN_STEP_FORWARD = """
def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = torch.tanh(x @ Wx + prev_h @ Wh + b)
    cache = (x, prev_h, Wx, Wh, next_h)
    return next_h, cache
"""

_RNN_STEP_BACKWARD = """
def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1 - next_h * next_h)
    dx = da @ Wx.T
    dprev_h = da @ Wh.T
    dWx = x.T @ da
    dWh = prev_h.T @ da
    db = da.sum(dim=0)
    return dx, dprev_h, dWx, dWh, db
"""

_RNN_FORWARD = """
def rnn_forward(x, h0, Wx, Wh, b):
    hs, cache = [], []
    prev_h = h0
    for t in range(x.shape[1]):
        prev_h, step_cache = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)
        hs.append(prev_h)
        cache.append(step_cache)
    h = torch.stack(hs, dim=1)
    return h, cache
"""

_RNN_BACKWARD = """
def rnn_backward(dh, cache):
    dxs = []
    dprev_h = torch.zeros_like(dh[:, 0])
    dWx = dWh = db = 0
    for t in reversed(range(dh.shape[1])):
        dx_t, dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev_h, cache[t])
        dxs.append(dx_t)
        dWx, dWh, db = dWx + dWx_t, dWh + dWh_t, db + db_t
    dx = torch.stack(dxs[::-1], dim=1)
    dh0 = dprev_h
    return dx, dh0, dWx, dWh, db
"""

_LSTM_STEP_FORWARD = """
def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    i = torch.sigmoid(a[:, :H])
    f = torch.sigmoid(a[:, H:2 * H])
    o = torch.sigmoid(a[:, 2 * H:3 * H])
    g = torch.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    next_h = o * torch.tanh(next_c)
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c)
    return next_h, next_c, cache
"""

_LSTM_STEP_BACKWARD = """
def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c = cache
    tanh_c = torch.tanh(next_c)
    dc = dnext_c + dnext_h * o * (1 - tanh_c * tanh_c)
    di = dc * g * i * (1 - i)
    df = dc * prev_c * f * (1 - f)
    do = dnext_h * tanh_c * o * (1 - o)
    dg = dc * i * (1 - g * g)
    da = torch.cat([di, df, do, dg], dim=1)
    dx = da @ Wx.T
    dprev_h = da @ Wh.T
    dprev_c = dc * f
    dWx = x.T @ da
    dWh = prev_h.T @ da
    db = da.sum(dim=0)
    return dx, dprev_h, dprev_c, dWx, dWh, db
"""

_LSTM_FORWARD = """
def lstm_forward(x, h0, Wx, Wh, b):
    hs, cache = [], []
    prev_h, prev_c = h0, torch.zeros_like(h0)
    for t in range(x.shape[1]):
        prev_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
        hs.append(prev_h)
        cache.append(step_cache)
    h = torch.stack(hs, dim=1)
    return h, cache
"""

_LSTM_BACKWARD = """
def lstm_backward(dh, cache):
    dxs = []
    dprev_h, dprev_c = torch.zeros_like(dh[:, 0]), torch.zeros_like(dh[:, 0])
    dWx = dWh = db = 0
    for t in reversed(range(dh.shape[1])):
        dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(dh[:, t] + dprev_h, dprev_c, cache[t])
        dxs.append(dx_t)
        dWx, dWh, db = dWx + dWx_t, dWh + dWh_t, db + db_t
    dx = torch.stack(dxs[::-1], dim=1)
    dh0 = dprev_h
    return dx, dh0, dWx, dWh, db
"""

_GRU = """
def gru_step_forward(x, prev_h, Wx, Wh, bx, bh):
    H = prev_h.shape[1]
    ax = x @ Wx + bx
    ah = prev_h @ Wh + bh
    r = torch.sigmoid(ax[:, :H] + ah[:, :H])
    z = torch.sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])
    n = torch.tanh(ax[:, 2 * H:] + r * ah[:, 2 * H:])
    next_h = (1 - z) * n + z * prev_h
    cache = (x, prev_h, Wx, Wh, r, z, n)
    return next_h, cache
"""

_EMBED_FORWARD = """
def word_embedding_forward(x, W):
    out = W[x]
    cache = (x, W)
    return out, cache
"""

_EMBED_BACKWARD = """
def word_embedding_backward(dout, cache):
    x, W = cache
    dW = torch.zeros(W.shape, dtype=dout.dtype, device=dout.device)
    dW.index_add_(0, x.reshape(-1), dout.reshape(-1, W.shape[1]))
    return dW
"""

_LOSS = """
def temporal_softmax_loss(x, y, mask):
    N = x.shape[0]
    log_probs = x.log_softmax(dim=-1)
    weights = mask.to(x.dtype)
    loss = -(log_probs.gather(-1, y.unsqueeze(-1)).squeeze(-1) * weights).sum() / N
    dx = log_probs.exp()
    dx.scatter_add_(-1, y.unsqueeze(-1), -torch.ones_like(y.unsqueeze(-1), dtype=x.dtype))
    dx = dx * weights.unsqueeze(-1) / N
    return loss, dx
"""

_CLIP = """
def clip_grad_norm(tensors, max_norm):
    total_norm = torch.sqrt(sum((t.double() ** 2).sum() for t in tensors))
    scale = max_norm / (float(total_norm) + 1e-6)
    if scale < 1:
        for t in tensors:
            t.mul_(scale)
    return total_norm
"""

_CAPTIONING = """
class CaptioningRNN:

    def __init__(self, word_to_idx, input_dim=512, wordvec_dim=128, hidden_dim=128, cell_type="rnn",
                 dtype=torch.float32, device="cpu"):
        if cell_type not in ("rnn", "lstm"):
            raise ValueError(f'cell_type must be "rnn" or "lstm", got {cell_type!r}')
        self.cell_type = cell_type
        self.word_to_idx = word_to_idx
        self.null, self.start, self.end = word_to_idx["<NULL>"], word_to_idx["<START>"], word_to_idx["<END>"]
        self.params = {}
        V, D, W, H = len(word_to_idx), input_dim, wordvec_dim, hidden_dim
        G = 4 * H if cell_type == "lstm" else H

        def randn(*shape):
            return torch.randn(*shape, dtype=dtype, device=device)

        self.params["W_proj"] = randn(D, H) / math.sqrt(D)
        self.params["b_proj"] = torch.zeros(H, dtype=dtype, device=device)
        self.params["W_embed"] = randn(V, W) / 100
        self.params["Wx"] = randn(W, G) / math.sqrt(W)
        self.params["Wh"] = randn(H, G) / math.sqrt(H)
        self.params["b"] = torch.zeros(G, dtype=dtype, device=device)
        self.params["W_vocab"] = randn(H, V) / math.sqrt(H)
        self.params["b_vocab"] = torch.zeros(V, dtype=dtype, device=device)

    def loss(self, features, captions):
        p = self.params
        captions_in, captions_out = captions[:, :-1], captions[:, 1:]
        mask = captions_out != self.null
        h0 = features @ p["W_proj"] + p["b_proj"]
        words, embed_cache = word_embedding_forward(captions_in, p["W_embed"])
        forward, backward = (lstm_forward, lstm_backward) if self.cell_type == "lstm" else (rnn_forward, rnn_backward)
        h, rnn_cache = forward(words, h0, p["Wx"], p["Wh"], p["b"])
        scores = h @ p["W_vocab"] + p["b_vocab"]
        loss, dscores = temporal_softmax_loss(scores, captions_out, mask)
        grads = {"W_vocab": h.reshape(-1, h.shape[-1]).T @ dscores.reshape(-1, dscores.shape[-1]),
                 "b_vocab": dscores.sum(dim=(0, 1))}
        dwords, dh0, grads["Wx"], grads["Wh"], grads["b"] = backward(dscores @ p["W_vocab"].T, rnn_cache)
        grads["W_embed"] = word_embedding_backward(dwords, embed_cache)
        grads["W_proj"] = features.T @ dh0
        grads["b_proj"] = dh0.sum(dim=0)
        return loss, grads

    def sample(self, features, max_length=30):
        p = self.params
        N = features.shape[0]
        captions = torch.full((N, max_length), self.null, dtype=torch.int64, device=features.device)
        h = features @ p["W_proj"] + p["b_proj"]
        c = torch.zeros_like(h)
        word = torch.full((N,), self.start, dtype=torch.int64, device=features.device)
        done = torch.zeros(N, dtype=torch.bool, device=features.device)
        for t in range(max_length):
            x, _ = word_embedding_forward(word[:, None], p["W_embed"])
            if self.cell_type == "lstm":
                h, c, _ = lstm_step_forward(x[:, 0], h, c, p["Wx"], p["Wh"], p["b"])
            else:
                h, _ = rnn_step_forward(x[:, 0], h, p["Wx"], p["Wh"], p["b"])
            word = (h @ p["W_vocab"] + p["b_vocab"]).argmax(dim=1)
            captions[:, t] = torch.where(done, self.null, word)
            done = done | (word == self.end)
        return captions
"""

_SDPA = """
def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = scores.softmax(dim=-1)
    out = weights @ v
    return out, weights
"""

_MHA = """
class MultiHeadAttention(nn.Module):

    def __init__(self, embed_dim, num_heads):
        super().__init__()
        if embed_dim % num_heads != 0:
            raise ValueError(f"embed_dim {embed_dim} must be a multiple of num_heads {num_heads}")
        self.embed_dim, self.num_heads = embed_dim, num_heads
        self.q_proj = nn.Linear(embed_dim, embed_dim)
        self.k_proj = nn.Linear(embed_dim, embed_dim)
        self.v_proj = nn.Linear(embed_dim, embed_dim)
        self.out_proj = nn.Linear(embed_dim, embed_dim)

    def forward(self, query, key, value, attn_mask=None):
        N, Lq, E = query.shape
        head_dim = E // self.num_heads

        def split_heads(t):
            return t.reshape(N, t.shape[1], self.num_heads, head_dim).transpose(1, 2)

        if attn_mask is not None and attn_mask.ndim == 3:
            attn_mask = attn_mask.unsqueeze(1)  # the same mask for every head
        out, _ = scaled_dot_product_attention(split_heads(self.q_proj(query)), split_heads(self.k_proj(key)),
                                              split_heads(self.v_proj(value)), attn_mask)
        return self.out_proj(out.transpose(1, 2).reshape(N, Lq, E))
"""

_PE = """
def positional_encoding(max_len, dim, dtype=torch.float32, device="cpu"):
    position = torch.arange(max_len, dtype=torch.float64)[:, None]
    frequency = 10000.0 ** (-torch.arange(0, dim, 2, dtype=torch.float64) / dim)
    pe = torch.zeros(max_len, dim, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(position * frequency)
    pe[:, 1::2] = torch.cos(position * frequency)
    pe = pe.to(dtype=dtype, device=device)
    return pe
"""

_BLOCK = """
class TransformerBlock(nn.Module):

    def __init__(self, embed_dim, num_heads, ffn_dim):
        super().__init__()
        self.attn = MultiHeadAttention(embed_dim, num_heads)
        self.norm1 = nn.LayerNorm(embed_dim)
        self.norm2 = nn.LayerNorm(embed_dim)
        self.ffn = nn.Sequential(nn.Linear(embed_dim, ffn_dim), nn.ReLU(), nn.Linear(ffn_dim, embed_dim))

    def forward(self, x, mask=None):
        normed = self.norm1(x)
        x = x + self.attn(normed, normed, normed, attn_mask=mask)
        return x + self.ffn(self.norm2(x))
"""

BUGS = {
    "rnn_step_forward": {
        "sigmoid instead of tanh": _variant(_RNN_STEP_FORWARD, ("next_h = torch.tanh(", "next_h = torch.sigmoid(")),
        "forgets the bias": _variant(_RNN_STEP_FORWARD, (" + prev_h @ Wh + b)", " + prev_h @ Wh)")),
        "the hidden state not carried (prev_h ignored)": _variant(_RNN_STEP_FORWARD, (" + prev_h @ Wh + b)", " + b)")),
        "Wh transposed (PyTorch's layout)": _variant(_RNN_STEP_FORWARD, ("prev_h @ Wh", "prev_h @ Wh.T")),
        "caches the pre-activation instead of next_h": _variant(
            _RNN_STEP_FORWARD, ("    next_h = torch.tanh(x @ Wx + prev_h @ Wh + b)\n",
                                "    a = x @ Wx + prev_h @ Wh + b\n    next_h = torch.tanh(a)\n"),
            ("cache = (x, prev_h, Wx, Wh, next_h)", "cache = (x, prev_h, Wx, Wh, a)")),
        "squeeze(0): N = 1 gives next_h of shape (H,)": _variant(
            _RNN_STEP_FORWARD, ("+ prev_h @ Wh + b)\n", "+ prev_h @ Wh + b).squeeze(0)\n")),
    },
    "rnn_step_backward": {
        "tanh derivative 1 - h instead of 1 - h^2": _variant(_RNN_STEP_BACKWARD, ("(1 - next_h * next_h)", "(1 - next_h)")),
        "forgets the tanh derivative": _variant(_RNN_STEP_BACKWARD, ("da = dnext_h * (1 - next_h * next_h)", "da = dnext_h")),
        "dprev_h through Wh, not Wh.T": _variant(_RNN_STEP_BACKWARD, ("dprev_h = da @ Wh.T", "dprev_h = da @ Wh")),
        "dWh from next_h instead of prev_h": _variant(_RNN_STEP_BACKWARD, ("dWh = prev_h.T @ da", "dWh = next_h.T @ da")),
        "db averaged over the batch": _variant(_RNN_STEP_BACKWARD, ("db = da.sum(dim=0)", "db = da.mean(dim=0)")),
        "squeeze(0): fails for N = 1": _variant(_RNN_STEP_BACKWARD, ("(1 - next_h * next_h)\n", "(1 - next_h * next_h)).squeeze(0\n")).replace(
            "da = dnext_h * (1 - next_h * next_h)).squeeze(0", "da = (dnext_h * (1 - next_h * next_h)).squeeze(0)"),
    },
    "rnn_forward": {
        "the hidden state not carried between steps (always h0)": _variant(
            _RNN_FORWARD, ("prev_h, step_cache = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)\n        hs.append(prev_h)",
                           "next_h, step_cache = rnn_step_forward(x[:, t], h0, Wx, Wh, b)\n        hs.append(next_h)")),
        "time-major output (T, N, H)": _variant(_RNN_FORWARD, ("h = torch.stack(hs, dim=1)", "h = torch.stack(hs, dim=0)")),
        "h includes h0 (T + 1 states)": _variant(_RNN_FORWARD, ("h = torch.stack(hs, dim=1)", "h = torch.stack([h0] + hs, dim=1)")),
        "stores the previous state at each step": _variant(
            _RNN_FORWARD, ("        prev_h, step_cache = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)\n        hs.append(prev_h)",
                           "        hs.append(prev_h)\n        prev_h, step_cache = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)")),
        "caches only the last step": _variant(_RNN_FORWARD, ("        cache.append(step_cache)\n", "        cache = [step_cache]\n")),
        "reads x along the wrong axis (x[t])": _variant(_RNN_FORWARD, ("rnn_step_forward(x[:, t], prev_h", "rnn_step_forward(x[t], prev_h")),
        "squeeze(1): T = 1 gives h of shape (N, H)": _variant(_RNN_FORWARD, ("h = torch.stack(hs, dim=1)", "h = torch.stack(hs, dim=1).squeeze(1)")),
    },
    "rnn_backward": {
        "the gradient from later steps not carried": _variant(_RNN_BACKWARD, ("rnn_step_backward(dh[:, t] + dprev_h, cache[t])", "rnn_step_backward(dh[:, t], cache[t])")),
        "only the carried gradient, dh[:, t] ignored after the last step": _variant(
            _RNN_BACKWARD, ("    dprev_h = torch.zeros_like(dh[:, 0])\n", "    dprev_h = dh[:, -1]\n"),
            ("rnn_step_backward(dh[:, t] + dprev_h, cache[t])", "rnn_step_backward(dprev_h, cache[t])")),
        "weight gradients overwritten, not summed over time": _variant(_RNN_BACKWARD, ("dWx, dWh, db = dWx + dWx_t, dWh + dWh_t, db + db_t", "dWx, dWh, db = dWx_t, dWh_t, db_t")),
        "walks forward in time": _variant(_RNN_BACKWARD, ("for t in reversed(range(dh.shape[1])):", "for t in range(dh.shape[1]):"),
                                          ("torch.stack(dxs[::-1], dim=1)", "torch.stack(dxs, dim=1)")),
        "dx in reverse time order": _variant(_RNN_BACKWARD, ("torch.stack(dxs[::-1], dim=1)", "torch.stack(dxs, dim=1)")),
        "dh0 includes dh of the first step": _variant(_RNN_BACKWARD, ("dh0 = dprev_h", "dh0 = dprev_h + dh[:, 0]")),
        "squeeze(1): T = 1 gives dx of shape (N, D)": _variant(_RNN_BACKWARD, ("dx = torch.stack(dxs[::-1], dim=1)", "dx = torch.stack(dxs[::-1], dim=1).squeeze(1)")),
    },
    "lstm_step_forward": {
        "PyTorch's gate order i, f, g, o": _variant(
            _LSTM_STEP_FORWARD, ("o = torch.sigmoid(a[:, 2 * H:3 * H])", "o = torch.sigmoid(a[:, 3 * H:])"),
            ("g = torch.tanh(a[:, 3 * H:])", "g = torch.tanh(a[:, 2 * H:3 * H])")),
        "forgets the previous cell state": _variant(_LSTM_STEP_FORWARD, ("next_c = f * prev_c + i * g", "next_c = i * g")),
        "sigmoid for g": _variant(_LSTM_STEP_FORWARD, ("g = torch.tanh(a[:, 3 * H:])", "g = torch.sigmoid(a[:, 3 * H:])")),
        "next_h without tanh of the cell": _variant(_LSTM_STEP_FORWARD, ("next_h = o * torch.tanh(next_c)", "next_h = o * next_c")),
        "forget and input gates swapped": _variant(_LSTM_STEP_FORWARD, ("next_c = f * prev_c + i * g", "next_c = i * prev_c + f * g")),
        "caches the gates before their non-linearities": _variant(
            _LSTM_STEP_FORWARD, ("cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c)",
                                 "cache = (x, prev_h, prev_c, Wx, Wh, a[:, :H], a[:, H:2 * H], a[:, 2 * H:3 * H], a[:, 3 * H:], next_c)")),
        "squeeze(0): N = 1 gives (H,) states": _variant(
            _LSTM_STEP_FORWARD, ("next_c = f * prev_c + i * g", "next_c = (f * prev_c + i * g).squeeze(0)"),
            ("next_h = o * torch.tanh(next_c)", "next_h = (o * torch.tanh(next_c)).squeeze(0)")),
    },
    "lstm_step_backward": {
        "forgets dnext_c": _variant(_LSTM_STEP_BACKWARD, ("dc = dnext_c + dnext_h", "dc = dnext_h")),
        "dprev_c = dc (forgets the forget gate)": _variant(_LSTM_STEP_BACKWARD, ("dprev_c = dc * f", "dprev_c = dc")),
        "gate gradients in PyTorch's order i, f, g, o": _variant(_LSTM_STEP_BACKWARD, ("torch.cat([di, df, do, dg], dim=1)", "torch.cat([di, df, dg, do], dim=1)")),
        "tanh derivative of the cell missing": _variant(_LSTM_STEP_BACKWARD, ("dc = dnext_c + dnext_h * o * (1 - tanh_c * tanh_c)", "dc = dnext_c + dnext_h * o")),
        "df from next_c instead of prev_c": _variant(_LSTM_STEP_BACKWARD, ("df = dc * prev_c * f * (1 - f)", "df = dc * next_c * f * (1 - f)")),
        "dg with the sigmoid's derivative": _variant(_LSTM_STEP_BACKWARD, ("dg = dc * i * (1 - g * g)", "dg = dc * i * g * (1 - g)")),
        "accumulates into dnext_c in place (+=)": _variant(_LSTM_STEP_BACKWARD, ("    dc = dnext_c + dnext_h * o * (1 - tanh_c * tanh_c)\n",
                                                                                 "    dc = dnext_c\n    dc += dnext_h * o * (1 - tanh_c * tanh_c)\n")),
    },
    "lstm_forward": {
        "the cell state not carried (always zeros)": _variant(
            _LSTM_FORWARD, ("prev_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)",
                            "prev_h, _, step_cache = lstm_step_forward(x[:, t], prev_h, torch.zeros_like(h0), Wx, Wh, b)")),
        "the hidden state not carried (always h0)": _variant(
            _LSTM_FORWARD, ("prev_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)\n        hs.append(prev_h)",
                            "next_h, prev_c, step_cache = lstm_step_forward(x[:, t], h0, prev_c, Wx, Wh, b)\n        hs.append(next_h)")),
        "c0 = h0 instead of zeros": _variant(_LSTM_FORWARD, ("prev_h, prev_c = h0, torch.zeros_like(h0)", "prev_h, prev_c = h0, h0")),
        "returns the cell states instead of the hidden states": _variant(_LSTM_FORWARD, ("        hs.append(prev_h)\n", "        hs.append(prev_c)\n")),
        "time-major output (T, N, H)": _variant(_LSTM_FORWARD, ("h = torch.stack(hs, dim=1)", "h = torch.stack(hs, dim=0)")),
        "squeeze(1): T = 1 gives h of shape (N, H)": _variant(_LSTM_FORWARD, ("h = torch.stack(hs, dim=1)", "h = torch.stack(hs, dim=1).squeeze(1)")),
    },
    "lstm_backward": {
        "the cell gradient not carried between steps": _variant(
            _LSTM_BACKWARD, ("lstm_step_backward(dh[:, t] + dprev_h, dprev_c, cache[t])", "lstm_step_backward(dh[:, t] + dprev_h, torch.zeros_like(dprev_c), cache[t])")),
        "the hidden gradient from later steps not carried": _variant(_LSTM_BACKWARD, ("lstm_step_backward(dh[:, t] + dprev_h, dprev_c", "lstm_step_backward(dh[:, t], dprev_c")),
        "weight gradients overwritten, not summed over time": _variant(_LSTM_BACKWARD, ("dWx, dWh, db = dWx + dWx_t, dWh + dWh_t, db + db_t", "dWx, dWh, db = dWx_t, dWh_t, db_t")),
        "dx in reverse time order": _variant(_LSTM_BACKWARD, ("torch.stack(dxs[::-1], dim=1)", "torch.stack(dxs, dim=1)")),
        "dh0 includes dh of the first step": _variant(_LSTM_BACKWARD, ("dh0 = dprev_h", "dh0 = dprev_h + dh[:, 0]")),
        "squeeze(1): T = 1 gives dx of shape (N, D)": _variant(_LSTM_BACKWARD, ("dx = torch.stack(dxs[::-1], dim=1)", "dx = torch.stack(dxs[::-1], dim=1).squeeze(1)")),
    },
    "gru_step_forward": {
        "gate order z, r, n": _variant(_GRU, ("r = torch.sigmoid(ax[:, :H] + ah[:, :H])", "r = torch.sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])"),
                                        ("z = torch.sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])", "z = torch.sigmoid(ax[:, :H] + ah[:, :H])")),
        "z and 1 - z swapped": _variant(_GRU, ("next_h = (1 - z) * n + z * prev_h", "next_h = z * n + (1 - z) * prev_h")),
        "reset gate outside the hidden bias (r * (h Wh) + bh)": _variant(
            _GRU, ("    ah = prev_h @ Wh + bh\n", "    ah = prev_h @ Wh\n"),
            ("r = torch.sigmoid(ax[:, :H] + ah[:, :H])", "r = torch.sigmoid(ax[:, :H] + ah[:, :H] + bh[:H])"),
            ("z = torch.sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])", "z = torch.sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H] + bh[H:2 * H])"),
            ("n = torch.tanh(ax[:, 2 * H:] + r * ah[:, 2 * H:])", "n = torch.tanh(ax[:, 2 * H:] + r * ah[:, 2 * H:] + bh[2 * H:])")),
        "reset gate ignored": _variant(_GRU, ("n = torch.tanh(ax[:, 2 * H:] + r * ah[:, 2 * H:])", "n = torch.tanh(ax[:, 2 * H:] + ah[:, 2 * H:])")),
        "sigmoid for the new state n": _variant(_GRU, ("n = torch.tanh(", "n = torch.sigmoid(")),
        "computes in float32 (x.float())": _variant(_GRU, ("ax = x @ Wx + bx", "ax = x.float() @ Wx.float() + bx.float()")),
    },
    "word_embedding_forward": {
        "indexes the columns: W[:, x]": _variant(_EMBED_FORWARD, ("out = W[x]", "out = W[:, x].permute(1, 2, 0)")),
        "time-major output (T, N, D)": _variant(_EMBED_FORWARD, ("out = W[x]", "out = W[x.T]")),
        "off by one: W[x - 1]": _variant(_EMBED_FORWARD, ("out = W[x]", "out = W[x - 1]")),
        "cache (W, x)": _variant(_EMBED_FORWARD, ("cache = (x, W)", "cache = (W, x)")),
        "flattened output (N * T, D)": _variant(_EMBED_FORWARD, ("out = W[x]", "out = W[x.reshape(-1)]")),
        "one-hot matrix product in float32": _variant(_EMBED_FORWARD, ("out = W[x]", "out = torch.eye(W.shape[0], device=W.device)[x] @ W")),
    },
    "word_embedding_backward": {
        "repeated words not accumulated (dW[x] = dout)": _variant(
            _EMBED_BACKWARD, ("dW.index_add_(0, x.reshape(-1), dout.reshape(-1, W.shape[1]))", "dW[x.reshape(-1)] = dout.reshape(-1, W.shape[1])")),
        "returns dout summed over time": _variant(_EMBED_BACKWARD, ("    dW.index_add_(0, x.reshape(-1), dout.reshape(-1, W.shape[1]))\n", "    dW = dout.sum(dim=1)\n")),
        "averaged over the N sequences": _variant(_EMBED_BACKWARD, ("dout.reshape(-1, W.shape[1]))", "dout.reshape(-1, W.shape[1]) / dout.shape[0])")),
        "transposed x: rows of x.T paired with rows of dout": _variant(_EMBED_BACKWARD, ("x.reshape(-1)", "x.T.reshape(-1)")),
        "dW shaped like dout": _variant(_EMBED_BACKWARD, ("    return dW", "    return dW[x]")),
        "always float32 (torch.zeros without dtype)": _variant(_EMBED_BACKWARD, ("torch.zeros(W.shape, dtype=dout.dtype, device=dout.device)", "torch.zeros(W.shape, device=dout.device)")),
    },
    "temporal_softmax_loss": {
        "averaged over the unmasked steps (PyTorch's ignore_index mean)": _variant(
            _LOSS, ("* weights).sum() / N", "* weights).sum() / weights.sum()"), ("dx * weights.unsqueeze(-1) / N", "dx * weights.unsqueeze(-1) / weights.sum()")),
        "averaged over N * T steps": _variant(
            _LOSS, ("    N = x.shape[0]\n", "    N = x.shape[0] * x.shape[1]\n")),
        "mask ignored": _variant(_LOSS, ("    weights = mask.to(x.dtype)\n", "    weights = torch.ones_like(mask, dtype=x.dtype)\n")),
        "dx not masked": _variant(_LOSS, ("dx = dx * weights.unsqueeze(-1) / N", "dx = dx / N")),
        "dx not divided by N": _variant(_LOSS, ("dx = dx * weights.unsqueeze(-1) / N", "dx = dx * weights.unsqueeze(-1)")),
        "mask inverted": _variant(_LOSS, ("weights = mask.to(x.dtype)", "weights = (~mask).to(x.dtype)")),
        "no max subtraction: exp overflows for large scores": _variant(_LOSS, ("log_probs = x.log_softmax(dim=-1)", "log_probs = x - x.exp().sum(dim=-1, keepdim=True).log()")),
    },
    "clip_grad_norm": {
        "clips each tensor on its own": """
def clip_grad_norm(tensors, max_norm):
    total_norm = torch.sqrt(sum((t.double() ** 2).sum() for t in tensors))
    for t in tensors:
        norm = float(t.double().norm())
        if norm > max_norm:
            t.mul_(max_norm / (norm + 1e-6))
    return total_norm
""",
        "returns the norm after clipping": _variant(_CLIP, ("    return total_norm", "    return torch.sqrt(sum((t.double() ** 2).sum() for t in tensors))")),
        "not in place (rebinds the loop variable)": _variant(_CLIP, ("            t.mul_(scale)", "            t = t * scale")),
        "always scales to max_norm, also up": _variant(_CLIP, ("    if scale < 1:\n", "    if True:\n")),
        "squared norm": _variant(_CLIP, ("total_norm = torch.sqrt(sum((t.double() ** 2).sum() for t in tensors))", "total_norm = sum((t.double() ** 2).sum() for t in tensors)")),
        "sum of the tensors' norms, not the joint norm": _variant(_CLIP, ("total_norm = torch.sqrt(sum((t.double() ** 2).sum() for t in tensors))", "total_norm = sum(t.double().norm() for t in tensors)")),
        "no epsilon: scales by exactly max_norm / norm": _variant(_CLIP, ("scale = max_norm / (float(total_norm) + 1e-6)", "scale = max_norm / float(total_norm)")),
    },
    "CaptioningRNN": {
        "loss averaged over the padded steps too (mask ignored)": _variant(_CAPTIONING, ("        mask = captions_out != self.null\n", "        mask = torch.ones_like(captions_out, dtype=torch.bool)\n")),
        "predicts the input word (no shift by one)": _variant(_CAPTIONING, ("captions_in, captions_out = captions[:, :-1], captions[:, 1:]", "captions_in, captions_out = captions[:, :-1], captions[:, :-1]")),
        "h0 from zeros, features ignored in the loss": _variant(
            _CAPTIONING, ("        h0 = features @ p[\"W_proj\"] + p[\"b_proj\"]\n", "        h0 = torch.zeros(features.shape[0], p[\"Wh\"].shape[0], dtype=features.dtype, device=features.device)\n"),
            ("        grads[\"W_proj\"] = features.T @ dh0\n        grads[\"b_proj\"] = dh0.sum(dim=0)\n",
             "        grads[\"W_proj\"] = torch.zeros_like(p[\"W_proj\"])\n        grads[\"b_proj\"] = torch.zeros_like(p[\"b_proj\"])\n")),
        "sampling does not stop at <END>": _variant(_CAPTIONING, ("captions[:, t] = torch.where(done, self.null, word)", "captions[:, t] = word")),
        "sampling feeds <START> at every step": _variant(_CAPTIONING, ("            word = (h @ p[\"W_vocab\"] + p[\"b_vocab\"]).argmax(dim=1)\n            captions[:, t] = torch.where(done, self.null, word)\n            done = done | (word == self.end)\n",
                                                                        "            best = (h @ p[\"W_vocab\"] + p[\"b_vocab\"]).argmax(dim=1)\n            captions[:, t] = torch.where(done, self.null, best)\n            done = done | (best == self.end)\n")),
        "sampling restarts the hidden state at every step": _variant(_CAPTIONING, ("                h, _ = rnn_step_forward(x[:, 0], h, p[\"Wx\"], p[\"Wh\"], p[\"b\"])",
                                                                                  "                h, _ = rnn_step_forward(x[:, 0], features @ p[\"W_proj\"] + p[\"b_proj\"], p[\"Wx\"], p[\"Wh\"], p[\"b\"])")),
        "b_vocab gradient missing the sum over time": _variant(_CAPTIONING, ("\"b_vocab\": dscores.sum(dim=(0, 1))", "\"b_vocab\": dscores.sum(dim=0)[0]")),
        "W_embed not scaled by 1/100": _variant(_CAPTIONING, ("self.params[\"W_embed\"] = randn(V, W) / 100", "self.params[\"W_embed\"] = randn(V, W)")),
    },
    "scaled_dot_product_attention": {
        "mask applied after the softmax": _variant(
            _SDPA, ("    if mask is not None:\n        scores = scores.masked_fill(~mask, float(\"-inf\"))\n    weights = scores.softmax(dim=-1)\n",
                    "    weights = scores.softmax(dim=-1)\n    if mask is not None:\n        weights = weights.masked_fill(~mask, 0.0)\n")),
        "mask with the wrong sign (True = blocked)": _variant(_SDPA, ("scores.masked_fill(~mask,", "scores.masked_fill(mask,")),
        "scaled by d instead of sqrt(d)": _variant(_SDPA, ("/ math.sqrt(q.shape[-1])", "/ q.shape[-1]")),
        "not scaled": _variant(_SDPA, ("scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])", "scores = q @ k.transpose(-2, -1)")),
        "softmax over the queries": _variant(_SDPA, ("weights = scores.softmax(dim=-1)", "weights = scores.softmax(dim=-2)")),
        "scaled by sqrt of the value size": _variant(_SDPA, ("/ math.sqrt(q.shape[-1])", "/ math.sqrt(v.shape[-1])")),
        "softmax in float32 (scores.float())": _variant(_SDPA, ("weights = scores.softmax(dim=-1)", "weights = scores.float().softmax(dim=-1)")),
    },
    "MultiHeadAttention": {
        "heads split along the wrong axis (reshape without transpose)": _variant(
            _MHA, ("return t.reshape(N, t.shape[1], self.num_heads, head_dim).transpose(1, 2)", "return t.reshape(N, self.num_heads, t.shape[1], head_dim)"),
            ("out.transpose(1, 2).reshape(N, Lq, E)", "out.reshape(N, Lq, E)")),
        "heads merged without transposing back": _variant(_MHA, ("out.transpose(1, 2).reshape(N, Lq, E)", "out.reshape(N, Lq, E)")),
        "no output projection": _variant(_MHA, ("return self.out_proj(out.transpose(1, 2).reshape(N, Lq, E))", "return out.transpose(1, 2).reshape(N, Lq, E)")),
        "mask passed inverted (nn.MultiheadAttention's convention)": _variant(
            _MHA, ("        out, _ = scaled_dot_product_attention(", "        attn_mask = None if attn_mask is None else ~attn_mask\n        out, _ = scaled_dot_product_attention(")),
        "keys projected from the query (self-attention only)": _variant(_MHA, ("split_heads(self.k_proj(key))", "split_heads(self.k_proj(query))")),
        "values projected with k_proj": _variant(_MHA, ("split_heads(self.v_proj(value))", "split_heads(self.k_proj(value))")),
        "queries scaled again by 1/sqrt(head_dim)": _variant(_MHA, ("split_heads(self.q_proj(query))", "split_heads(self.q_proj(query)) / math.sqrt(head_dim)")),
        "a 3-D (N, Lq, Lk) mask not broadcast over the heads": _variant(
            _MHA, ("        if attn_mask is not None and attn_mask.ndim == 3:\n            attn_mask = attn_mask.unsqueeze(1)  # the same mask for every head\n", "")),
    },
    "positional_encoding": {
        "sin and cos swapped": _variant(_PE, ("pe[:, 0::2] = torch.sin(", "pe[:, 0::2] = torch.cos("), ("pe[:, 1::2] = torch.cos(", "pe[:, 1::2] = torch.sin(")),
        "exponent i/dim instead of 2i/dim": _variant(_PE, ("torch.arange(0, dim, 2, dtype=torch.float64) / dim", "torch.arange(0, dim // 2, dtype=torch.float64) / dim")),
        "multiplied by 10000^(2i/dim) instead of divided": _variant(_PE, ("10000.0 ** (-torch.arange", "10000.0 ** (torch.arange")),
        "sines then cosines in two halves, not interleaved": _variant(
            _PE, ("    pe[:, 0::2] = torch.sin(position * frequency)\n    pe[:, 1::2] = torch.cos(position * frequency)\n",
                  "    pe = torch.cat([torch.sin(position * frequency), torch.cos(position * frequency)], dim=1)\n")),
        "positions from 1": _variant(_PE, ("torch.arange(max_len, dtype=torch.float64)[:, None]", "torch.arange(1, max_len + 1, dtype=torch.float64)[:, None]")),
        "ignores the dtype argument (always float32)": _variant(_PE, ("pe = pe.to(dtype=dtype, device=device)", "pe = pe.to(dtype=torch.float32, device=device)")),
    },
    "TransformerBlock": {
        "post-norm (the original Transformer's)": _variant(
            _BLOCK, ("        normed = self.norm1(x)\n        x = x + self.attn(normed, normed, normed, attn_mask=mask)\n        return x + self.ffn(self.norm2(x))",
                     "        x = self.norm1(x + self.attn(x, x, x, attn_mask=mask))\n        return self.norm2(x + self.ffn(x))")),
        "no residual around the attention": _variant(_BLOCK, ("x = x + self.attn(normed", "x = self.attn(normed")),
        "residual from the normalized input": _variant(_BLOCK, ("x = x + self.attn(normed", "x = normed + self.attn(normed")),
        "norm1 used for both sub-layers": _variant(_BLOCK, ("return x + self.ffn(self.norm2(x))", "return x + self.ffn(self.norm1(x))")),
        "GELU instead of ReLU": _variant(_BLOCK, ("nn.ReLU()", "nn.GELU()")),
        "mask ignored": _variant(_BLOCK, ("attn_mask=mask)", "attn_mask=None)")),
        "ffn_dim ignored (4 * embed_dim)": _variant(_BLOCK, ("nn.Linear(embed_dim, ffn_dim), nn.ReLU(), nn.Linear(ffn_dim, embed_dim)",
                                                              "nn.Linear(embed_dim, 4 * embed_dim), nn.ReLU(), nn.Linear(4 * embed_dim, embed_dim)")),
    },
}

GPU_BUGS = {
    "gru_step_forward": _variant(_GRU, ("next_h = (1 - z) * n + z * prev_h", "next_h = ((1 - z) * n + z * prev_h).cpu()")),
    "word_embedding_backward": _variant(_EMBED_BACKWARD, ("torch.zeros(W.shape, dtype=dout.dtype, device=dout.device)", "torch.zeros(W.shape, dtype=dout.dtype)")),
    "CaptioningRNN": _variant(_CAPTIONING, ("captions = torch.full((N, max_length), self.null, dtype=torch.int64, device=features.device)",
                                            "captions = torch.full((N, max_length), self.null, dtype=torch.int64)")),
    "positional_encoding": _variant(_PE, ("pe = pe.to(dtype=dtype, device=device)", "pe = pe.to(dtype=dtype)")),
}

HIDDEN_ONLY = {
    "rnn_step_forward": "squeeze(0): N = 1 gives next_h of shape (H,)",
    "rnn_step_backward": "squeeze(0): fails for N = 1",
    "rnn_forward": "squeeze(1): T = 1 gives h of shape (N, H)",
    "rnn_backward": "squeeze(1): T = 1 gives dx of shape (N, D)",
    "lstm_step_forward": "squeeze(0): N = 1 gives (H,) states",
    "lstm_step_backward": "accumulates into dnext_c in place (+=)",
    "lstm_forward": "squeeze(1): T = 1 gives h of shape (N, H)",
    "lstm_backward": "squeeze(1): T = 1 gives dx of shape (N, D)",
    "gru_step_forward": "computes in float32 (x.float())",
    "word_embedding_forward": "one-hot matrix product in float32",
    "word_embedding_backward": "always float32 (torch.zeros without dtype)",
    "temporal_softmax_loss": "no max subtraction: exp overflows for large scores",
    "clip_grad_norm": "no epsilon: scales by exactly max_norm / norm",
    "CaptioningRNN": "W_embed not scaled by 1/100",
    "scaled_dot_product_attention": "softmax in float32 (scores.float())",
    "MultiHeadAttention": "a 3-D (N, Lq, Lk) mask not broadcast over the heads",
    "positional_encoding": "ignores the dtype argument (always float32)",
    "TransformerBlock": "ffn_dim ignored (4 * embed_dim)",
}
