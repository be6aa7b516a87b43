"""Wrong answers to a6_understanding that students are likely to write, by graded function or class.

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


_MODES = """    modes = [(module, module.training) for module in model.modules()]
    model.eval()
"""
_RESTORE = """        for module, training in modes:
            module.training = training
"""

_SALIENCY = """
def saliency_map(model, x, y):
    modes = [(module, module.training) for module in model.modules()]
    model.eval()
    try:
        image = x.detach().clone().requires_grad_(True)
        scores = model(image)
        (gradient,) = torch.autograd.grad(scores.gather(1, y.view(-1, 1)).sum(), image)
    finally:
        for module, training in modes:
            module.training = training
    return gradient.abs().amax(dim=1)
"""

_OCCLUSION = """
def occlusion_sensitivity(model, x, y, patch_size, stride, fill=0.0):
    n, _, height, width = x.shape
    rows, cols = (height - patch_size) // stride + 1, (width - patch_size) // stride + 1
    heatmap = torch.empty(n, rows, cols, dtype=x.dtype, device=x.device)
    modes = [(module, module.training) for module in model.modules()]
    model.eval()
    try:
        with torch.no_grad():
            for i in range(rows):
                for j in range(cols):
                    occluded = x.clone()
                    occluded[:, :, i * stride:i * stride + patch_size, j * stride:j * stride + patch_size] = fill
                    probabilities = F.softmax(model(occluded), dim=1)
                    heatmap[:, i, j] = probabilities[torch.arange(n), y]
    finally:
        for module, training in modes:
            module.training = training
    return heatmap
"""

_GUIDED = """
def guided_backprop(model, x, target):
    if isinstance(target, int):
        target = torch.full((len(x),), target, dtype=torch.int64, device=x.device)

    def guide(module, grad_input, grad_output):
        return (grad_input[0].clamp(min=0),)

    modes = [(module, module.training) for module in model.modules()]
    handles = [module.register_full_backward_hook(guide) for module in model.modules() if isinstance(module, nn.ReLU)]
    model.eval()
    try:
        image = x.detach().clone().requires_grad_(True)
        scores = model(image)
        (gradient,) = torch.autograd.grad(scores.gather(1, target.view(-1, 1)).sum(), image)
    finally:
        for handle in handles:
            handle.remove()
        for module, training in modes:
            module.training = training
    return gradient
"""

_CLASS_VISUALIZATION = """
def class_visualization(model, target, steps, lr, reg, shape=(1, 3, 32, 32), seed=0):
    parameter = next(model.parameters())
    image = torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=parameter.dtype).to(parameter.device)
    modes = [(module, module.training) for module in model.modules()]
    model.eval()
    try:
        for _ in range(steps):
            image.requires_grad_(True)
            objective = model(image)[:, target].sum() - reg * (image * image).sum()
            (gradient,) = torch.autograd.grad(objective, image)
            image = (image + lr * gradient).detach()
    finally:
        for module, training in modes:
            module.training = training
    return image.detach()
"""

_FOOLING = """
def make_fooling_image(model, x, target, lr=1.0, max_steps=100):
    image = x.detach().clone()
    modes = [(module, module.training) for module in model.modules()]
    model.eval()
    try:
        for _ in range(max_steps):
            image.requires_grad_(True)
            scores = model(image)
            if scores.argmax(dim=1).item() == target:
                break
            (gradient,) = torch.autograd.grad(scores[0, target], image)
            image = (image + lr * gradient / gradient.norm()).detach()
    finally:
        for module, training in modes:
            module.training = training
    return image.detach()
"""

_UNPOOL = """
def max_unpool(x, switches, output_size):
    n, c = x.shape[:2]
    height, width = output_size
    out = torch.zeros(n, c, height * width, dtype=x.dtype, device=x.device)
    out = out.scatter(2, switches.reshape(n, c, -1), x.reshape(n, c, -1))
    return out.view(n, c, height, width)
"""

_DECONVNET = """
def deconvnet_project(layers, x, layer_index, channel):
    with torch.no_grad():
        signal, records = x.detach(), []
        for layer in layers[:layer_index + 1]:
            records.append((signal.shape[-2:], None))
            if isinstance(layer, nn.MaxPool2d):
                signal, switches = F.max_pool2d(signal, layer.kernel_size, layer.stride, layer.padding, layer.dilation,
                                                ceil_mode=layer.ceil_mode, return_indices=True)
                records[-1] = (records[-1][0], switches)
            else:
                signal = layer(signal)
        n = len(signal)
        rows = torch.arange(n, device=signal.device)
        activations = signal[:, channel].reshape(n, -1)
        strongest = activations.argmax(dim=1)
        kept = torch.zeros_like(signal).reshape(n, signal.shape[1], -1)
        kept[rows, channel, strongest] = activations[rows, strongest]
        signal = kept.view_as(signal)
        for layer, (size, switches) in zip(reversed(layers[:layer_index + 1]), reversed(records)):
            if isinstance(layer, nn.MaxPool2d):
                signal = F.max_unpool2d(signal, switches, layer.kernel_size, layer.stride, layer.padding, output_size=size)
            elif isinstance(layer, nn.ReLU):
                signal = signal.clamp(min=0)
            elif isinstance(layer, nn.Conv2d):
                stride, padding, dilation = layer.stride, layer.padding, layer.dilation
                natural = [(signal.shape[2 + d] - 1) * stride[d] - 2 * padding[d] + dilation[d] * (layer.kernel_size[d] - 1) + 1
                           for d in range(2)]
                signal = F.conv_transpose2d(signal, layer.weight, stride=stride, padding=padding, dilation=dilation,
                                            groups=layer.groups, output_padding=[size[d] - natural[d] for d in range(2)])
    return signal
"""

_ARCFACE = """
def arcface_logits(embeddings, weight, labels, s=64.0, m=0.5):
    cosines = (F.normalize(embeddings, dim=1) @ F.normalize(weight, dim=1).T).clamp(-1.0, 1.0)
    cos_y = cosines.gather(1, labels.view(-1, 1))
    theta_y = torch.acos(cos_y)
    margin_logit = torch.where(theta_y + m <= math.pi, torch.cos(theta_y + m), cos_y - m * math.sin(m))
    return s * cosines.scatter(1, labels.view(-1, 1), margin_logit)
"""

_ARCFACE_LOSS = """
class ArcFaceLoss(nn.Module):
    def __init__(self, embedding_dim, num_classes, s=64.0, m=0.5):
        super().__init__()
        self.s, self.m = s, m
        self.weight = nn.Parameter(torch.empty(num_classes, embedding_dim))
        nn.init.xavier_uniform_(self.weight)

    def forward(self, embeddings, labels):
        return F.cross_entropy(arcface_logits(embeddings, self.weight, labels, self.s, self.m), labels)
"""

_NO_RESTORE = (_RESTORE, "        pass\n")

BUGS = {
    "saliency_map": {
        "no absolute value: the signed gradient's maximum": _variant(_SALIENCY, ("gradient.abs().amax(dim=1)", "gradient.amax(dim=1)")),
        "sum over the channels instead of the maximum": _variant(_SALIENCY, ("gradient.abs().amax(dim=1)", "gradient.abs().sum(dim=1)")),
        "the first channel only": _variant(_SALIENCY, ("gradient.abs().amax(dim=1)", "gradient[:, 0].abs()")),
        "computed in train mode (dropout and batch statistics on)": _variant(_SALIENCY, (_MODES, "    modes = []\n")),
        "leaves the model in eval mode": _variant(_SALIENCY, _NO_RESTORE),
        "model.train() afterwards: a model that mixes modes is not restored": _variant(_SALIENCY, (_RESTORE, "        model.train()\n")),
        "backward() leaves gradients on the parameters": _variant(
            _SALIENCY, ("        (gradient,) = torch.autograd.grad(scores.gather(1, y.view(-1, 1)).sum(), image)\n",
                        "        scores.gather(1, y.view(-1, 1)).sum().backward()\n        gradient = image.grad\n")),
        "sets requires_grad on x itself: gradients accumulate across calls": _variant(
            _SALIENCY, ("        image = x.detach().clone().requires_grad_(True)\n", "        image = x.requires_grad_(True)\n"),
            ("        (gradient,) = torch.autograd.grad(scores.gather(1, y.view(-1, 1)).sum(), image)\n",
             "        scores.gather(1, y.view(-1, 1)).sum().backward(inputs=[image])\n        gradient = image.grad.detach().clone()\n")),
        "the gradient of the softmax probability, not of the score": _variant(
            _SALIENCY, ("scores.gather(1, y.view(-1, 1))", "F.softmax(scores, dim=1).gather(1, y.view(-1, 1))")),
    },
    "occlusion_sensitivity": {
        "off by one at the border: the last position is missing": _variant(
            _OCCLUSION, ("rows, cols = (height - patch_size) // stride + 1, (width - patch_size) // stride + 1",
                         "rows, cols = (height - patch_size) // stride, (width - patch_size) // stride")),
        "one position too many (ceil)": _variant(
            _OCCLUSION, ("rows, cols = (height - patch_size) // stride + 1, (width - patch_size) // stride + 1",
                         "rows, cols = -(-(height - patch_size) // stride) + 1, -(-(width - patch_size) // stride) + 1")),
        "ignores fill (always zeros)": _variant(_OCCLUSION, ("j * stride:j * stride + patch_size] = fill", "j * stride:j * stride + patch_size] = 0")),
        "the raw score instead of the probability": _variant(_OCCLUSION, ("F.softmax(model(occluded), dim=1)", "model(occluded)")),
        "the probability of the predicted class, not of y": _variant(
            _OCCLUSION, ("heatmap[:, i, j] = probabilities[torch.arange(n), y]", "heatmap[:, i, j] = probabilities.amax(dim=1)")),
        "occludes x itself: the squares add up": _variant(_OCCLUSION, ("occluded = x.clone()", "occluded = x")),
        "computed in train mode": _variant(_OCCLUSION, (_MODES, "    modes = []\n")),
        "rows and columns swapped": _variant(
            _OCCLUSION, ("occluded[:, :, i * stride:i * stride + patch_size, j * stride:j * stride + patch_size] = fill",
                         "occluded[:, :, j * stride:j * stride + patch_size, i * stride:i * stride + patch_size] = fill"),
            ("rows, cols = (height - patch_size) // stride + 1, (width - patch_size) // stride + 1",
             "rows, cols = (width - patch_size) // stride + 1, (height - patch_size) // stride + 1")),
    },
    "guided_backprop": {
        "plain backpropagation (no guidance)": _variant(_GUIDED, ("        return (grad_input[0].clamp(min=0),)\n", "        return None\n")),
        "the deconvnet's rule: positive gradients, whatever the input": _variant(
            _GUIDED, ("        return (grad_input[0].clamp(min=0),)\n", "        return (grad_output[0].clamp(min=0),)\n")),
        "leaves its hooks installed": _variant(_GUIDED, ("        for handle in handles:\n            handle.remove()\n", "")),
        "the absolute value of the gradient": _variant(_GUIDED, ("    return gradient\n", "    return gradient.abs()\n")),
        "an int target used as the class of image 0 only": _variant(
            _GUIDED, ("        target = torch.full((len(x),), target, dtype=torch.int64, device=x.device)",
                      "        target = torch.tensor([target] + [0] * (len(x) - 1), device=x.device)")),
        "the sum of every class's score": _variant(
            _GUIDED, ("torch.autograd.grad(scores.gather(1, target.view(-1, 1)).sum(), image)", "torch.autograd.grad(scores.sum(), image)")),
        "backward() leaves gradients on the parameters": _variant(
            _GUIDED, ("        (gradient,) = torch.autograd.grad(scores.gather(1, target.view(-1, 1)).sum(), image)\n",
                      "        scores.gather(1, target.view(-1, 1)).sum().backward()\n        gradient = image.grad\n")),
        "leaves the model in eval mode": _variant(_GUIDED, _NO_RESTORE),
    },
    "class_visualization": {
        "gradient descent instead of ascent": _variant(_CLASS_VISUALIZATION, ("image = (image + lr * gradient)", "image = (image - lr * gradient)")),
        "the regularization's gradient reg * I instead of 2 reg * I": _variant(
            _CLASS_VISUALIZATION, ("- reg * (image * image).sum()", "- 0.5 * reg * (image * image).sum()")),
        "the regularization rewarded (+ reg ||I||^2)": _variant(_CLASS_VISUALIZATION, ("- reg * (image * image).sum()", "+ reg * (image * image).sum()")),
        "starts from zeros": _variant(
            _CLASS_VISUALIZATION, ("torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=parameter.dtype)",
                                   "torch.zeros(shape, dtype=parameter.dtype)")),
        "ignores the seed (global generator)": _variant(
            _CLASS_VISUALIZATION, ("torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=parameter.dtype)",
                                   "torch.randn(shape, dtype=parameter.dtype)")),
        "one step too few": _variant(_CLASS_VISUALIZATION, ("for _ in range(steps):", "for _ in range(steps - 1):")),
        "computed in train mode": _variant(_CLASS_VISUALIZATION, (_MODES, "    modes = []\n")),
        "the softmax probability instead of the score": _variant(
            _CLASS_VISUALIZATION, ("model(image)[:, target].sum()", "F.softmax(model(image), dim=1)[:, target].sum()")),
        "leaves the model in eval mode": _variant(_CLASS_VISUALIZATION, _NO_RESTORE),
    },
    "make_fooling_image": {
        "does not stop when the target is reached": _variant(
            _FOOLING, ("            if scores.argmax(dim=1).item() == target:\n                break\n", "")),
        "gradient descent on the target's score": _variant(_FOOLING, ("image = (image + lr * gradient", "image = (image - lr * gradient")),
        "steps not normalized (x + lr g)": _variant(_FOOLING, ("lr * gradient / gradient.norm()", "lr * gradient")),
        "normalized by the largest entry, not the L2 norm": _variant(_FOOLING, ("gradient / gradient.norm()", "gradient / gradient.abs().max()")),
        "modifies x in place": _variant(
            _FOOLING, ("    image = x.detach().clone()\n", "    image = x\n"),
            ("            image.requires_grad_(True)\n            scores = model(image)\n",
             "            probe = image.detach().clone().requires_grad_(True)\n            scores = model(probe)\n"),
            ("torch.autograd.grad(scores[0, target], image)", "torch.autograd.grad(scores[0, target], probe)"),
            ("            image = (image + lr * gradient / gradient.norm()).detach()\n",
             "            with torch.no_grad():\n                image += lr * gradient / gradient.norm()\n")),
        "always takes a first step, even when x is already the target": _variant(
            _FOOLING, ("            if scores.argmax(dim=1).item() == target:\n                break\n", ""),
            ("            image = (image + lr * gradient / gradient.norm()).detach()\n",
             "            image = (image + lr * gradient / gradient.norm()).detach()\n"
             "            with torch.no_grad():\n                if model(image).argmax(dim=1).item() == target:\n                    break\n")),
        "computed in train mode": _variant(_FOOLING, (_MODES, "    modes = []\n")),
        "the gradient of the cross-entropy of the target, ascended": _variant(
            _FOOLING, ("torch.autograd.grad(scores[0, target], image)",
                       "torch.autograd.grad(F.cross_entropy(scores, torch.tensor([target], device=scores.device)), image)")),
    },
    "max_unpool": {
        "duplicate switches summed (overlapping windows)": _variant(_UNPOOL, ("out = out.scatter(2,", "out = out.scatter_add(2,")),
        "output size guessed as twice the pooled size": _variant(
            _UNPOOL, ("    height, width = output_size\n", "    height, width = 2 * x.shape[2], 2 * x.shape[3]\n")),
        "rows and columns swapped for a non-square plane": _variant(
            _UNPOOL, ("    return out.view(n, c, height, width)\n", "    return out.view(n, c, width, height).transpose(2, 3)\n")),
        "always float32": _variant(_UNPOOL, ("torch.zeros(n, c, height * width, dtype=x.dtype, device=x.device)",
                                             "torch.zeros(n, c, height * width, device=x.device)"),
                                   ("x.reshape(n, c, -1))", "x.reshape(n, c, -1).float())")),
        "switches taken as indices into the whole batch": _variant(
            _UNPOOL, ("    out = torch.zeros(n, c, height * width, dtype=x.dtype, device=x.device)\n"
                      "    out = out.scatter(2, switches.reshape(n, c, -1), x.reshape(n, c, -1))\n",
                      "    out = torch.zeros(n * c * height * width, dtype=x.dtype, device=x.device)\n"
                      "    out = out.scatter(0, switches.reshape(-1), x.reshape(-1))\n")),
        "F.max_unpool2d (not allowed)": """
def max_unpool(x, switches, output_size):
    return F.max_unpool2d(x, switches, 2, output_size=output_size)
""",
    },
    "deconvnet_project": {
        "ReLU backward as in backpropagation (mask of the forward input)": _variant(
            _DECONVNET, ("            records.append((signal.shape[-2:], None))\n",
                         "            records.append((signal.shape[-2:], signal > 0))\n"),
            ("                signal = signal.clamp(min=0)\n", "                signal = signal * switches\n")),
        "no rectification on the way down": _variant(_DECONVNET, ("                signal = signal.clamp(min=0)\n", "                pass\n")),
        "keeps the whole channel, not just its strongest activation": _variant(
            _DECONVNET, ("        kept[rows, channel, strongest] = activations[rows, strongest]\n", "        kept[:, channel] = activations\n")),
        "one maximum over the whole batch instead of per image": _variant(
            _DECONVNET, ("        strongest = activations.argmax(dim=1)\n",
                         "        best = activations.argmax()\n        strongest = torch.full((n,), int(best % activations.shape[1]), device=signal.device)\n"),
            ("        kept[rows, channel, strongest] = activations[rows, strongest]\n",
             "        kept[best // activations.shape[1], channel, strongest[0]] = activations.flatten()[best]\n")),
        "nearest-neighbour upsampling instead of the switches": _variant(
            _DECONVNET, ("                signal = F.max_unpool2d(signal, switches, layer.kernel_size, layer.stride, layer.padding, output_size=size)\n",
                         "                signal = F.interpolate(signal, size=tuple(size), mode=\"nearest\")\n")),
        "the convolution's bias added on the way down": _variant(
            _DECONVNET, ("groups=layer.groups, output_padding=[size[d] - natural[d] for d in range(2)])\n",
                         "groups=layer.groups, output_padding=[size[d] - natural[d] for d in range(2)])\n"
                         "                signal = signal + layer.bias.sum()\n")),
        "stops one layer short (layers[:layer_index])": _variant(
            _DECONVNET, ("        for layer in layers[:layer_index + 1]:\n", "        for layer in layers[:layer_index]:\n"),
            ("zip(reversed(layers[:layer_index + 1]), reversed(records))", "zip(reversed(layers[:layer_index]), reversed(records))")),
        "no output_padding: the wrong size after a strided convolution": _variant(
            _DECONVNET, ("groups=layer.groups, output_padding=[size[d] - natural[d] for d in range(2)])", "groups=layer.groups)")),
    },
    "arcface_logits": {
        "the margin added to every class": _variant(
            _ARCFACE, ("    return s * cosines.scatter(1, labels.view(-1, 1), margin_logit)\n",
                       "    theta = torch.acos(cosines)\n    return s * torch.cos(theta + m)\n")),
        "the margin on the cosine (cos theta - m) instead of the angle": _variant(
            _ARCFACE, ("torch.where(theta_y + m <= math.pi, torch.cos(theta_y + m), cos_y - m * math.sin(m))", "cos_y - m")),
        "no clamping before acos (nan where the cosine rounds past 1)": _variant(
            _ARCFACE, ("(F.normalize(embeddings, dim=1) @ F.normalize(weight, dim=1).T).clamp(-1.0, 1.0)",
                       "F.normalize(embeddings, dim=1) @ F.normalize(weight, dim=1).T")),
        "no fallback past pi: cos(theta + m) everywhere": _variant(
            _ARCFACE, ("torch.where(theta_y + m <= math.pi, torch.cos(theta_y + m), cos_y - m * math.sin(m))", "torch.cos(theta_y + m)")),
        "the fallback without the margin's sine (cos theta - m)": _variant(_ARCFACE, ("cos_y - m * math.sin(m))", "cos_y - m)")),
        "the weight's rows not normalized": _variant(_ARCFACE, ("@ F.normalize(weight, dim=1).T", "@ weight.T")),
        "the weight normalized along the wrong dimension": _variant(_ARCFACE, ("@ F.normalize(weight, dim=1).T", "@ F.normalize(weight, dim=0).T")),
        "s applied to the label's logit only": _variant(
            _ARCFACE, ("    return s * cosines.scatter(1, labels.view(-1, 1), margin_logit)\n",
                       "    return cosines.scatter(1, labels.view(-1, 1), s * margin_logit)\n")),
    },
    "ArcFaceLoss": {
        "weight a plain tensor, not an nn.Parameter": _variant(
            _ARCFACE_LOSS, ("        self.weight = nn.Parameter(torch.empty(num_classes, embedding_dim))\n        nn.init.xavier_uniform_(self.weight)\n",
                            "        self.weight = nn.init.xavier_uniform_(torch.empty(num_classes, embedding_dim))\n")),
        "weight (embedding_dim, num_classes)": _variant(
            _ARCFACE_LOSS, ("torch.empty(num_classes, embedding_dim)", "torch.empty(embedding_dim, num_classes)"),
            ("arcface_logits(embeddings, self.weight, labels", "arcface_logits(embeddings, self.weight.T, labels")),
        "the sum of the cross-entropies, not the mean": _variant(_ARCFACE_LOSS, ("self.m), labels)", "self.m), labels, reduction=\"sum\")")),
        "ignores s and m (always 64 and 0.5)": _variant(_ARCFACE_LOSS, ("labels, self.s, self.m)", "labels)")),
        "the weight starts at zeros": _variant(_ARCFACE_LOSS, ("        nn.init.xavier_uniform_(self.weight)\n", "        nn.init.zeros_(self.weight)\n")),
        "the cross-entropy of the cosines, without the margin": _variant(
            _ARCFACE_LOSS, ("F.cross_entropy(arcface_logits(embeddings, self.weight, labels, self.s, self.m), labels)",
                            "F.cross_entropy(self.s * F.normalize(embeddings) @ F.normalize(self.weight).T, labels)")),
        "weights seeded alike (torch.manual_seed(0) in __init__)": _variant(
            _ARCFACE_LOSS, ("        nn.init.xavier_uniform_(self.weight)\n", "        torch.manual_seed(0)\n        nn.init.xavier_uniform_(self.weight)\n")),
    },
}

# Right on the CPU, wrong on a GPU: tensors made on the CPU, whatever the inputs' device.
GPU_BUGS = {
    "occlusion_sensitivity": _variant(_OCCLUSION, ("torch.empty(n, rows, cols, dtype=x.dtype, device=x.device)", "torch.empty(n, rows, cols, dtype=x.dtype)"),
                                      ("heatmap[:, i, j] = probabilities[torch.arange(n), y]",
                                       "heatmap[:, i, j] = probabilities[torch.arange(n, device=x.device), y].cpu()")),
    "max_unpool": _variant(_UNPOOL, ("torch.zeros(n, c, height * width, dtype=x.dtype, device=x.device)", "torch.zeros(n, c, height * width, dtype=x.dtype)"),
                           ("out.scatter(2, switches.reshape(n, c, -1), x.reshape(n, c, -1))",
                            "out.scatter(2, switches.reshape(n, c, -1).cpu(), x.reshape(n, c, -1).cpu())")),
    "class_visualization": _variant(_CLASS_VISUALIZATION, (".to(parameter.device)", "")),
}

HIDDEN_ONLY = {
    "saliency_map": "leaves the model in eval mode",
    "occlusion_sensitivity": "ignores fill (always zeros)",
    "guided_backprop": "leaves its hooks installed",
    "class_visualization": "the regularization's gradient reg * I instead of 2 reg * I",
    "make_fooling_image": "modifies x in place",
    "max_unpool": "duplicate switches summed (overlapping windows)",
    "deconvnet_project": "one maximum over the whole batch instead of per image",
    "arcface_logits": "no clamping before acos (nan where the cosine rounds past 1)",
    "ArcFaceLoss": "weight a plain tensor, not an nn.Parameter",
}
