"""Wrong answers to a1_classifiers that students are likely to write, by graded function.

BUGS: several per function, each a complete wrong definition; its function's test cell must fail on it.
GPU_BUGS: right on the CPU, wrong on a GPU (results left on the CPU), checked where CUDA exists.
HIDDEN_ONLY: for each function, one bug its visible checks let through: the autograder round trip
submits these, so only the hidden tests (restored by nbgrader when grading) can take the points away.
"""

BUGS = {
    "compute_distances_two_loops": {
        "square root taken (Euclidean, not squared)": """
def compute_distances_two_loops(x_train, x_test):
    dists = x_train.new_zeros(x_train.shape[0], x_test.shape[0])
    for i in range(x_train.shape[0]):
        for j in range(x_test.shape[0]):
            dists[i, j] = ((x_train[i] - x_test[j]) ** 2).sum().sqrt()
    return dists
""",
        "transposed: (num_test, num_train)": """
def compute_distances_two_loops(x_train, x_test):
    dists = x_train.new_zeros(x_test.shape[0], x_train.shape[0])
    for i in range(x_train.shape[0]):
        for j in range(x_test.shape[0]):
            dists[j, i] = ((x_train[i] - x_test[j]) ** 2).sum()
    return dists
""",
        "always float32 (torch.zeros)": """
def compute_distances_two_loops(x_train, x_test):
    dists = torch.zeros(x_train.shape[0], x_test.shape[0], device=x_train.device)
    for i in range(x_train.shape[0]):
        for j in range(x_test.shape[0]):
            dists[i, j] = ((x_train[i] - x_test[j]) ** 2).sum()
    return dists
""",
        "L1 distance": """
def compute_distances_two_loops(x_train, x_test):
    dists = x_train.new_zeros(x_train.shape[0], x_test.shape[0])
    for i in range(x_train.shape[0]):
        for j in range(x_test.shape[0]):
            dists[i, j] = (x_train[i] - x_test[j]).abs().sum()
    return dists
""",
        "modifies x_train in place": """
def compute_distances_two_loops(x_train, x_test):
    dists = x_train.new_zeros(x_train.shape[0], x_test.shape[0])
    for i in range(x_train.shape[0]):
        for j in range(x_test.shape[0]):
            diff = x_train[i]
            diff -= x_test[j]
            dists[i, j] = (diff ** 2).sum()
            diff += x_test[j]
    return dists
""",
        "only the first channel (indexes instead of flattening)": """
def compute_distances_two_loops(x_train, x_test):
    dists = x_train.new_zeros(x_train.shape[0], x_test.shape[0])
    for i in range(x_train.shape[0]):
        for j in range(x_test.shape[0]):
            dists[i, j] = ((x_train[i][0] - x_test[j][0]) ** 2).sum()
    return dists
""",
    },
    "compute_distances_one_loop": {
        "reshape(n, -1) fails on an empty test set": """
def compute_distances_one_loop(x_train, x_test):
    num_train, num_test = x_train.shape[0], x_test.shape[0]
    dists = x_train.new_zeros(num_train, num_test)
    train, test = x_train.reshape(num_train, -1), x_test.reshape(num_test, -1)
    for j in range(num_test):
        dists[:, j] = ((train - test[j]) ** 2).sum(dim=1)
    return dists
""",
        "still two loops": """
def compute_distances_one_loop(x_train, x_test):
    dists = x_train.new_zeros(x_train.shape[0], x_test.shape[0])
    for j in range(x_test.shape[0]):
        for i in range(x_train.shape[0]):
            dists[i, j] = ((x_train[i] - x_test[j]) ** 2).sum()
    return dists
""",
        "sum over the wrong dimension": """
def compute_distances_one_loop(x_train, x_test):
    dists = x_train.new_zeros(x_train.shape[0], x_test.shape[0])
    train, test = x_train.flatten(1), x_test.flatten(1)
    for j in range(x_test.shape[0]):
        dists[:, j] = ((train - test[j]) ** 2).sum(dim=0).sum() / train.shape[0]
    return dists
""",
        "modifies x_train through a view": """
def compute_distances_one_loop(x_train, x_test):
    dists = x_train.new_zeros(x_train.shape[0], x_test.shape[0])
    train, test = x_train.flatten(1), x_test.flatten(1)
    for j in range(x_test.shape[0]):
        train -= test[j]
        dists[:, j] = (train ** 2).sum(dim=1)
        train += test[j]
    return dists
""",
        "always float32 (torch.zeros)": """
def compute_distances_one_loop(x_train, x_test):
    dists = torch.zeros(x_train.shape[0], x_test.shape[0], device=x_train.device)
    train, test = x_train.flatten(1), x_test.flatten(1)
    for j in range(x_test.shape[0]):
        dists[:, j] = ((train - test[j]) ** 2).sum(dim=1)
    return dists
""",
    },
    "compute_distances_no_loops": {
        "negative distances from rounding (no clamp)": """
def compute_distances_no_loops(x_train, x_test):
    train, test = x_train.flatten(1), x_test.flatten(1)
    return (train ** 2).sum(1, keepdim=True) + (test ** 2).sum(1) - 2 * train @ test.T
""",
        "uses torch.cdist": """
def compute_distances_no_loops(x_train, x_test):
    return torch.cdist(x_train.flatten(1), x_test.flatten(1)) ** 2
""",
        "forgets the factor 2": """
def compute_distances_no_loops(x_train, x_test):
    train, test = x_train.flatten(1), x_test.flatten(1)
    return ((train ** 2).sum(1, keepdim=True) + (test ** 2).sum(1) - train @ test.T).clamp(min=0)
""",
        "a comprehension is still a loop": """
def compute_distances_no_loops(x_train, x_test):
    train, test = x_train.flatten(1), x_test.flatten(1)
    return torch.stack([((train - t) ** 2).sum(1) for t in test], dim=1)
""",
        "broadcasts the norms the wrong way (transposed)": """
def compute_distances_no_loops(x_train, x_test):
    train, test = x_train.flatten(1), x_test.flatten(1)
    return ((test ** 2).sum(1, keepdim=True) + (train ** 2).sum(1) - 2 * test @ train.T).clamp(min=0)
""",
        "casts to float32": """
def compute_distances_no_loops(x_train, x_test):
    train, test = x_train.flatten(1).float(), x_test.flatten(1).float()
    return ((train ** 2).sum(1, keepdim=True) + (test ** 2).sum(1) - 2 * train @ test.T).clamp(min=0)
""",
    },
    "predict_labels": {
        "the k farthest neighbours vote": """
def predict_labels(dists, y_train, k=1):
    nearest = dists.topk(k, dim=0).indices
    votes = torch.nn.functional.one_hot(y_train[nearest], int(y_train.max()) + 1).sum(dim=0)
    return votes.argmax(dim=1)
""",
        "a tie goes to the nearest neighbour's label": """
from collections import Counter

def predict_labels(dists, y_train, k=1):
    nearest = dists.argsort(dim=0)[:k]
    return torch.tensor([Counter(y_train[nearest[:, j]].tolist()).most_common(1)[0][0]
                         for j in range(dists.shape[1])], dtype=torch.int64, device=dists.device)
""",
        "a tie goes to the largest label": """
def predict_labels(dists, y_train, k=1):
    nearest = dists.topk(k, dim=0, largest=False).indices
    votes = torch.nn.functional.one_hot(y_train[nearest], int(y_train.max()) + 1).sum(dim=0)
    return votes.shape[1] - 1 - votes.flip(1).argmax(dim=1)
""",
        "off by one: k + 1 neighbours": """
def predict_labels(dists, y_train, k=1):
    nearest = dists.topk(min(k + 1, dists.shape[0]), dim=0, largest=False).indices
    votes = torch.nn.functional.one_hot(y_train[nearest], int(y_train.max()) + 1).sum(dim=0)
    return votes.argmax(dim=1)
""",
        "neighbours along the wrong axis": """
def predict_labels(dists, y_train, k=1):
    nearest = dists.topk(k, dim=1, largest=False).indices
    votes = torch.nn.functional.one_hot(y_train[nearest], int(y_train.max()) + 1).sum(dim=1)
    return votes.argmax(dim=1)
""",
        "float labels (torch.mode of floats)": """
def predict_labels(dists, y_train, k=1):
    nearest = dists.topk(k, dim=0, largest=False).indices
    votes = torch.nn.functional.one_hot(y_train[nearest], int(y_train.max()) + 1).sum(dim=0)
    return votes.argmax(dim=1).float()
""",
        "sorts dists in place": """
def predict_labels(dists, y_train, k=1):
    order = dists.argsort(dim=0)
    dists.copy_(dists.gather(0, order))
    votes = torch.nn.functional.one_hot(y_train[order[:k]], int(y_train.max()) + 1).sum(dim=0)
    return votes.argmax(dim=1)
""",
    },
    "knn_cross_validate": {
        "always validates on the first fold": """
def knn_cross_validate(x_train, y_train, num_folds=5, k_choices=(1,), distances=None, predict=None):
    x_folds, y_folds = torch.tensor_split(x_train, num_folds), torch.tensor_split(y_train, num_folds)
    result = {k: [] for k in k_choices}
    for i in range(num_folds):
        dists = distances(torch.cat(x_folds[1:]), x_folds[0])
        for k in k_choices:
            result[k].append((predict(dists, torch.cat(y_folds[1:]), k) == y_folds[0]).float().mean().item())
    return result
""",
        "trains on the held-out fold too": """
def knn_cross_validate(x_train, y_train, num_folds=5, k_choices=(1,), distances=None, predict=None):
    x_folds, y_folds = torch.tensor_split(x_train, num_folds), torch.tensor_split(y_train, num_folds)
    result = {k: [] for k in k_choices}
    for i in range(num_folds):
        dists = distances(x_train, x_folds[i])
        for k in k_choices:
            result[k].append((predict(dists, y_train, k) == y_folds[i]).float().mean().item())
    return result
""",
        "accuracy in percent": """
def knn_cross_validate(x_train, y_train, num_folds=5, k_choices=(1,), distances=None, predict=None):
    x_folds, y_folds = torch.tensor_split(x_train, num_folds), torch.tensor_split(y_train, num_folds)
    result = {k: [] for k in k_choices}
    for i in range(num_folds):
        x_fit, y_fit = torch.cat(x_folds[:i] + x_folds[i + 1:]), torch.cat(y_folds[:i] + y_folds[i + 1:])
        dists = distances(x_fit, x_folds[i])
        for k in k_choices:
            result[k].append(100 * (predict(dists, y_fit, k) == y_folds[i]).float().mean().item())
    return result
""",
        "torch.chunk folds (uneven sizes differ)": """
def knn_cross_validate(x_train, y_train, num_folds=5, k_choices=(1,), distances=None, predict=None):
    x_folds, y_folds = torch.chunk(x_train, num_folds), torch.chunk(y_train, num_folds)
    result = {k: [] for k in k_choices}
    for i in range(len(x_folds)):
        x_fit, y_fit = torch.cat(x_folds[:i] + x_folds[i + 1:]), torch.cat(y_folds[:i] + y_folds[i + 1:])
        dists = distances(x_fit, x_folds[i])
        for k in k_choices:
            result[k].append((predict(dists, y_fit, k) == y_folds[i]).float().mean().item())
    return result
""",
        "shuffles before splitting": """
def knn_cross_validate(x_train, y_train, num_folds=5, k_choices=(1,), distances=None, predict=None):
    order = torch.randperm(len(x_train), device=x_train.device)
    x_folds, y_folds = torch.tensor_split(x_train[order], num_folds), torch.tensor_split(y_train[order], num_folds)
    result = {k: [] for k in k_choices}
    for i in range(num_folds):
        x_fit, y_fit = torch.cat(x_folds[:i] + x_folds[i + 1:]), torch.cat(y_folds[:i] + y_folds[i + 1:])
        dists = distances(x_fit, x_folds[i])
        for k in k_choices:
            result[k].append((predict(dists, y_fit, k) == y_folds[i]).float().mean().item())
    return result
""",
        "averages the folds (one number per k)": """
def knn_cross_validate(x_train, y_train, num_folds=5, k_choices=(1,), distances=None, predict=None):
    x_folds, y_folds = torch.tensor_split(x_train, num_folds), torch.tensor_split(y_train, num_folds)
    result = {k: [] for k in k_choices}
    for i in range(num_folds):
        x_fit, y_fit = torch.cat(x_folds[:i] + x_folds[i + 1:]), torch.cat(y_folds[:i] + y_folds[i + 1:])
        dists = distances(x_fit, x_folds[i])
        for k in k_choices:
            result[k].append((predict(dists, y_fit, k) == y_folds[i]).float().mean().item())
    return {k: [sum(v) / len(v)] for k, v in result.items()}
""",
        "ignores the distances and predict arguments": """
def knn_cross_validate(x_train, y_train, num_folds=5, k_choices=(1,), distances=None, predict=None):
    x_folds, y_folds = torch.tensor_split(x_train, num_folds), torch.tensor_split(y_train, num_folds)
    result = {k: [] for k in k_choices}
    for i in range(num_folds):
        x_fit, y_fit = torch.cat(x_folds[:i] + x_folds[i + 1:]), torch.cat(y_folds[:i] + y_folds[i + 1:])
        dists = compute_distances_no_loops(x_fit, x_folds[i])
        for k in k_choices:
            result[k].append((predict_labels(dists, y_fit, k) == y_folds[i]).float().mean().item())
    return result
""",
        "recomputes the distances for every k": """
def knn_cross_validate(x_train, y_train, num_folds=5, k_choices=(1,), distances=None, predict=None):
    x_folds, y_folds = torch.tensor_split(x_train, num_folds), torch.tensor_split(y_train, num_folds)
    result = {k: [] for k in k_choices}
    for i in range(num_folds):
        x_fit, y_fit = torch.cat(x_folds[:i] + x_folds[i + 1:]), torch.cat(y_folds[:i] + y_folds[i + 1:])
        for k in k_choices:
            dists = distances(x_fit, x_folds[i])
            result[k].append((predict(dists, y_fit, k) == y_folds[i]).float().mean().item())
    return result
""",
    },
}

# Right on the CPU, wrong on a GPU: the result is left on (or moved to) the CPU.
GPU_BUGS = {
    "compute_distances_two_loops": """
def compute_distances_two_loops(x_train, x_test):
    dists = torch.zeros(x_train.shape[0], x_test.shape[0], dtype=x_train.dtype)
    for i in range(x_train.shape[0]):
        for j in range(x_test.shape[0]):
            dists[i, j] = ((x_train[i] - x_test[j]) ** 2).sum()
    return dists
""",
    "compute_distances_no_loops": """
def compute_distances_no_loops(x_train, x_test):
    train, test = x_train.flatten(1).cpu(), x_test.flatten(1).cpu()
    return ((train ** 2).sum(1, keepdim=True) + (test ** 2).sum(1) - 2 * train @ test.T).clamp(min=0)
""",
    "predict_labels": """
def predict_labels(dists, y_train, k=1):
    nearest = dists.cpu().topk(k, dim=0, largest=False).indices
    votes = torch.nn.functional.one_hot(y_train.cpu()[nearest], int(y_train.max()) + 1).sum(dim=0)
    return votes.argmax(dim=1)
""",
}

HIDDEN_ONLY = {
    "compute_distances_two_loops": "always float32 (torch.zeros)",
    "compute_distances_one_loop": "reshape(n, -1) fails on an empty test set",
    "compute_distances_no_loops": "negative distances from rounding (no clamp)",
    "predict_labels": "float labels (torch.mode of floats)",
    "knn_cross_validate": "torch.chunk folds (uneven sizes differ)",
}
