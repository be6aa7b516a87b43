"""Wrong answers to a3_convnets that students are likely to write, by graded function or class.

BUGS: several per item, each a complete wrong definition; its item's test cell must fail on it.
GPU_BUGS: right on the CPU, wrong on a GPU (tensors made on the CPU), checked where CUDA exists.
HIDDEN_ONLY: for each item, one bug its visible checks let through: the autograder round trip
submits these, so only the hidden tests (restored by nbgrader when grading) can take the points away.

Each item is written once, right, and each wrong version changes a few lines of it (``_variant``
checks that every change applies exactly once).
"""


def _variant(source: str, *changes: tuple[str, str]) -> str:
    for old, new in changes:
        assert source.count(old) == 1, f"the change {old!r} must apply exactly once"
        source = source.replace(old, new)
    return source


_CONV_FORWARD_NAIVE = """
def conv_forward_naive(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    num_filters, _, HH, WW = w.shape
    if min(H + 2 * pad - HH, W + 2 * pad - WW) < 0 or (H + 2 * pad - HH) % stride or (W + 2 * pad - WW) % stride:
        raise ValueError(f"a {HH}x{WW} filter with stride {stride} and pad {pad} does not fit a {H}x{W} input")
    H_out, W_out = 1 + (H + 2 * pad - HH) // stride, 1 + (W + 2 * pad - WW) // stride
    x_pad = torch.zeros(N, C, H + 2 * pad, W + 2 * pad, dtype=x.dtype, device=x.device)
    x_pad[:, :, pad:pad + H, pad:pad + W] = x
    out = torch.empty(N, num_filters, H_out, W_out, dtype=x.dtype, device=x.device)
    for i in range(H_out):
        for j in range(W_out):
            window = x_pad[:, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
            out[:, :, i, j] = torch.einsum("nckl,fckl->nf", window, w) + b
    cache = (x, w, b, conv_param)
    return out, cache
"""

_CONV_BACKWARD_NAIVE = """
def conv_backward_naive(dout, cache):
    x, w, b, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    _, _, HH, WW = w.shape
    _, _, H_out, W_out = dout.shape
    x_pad = torch.zeros(N, C, H + 2 * pad, W + 2 * pad, dtype=x.dtype, device=x.device)
    x_pad[:, :, pad:pad + H, pad:pad + W] = x
    dx_pad = torch.zeros_like(x_pad)
    dw = torch.zeros_like(w)
    for i in range(H_out):
        for j in range(W_out):
            rows, cols = slice(i * stride, i * stride + HH), slice(j * stride, j * stride + WW)
            dx_pad[:, :, rows, cols] += torch.einsum("nf,fckl->nckl", dout[:, :, i, j], w)
            dw += torch.einsum("nf,nckl->fckl", dout[:, :, i, j], x_pad[:, :, rows, cols])
    dx = dx_pad[:, :, pad:pad + H, pad:pad + W]
    db = dout.sum(dim=(0, 2, 3))
    return dx, dw, db
"""

_CONV_FORWARD_IM2COL = """
def conv_forward_im2col(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    num_filters, _, HH, WW = w.shape
    if min(H + 2 * pad - HH, W + 2 * pad - WW) < 0 or (H + 2 * pad - HH) % stride or (W + 2 * pad - WW) % stride:
        raise ValueError(f"a {HH}x{WW} filter with stride {stride} and pad {pad} does not fit a {H}x{W} input")
    H_out, W_out = 1 + (H + 2 * pad - HH) // stride, 1 + (W + 2 * pad - WW) // stride
    x_cols = F.unfold(x, (HH, WW), padding=pad, stride=stride)
    out = (w.reshape(num_filters, -1) @ x_cols + b.reshape(1, -1, 1)).reshape(N, num_filters, H_out, W_out)
    cache = (x, w, b, conv_param, x_cols)
    return out, cache
"""

_CONV_BACKWARD_IM2COL = """
def conv_backward_im2col(dout, cache):
    x, w, b, conv_param, x_cols = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, num_filters = dout.shape[:2]
    dout_flat = dout.reshape(N, num_filters, -1)
    db = dout_flat.sum(dim=(0, 2))
    dw = torch.einsum("nfl,nkl->fk", dout_flat, x_cols).reshape(w.shape)
    dx_cols = w.reshape(num_filters, -1).T @ dout_flat
    dx = F.fold(dx_cols, x.shape[2:], w.shape[2:], padding=pad, stride=stride)
    return dx, dw, db
"""

_MAX_POOL_FORWARD = """
def max_pool_forward(x, pool_param):
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H, W = x.shape
    windows = x.unfold(2, ph, stride).unfold(3, pw, stride)
    H_out, W_out = windows.shape[2:4]
    out, position = windows.reshape(N, C, H_out, W_out, ph * pw).max(dim=-1)
    rows = torch.arange(H_out, device=x.device).reshape(-1, 1) * stride + position // pw
    cols = torch.arange(W_out, device=x.device) * stride + position % pw
    switches = rows * W + cols
    cache = (x, pool_param, switches)
    return out, cache
"""

_MAX_POOL_BACKWARD = """
def max_pool_backward(dout, cache):
    x, pool_param, switches = cache
    N, C, H, W = x.shape
    dx = torch.zeros(N, C, H * W, dtype=dout.dtype, device=dout.device)
    dx = dx.scatter_add(2, switches.reshape(N, C, -1), dout.reshape(N, C, -1)).reshape(N, C, H, W)
    return dx
"""

# Spreads each window's gradient over its pixels with the weights `weights` (N, C, H', W', ph, pw), by F.fold.
_SPREAD = """
def _spread(weights, dout, x, pool_param):
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H, W = x.shape
    columns = (weights * dout[..., None, None]).permute(0, 1, 4, 5, 2, 3).reshape(N, C * ph * pw, -1)
    return F.fold(columns, (H, W), (ph, pw), stride=stride)
"""

_SPATIAL_BATCHNORM_FORWARD = """
def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    eps, momentum = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    C = x.shape[1]
    zeros = torch.zeros(C, dtype=x.dtype, device=x.device)
    running_mean, running_var = bn_param.get("running_mean", zeros), bn_param.get("running_var", zeros)
    if bn_param["mode"] == "train":
        mean = x.mean(dim=(0, 2, 3))
        var = ((x - mean.reshape(1, C, 1, 1)) ** 2).mean(dim=(0, 2, 3))
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mean
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    else:
        mean, var = running_mean, running_var
    x_hat = (x - mean.reshape(1, C, 1, 1)) / torch.sqrt(var.reshape(1, C, 1, 1) + eps)
    out = gamma.reshape(1, C, 1, 1) * x_hat + beta.reshape(1, C, 1, 1)
    cache = (x, x_hat, mean, var, gamma, eps)
    return out, cache
"""

_SPATIAL_BATCHNORM_BACKWARD = """
def spatial_batchnorm_backward(dout, cache):
    x, x_hat, mean, var, gamma, eps = cache
    N, C, H, W = dout.shape
    m = N * H * W
    axes = (0, 2, 3)
    dx_hat = dout * gamma.reshape(1, C, 1, 1)
    dx = (m * dx_hat - dx_hat.sum(dim=axes, keepdim=True) - x_hat * (dx_hat * x_hat).sum(dim=axes, keepdim=True)) \\
        / (m * torch.sqrt(var.reshape(1, C, 1, 1) + eps))
    dgamma = (dout * x_hat).sum(dim=axes)
    dbeta = dout.sum(dim=axes)
    return dx, dgamma, dbeta
"""

_THREE_LAYER_CONVNET = """
class ThreeLayerConvNet:
    def __init__(self, input_dim=(3, 32, 32), num_filters=32, filter_size=7, hidden_dim=100, num_classes=10,
                 weight_scale=1e-3, reg=0.0, dtype=torch.float32, device="cpu"):
        self.params = {}
        self.reg = reg
        C, H, W = input_dim
        shapes = {"W1": (num_filters, C, filter_size, filter_size), "W2": (num_filters * (H // 2) * (W // 2), hidden_dim),
                  "W3": (hidden_dim, num_classes)}
        for i, size in enumerate((num_filters, hidden_dim, num_classes), start=1):
            self.params[f"W{i}"] = weight_scale * torch.randn(shapes[f"W{i}"], dtype=dtype, device=device)
            self.params[f"b{i}"] = torch.zeros(size, dtype=dtype, device=device)

    def loss(self, X, y=None):
        W1, b1, W2, b2, W3, b3 = (self.params[name] for name in ("W1", "b1", "W2", "b2", "W3", "b3"))
        conv_param = {"stride": 1, "pad": (W1.shape[2] - 1) // 2}
        pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
        h, conv_cache = conv_forward_im2col(X, W1, b1, conv_param)
        h, relu1_cache = relu_forward(h)
        h, pool_cache = max_pool_forward(h, pool_param)
        h, linear2_cache = linear_forward(h, W2, b2)
        h, relu2_cache = relu_forward(h)
        scores, linear3_cache = linear_forward(h, W3, b3)
        if y is None:
            return scores
        loss, dscores = softmax_loss(scores, y)
        loss = loss + 0.5 * self.reg * sum((W * W).sum() for W in (W1, W2, W3))
        grads = {}
        dh, grads["W3"], grads["b3"] = linear_backward(dscores, linear3_cache)
        dh = relu_backward(dh, relu2_cache)
        dh, grads["W2"], grads["b2"] = linear_backward(dh, linear2_cache)
        dh = max_pool_backward(dh, pool_cache)
        dh = relu_backward(dh, relu1_cache)
        _, grads["W1"], grads["b1"] = conv_backward_im2col(dh, conv_cache)
        for name, W in (("W1", W1), ("W2", W2), ("W3", W3)):
            grads[name] = grads[name] + self.reg * W
        return loss, grads
"""

_CONVNET = """
class ConvNet(nn.Module):
    def __init__(self, in_channels=3, num_classes=10):
        super().__init__()
        def block(c_in, c_out):
            return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU())

        self.features = nn.Sequential(block(in_channels, 32), block(32, 32), nn.MaxPool2d(2), block(32, 64),
                                      nn.MaxPool2d(2), block(64, 128), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.classifier = nn.Linear(128, num_classes)

    def forward(self, x):
        return self.classifier(self.features(x))
"""

BUGS = {
    "conv_forward_naive": {
        "padding on one side only (all 2P zeros after the image)": _variant(
            _CONV_FORWARD_NAIVE, ("x_pad[:, :, pad:pad + H, pad:pad + W] = x", "x_pad[:, :, :H, :W] = x")),
        "stride applied to the input, not the output position": _variant(
            _CONV_FORWARD_NAIVE, ("x_pad[:, :, i * stride:i * stride + HH, j * stride:j * stride + WW]",
                                  "x_pad[:, :, i:i + HH, j:j + WW]")),
        "flipped kernel (a true convolution)": _variant(
            _CONV_FORWARD_NAIVE, ('torch.einsum("nckl,fckl->nf", window, w)', 'torch.einsum("nckl,fckl->nf", window, w.flip(2, 3))')),
        "square inputs assumed: W' computed from H": _variant(
            _CONV_FORWARD_NAIVE, ("1 + (W + 2 * pad - WW) // stride\n", "1 + (H + 2 * pad - HH) // stride\n")),
        "no ValueError: the sizes rounded down": _variant(
            _CONV_FORWARD_NAIVE, ('        raise ValueError(f"a {HH}x{WW} filter with stride {stride} and pad {pad} does not fit a {H}x{W} input")',
                                  "        pass")),
        "bias left out": _variant(_CONV_FORWARD_NAIVE, ("window, w) + b", "window, w)")),
    },
    "conv_backward_naive": {
        "bias gradient not summed over space": _variant(
            _CONV_BACKWARD_NAIVE, ("db = dout.sum(dim=(0, 2, 3))", "db = dout[:, :, 0, 0].sum(dim=0)")),
        "padding left on dx": _variant(_CONV_BACKWARD_NAIVE, ("dx = dx_pad[:, :, pad:pad + H, pad:pad + W]", "dx = dx_pad")),
        "padding cropped on one side only": _variant(
            _CONV_BACKWARD_NAIVE, ("dx = dx_pad[:, :, pad:pad + H, pad:pad + W]", "dx = dx_pad[:, :, :H, :W]")),
        "dw flipped": _variant(_CONV_BACKWARD_NAIVE, ("    db = dout.sum", "    dw = dw.flip(2, 3)\n    db = dout.sum")),
        "stride ignored: windows at every position": _variant(
            _CONV_BACKWARD_NAIVE, ("slice(i * stride, i * stride + HH), slice(j * stride, j * stride + WW)",
                                   "slice(i, i + HH), slice(j, j + WW)")),
        "overlapping windows overwrite dx instead of adding": _variant(
            _CONV_BACKWARD_NAIVE, ("dx_pad[:, :, rows, cols] += ", "dx_pad[:, :, rows, cols] = ")),
    },
    "conv_forward_im2col": {
        "F.conv2d instead of the matrix product": _variant(
            _CONV_FORWARD_IM2COL, ("(w.reshape(num_filters, -1) @ x_cols + b.reshape(1, -1, 1)).reshape(N, num_filters, H_out, W_out)",
                                   "F.conv2d(x, w, b, stride=stride, padding=pad)")),
        "a Python loop over the examples": _variant(
            _CONV_FORWARD_IM2COL, ("(w.reshape(num_filters, -1) @ x_cols + b.reshape(1, -1, 1)).reshape(N, num_filters, H_out, W_out)",
                                   "torch.stack([(w.reshape(num_filters, -1) @ x_cols[n] + b.reshape(-1, 1)).reshape(num_filters, H_out, W_out)\n"
                                   "                       for n in range(N)])")),
        "flipped kernel (a true convolution)": _variant(_CONV_FORWARD_IM2COL, ("(w.reshape(", "(w.flip(2, 3).reshape(")),
        "padding on one side only": _variant(
            _CONV_FORWARD_IM2COL, ("F.unfold(x, (HH, WW), padding=pad, stride=stride)",
                                   "F.unfold(F.pad(x, (0, 2 * pad, 0, 2 * pad)), (HH, WW), stride=stride)")),
        "filters flattened in (k, l, c) order, not the columns' (c, k, l)": _variant(
            _CONV_FORWARD_IM2COL, ("(w.reshape(num_filters, -1)", "(w.permute(0, 2, 3, 1).reshape(num_filters, -1)")),
        "no ValueError: the sizes rounded down": _variant(
            _CONV_FORWARD_IM2COL, ('        raise ValueError(f"a {HH}x{WW} filter with stride {stride} and pad {pad} does not fit a {H}x{W} input")',
                                   "        pass")),
    },
    "conv_backward_im2col": {
        "bias gradient not summed over space": _variant(
            _CONV_BACKWARD_IM2COL, ("db = dout_flat.sum(dim=(0, 2))", "db = dout_flat[:, :, 0].sum(dim=0)")),
        "fold without the padding (dx padded)": _variant(
            _CONV_BACKWARD_IM2COL, ("F.fold(dx_cols, x.shape[2:], w.shape[2:], padding=pad, stride=stride)",
                                    "F.fold(dx_cols, (x.shape[2] + 2 * pad, x.shape[3] + 2 * pad), w.shape[2:], stride=stride)")),
        "dw transposed before the reshape": _variant(_CONV_BACKWARD_IM2COL, ('"nfl,nkl->fk"', '"nfl,nkl->kf"')),
        "autograd through the forward pass": """
def conv_backward_im2col(dout, cache):
    x, w, b, conv_param, x_cols = cache
    leaves = [t.detach().requires_grad_() for t in (x, w, b)]
    with torch.enable_grad():
        columns = F.unfold(leaves[0], w.shape[2:], padding=conv_param["pad"], stride=conv_param["stride"])
        out = (leaves[1].reshape(w.shape[0], -1) @ columns + leaves[2].reshape(1, -1, 1)).reshape(dout.shape)
        return torch.autograd.grad(out, leaves, dout)
""",
        "stride ignored in the fold": _variant(
            _CONV_BACKWARD_IM2COL, ("padding=pad, stride=stride)", "padding=pad)")),
        "a Python loop over the examples": _variant(
            _CONV_BACKWARD_IM2COL, ("dx_cols = w.reshape(num_filters, -1).T @ dout_flat",
                                    "dx_cols = torch.stack([w.reshape(num_filters, -1).T @ dout_flat[n] for n in range(N)])")),
    },
    "max_pool_forward": {
        "the last maximum on ties": _variant(
            _MAX_POOL_FORWARD, ("out, position = windows.reshape(N, C, H_out, W_out, ph * pw).max(dim=-1)",
                                "out, position = windows.reshape(N, C, H_out, W_out, ph * pw).flip(-1).max(dim=-1)\n"
                                "    position = ph * pw - 1 - position")),
        "switches local to the window": _variant(_MAX_POOL_FORWARD, ("switches = rows * W + cols", "switches = position")),
        "the window size used as the stride": _variant(
            _MAX_POOL_FORWARD, ("x.unfold(2, ph, stride).unfold(3, pw, stride)", "x.unfold(2, ph, ph).unfold(3, pw, pw)"),
            ("reshape(-1, 1) * stride", "reshape(-1, 1) * ph"), ("* stride + position % pw", "* pw + position % pw")),
        "switches numbered with H instead of W": _variant(_MAX_POOL_FORWARD, ("switches = rows * W + cols", "switches = rows * H + cols")),
        "average instead of max": _variant(
            _MAX_POOL_FORWARD, ("    switches = rows * W + cols\n", "    switches = rows * W + cols\n    out = windows.mean(dim=(-2, -1))\n")),
        "switches in column-major order": _variant(_MAX_POOL_FORWARD, ("switches = rows * W + cols", "switches = cols * H + rows")),
    },
    "max_pool_backward": {
        "gradient routed to every tied maximum": _SPREAD + """
def max_pool_backward(dout, cache):
    x, pool_param, switches = cache
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    windows = x.unfold(2, ph, stride).unfold(3, pw, stride)
    is_max = (windows == windows.amax(dim=(-2, -1), keepdim=True)).to(dout.dtype)
    return _spread(is_max, dout, x, pool_param)
""",
        "overlapping windows overwrite instead of adding": _variant(_MAX_POOL_BACKWARD, ("dx.scatter_add(", "dx.scatter(")),
        "gradient spread evenly over the window (average pooling)": _SPREAD + """
def max_pool_backward(dout, cache):
    x, pool_param, switches = cache
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    weights = torch.full((*dout.shape, ph, pw), 1 / (ph * pw), dtype=dout.dtype, device=dout.device)
    return _spread(weights, dout, x, pool_param)
""",
        "switches read as column-major": _variant(
            _MAX_POOL_BACKWARD, ("switches.reshape(N, C, -1)", "((switches % W) * H + switches // W).reshape(N, C, -1)")),
        "dout copied to every pixel of its window": """
def max_pool_backward(dout, cache):
    x, pool_param, switches = cache
    return dout.repeat_interleave(pool_param["pool_height"], 2).repeat_interleave(pool_param["pool_width"], 3)
""",
    },
    "spatial_batchnorm_forward": {
        "statistics over the batch only, per position": _variant(
            _SPATIAL_BATCHNORM_FORWARD, ("mean = x.mean(dim=(0, 2, 3))", "mean = x.mean(dim=0)"),
            ("var = ((x - mean.reshape(1, C, 1, 1)) ** 2).mean(dim=(0, 2, 3))", "var = ((x - mean) ** 2).mean(dim=0)"),
            ("x_hat = (x - mean.reshape(1, C, 1, 1)) / torch.sqrt(var.reshape(1, C, 1, 1) + eps)",
             "x_hat = (x - mean) / torch.sqrt(var + eps) if bn_param['mode'] == 'train' else "
             "(x - mean.reshape(1, C, 1, 1)) / torch.sqrt(var.reshape(1, C, 1, 1) + eps)"),
            ("bn_param[\"running_mean\"] = momentum * running_mean + (1 - momentum) * mean",
             "bn_param[\"running_mean\"] = momentum * running_mean + (1 - momentum) * mean.mean(dim=(1, 2))"),
            ("bn_param[\"running_var\"] = momentum * running_var + (1 - momentum) * var",
             "bn_param[\"running_var\"] = momentum * running_var + (1 - momentum) * var.mean(dim=(1, 2))")),
        "statistics over every axis, channels too": _variant(
            _SPATIAL_BATCHNORM_FORWARD, ("mean = x.mean(dim=(0, 2, 3))", "mean = x.mean().expand(C)"),
            ("var = ((x - mean.reshape(1, C, 1, 1)) ** 2).mean(dim=(0, 2, 3))", "var = ((x - x.mean()) ** 2).mean().expand(C)")),
        "unbiased variance": _variant(
            _SPATIAL_BATCHNORM_FORWARD, ("var = ((x - mean.reshape(1, C, 1, 1)) ** 2).mean(dim=(0, 2, 3))",
                                         "var = x.var(dim=(0, 2, 3), unbiased=True)")),
        "PyTorch's momentum convention (momentum on the new statistic)": _variant(
            _SPATIAL_BATCHNORM_FORWARD, ("momentum * running_mean + (1 - momentum) * mean", "(1 - momentum) * running_mean + momentum * mean"),
            ("momentum * running_var + (1 - momentum) * var", "(1 - momentum) * running_var + momentum * var")),
        "bn_param's momentum ignored (always 0.9)": _variant(
            _SPATIAL_BATCHNORM_FORWARD, ('momentum = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)',
                                         'momentum = bn_param.get("eps", 1e-5), 0.9')),
        "test mode normalizes with the batch's statistics": _variant(
            _SPATIAL_BATCHNORM_FORWARD, ('if bn_param["mode"] == "train":', "if True:")),
    },
    "spatial_batchnorm_backward": {
        "sums over the batch only": _variant(_SPATIAL_BATCHNORM_BACKWARD, ("m = N * H * W", "m = N"), ("axes = (0, 2, 3)", "axes = (0,)")),
        "m = N instead of N * H * W": _variant(_SPATIAL_BATCHNORM_BACKWARD, ("m = N * H * W", "m = N")),
        "the x_hat term dropped": _variant(
            _SPATIAL_BATCHNORM_BACKWARD, (" - x_hat * (dx_hat * x_hat).sum(dim=axes, keepdim=True)", "")),
        "dgamma not summed over space": _variant(
            _SPATIAL_BATCHNORM_BACKWARD, ("dgamma = (dout * x_hat).sum(dim=axes)", "dgamma = (dout * x_hat).sum(dim=0)")),
        "dbeta a mean, not a sum": _variant(_SPATIAL_BATCHNORM_BACKWARD, ("dbeta = dout.sum(dim=axes)", "dbeta = dout.mean(dim=axes)")),
        "eps hard-coded to 1e-5 instead of the cache's": _variant(
            _SPATIAL_BATCHNORM_BACKWARD, ("torch.sqrt(var.reshape(1, C, 1, 1) + eps)", "torch.sqrt(var.reshape(1, C, 1, 1) + 1e-5)")),
    },
    "ThreeLayerConvNet": {
        "no padding in the convolution": _variant(_THREE_LAYER_CONVNET, ('"pad": (W1.shape[2] - 1) // 2', '"pad": 0')),
        "features flattened in (H, W, C) order": _variant(
            _THREE_LAYER_CONVNET, ("h, linear2_cache = linear_forward(h, W2, b2)", "h, linear2_cache = linear_forward(h.permute(0, 2, 3, 1), W2, b2)"),
            ("dh = max_pool_backward(dh, pool_cache)", "dh = max_pool_backward(dh.permute(0, 3, 1, 2), pool_cache)")),
        "biases regularized too": _variant(
            _THREE_LAYER_CONVNET, ("sum((W * W).sum() for W in (W1, W2, W3))", "sum((W * W).sum() for W in (W1, b1, W2, b2, W3, b3))"),
            ('for name, W in (("W1", W1), ("W2", W2), ("W3", W3)):', 'for name, W in (("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2), ("W3", W3), ("b3", b3)):')),
        "reg * sum W^2 in the loss, without the 0.5": _variant(_THREE_LAYER_CONVNET, ("0.5 * self.reg * sum", "self.reg * sum")),
        "no ReLU after the convolution": _variant(
            _THREE_LAYER_CONVNET, ("        h, relu1_cache = relu_forward(h)\n", ""), ("        dh = relu_backward(dh, relu1_cache)\n", "")),
        "pooling with stride 1": _variant(_THREE_LAYER_CONVNET, ('"pool_width": 2, "stride": 2}', '"pool_width": 2, "stride": 1}')),
    },
    "ConvNet": {
        "ten classes hard-coded": _variant(_CONVNET, ("nn.Linear(128, num_classes)", "nn.Linear(128, 10)")),
        "three input channels hard-coded": _variant(_CONVNET, ("block(in_channels, 32)", "block(3, 32)")),
        "a linear head sized for 32x32 inputs instead of global pooling": _variant(
            _CONVNET, ("nn.AdaptiveAvgPool2d(1), nn.Flatten()", "nn.Flatten()"), ("nn.Linear(128, num_classes)", "nn.Linear(128 * 8 * 8, num_classes)")),
        "every parameter frozen (requires_grad False)": _variant(
            _CONVNET, ("        self.classifier = nn.Linear(128, num_classes)\n",
                       "        self.classifier = nn.Linear(128, num_classes)\n        self.requires_grad_(False)\n")),
        "too large: over a million parameters": _variant(
            _CONVNET, ("block(64, 128), nn.AdaptiveAvgPool2d(1)", "block(64, 512), block(512, 512), nn.AdaptiveAvgPool2d(1)"),
            ("nn.Linear(128, num_classes)", "nn.Linear(512, num_classes)")),
        "forward under torch.no_grad: nothing to train": _variant(
            _CONVNET, ("        return self.classifier(self.features(x))", "        with torch.no_grad():\n            return self.classifier(self.features(x))")),
    },
}

GPU_BUGS = {
    "conv_forward_naive": _variant(_CONV_FORWARD_NAIVE, ("torch.zeros(N, C, H + 2 * pad, W + 2 * pad, dtype=x.dtype, device=x.device)",
                                                         "torch.zeros(N, C, H + 2 * pad, W + 2 * pad, dtype=x.dtype)")),
    "max_pool_forward": _variant(_MAX_POOL_FORWARD, ("torch.arange(W_out, device=x.device)", "torch.arange(W_out)")),
    "spatial_batchnorm_forward": _variant(_SPATIAL_BATCHNORM_FORWARD, ("zeros = torch.zeros(C, dtype=x.dtype, device=x.device)",
                                                                       "zeros = torch.zeros(C, dtype=x.dtype)")),
}

HIDDEN_ONLY = {
    "conv_forward_naive": "square inputs assumed: W' computed from H",
    "conv_backward_naive": "stride ignored: windows at every position",
    "conv_forward_im2col": "F.conv2d instead of the matrix product",
    "conv_backward_im2col": "stride ignored in the fold",
    "max_pool_forward": "the last maximum on ties",
    "max_pool_backward": "gradient routed to every tied maximum",
    "spatial_batchnorm_forward": "bn_param's momentum ignored (always 0.9)",
    "spatial_batchnorm_backward": "eps hard-coded to 1e-5 instead of the cache's",
    "ThreeLayerConvNet": "biases regularized too",
    "ConvNet": "forward under torch.no_grad: nothing to train",
}
