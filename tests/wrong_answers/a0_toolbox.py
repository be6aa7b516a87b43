"""Wrong answers to a0_toolbox that students are likely to write, by graded function.

BUGS: several per function, each a complete wrong definition; its function's test cell must fail on it.
GPU_BUGS: right on the CPU, wrong on a GPU (results left on the CPU), checked where CUDA exists.
HIDDEN_ONLY: for each function, one bug its visible checks let through: the autograder round trip
submits these, so only the hidden tests (restored by nbgrader when grading) can take the points away.
ALTERNATIVES: right answers written another way than the solution's; each keeps every point.
"""

BUGS = {
    "checkerboard": {
        "ignores dtype (always float32)": """
def checkerboard(n, dtype=torch.float32, device="cpu"):
    board = torch.zeros(n, n, device=device)
    board[0::2, 1::2] = 1
    board[1::2, 0::2] = 1
    return board.to(torch.float32)
""",
        "the other colouring: 1 where i + j is even": """
def checkerboard(n, dtype=torch.float32, device="cpu"):
    board = torch.ones(n, n, dtype=dtype, device=device)
    board[0::2, 1::2] = 0
    board[1::2, 0::2] = 0
    return board
""",
        "only the even rows filled": """
def checkerboard(n, dtype=torch.float32, device="cpu"):
    board = torch.zeros(n, n, dtype=dtype, device=device)
    board[0::2, 1::2] = 1
    return board
""",
        "stripes, not a checkerboard": """
def checkerboard(n, dtype=torch.float32, device="cpu"):
    board = torch.zeros(n, n, dtype=dtype, device=device)
    board[:, 1::2] = 1
    return board
""",
        "a loop over the entries": """
def checkerboard(n, dtype=torch.float32, device="cpu"):
    board = torch.zeros(n, n, dtype=dtype, device=device)
    for i in range(n):
        for j in range(n):
            board[i, j] = (i + j) % 2
    return board
""",
    },
    "scores_of_labels": {
        "scores[:, labels]: whole columns": """
def scores_of_labels(scores, labels):
    return scores[:, labels]
""",
        "the diagonal, ignoring the labels": """
def scores_of_labels(scores, labels):
    return scores.diagonal()
""",
        "the largest score of each row": """
def scores_of_labels(scores, labels):
    return scores.max(dim=1).values
""",
        "a loop over the examples": """
def scores_of_labels(scores, labels):
    return torch.stack([scores[i, labels[i]] for i in range(len(labels))])
""",
        "gather along the wrong dimension": """
def scores_of_labels(scores, labels):
    return scores.gather(0, labels[None, :]).squeeze(0)
""",
        "always float32": """
def scores_of_labels(scores, labels):
    return scores[torch.arange(scores.shape[0], device=scores.device), labels].float()
""",
    },
    "standardize_columns": {
        "unbiased standard deviation (divides by N - 1)": """
def standardize_columns(x, eps=1e-8):
    return (x - x.mean(dim=0)) / (x.std(dim=0) + eps)
""",
        "standardizes the rows (dim=1)": """
def standardize_columns(x, eps=1e-8):
    mean = x.mean(dim=1, keepdim=True)
    std = ((x - mean) ** 2).mean(dim=1, keepdim=True).sqrt()
    return (x - mean) / (std + eps)
""",
        "one mean and std for the whole matrix": """
def standardize_columns(x, eps=1e-8):
    return (x - x.mean()) / (((x - x.mean()) ** 2).mean().sqrt() + eps)
""",
        "divides by the variance": """
def standardize_columns(x, eps=1e-8):
    mean = x.mean(dim=0)
    return (x - mean) / (((x - mean) ** 2).mean(dim=0) + eps)
""",
        "subtracts the mean in place": """
def standardize_columns(x, eps=1e-8):
    x -= x.mean(dim=0)
    return x / ((x ** 2).mean(dim=0).sqrt() + eps)
""",
        "eps ignored: nan for a constant column": """
def standardize_columns(x, eps=1e-8):
    mean = x.mean(dim=0)
    return (x - mean) / ((x - mean) ** 2).mean(dim=0).sqrt()
""",
        "eps inside the square root": """
def standardize_columns(x, eps=1e-8):
    mean = x.mean(dim=0)
    return (x - mean) / (((x - mean) ** 2).mean(dim=0) + eps).sqrt()
""",
    },
    "tile_images": {
        "column-major order": """
def tile_images(images, rows, cols):
    _, c, h, w = images.shape
    return images.reshape(cols, rows, c, h, w).permute(2, 1, 3, 0, 4).reshape(c, rows * h, cols * w)
""",
        "axes merged without the permute (a scrambled grid)": """
def tile_images(images, rows, cols):
    _, c, h, w = images.shape
    return images.reshape(c, rows * h, cols * w)
""",
        "grid rows and pixel rows swapped": """
def tile_images(images, rows, cols):
    _, c, h, w = images.shape
    return images.reshape(rows, cols, c, h, w).permute(2, 3, 0, 4, 1).reshape(c, rows * h, cols * w)
""",
        "channels last: (rows * H, cols * W, C)": """
def tile_images(images, rows, cols):
    _, c, h, w = images.shape
    return images.reshape(rows, cols, c, h, w).permute(0, 3, 1, 4, 2).reshape(rows * h, cols * w, c)
""",
        "a loop over the images": """
def tile_images(images, rows, cols):
    return torch.cat([torch.cat(list(images[r * cols:(r + 1) * cols]), dim=2) for r in range(rows)], dim=1)
""",
        "always float32": """
def tile_images(images, rows, cols):
    _, c, h, w = images.shape
    return images.reshape(rows, cols, c, h, w).permute(2, 0, 3, 1, 4).reshape(c, rows * h, cols * w).float()
""",
    },
    "moving_average": {
        "the loop, unchanged": """
def moving_average(x, window):
    return torch.stack([x[t:t + window].mean() for t in range(len(x) - window + 1)])
""",
        "one window too few (the last one lost)": """
def moving_average(x, window):
    if len(x) < window:
        return x.new_zeros(0)
    sums = x.cumsum(dim=0)
    return (sums[window:] - sums[:-window]) / window
""",
        "sums, not means": """
def moving_average(x, window):
    if len(x) < window:
        return x.new_zeros(0)
    return x.unfold(0, window, 1).sum(dim=1)
""",
        "windows that do not fit padded with zeros (length T)": """
def moving_average(x, window):
    padded = torch.cat([x, x.new_zeros(window - 1)])
    return padded.unfold(0, window, 1).mean(dim=1)
""",
        "divides by the window in place, changing x": """
def moving_average(x, window):
    if len(x) < window:
        return x.new_zeros(0)
    x /= window
    return x.unfold(0, window, 1).sum(dim=1)
""",
        "fails when the window is longer than the signal": """
def moving_average(x, window):
    return x.unfold(0, window, 1).mean(dim=1)
""",
    },
    "uint8_images_to_float": {
        "reshape instead of permute (pixels scrambled)": """
def uint8_images_to_float(images, dtype=torch.float32):
    n, h, w, c = images.shape
    return images.reshape(n, c, h, w).to(dtype) / 255
""",
        "integer division before the conversion": """
def uint8_images_to_float(images, dtype=torch.float32):
    return (images // 255).permute(0, 3, 1, 2).to(dtype)
""",
        "ignores dtype (always float32)": """
def uint8_images_to_float(images, dtype=torch.float32):
    return images.permute(0, 3, 1, 2).float() / 255
""",
        "divides by 256": """
def uint8_images_to_float(images, dtype=torch.float32):
    return images.permute(0, 3, 1, 2).to(dtype) / 256
""",
        "wrong permutation: (N, C, W, H)": """
def uint8_images_to_float(images, dtype=torch.float32):
    return images.permute(0, 3, 2, 1).to(dtype) / 255
""",
        "not scaled to [0, 1]": """
def uint8_images_to_float(images, dtype=torch.float32):
    return images.permute(0, 3, 1, 2).to(dtype)
""",
    },
}

# Right on the CPU, wrong on a GPU: tensors made on the CPU, whatever the inputs' device.
GPU_BUGS = {
    "checkerboard": """
def checkerboard(n, dtype=torch.float32, device="cpu"):
    board = torch.zeros(n, n, dtype=dtype)
    board[0::2, 1::2] = 1
    board[1::2, 0::2] = 1
    return board
""",
    "scores_of_labels": """
def scores_of_labels(scores, labels):
    return scores.cpu()[torch.arange(scores.shape[0]), labels.cpu()]
""",
    "uint8_images_to_float": """
def uint8_images_to_float(images, dtype=torch.float32):
    return images.cpu().permute(0, 3, 1, 2).to(dtype) / 255
""",
}

HIDDEN_ONLY = {
    "checkerboard": "ignores dtype (always float32)",
    "scores_of_labels": "a loop over the examples",
    "standardize_columns": "eps inside the square root",
    "tile_images": "always float32",
    "moving_average": "fails when the window is longer than the signal",
    "uint8_images_to_float": "ignores dtype (always float32)",
}

ALTERNATIVES = {
    "scores_of_labels": {
        "gather along the classes": """
def scores_of_labels(scores, labels):
    return scores.gather(1, labels[:, None]).squeeze(1)
""",
    },
    "moving_average": {
        "unfold: a view of the windows": """
def moving_average(x, window):
    if len(x) < window:
        return x.new_zeros(0)
    return x.unfold(0, window, 1).mean(dim=1)
""",
        "a convolution with a box filter": """
import torch.nn.functional as F


def moving_average(x, window):
    if len(x) < window:
        return x.new_zeros(0)
    box = torch.full((1, 1, window), 1 / window, dtype=x.dtype, device=x.device)
    return F.conv1d(x[None, None], box)[0, 0]
""",
    },
    "tile_images": {
        "movedim and transpose instead of one permute": """
def tile_images(images, rows, cols):
    _, c, h, w = images.shape
    grid = images.reshape(rows, cols, c, h, w).movedim(2, 0)  # (c, rows, cols, h, w)
    return grid.transpose(2, 3).reshape(c, rows * h, cols * w)
""",
    },
}
