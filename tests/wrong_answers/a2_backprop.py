"""Wrong answers to a2_backprop that students are likely to write, by graded function or class.

BUGS: several per item, each a complete wrong definition; its item's test cell must fail on it.
GPU_BUGS: right on the CPU, wrong on a GPU (results left on, or tensors made on, the CPU), checked where CUDA exists.
HIDDEN_ONLY: for each item, one bug its visible checks let through: the autograder round trip
submits these, so only the hidden tests (restored by nbgrader when grading) can take the points away.

The two networks and several update rules are written once, right, and each wrong version changes a
few lines of it (``_variant`` checks that every change applies).
"""


def _variant(source: str, *changes: tuple[str, str]) -> str:
    for old, new in changes:
        assert source.count(old) == 1, f"the change {old!r} must apply exactly once"
        source = source.replace(old, new)
    return source


_SVM = """
def svm_loss(scores, y):
    n = scores.shape[0]
    rows = torch.arange(n, device=scores.device)
    margins = scores - scores[rows, y].unsqueeze(1) + 1
    margins[rows, y] = 0
    active = (margins > 0).to(scores.dtype)
    loss = margins.clamp(min=0).sum() / n
    dscores = active.clone()
    dscores[rows, y] = -active.sum(dim=1)
    dscores = dscores / n
    return loss, dscores
"""

_SOFTMAX = """
def softmax_loss(scores, y):
    n = scores.shape[0]
    rows = torch.arange(n, device=scores.device)
    shifted = scores - scores.max(dim=1, keepdim=True).values
    log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    loss = -log_probs[rows, y].sum() / n
    dscores = log_probs.exp()
    dscores[rows, y] -= 1
    dscores = dscores / n
    return loss, dscores
"""

_TWO_LAYER_NET = """
class TwoLayerNet:
    def __init__(self, input_dim, hidden_dim, num_classes, weight_scale=1e-3, reg=0.0,
                 dtype=torch.float32, device="cpu"):
        self.params = {}
        self.reg = reg
        self.params["W1"] = weight_scale * torch.randn(input_dim, hidden_dim, dtype=dtype, device=device)
        self.params["b1"] = torch.zeros(hidden_dim, dtype=dtype, device=device)
        self.params["W2"] = weight_scale * torch.randn(hidden_dim, num_classes, dtype=dtype, device=device)
        self.params["b2"] = torch.zeros(num_classes, dtype=dtype, device=device)

    def loss(self, X, y=None):
        W1, b1, W2, b2 = (self.params[name] for name in ("W1", "b1", "W2", "b2"))
        hidden, linear1_cache = linear_forward(X, W1, b1)
        hidden, relu_cache = relu_forward(hidden)
        scores, linear2_cache = linear_forward(hidden, W2, b2)
        if y is None:
            return scores
        loss, dscores = softmax_loss(scores, y)
        loss = loss + 0.5 * self.reg * ((W1 * W1).sum() + (W2 * W2).sum())
        grads = {}
        dhidden, grads["W2"], grads["b2"] = linear_backward(dscores, linear2_cache)
        dhidden = relu_backward(dhidden, relu_cache)
        _, grads["W1"], grads["b1"] = linear_backward(dhidden, linear1_cache)
        grads["W1"] = grads["W1"] + self.reg * W1
        grads["W2"] = grads["W2"] + self.reg * W2
        return loss, grads
"""

_FC_NET = """
class FullyConnectedNet:
    def __init__(self, hidden_dims, input_dim, num_classes, dropout=0.0, normalization=None, reg=0.0,
                 weight_scale=1e-2, dtype=torch.float32, device="cpu", seed=None):
        self.normalization = normalization
        self.use_dropout = dropout != 0
        self.reg = reg
        self.num_layers = 1 + len(hidden_dims)
        self.params = {}
        dims = [input_dim, *hidden_dims, num_classes]
        for i in range(1, self.num_layers + 1):
            self.params[f"W{i}"] = weight_scale * torch.randn(dims[i - 1], dims[i], dtype=dtype, device=device)
            self.params[f"b{i}"] = torch.zeros(dims[i], dtype=dtype, device=device)
            if normalization == "batchnorm" and i < self.num_layers:
                self.params[f"gamma{i}"] = torch.ones(dims[i], dtype=dtype, device=device)
                self.params[f"beta{i}"] = torch.zeros(dims[i], dtype=dtype, device=device)
        self.dropout_param = {"mode": "train", "p": dropout}
        if seed is not None:
            self.dropout_param["seed"] = seed
        self.bn_params = []
        if normalization == "batchnorm":
            self.bn_params = [{"mode": "train"} for _ in range(self.num_layers - 1)]

    def loss(self, X, y=None):
        mode = "test" if y is None else "train"
        self.dropout_param["mode"] = mode
        for bn_param in self.bn_params:
            bn_param["mode"] = mode
        L = self.num_layers
        h, caches = X, []
        for i in range(1, L):
            h, linear_cache = linear_forward(h, self.params[f"W{i}"], self.params[f"b{i}"])
            bn_cache = dropout_cache = None
            if self.normalization == "batchnorm":
                h, bn_cache = batchnorm_forward(h, self.params[f"gamma{i}"], self.params[f"beta{i}"], self.bn_params[i - 1])
            h, relu_cache = relu_forward(h)
            if self.use_dropout:
                h, dropout_cache = dropout_forward(h, self.dropout_param)
            caches.append((linear_cache, bn_cache, relu_cache, dropout_cache))
        scores, last_cache = linear_forward(h, self.params[f"W{L}"], self.params[f"b{L}"])
        if y is None:
            return scores
        loss, dscores = softmax_loss(scores, y)
        grads = {}
        dh, grads[f"W{L}"], grads[f"b{L}"] = linear_backward(dscores, last_cache)
        for i in range(L - 1, 0, -1):
            linear_cache, bn_cache, relu_cache, dropout_cache = caches[i - 1]
            if self.use_dropout:
                dh = dropout_backward(dh, dropout_cache)
            dh = relu_backward(dh, relu_cache)
            if self.normalization == "batchnorm":
                dh, grads[f"gamma{i}"], grads[f"beta{i}"] = batchnorm_backward(dh, bn_cache)
            dh, grads[f"W{i}"], grads[f"b{i}"] = linear_backward(dh, linear_cache)
        for i in range(1, L + 1):
            W = self.params[f"W{i}"]
            loss = loss + 0.5 * self.reg * (W * W).sum()
            grads[f"W{i}"] = grads[f"W{i}"] + self.reg * W
        return loss, grads
"""

_MOMENTUM = """
def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", torch.zeros_like(w))
    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + v
    config["velocity"] = v
    return next_w, config
"""

_RMSPROP = """
def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache", torch.zeros_like(w))
    cache = config["decay_rate"] * cache + (1 - config["decay_rate"]) * dw * dw
    next_w = w - config["learning_rate"] * dw / (torch.sqrt(cache) + config["epsilon"])
    config["cache"] = cache
    return next_w, config
"""

_ADAM = """
def adam(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("t", 0)
    beta1, beta2 = config["beta1"], config["beta2"]
    m = config.get("m", torch.zeros_like(w))
    v = config.get("v", torch.zeros_like(w))
    t = config["t"] + 1
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw * dw
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    next_w = w - config["learning_rate"] * m_hat / (torch.sqrt(v_hat) + config["epsilon"])
    config["m"], config["v"], config["t"] = m, v, t
    return next_w, config
"""

_BATCHNORM_FORWARD = """
def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", torch.zeros(D, dtype=x.dtype, device=x.device))
    running_var = bn_param.get("running_var", torch.zeros(D, dtype=x.dtype, device=x.device))
    cache = None
    if mode == "train":
        mean = x.mean(dim=0)
        var = ((x - mean) ** 2).mean(dim=0)
        x_hat = (x - mean) / torch.sqrt(var + eps)
        out = gamma * x_hat + beta
        cache = (x, x_hat, mean, var, gamma, eps)
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mean
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    else:
        out = gamma * (x - running_mean) / torch.sqrt(running_var + eps) + beta
    return out, cache
"""

_BATCHNORM_BACKWARD = """
def batchnorm_backward(dout, cache):
    x, x_hat, mean, var, gamma, eps = cache
    n = x.shape[0]
    dbeta = dout.sum(dim=0)
    dgamma = (dout * x_hat).sum(dim=0)
    g = dout * gamma
    dx = (n * g - g.sum(dim=0) - x_hat * (g * x_hat).sum(dim=0)) / (n * torch.sqrt(var + eps))
    return dx, dgamma, dbeta
"""

_DROPOUT_FORWARD = """
def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    mask = None
    if mode == "train":
        generator = None
        if "seed" in dropout_param:
            generator = torch.Generator(device=x.device).manual_seed(dropout_param["seed"])
        u = torch.rand(x.shape, generator=generator, device=x.device, dtype=x.dtype)
        mask = (u >= p).to(x.dtype) / (1 - p)
        out = x * mask
    else:
        out = x
    cache = (dropout_param, mask)
    return out, cache
"""

BUGS = {
    "linear_forward": {
        "returns (M, N): w.T @ x.T": """
def linear_forward(x, w, b):
    out = w.T @ x.reshape(x.shape[0], -1).T + b[:, None]
    cache = (x, w, b)
    return out, cache
""",
        "forgets the bias": """
def linear_forward(x, w, b):
    out = x.reshape(x.shape[0], -1) @ w
    cache = (x, w, b)
    return out, cache
""",
        "x.view(N, -1) fails on a non-contiguous x": """
def linear_forward(x, w, b):
    out = x.view(x.shape[0], -1) @ w + b
    cache = (x, w, b)
    return out, cache
""",
        "caches the flattened x": """
def linear_forward(x, w, b):
    x = x.reshape(x.shape[0], -1)
    out = x @ w + b
    cache = (x, w, b)
    return out, cache
""",
        "always float32": """
def linear_forward(x, w, b):
    out = x.reshape(x.shape[0], -1).float() @ w.float() + b.float()
    cache = (x, w, b)
    return out, cache
""",
        "bias added as a column (b[:, None])": """
def linear_forward(x, w, b):
    out = x.reshape(x.shape[0], -1) @ w + b[:, None]
    cache = (x, w, b)
    return out, cache
""",
        "uses torch.nn.functional.linear": """
def linear_forward(x, w, b):
    out = torch.nn.functional.linear(x.flatten(1), w.T, b)
    cache = (x, w, b)
    return out, cache
""",
    },
    "linear_backward": {
        "db missing (zeros)": """
def linear_backward(dout, cache):
    x, w, b = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = torch.zeros_like(b)
    return dx, dw, db
""",
        "db is the mean over the batch, not the sum": """
def linear_backward(dout, cache):
    x, w, b = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = dout.mean(dim=0)
    return dx, dw, db
""",
        "dx left flattened (N, D)": """
def linear_backward(dout, cache):
    x, w, b = cache
    x_flat = x.reshape(x.shape[0], -1)
    dx = dout @ w.T
    dw = x_flat.T @ dout
    db = dout.sum(dim=0)
    return dx, dw, db
""",
        "dw transposed: dout.T @ x": """
def linear_backward(dout, cache):
    x, w, b = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = dout.T @ x.reshape(x.shape[0], -1)
    db = dout.sum(dim=0)
    return dx, dw, db
""",
        "transposes w in place (w.t_())": """
def linear_backward(dout, cache):
    x, w, b = cache
    dx = (dout @ w.t_()).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = dout.sum(dim=0)
    return dx, dw, db
""",
        "computes in float32": """
def linear_backward(dout, cache):
    x, w, b = cache
    dout = dout.float()
    dx = (dout @ w.float().T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).float().T @ dout
    db = dout.sum(dim=0)
    return dx, dw, db
""",
        "uses autograd": """
def linear_backward(dout, cache):
    x, w, b = (t.detach().clone().requires_grad_() for t in cache)
    out = x.reshape(x.shape[0], -1) @ w + b
    out.backward(dout)
    return x.grad, w.grad, b.grad
""",
    },
    "relu_forward": {
        "modifies x in place (clamp_)": """
def relu_forward(x):
    out = x.clamp_(min=0)
    cache = x
    return out, cache
""",
        "returns the mask x > 0": """
def relu_forward(x):
    out = (x > 0).to(x.dtype)
    cache = x
    return out, cache
""",
        "clamps at 1 as well": """
def relu_forward(x):
    out = x.clamp(0, 1)
    cache = x
    return out, cache
""",
        "leaky: 0.01 x for negatives": """
def relu_forward(x):
    out = torch.where(x > 0, x, 0.01 * x)
    cache = x
    return out, cache
""",
        "always float32": """
def relu_forward(x):
    out = x.float().clamp(min=0)
    cache = x
    return out, cache
""",
        "returns out only, no cache": """
def relu_forward(x):
    return x.clamp(min=0)
""",
    },
    "relu_backward": {
        "gradient 1 at x == 0 (x >= 0)": """
def relu_backward(dout, cache):
    x = cache
    return dout * (x >= 0)
""",
        "mask from dout, not from x": """
def relu_backward(dout, cache):
    return torch.where(dout > 0, dout, torch.zeros_like(dout))
""",
        "forgets dout (returns the mask)": """
def relu_backward(dout, cache):
    x = cache
    return (x > 0).to(dout.dtype)
""",
        "zeroes dout in place": """
def relu_backward(dout, cache):
    x = cache
    dout[x <= 0] = 0
    return dout
""",
        "ReLU of the upstream gradient": """
def relu_backward(dout, cache):
    return dout.clamp(min=0)
""",
        "always float32 (torch.zeros)": """
def relu_backward(dout, cache):
    x = cache
    dx = torch.zeros(dout.shape, device=dout.device)
    dx[x > 0] = dout[x > 0].float()
    return dx
""",
    },
    "sigmoid_forward": {
        "e^x / (1 + e^x): nan for large x": """
def sigmoid_forward(x):
    e = torch.exp(x)
    out = e / (1 + e)
    cache = out
    return out, cache
""",
        "1 - 1/(1 + e^x): loses every digit for very negative x": """
def sigmoid_forward(x):
    out = 1 - 1 / (1 + torch.exp(x))
    cache = out
    return out, cache
""",
        "sign error: 1 / (1 + e^x)": """
def sigmoid_forward(x):
    out = 1 / (1 + torch.exp(x))
    cache = out
    return out, cache
""",
        "caches x instead of the output": """
def sigmoid_forward(x):
    z = torch.exp(-x.abs())
    out = torch.where(x >= 0, 1 / (1 + z), z / (1 + z))
    cache = x
    return out, cache
""",
        "uses torch.sigmoid": """
def sigmoid_forward(x):
    out = torch.sigmoid(x)
    cache = out
    return out, cache
""",
        "always float32": """
def sigmoid_forward(x):
    x = x.float()
    z = torch.exp(-x.abs())
    out = torch.where(x >= 0, 1 / (1 + z), z / (1 + z))
    cache = out
    return out, cache
""",
    },
    "sigmoid_backward": {
        "treats the cache as x: sigma(cache) (1 - sigma(cache))": """
def sigmoid_backward(dout, cache):
    s = 1 / (1 + torch.exp(-cache))
    return dout * s * (1 - s)
""",
        "forgets dout": """
def sigmoid_backward(dout, cache):
    out = cache
    return out * (1 - out)
""",
        "forgets the (1 - sigma)": """
def sigmoid_backward(dout, cache):
    return dout * cache
""",
        "modifies the cache in place": """
def sigmoid_backward(dout, cache):
    out = cache
    out *= 1 - out
    return dout * out
""",
        "sign error: sigma (sigma - 1)": """
def sigmoid_backward(dout, cache):
    out = cache
    return dout * out * (out - 1)
""",
        "always float32": """
def sigmoid_backward(dout, cache):
    out = cache.float()
    return dout.float() * out * (1 - out)
""",
    },
    "svm_loss": {
        "counts the correct class too (+1 per example)": _variant(_SVM, ("    margins[rows, y] = 0\n", ""), (
            "    dscores[rows, y] = -active.sum(dim=1)\n", "    dscores[rows, y] -= active.sum(dim=1)\n")),
        "sum over the examples, not the mean": _variant(_SVM, ("loss = margins.clamp(min=0).sum() / n", "loss = margins.clamp(min=0).sum()"),
                                                        ("dscores = dscores / n", "dscores = dscores")),
        "forgets the margin (+ 1)": _variant(_SVM, ("margins = scores - scores[rows, y].unsqueeze(1) + 1",
                                                    "margins = scores - scores[rows, y].unsqueeze(1)")),
        "dscores: forgets the correct class's -count": _variant(_SVM, ("    dscores[rows, y] = -active.sum(dim=1)\n", "")),
        "gradient mask >= 0: margins of exactly 0 count": """
def svm_loss(scores, y):
    n = scores.shape[0]
    rows = torch.arange(n, device=scores.device)
    margins = scores - scores[rows, y].unsqueeze(1) + 1
    active = (margins >= 0).to(scores.dtype)
    active[rows, y] = 0
    loss = (margins * active).sum() / n
    dscores = active.clone()
    dscores[rows, y] = -active.sum(dim=1)
    return loss, dscores / n
""",
        "modifies scores in place": """
def svm_loss(scores, y):
    n = scores.shape[0]
    rows = torch.arange(n, device=scores.device)
    scores -= scores[rows, y].unsqueeze(1).clone()
    scores += 1
    scores[rows, y] = 0
    active = (scores > 0).to(scores.dtype)
    loss = scores.clamp(min=0).sum() / n
    dscores = active.clone()
    dscores[rows, y] = -active.sum(dim=1)
    return loss, dscores / n
""",
        "dscores not divided by N": _variant(_SVM, ("dscores = dscores / n", "dscores = dscores")),
    },
    "softmax_loss": {
        "no max subtraction: exp overflows for large scores": """
def softmax_loss(scores, y):
    n = scores.shape[0]
    rows = torch.arange(n, device=scores.device)
    exp = scores.exp()
    probs = exp / exp.sum(dim=1, keepdim=True)
    loss = -probs[rows, y].log().sum() / n
    dscores = probs.clone()
    dscores[rows, y] -= 1
    return loss, dscores / n
""",
        "subtracts the global max, not each row's": _variant(_SOFTMAX, ("shifted = scores - scores.max(dim=1, keepdim=True).values",
                                                                        "shifted = scores - scores.max()")),
        "-log of the probabilities: inf when the correct class's probability underflows": """
def softmax_loss(scores, y):
    n = scores.shape[0]
    rows = torch.arange(n, device=scores.device)
    exp = (scores - scores.max(dim=1, keepdim=True).values).exp()
    probs = exp / exp.sum(dim=1, keepdim=True)
    loss = -probs[rows, y].log().sum() / n
    dscores = probs.clone()
    dscores[rows, y] -= 1
    return loss, dscores / n
""",
        "log base 10": _variant(_SOFTMAX, ("log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()",
                                           "log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()\n"
                                           "    loss = -(log_probs[rows, y] / math.log(10)).sum() / n"),
                                ("    loss = -log_probs[rows, y].sum() / n\n", "")),
        "sum over the examples, not the mean": _variant(_SOFTMAX, ("loss = -log_probs[rows, y].sum() / n", "loss = -log_probs[rows, y].sum()")),
        "dscores forgets the -1 at the correct class": _variant(_SOFTMAX, ("    dscores[rows, y] -= 1\n", "")),
        "modifies scores in place": """
def softmax_loss(scores, y):
    n = scores.shape[0]
    rows = torch.arange(n, device=scores.device)
    scores -= scores.max(dim=1, keepdim=True).values
    log_probs = scores - scores.exp().sum(dim=1, keepdim=True).log()
    loss = -log_probs[rows, y].sum() / n
    dscores = log_probs.exp()
    dscores[rows, y] -= 1
    return loss, dscores / n
""",
    },
    "TwoLayerNet": {
        "regularizes the biases too": _variant(
            _TWO_LAYER_NET,
            ("loss = loss + 0.5 * self.reg * ((W1 * W1).sum() + (W2 * W2).sum())",
             "loss = loss + 0.5 * self.reg * sum((p * p).sum() for p in self.params.values())"),
            ('        grads["W2"] = grads["W2"] + self.reg * W2\n',
             '        grads["W2"] = grads["W2"] + self.reg * W2\n'
             '        grads["b1"] = grads["b1"] + self.reg * b1\n'
             '        grads["b2"] = grads["b2"] + self.reg * b2\n')),
        "reg * sum W^2 without the 1/2, gradient reg * W": _variant(
            _TWO_LAYER_NET, ("loss = loss + 0.5 * self.reg * ", "loss = loss + self.reg * ")),
        "forgets the regularization in the gradients": _variant(
            _TWO_LAYER_NET, ('        grads["W1"] = grads["W1"] + self.reg * W1\n', ""),
            ('        grads["W2"] = grads["W2"] + self.reg * W2\n', "")),
        "forgets the ReLU": _variant(
            _TWO_LAYER_NET, ("        hidden, relu_cache = relu_forward(hidden)\n", ""),
            ("        dhidden = relu_backward(dhidden, relu_cache)\n", "")),
        "returns probabilities when y is None": _variant(
            _TWO_LAYER_NET, ("        if y is None:\n            return scores\n",
                             "        if y is None:\n            return (scores - scores.max(1, keepdim=True).values).exp()"
                             " / (scores - scores.max(1, keepdim=True).values).exp().sum(1, keepdim=True)\n")),
        "weights not scaled by weight_scale": _variant(
            _TWO_LAYER_NET, ('self.params["W1"] = weight_scale * torch.randn', 'self.params["W1"] = torch.randn'),
            ('self.params["W2"] = weight_scale * torch.randn', 'self.params["W2"] = torch.randn')),
        "ignores dtype (float32 parameters)": _variant(
            _TWO_LAYER_NET, ("torch.randn(input_dim, hidden_dim, dtype=dtype,", "torch.randn(input_dim, hidden_dim,"),
            ("torch.zeros(hidden_dim, dtype=dtype,", "torch.zeros(hidden_dim,"),
            ("torch.randn(hidden_dim, num_classes, dtype=dtype,", "torch.randn(hidden_dim, num_classes,"),
            ("torch.zeros(num_classes, dtype=dtype,", "torch.zeros(num_classes,")),
    },
    "sgd": {
        "adds the gradient (ascent)": """
def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    next_w = w + config["learning_rate"] * dw
    return next_w, config
""",
        "updates w in place": """
def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    w -= config["learning_rate"] * dw
    return w, config
""",
        "ignores config's learning rate (always 1e-2)": """
def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    next_w = w - 1e-2 * dw
    return next_w, config
""",
        "returns only next_w": """
def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    return w - config["learning_rate"] * dw
""",
        "uses w instead of dw (typo)": """
def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    next_w = w - config["learning_rate"] * w
    return next_w, config
""",
        "scales dw in place": """
def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    dw *= config["learning_rate"]
    return w - dw, config
""",
    },
    "sgd_momentum": {
        "velocity not kept in config": _variant(_MOMENTUM, ('    config["velocity"] = v\n', "")),
        "steps with the old velocity": _variant(
            _MOMENTUM, ('    v = config["momentum"] * v - config["learning_rate"] * dw\n    next_w = w + v\n',
                        '    next_w = w + v\n    v = config["momentum"] * v - config["learning_rate"] * dw\n')),
        "PyTorch's form: v = mu v + dw, w - lr v": _variant(
            _MOMENTUM, ('    v = config["momentum"] * v - config["learning_rate"] * dw\n    next_w = w + v\n',
                        '    v = config["momentum"] * v + dw\n    next_w = w - config["learning_rate"] * v\n')),
        "updates w in place": _variant(_MOMENTUM, ("    next_w = w + v\n", "    w += v\n    next_w = w\n")),
        "velocity stored with the opposite sign": _variant(
            _MOMENTUM, ('    v = config["momentum"] * v - config["learning_rate"] * dw\n    next_w = w + v\n',
                        '    v = config["momentum"] * v + config["learning_rate"] * dw\n    next_w = w - v\n')),
        "ignores the configured momentum (always 0.9)": _variant(
            _MOMENTUM, ('v = config["momentum"] * v - config', 'v = 0.9 * v - config')),
    },
    "rmsprop": {
        "epsilon inside the square root": _variant(
            _RMSPROP, ('(torch.sqrt(cache) + config["epsilon"])', 'torch.sqrt(cache + config["epsilon"])')),
        "cache not kept in config": _variant(_RMSPROP, ('    config["cache"] = cache\n', "")),
        "decay weights swapped": _variant(
            _RMSPROP, ('cache = config["decay_rate"] * cache + (1 - config["decay_rate"]) * dw * dw',
                       'cache = (1 - config["decay_rate"]) * cache + config["decay_rate"] * dw * dw')),
        "no square root": _variant(_RMSPROP, ("(torch.sqrt(cache) + ", "(cache + ")),
        "updates w in place": _variant(
            _RMSPROP, ('    next_w = w - config["learning_rate"] * dw / (torch.sqrt(cache) + config["epsilon"])\n',
                       '    w -= config["learning_rate"] * dw / (torch.sqrt(cache) + config["epsilon"])\n    next_w = w\n')),
        "cache accumulates dw, not dw^2": _variant(_RMSPROP, ('(1 - config["decay_rate"]) * dw * dw', '(1 - config["decay_rate"]) * dw')),
    },
    "adam": {
        "no bias correction": _variant(_ADAM, ("    m_hat = m / (1 - beta1**t)\n    v_hat = v / (1 - beta2**t)\n",
                                               "    m_hat, v_hat = m, v\n")),
        "t incremented after use (1 - beta^0 = 0)": _variant(
            _ADAM, ("    t = config[\"t\"] + 1\n", "    t = config[\"t\"]\n"),
            ('config["m"], config["v"], config["t"] = m, v, t', 'config["m"], config["v"], config["t"] = m, v, t + 1')),
        "epsilon inside the square root": _variant(
            _ADAM, ('(torch.sqrt(v_hat) + config["epsilon"])', 'torch.sqrt(v_hat + config["epsilon"])')),
        "moments not kept in config": _variant(
            _ADAM, ('config["m"], config["v"], config["t"] = m, v, t', 'config["t"] = t')),
        "stores the bias-corrected moments": _variant(
            _ADAM, ('config["m"], config["v"], config["t"] = m, v, t', 'config["m"], config["v"], config["t"] = m_hat, v_hat, t')),
        "updates w in place": _variant(
            _ADAM, ('    next_w = w - config["learning_rate"] * m_hat / (torch.sqrt(v_hat) + config["epsilon"])\n',
                    '    w -= config["learning_rate"] * m_hat / (torch.sqrt(v_hat) + config["epsilon"])\n    next_w = w\n')),
        "t never stored": _variant(
            _ADAM, ('config["m"], config["v"], config["t"] = m, v, t', 'config["m"], config["v"] = m, v')),
    },
    "batchnorm_forward": {
        "unbiased variance (divides by N - 1)": _variant(
            _BATCHNORM_FORWARD, ("var = ((x - mean) ** 2).mean(dim=0)", "var = x.var(dim=0)")),
        "running averages not updated": _variant(
            _BATCHNORM_FORWARD, ('        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mean\n'
                                 '        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var\n', "")),
        "running averages weighted the wrong way round": _variant(
            _BATCHNORM_FORWARD,
            ('bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mean',
             'bn_param["running_mean"] = (1 - momentum) * running_mean + momentum * mean'),
            ('bn_param["running_var"] = momentum * running_var + (1 - momentum) * var',
             'bn_param["running_var"] = (1 - momentum) * running_var + momentum * var')),
        "test mode uses the batch statistics": _variant(
            _BATCHNORM_FORWARD, ("        out = gamma * (x - running_mean) / torch.sqrt(running_var + eps) + beta\n",
                                 "        out = gamma * (x - x.mean(0)) / torch.sqrt(x.var(0, unbiased=False) + eps) + beta\n")),
        "epsilon outside the square root": _variant(
            _BATCHNORM_FORWARD, ("x_hat = (x - mean) / torch.sqrt(var + eps)", "x_hat = (x - mean) / (torch.sqrt(var) + eps)")),
        "normalizes each example over its features (dim 1)": _variant(
            _BATCHNORM_FORWARD, ("        mean = x.mean(dim=0)\n        var = ((x - mean) ** 2).mean(dim=0)\n",
                                 "        mean = x.mean(dim=1, keepdim=True)\n        var = ((x - mean) ** 2).mean(dim=1, keepdim=True)\n"),
            ("bn_param[\"running_mean\"] = momentum * running_mean + (1 - momentum) * mean",
             "bn_param[\"running_mean\"] = momentum * running_mean + (1 - momentum) * mean.mean()"),
            ("bn_param[\"running_var\"] = momentum * running_var + (1 - momentum) * var",
             "bn_param[\"running_var\"] = momentum * running_var + (1 - momentum) * var.mean()")),
        "running variance updated with the unbiased variance (PyTorch's choice)": _variant(
            _BATCHNORM_FORWARD, ('bn_param["running_var"] = momentum * running_var + (1 - momentum) * var',
                                 'bn_param["running_var"] = momentum * running_var + (1 - momentum) * x.var(dim=0)')),
        "subtracts the mean from x in place": _variant(
            _BATCHNORM_FORWARD, ("        var = ((x - mean) ** 2).mean(dim=0)\n        x_hat = (x - mean) / torch.sqrt(var + eps)\n",
                                 "        x -= mean\n        var = (x ** 2).mean(dim=0)\n        x_hat = x / torch.sqrt(var + eps)\n")),
    },
    "batchnorm_backward": {
        "dx only through x_hat (forgets the mean and variance paths)": _variant(
            _BATCHNORM_BACKWARD, ("dx = (n * g - g.sum(dim=0) - x_hat * (g * x_hat).sum(dim=0)) / (n * torch.sqrt(var + eps))",
                                  "dx = g / torch.sqrt(var + eps)")),
        "dbeta is the mean of dout": _variant(_BATCHNORM_BACKWARD, ("dbeta = dout.sum(dim=0)", "dbeta = dout.mean(dim=0)")),
        "dgamma uses x instead of x_hat": _variant(_BATCHNORM_BACKWARD, ("dgamma = (dout * x_hat).sum(dim=0)", "dgamma = (dout * x).sum(dim=0)")),
        "N - 1 in the variance's derivative": """
def batchnorm_backward(dout, cache):
    x, x_hat, mean, var, gamma, eps = cache
    n = x.shape[0]
    std = torch.sqrt(var + eps)
    dx_hat = dout * gamma
    dvar = (dx_hat * (x - mean) * -0.5 * (var + eps) ** -1.5).sum(dim=0)
    dmean = (-dx_hat / std).sum(dim=0) + dvar * (-2 * (x - mean)).mean(dim=0)
    dx = dx_hat / std + dvar * 2 * (x - mean) / (n - 1) + dmean / n
    return dx, (dout * x_hat).sum(dim=0), dout.sum(dim=0)
""",
        "modifies the cache in place (var += eps)": """
def batchnorm_backward(dout, cache):
    x, x_hat, mean, var, gamma, eps = cache
    n = x.shape[0]
    var += eps
    g = dout * gamma
    dx = (n * g - g.sum(dim=0) - x_hat * (g * x_hat).sum(dim=0)) / (n * var.sqrt())
    return dx, (dout * x_hat).sum(dim=0), dout.sum(dim=0)
""",
        "uses autograd": """
def batchnorm_backward(dout, cache):
    x, x_hat, mean, var, gamma, eps = cache
    x, gamma = x.detach().clone().requires_grad_(), gamma.detach().clone().requires_grad_()
    beta = torch.zeros_like(gamma, requires_grad=True)
    m = x.mean(0)
    out = gamma * (x - m) / torch.sqrt(((x - m) ** 2).mean(0) + eps) + beta
    out.backward(dout)
    return x.grad, gamma.grad, beta.grad
""",
        "returns (dx, dbeta, dgamma)": _variant(_BATCHNORM_BACKWARD, ("return dx, dgamma, dbeta", "return dx, dbeta, dgamma")),
    },
    "dropout_forward": {
        "no scaling at train time (not inverted)": _variant(_DROPOUT_FORWARD, ("mask = (u >= p).to(x.dtype) / (1 - p)", "mask = (u >= p).to(x.dtype)")),
        "p taken as the probability of keeping": _variant(_DROPOUT_FORWARD, ("mask = (u >= p).to(x.dtype) / (1 - p)", "mask = (u < p).to(x.dtype) / p")),
        "still active at test time": _variant(
            _DROPOUT_FORWARD, ('    if mode == "train":\n', '    if True:\n')),
        "test mode scales by 1 - p": _variant(_DROPOUT_FORWARD, ("        out = x\n", "        out = x * (1 - p)\n")),
        "ignores the seed": _variant(
            _DROPOUT_FORWARD, ('        if "seed" in dropout_param:\n'
                               '            generator = torch.Generator(device=x.device).manual_seed(dropout_param["seed"])\n', "")),
        "caches the unscaled boolean mask": _variant(
            _DROPOUT_FORWARD, ("        mask = (u >= p).to(x.dtype) / (1 - p)\n        out = x * mask\n",
                               "        mask = u >= p\n        out = x * mask / (1 - p)\n")),
        "one mask per feature, shared by the batch": _variant(
            _DROPOUT_FORWARD, ("u = torch.rand(x.shape, generator", "u = torch.rand(x.shape[1:], generator")),
        "multiplies x in place": _variant(_DROPOUT_FORWARD, ("        out = x * mask\n", "        x *= mask\n        out = x\n")),
    },
    "dropout_backward": {
        "forgets the scaling: dout * (mask != 0)": """
def dropout_backward(dout, cache):
    dropout_param, mask = cache
    if dropout_param["mode"] == "train":
        return dout * (mask != 0)
    return dout
""",
        "draws a new mask": """
def dropout_backward(dout, cache):
    dropout_param, mask = cache
    if dropout_param["mode"] == "train":
        p = dropout_param["p"]
        return dout * (torch.rand(dout.shape, device=dout.device, dtype=dout.dtype) >= p) / (1 - p)
    return dout
""",
        "test mode scales by 1 - p": """
def dropout_backward(dout, cache):
    dropout_param, mask = cache
    if dropout_param["mode"] == "train":
        return dout * mask
    return dout * (1 - dropout_param["p"])
""",
        "returns the mask (forgets dout)": """
def dropout_backward(dout, cache):
    dropout_param, mask = cache
    if dropout_param["mode"] == "train":
        return mask
    return torch.ones_like(dout)
""",
        "multiplies dout in place": """
def dropout_backward(dout, cache):
    dropout_param, mask = cache
    if dropout_param["mode"] == "train":
        dout *= mask
    return dout
""",
        "always float32 (torch.zeros)": """
def dropout_backward(dout, cache):
    dropout_param, mask = cache
    if dropout_param["mode"] != "train":
        return dout
    dx = torch.zeros(dout.shape, device=dout.device)
    keep = mask != 0
    dx[keep] = (dout[keep] * mask[keep]).float()
    return dx
""",
    },
    "FullyConnectedNet": {
        "loss(X) without labels still runs in 'train' mode": _variant(
            _FC_NET, ('        mode = "test" if y is None else "train"\n        self.dropout_param["mode"] = mode\n'
                      '        for bn_param in self.bn_params:\n            bn_param["mode"] = mode\n', "")),
        "one layer too few: the output layer has no parameters": _variant(
            _FC_NET, ("        for i in range(1, self.num_layers + 1):\n            self.params[f\"W{i}\"]",
                      "        for i in range(1, self.num_layers):\n            self.params[f\"W{i}\"]")),
        "regularizes biases, gammas and betas too": _variant(
            _FC_NET, ('        for i in range(1, L + 1):\n            W = self.params[f"W{i}"]\n'
                      '            loss = loss + 0.5 * self.reg * (W * W).sum()\n            grads[f"W{i}"] = grads[f"W{i}"] + self.reg * W\n',
                      '        for name, value in self.params.items():\n'
                      '            loss = loss + 0.5 * self.reg * (value * value).sum()\n            grads[name] = grads[name] + self.reg * value\n')),
        "batchnorm after the ReLU": _variant(
            _FC_NET,
            ('            if self.normalization == "batchnorm":\n'
             '                h, bn_cache = batchnorm_forward(h, self.params[f"gamma{i}"], self.params[f"beta{i}"], self.bn_params[i - 1])\n'
             '            h, relu_cache = relu_forward(h)\n',
             '            h, relu_cache = relu_forward(h)\n'
             '            if self.normalization == "batchnorm":\n'
             '                h, bn_cache = batchnorm_forward(h, self.params[f"gamma{i}"], self.params[f"beta{i}"], self.bn_params[i - 1])\n'),
            ('            dh = relu_backward(dh, relu_cache)\n'
             '            if self.normalization == "batchnorm":\n'
             '                dh, grads[f"gamma{i}"], grads[f"beta{i}"] = batchnorm_backward(dh, bn_cache)\n',
             '            if self.normalization == "batchnorm":\n'
             '                dh, grads[f"gamma{i}"], grads[f"beta{i}"] = batchnorm_backward(dh, bn_cache)\n'
             '            dh = relu_backward(dh, relu_cache)\n')),
        "fresh batchnorm state at every call (running averages lost)": _variant(
            _FC_NET, ('self.params[f"beta{i}"], self.bn_params[i - 1])', 'self.params[f"beta{i}"], {"mode": mode})')),
        "dropout on the scores too": _variant(
            _FC_NET,
            ('        scores, last_cache = linear_forward(h, self.params[f"W{L}"], self.params[f"b{L}"])\n',
             '        scores, last_cache = linear_forward(h, self.params[f"W{L}"], self.params[f"b{L}"])\n'
             '        if self.use_dropout:\n            scores, scores_dropout_cache = dropout_forward(scores, self.dropout_param)\n'),
            ('        grads = {}\n',
             '        grads = {}\n        if self.use_dropout:\n            dscores = dropout_backward(dscores, scores_dropout_cache)\n')),
        "ignores dtype (float32 parameters)": _variant(
            _FC_NET, ("torch.randn(dims[i - 1], dims[i], dtype=dtype, device=device)", "torch.randn(dims[i - 1], dims[i], device=device)"),
            ('self.params[f"b{i}"] = torch.zeros(dims[i], dtype=dtype, device=device)', 'self.params[f"b{i}"] = torch.zeros(dims[i], device=device)')),
        "gamma starts at zeros": _variant(
            _FC_NET, ('self.params[f"gamma{i}"] = torch.ones(', 'self.params[f"gamma{i}"] = torch.zeros(')),
    },
}

# Right on the CPU, wrong on a GPU: tensors made on the CPU, whatever the inputs' device.
GPU_BUGS = {
    "relu_backward": """
def relu_backward(dout, cache):
    x = cache
    dx = torch.zeros(dout.shape, dtype=dout.dtype)
    dx[x > 0] = dout[x > 0]
    return dx
""",
    "svm_loss": """
def svm_loss(scores, y):
    n, c = scores.shape
    rows = torch.arange(n, device=scores.device)
    margins = scores - scores[rows, y].unsqueeze(1) + 1
    margins[rows, y] = 0
    loss = margins.clamp(min=0).sum() / n
    active = (margins > 0).cpu()
    dscores = torch.zeros(n, c, dtype=scores.dtype)
    dscores[active] = 1
    dscores[rows.cpu(), y.cpu()] = -active.sum(dim=1).to(scores.dtype)
    return loss, dscores / n
""",
    "dropout_forward": _variant(_DROPOUT_FORWARD, ("torch.rand(x.shape, generator=generator, device=x.device, dtype=x.dtype)",
                                                   "torch.rand(x.shape, dtype=x.dtype)")),
    "TwoLayerNet": _TWO_LAYER_NET.replace(", device=device)", ")"),
    "adam": _variant(_ADAM, ('m = config.get("m", torch.zeros_like(w))', 'm = config.get("m", torch.zeros(w.shape, dtype=w.dtype))'),
                     ('v = config.get("v", torch.zeros_like(w))', 'v = config.get("v", torch.zeros(w.shape, dtype=w.dtype))')),
}

HIDDEN_ONLY = {
    "linear_forward": "x.view(N, -1) fails on a non-contiguous x",
    "linear_backward": "dx left flattened (N, D)",
    "relu_forward": "modifies x in place (clamp_)",
    "relu_backward": "gradient 1 at x == 0 (x >= 0)",
    "sigmoid_forward": "1 - 1/(1 + e^x): loses every digit for very negative x",
    "sigmoid_backward": "modifies the cache in place",
    "svm_loss": "gradient mask >= 0: margins of exactly 0 count",
    "softmax_loss": "no max subtraction: exp overflows for large scores",
    "TwoLayerNet": "weights not scaled by weight_scale",
    "sgd": "updates w in place",
    "sgd_momentum": "ignores the configured momentum (always 0.9)",
    "rmsprop": "updates w in place",
    "adam": "epsilon inside the square root",
    "batchnorm_forward": "running variance updated with the unbiased variance (PyTorch's choice)",
    "batchnorm_backward": "modifies the cache in place (var += eps)",
    "dropout_forward": "ignores the seed",
    "dropout_backward": "always float32 (torch.zeros)",
    "FullyConnectedNet": "loss(X) without labels still runs in 'train' mode",
}

# Right answers written another way than the solution's: each must keep every point
# (tests/test_alternatives.py grades them in process and through the autograder).
ALTERNATIVES = {
    "softmax_loss": {
        "one-hot labels with torch.nn.functional.one_hot, as assignment 1 counts votes": """
import torch.nn.functional as F


def softmax_loss(scores, y):
    n, num_classes = scores.shape
    shifted = scores - scores.max(dim=1, keepdim=True).values
    log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    one_hot = F.one_hot(y, num_classes).to(scores.dtype)
    loss = -(one_hot * log_probs).sum() / n
    dscores = (log_probs.exp() - one_hot) / n
    return loss, dscores
""",
    },
    "linear_forward": {
        "x.reshape(len(x), -1), right for every non-empty batch": """
def linear_forward(x, w, b):
    out = x.reshape(len(x), -1) @ w + b
    cache = (x, w, b)
    return out, cache
""",
    },
}
