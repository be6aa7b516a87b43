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
        "drops the remainder (every fold n // num_folds long)": """
def knn_cross_validate(x_train, y_train, num_folds=5, k_choices=(1,), distances=None, predict=None):
    size = len(x_train) // num_folds
    x_folds = [x_train[i * size:(i + 1) * size] for i in range(num_folds)]
    y_folds = [y_train[i * size:(i + 1) * size] for i in range(num_folds)]
    result = {k: [] for k in k_choices}
    for i in range(num_folds):
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
    },
    "svm_loss_naive": {
        "dW not divided by N (the loss is)": """
def svm_loss_naive(W, X, y, reg):
    dW = torch.zeros_like(W)
    loss = W.new_zeros(())
    for i in range(X.shape[0]):
        scores = X[i] @ W
        for j in range(W.shape[1]):
            if j == y[i]:
                continue
            margin = scores[j] - scores[y[i]] + 1
            if margin > 0:
                loss = loss + margin
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    loss = loss / X.shape[0] + reg * (W * W).sum()
    dW = dW + 2 * reg * W
    return loss, dW
""",
        "no regularization gradient": """
def svm_loss_naive(W, X, y, reg):
    dW = torch.zeros_like(W)
    loss = W.new_zeros(())
    for i in range(X.shape[0]):
        scores = X[i] @ W
        for j in range(W.shape[1]):
            if j == y[i]:
                continue
            margin = scores[j] - scores[y[i]] + 1
            if margin > 0:
                loss = loss + margin
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    loss = loss / X.shape[0] + reg * (W * W).sum()
    dW = dW / X.shape[0]
    return loss, dW
""",
        "regularization gradient reg * W (the factor 2 forgotten)": """
def svm_loss_naive(W, X, y, reg):
    dW = torch.zeros_like(W)
    loss = W.new_zeros(())
    for i in range(X.shape[0]):
        scores = X[i] @ W
        for j in range(W.shape[1]):
            if j == y[i]:
                continue
            margin = scores[j] - scores[y[i]] + 1
            if margin > 0:
                loss = loss + margin
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    loss = loss / X.shape[0] + reg * (W * W).sum()
    dW = dW / X.shape[0] + reg * W
    return loss, dW
""",
        "the correct class counted in the sum": """
def svm_loss_naive(W, X, y, reg):
    dW = torch.zeros_like(W)
    loss = W.new_zeros(())
    for i in range(X.shape[0]):
        scores = X[i] @ W
        for j in range(W.shape[1]):
            margin = scores[j] - scores[y[i]] + 1
            if margin > 0:
                loss = loss + margin
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    loss = loss / X.shape[0] + reg * (W * W).sum()
    dW = dW / X.shape[0] + 2 * reg * W
    return loss, dW
""",
        "a margin of exactly 0 counts in the gradient (>= 0)": """
def svm_loss_naive(W, X, y, reg):
    dW = torch.zeros_like(W)
    loss = W.new_zeros(())
    for i in range(X.shape[0]):
        scores = X[i] @ W
        for j in range(W.shape[1]):
            if j == y[i]:
                continue
            margin = scores[j] - scores[y[i]] + 1
            if margin >= 0:
                loss = loss + margin
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    loss = loss / X.shape[0] + reg * (W * W).sum()
    dW = dW / X.shape[0] + 2 * reg * W
    return loss, dW
""",
        "regularization divided by N too": """
def svm_loss_naive(W, X, y, reg):
    dW = torch.zeros_like(W)
    loss = W.new_zeros(())
    for i in range(X.shape[0]):
        scores = X[i] @ W
        for j in range(W.shape[1]):
            if j == y[i]:
                continue
            margin = scores[j] - scores[y[i]] + 1
            if margin > 0:
                loss = loss + margin
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    loss = (loss + reg * (W * W).sum()) / X.shape[0]
    dW = (dW + 2 * reg * W) / X.shape[0]
    return loss, dW
""",
        "dW always float32 (torch.zeros(W.shape))": """
def svm_loss_naive(W, X, y, reg):
    dW = torch.zeros(W.shape, device=W.device)
    loss = 0.0
    for i in range(X.shape[0]):
        scores = X[i] @ W
        for j in range(W.shape[1]):
            if j == y[i]:
                continue
            margin = scores[j] - scores[y[i]] + 1
            if margin > 0:
                loss += margin.item()
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    loss = loss / X.shape[0] + reg * (W * W).sum().item()
    dW = dW / X.shape[0] + 2 * reg * W
    return loss, dW
""",
    },
    "svm_loss_vectorized": {
        "a Python loop over the examples": """
def svm_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    scores = X @ W
    dscores = torch.zeros_like(scores)
    loss = W.new_zeros(())
    for i in range(num_train):
        margins = (scores[i] - scores[i, y[i]] + 1).clamp(min=0)
        margins[y[i]] = 0
        loss = loss + margins.sum()
        dscores[i] = (margins > 0).to(W.dtype)
        dscores[i, y[i]] = -dscores[i].sum()
    loss = loss / num_train + reg * (W * W).sum()
    dW = X.T @ dscores / num_train + 2 * reg * W
    return loss, dW
""",
        "a margin of exactly 0 counts in the gradient (>= 0)": """
def svm_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    rows = torch.arange(num_train, device=X.device)
    scores = X @ W
    margins = scores - scores[rows, y][:, None] + 1
    margins[rows, y] = -1
    loss = margins.clamp(min=0).sum() / num_train + reg * (W * W).sum()
    dscores = (margins >= 0).to(W.dtype)
    dscores[rows, y] = -dscores.sum(dim=1)
    dW = X.T @ dscores / num_train + 2 * reg * W
    return loss, dW
""",
        "the correct class not zeroed (every example's loss + 1)": """
def svm_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    rows = torch.arange(num_train, device=X.device)
    scores = X @ W
    margins = (scores - scores[rows, y][:, None] + 1).clamp(min=0)
    loss = margins.sum() / num_train + reg * (W * W).sum()
    dscores = (margins > 0).to(W.dtype)
    dscores[rows, y] = 0
    dscores[rows, y] = -dscores.sum(dim=1)
    dW = X.T @ dscores / num_train + 2 * reg * W
    return loss, dW
""",
        "the correct class's gradient counts itself": """
def svm_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    rows = torch.arange(num_train, device=X.device)
    scores = X @ W
    margins = (scores - scores[rows, y][:, None] + 1).clamp(min=0)
    dscores = (margins > 0).to(W.dtype)
    dscores[rows, y] = -dscores.sum(dim=1)
    margins[rows, y] = 0
    loss = margins.sum() / num_train + reg * (W * W).sum()
    dW = X.T @ dscores / num_train + 2 * reg * W
    return loss, dW
""",
        "dW not divided by N": """
def svm_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    rows = torch.arange(num_train, device=X.device)
    scores = X @ W
    margins = (scores - scores[rows, y][:, None] + 1).clamp(min=0)
    margins[rows, y] = 0
    loss = margins.sum() / num_train + reg * (W * W).sum()
    dscores = (margins > 0).to(W.dtype)
    dscores[rows, y] = -dscores.sum(dim=1)
    dW = X.T @ dscores + 2 * reg * W
    return loss, dW
""",
        "mean over all N * C margins": """
def svm_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    rows = torch.arange(num_train, device=X.device)
    scores = X @ W
    margins = (scores - scores[rows, y][:, None] + 1).clamp(min=0)
    margins[rows, y] = 0
    loss = margins.mean() + reg * (W * W).sum()
    dscores = (margins > 0).to(W.dtype)
    dscores[rows, y] = -dscores.sum(dim=1)
    dW = X.T @ dscores / dscores.numel() + 2 * reg * W
    return loss, dW
""",
        "correct scores as scores[:, y] (whole columns)": """
def svm_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    scores = X @ W
    correct = scores[:, y]
    margins = (scores - correct + 1).clamp(min=0)
    margins[torch.arange(num_train), y] = 0
    loss = margins.sum() / num_train + reg * (W * W).sum()
    dscores = (margins > 0).to(W.dtype)
    dscores[torch.arange(num_train), y] = -dscores.sum(dim=1)
    dW = X.T @ dscores / num_train + 2 * reg * W
    return loss, dW
""",
    },
    "softmax_loss_naive": {
        "no max subtraction (exp overflows)": """
def softmax_loss_naive(W, X, y, reg):
    dW = torch.zeros_like(W)
    loss = W.new_zeros(())
    for i in range(X.shape[0]):
        scores = X[i] @ W
        exp_scores = scores.exp()
        probabilities = exp_scores / exp_scores.sum()
        loss = loss - probabilities[y[i]].log()
        for j in range(W.shape[1]):
            dW[:, j] += (probabilities[j] - (1.0 if j == y[i] else 0.0)) * X[i]
    loss = loss / X.shape[0] + reg * (W * W).sum()
    dW = dW / X.shape[0] + 2 * reg * W
    return loss, dW
""",
        "log of the probability (underflows to log 0)": """
def softmax_loss_naive(W, X, y, reg):
    dW = torch.zeros_like(W)
    loss = W.new_zeros(())
    for i in range(X.shape[0]):
        scores = X[i] @ W
        scores = scores - scores.max()
        probabilities = scores.exp() / scores.exp().sum()
        loss = loss - probabilities[y[i]].log()
        for j in range(W.shape[1]):
            dW[:, j] += (probabilities[j] - (1.0 if j == y[i] else 0.0)) * X[i]
    loss = loss / X.shape[0] + reg * (W * W).sum()
    dW = dW / X.shape[0] + 2 * reg * W
    return loss, dW
""",
        "dW not divided by N": """
def softmax_loss_naive(W, X, y, reg):
    dW = torch.zeros_like(W)
    loss = W.new_zeros(())
    for i in range(X.shape[0]):
        scores = X[i] @ W
        shifted = scores - scores.max()
        log_sum = shifted.exp().sum().log()
        loss = loss + log_sum - shifted[y[i]]
        probabilities = (shifted - log_sum).exp()
        for j in range(W.shape[1]):
            dW[:, j] += (probabilities[j] - (1.0 if j == y[i] else 0.0)) * X[i]
    loss = loss / X.shape[0] + reg * (W * W).sum()
    dW = dW + 2 * reg * W
    return loss, dW
""",
        "gradient without the -1 at the correct class": """
def softmax_loss_naive(W, X, y, reg):
    dW = torch.zeros_like(W)
    loss = W.new_zeros(())
    for i in range(X.shape[0]):
        scores = X[i] @ W
        shifted = scores - scores.max()
        log_sum = shifted.exp().sum().log()
        loss = loss + log_sum - shifted[y[i]]
        probabilities = (shifted - log_sum).exp()
        for j in range(W.shape[1]):
            dW[:, j] += probabilities[j] * X[i]
    loss = loss / X.shape[0] + reg * (W * W).sum()
    dW = dW / X.shape[0] + 2 * reg * W
    return loss, dW
""",
        "log10 instead of the natural log": """
def softmax_loss_naive(W, X, y, reg):
    dW = torch.zeros_like(W)
    loss = W.new_zeros(())
    for i in range(X.shape[0]):
        scores = X[i] @ W
        shifted = scores - scores.max()
        probabilities = shifted.exp() / shifted.exp().sum()
        loss = loss + shifted.exp().sum().log10() - shifted[y[i]] / torch.log(torch.tensor(10.0))
        for j in range(W.shape[1]):
            dW[:, j] += (probabilities[j] - (1.0 if j == y[i] else 0.0)) * X[i]
    loss = loss / X.shape[0] + reg * (W * W).sum()
    dW = dW / X.shape[0] + 2 * reg * W
    return loss, dW
""",
        "regularization gradient reg * W (the factor 2 forgotten)": """
def softmax_loss_naive(W, X, y, reg):
    dW = torch.zeros_like(W)
    loss = W.new_zeros(())
    for i in range(X.shape[0]):
        scores = X[i] @ W
        shifted = scores - scores.max()
        log_sum = shifted.exp().sum().log()
        loss = loss + log_sum - shifted[y[i]]
        probabilities = (shifted - log_sum).exp()
        for j in range(W.shape[1]):
            dW[:, j] += (probabilities[j] - (1.0 if j == y[i] else 0.0)) * X[i]
    loss = loss / X.shape[0] + reg * (W * W).sum()
    dW = dW / X.shape[0] + reg * W
    return loss, dW
""",
        "dW always float32 (torch.zeros(W.shape))": """
def softmax_loss_naive(W, X, y, reg):
    dW = torch.zeros(W.shape, device=W.device)
    loss = W.new_zeros(())
    for i in range(X.shape[0]):
        scores = X[i] @ W
        shifted = scores - scores.max()
        log_sum = shifted.exp().sum().log()
        loss = loss + log_sum - shifted[y[i]]
        probabilities = (shifted - log_sum).exp()
        for j in range(W.shape[1]):
            dW[:, j] += (probabilities[j] - (1.0 if j == y[i] else 0.0)) * X[i]
    loss = loss / X.shape[0] + reg * (W * W).sum()
    dW = dW / X.shape[0] + 2 * reg * W
    return loss, dW.float()
""",
    },
    "softmax_loss_vectorized": {
        "no max subtraction (exp overflows)": """
def softmax_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    rows = torch.arange(num_train, device=X.device)
    exp_scores = (X @ W).exp()
    probabilities = exp_scores / exp_scores.sum(dim=1, keepdim=True)
    loss = -probabilities[rows, y].log().mean() + reg * (W * W).sum()
    probabilities[rows, y] -= 1
    dW = X.T @ probabilities / num_train + 2 * reg * W
    return loss, dW
""",
        "one_hot without num_classes (a batch without the last class)": """
def softmax_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    scores = X @ W
    shifted = scores - scores.max(dim=1, keepdim=True).values
    log_probabilities = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    one_hot = torch.nn.functional.one_hot(y).to(W.dtype)
    loss = -(log_probabilities * one_hot).sum() / num_train + reg * (W * W).sum()
    dW = X.T @ (log_probabilities.exp() - one_hot) / num_train + 2 * reg * W
    return loss, dW
""",
        "subtracts the maximum of the whole matrix, not of each row": """
def softmax_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    rows = torch.arange(num_train, device=X.device)
    scores = X @ W
    shifted = scores - scores.max()
    log_probabilities = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    loss = -log_probabilities[rows, y].mean() + reg * (W * W).sum()
    dscores = log_probabilities.exp()
    dscores[rows, y] -= 1
    dW = X.T @ dscores / num_train + 2 * reg * W
    return loss, dW
""",
        "log of the probability (underflows to log 0)": """
def softmax_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    rows = torch.arange(num_train, device=X.device)
    scores = X @ W
    exp_scores = (scores - scores.max(dim=1, keepdim=True).values).exp()
    probabilities = exp_scores / exp_scores.sum(dim=1, keepdim=True)
    loss = -probabilities[rows, y].log().mean() + reg * (W * W).sum()
    probabilities[rows, y] -= 1
    dW = X.T @ probabilities / num_train + 2 * reg * W
    return loss, dW
""",
        "row maxima without keepdim (subtracted along the wrong axis)": """
def softmax_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    rows = torch.arange(num_train, device=X.device)
    scores = X @ W
    shifted = scores - scores.max(dim=1).values
    log_probabilities = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    loss = -log_probabilities[rows, y].mean() + reg * (W * W).sum()
    dscores = log_probabilities.exp()
    dscores[rows, y] -= 1
    dW = X.T @ dscores / num_train + 2 * reg * W
    return loss, dW
""",
        "dW not divided by N": """
def softmax_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    rows = torch.arange(num_train, device=X.device)
    scores = X @ W
    shifted = scores - scores.max(dim=1, keepdim=True).values
    log_probabilities = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    loss = -log_probabilities[rows, y].mean() + reg * (W * W).sum()
    dscores = log_probabilities.exp()
    dscores[rows, y] -= 1
    dW = X.T @ dscores + 2 * reg * W
    return loss, dW
""",
        "the loss from F.cross_entropy": """
def softmax_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    rows = torch.arange(num_train, device=X.device)
    scores = X @ W
    loss = torch.nn.functional.cross_entropy(scores, y) + reg * (W * W).sum()
    dscores = torch.softmax(scores, dim=1)
    dscores[rows, y] -= 1
    dW = X.T @ dscores / num_train + 2 * reg * W
    return loss, dW
""",
        "a Python loop over the examples": """
def softmax_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    scores = X @ W
    shifted = scores - scores.max(dim=1, keepdim=True).values
    log_probabilities = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    dscores = log_probabilities.exp()
    loss = W.new_zeros(())
    for i in range(num_train):
        loss = loss - log_probabilities[i, y[i]]
        dscores[i, y[i]] -= 1
    loss = loss / num_train + reg * (W * W).sum()
    dW = X.T @ dscores / num_train + 2 * reg * W
    return loss, dW
""",
    },
    "sample_batch": {
        "the first batch_size rows every time": """
def sample_batch(X, y, num_train, batch_size):
    return X[:batch_size], y[:batch_size]
""",
        "without replacement (randperm)": """
def sample_batch(X, y, num_train, batch_size):
    indices = torch.randperm(num_train, device=X.device)[:batch_size]
    return X[indices], y[indices]
""",
        "separate random indices for X and y": """
def sample_batch(X, y, num_train, batch_size):
    X_batch = X[torch.randint(num_train, (batch_size,), device=X.device)]
    y_batch = y[torch.randint(num_train, (batch_size,), device=X.device)]
    return X_batch, y_batch
""",
        "indices drawn below batch_size, not num_train": """
def sample_batch(X, y, num_train, batch_size):
    indices = torch.randint(batch_size, (batch_size,), device=X.device)
    return X[indices], y[indices]
""",
        "never draws the last example (randint(num_train - 1))": """
def sample_batch(X, y, num_train, batch_size):
    indices = torch.randint(0, num_train - 1, (batch_size,), device=X.device)
    return X[indices], y[indices]
""",
        "reseeds the generator in every call": """
def sample_batch(X, y, num_train, batch_size):
    torch.manual_seed(0)
    indices = torch.randint(num_train, (batch_size,), device=X.device)
    return X[indices], y[indices]
""",
        "indexes the wrong axis of X": """
def sample_batch(X, y, num_train, batch_size):
    indices = torch.randint(num_train, (batch_size,), device=X.device)
    return X[:, indices], y[indices]
""",
    },
    "train_linear_classifier": {
        "updates the caller's W in place": """
def train_linear_classifier(loss_func, W, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200,
                            verbose=False, sample=None):
    if sample is None:
        sample = sample_batch
    num_train, dim = X.shape
    if W is None:
        W = 0.000001 * torch.randn(dim, int(y.max()) + 1, device=X.device, dtype=X.dtype)
    loss_history = []
    for it in range(num_iters):
        X_batch, y_batch = sample(X, y, num_train, batch_size)
        loss, grad = loss_func(W, X_batch, y_batch, reg)
        loss_history.append(loss.item())
        W -= learning_rate * grad
    return W, loss_history
""",
        "gradient ascent (W + learning_rate * dW)": """
def train_linear_classifier(loss_func, W, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200,
                            verbose=False, sample=None):
    if sample is None:
        sample = sample_batch
    num_train, dim = X.shape
    if W is None:
        W = 0.000001 * torch.randn(dim, int(y.max()) + 1, device=X.device, dtype=X.dtype)
    loss_history = []
    for it in range(num_iters):
        X_batch, y_batch = sample(X, y, num_train, batch_size)
        loss, grad = loss_func(W, X_batch, y_batch, reg)
        loss_history.append(loss.item())
        W = W + learning_rate * grad
    return W, loss_history
""",
        "ignores the sample argument (calls sample_batch)": """
def train_linear_classifier(loss_func, W, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200,
                            verbose=False, sample=None):
    num_train, dim = X.shape
    if W is None:
        W = 0.000001 * torch.randn(dim, int(y.max()) + 1, device=X.device, dtype=X.dtype)
    loss_history = []
    for it in range(num_iters):
        X_batch, y_batch = sample_batch(X, y, num_train, batch_size)
        loss, grad = loss_func(W, X_batch, y_batch, reg)
        loss_history.append(loss.item())
        W = W - learning_rate * grad
    return W, loss_history
""",
        "one iteration too few": """
def train_linear_classifier(loss_func, W, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200,
                            verbose=False, sample=None):
    if sample is None:
        sample = sample_batch
    num_train, dim = X.shape
    if W is None:
        W = 0.000001 * torch.randn(dim, int(y.max()) + 1, device=X.device, dtype=X.dtype)
    loss_history = []
    for it in range(1, num_iters):
        X_batch, y_batch = sample(X, y, num_train, batch_size)
        loss, grad = loss_func(W, X_batch, y_batch, reg)
        loss_history.append(loss.item())
        W = W - learning_rate * grad
    return W, loss_history
""",
        "W None: C = y.max() classes (one too few)": """
def train_linear_classifier(loss_func, W, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200,
                            verbose=False, sample=None):
    if sample is None:
        sample = sample_batch
    num_train, dim = X.shape
    if W is None:
        num_classes = int(y.max())
        W = 0.000001 * torch.randn(dim, num_classes, device=X.device, dtype=X.dtype)
    loss_history = []
    for it in range(num_iters):
        X_batch, y_batch = sample(X, y, num_train, batch_size)
        loss, grad = loss_func(W, X_batch, y_batch, reg)
        loss_history.append(loss.item())
        W = W - learning_rate * grad
    return W, loss_history
""",
        "the loss history keeps tensors": """
def train_linear_classifier(loss_func, W, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200,
                            verbose=False, sample=None):
    if sample is None:
        sample = sample_batch
    num_train, dim = X.shape
    if W is None:
        W = 0.000001 * torch.randn(dim, int(y.max()) + 1, device=X.device, dtype=X.dtype)
    loss_history = []
    for it in range(num_iters):
        X_batch, y_batch = sample(X, y, num_train, batch_size)
        loss, grad = loss_func(W, X_batch, y_batch, reg)
        loss_history.append(loss)
        W = W - learning_rate * grad
    return W, loss_history
""",
        "samples one batch before the loop": """
def train_linear_classifier(loss_func, W, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200,
                            verbose=False, sample=None):
    if sample is None:
        sample = sample_batch
    num_train, dim = X.shape
    if W is None:
        W = 0.000001 * torch.randn(dim, int(y.max()) + 1, device=X.device, dtype=X.dtype)
    loss_history = []
    X_batch, y_batch = sample(X, y, num_train, batch_size)
    for it in range(num_iters):
        loss, grad = loss_func(W, X_batch, y_batch, reg)
        loss_history.append(loss.item())
        W = W - learning_rate * grad
    return W, loss_history
""",
        "W None: always float32 (torch.randn default dtype)": """
def train_linear_classifier(loss_func, W, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200,
                            verbose=False, sample=None):
    if sample is None:
        sample = sample_batch
    num_train, dim = X.shape
    if W is None:
        W = 0.000001 * torch.randn(dim, int(y.max()) + 1, device=X.device)
    loss_history = []
    for it in range(num_iters):
        X_batch, y_batch = sample(X, y, num_train, batch_size)
        loss, grad = loss_func(W, X_batch, y_batch, reg)
        loss_history.append(loss.item())
        W = W - learning_rate * grad
    return W, loss_history
""",
    },
    "predict_linear_classifier": {
        "argmax over the examples (dim=0)": """
def predict_linear_classifier(W, X):
    return (X @ W).argmax(dim=0)
""",
        "the highest score, not its class": """
def predict_linear_classifier(W, X):
    return (X @ W).max(dim=1).values
""",
        "a tie goes to the largest class (argsort)": """
def predict_linear_classifier(W, X):
    return (X @ W).argsort(dim=1)[:, -1]
""",
        "a NumPy array": """
def predict_linear_classifier(W, X):
    return (X @ W).cpu().numpy().argmax(axis=1)
""",
        "keepdim=True: shape (N, 1)": """
def predict_linear_classifier(W, X):
    return (X @ W).argmax(dim=1, keepdim=True)
""",
        "scores transposed: W.T @ X.T": """
def predict_linear_classifier(W, X):
    return (W.T @ X.T).argmax(dim=1)
""",
    },
    "feature_hyperparameters": {
        "the trainer's default settings (untuned)": """
def feature_hyperparameters():
    return {"loss": "svm", "learning_rate": 1e-3, "reg": 1e-5, "num_iters": 100, "batch_size": 200}
""",
        "regularization far too strong": """
def feature_hyperparameters():
    return {"loss": "svm", "learning_rate": 1e-1, "reg": 1.0, "num_iters": 500, "batch_size": 200}
""",
        "learning rate far too large": """
def feature_hyperparameters():
    return {"loss": "softmax", "learning_rate": 1.0, "reg": 0.1, "num_iters": 500, "batch_size": 200}
""",
        "learning rate far too small": """
def feature_hyperparameters():
    return {"loss": "svm", "learning_rate": 1e-4, "reg": 1e-2, "num_iters": 500, "batch_size": 200}
""",
        "far too few iterations": """
def feature_hyperparameters():
    return {"loss": "svm", "learning_rate": 1e-2, "reg": 1e-2, "num_iters": 10, "batch_size": 200}
""",
        "a tuple instead of a dict": """
def feature_hyperparameters():
    return ("svm", 1e-2, 1e-2, 500, 200)
""",
        "a key misspelled (regularization)": """
def feature_hyperparameters():
    return {"loss": "svm", "learning_rate": 1e-2, "regularization": 1e-2, "num_iters": 500, "batch_size": 200}
""",
        "the loss function instead of its name": """
def feature_hyperparameters():
    return {"loss": svm_loss_vectorized, "learning_rate": 1e-2, "reg": 1e-2, "num_iters": 500, "batch_size": 200}
""",
        "the learning rate as a string": """
def feature_hyperparameters():
    return {"loss": "svm", "learning_rate": "1e-2", "reg": 1e-2, "num_iters": 500, "batch_size": 200}
""",
        "more iterations than grading allows": """
def feature_hyperparameters():
    return {"loss": "svm", "learning_rate": 1e-2, "reg": 1e-2, "num_iters": 5000, "batch_size": 200}
""",
        "a fractional batch size": """
def feature_hyperparameters():
    return {"loss": "svm", "learning_rate": 1e-2, "reg": 1e-2, "num_iters": 500, "batch_size": 0.5}
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
    "svm_loss_vectorized": """
def svm_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    rows = torch.arange(num_train, device=X.device)
    scores = X @ W
    margins = (scores - scores[rows, y][:, None] + 1).clamp(min=0)
    margins[rows, y] = 0
    loss = margins.sum() / num_train + reg * (W * W).sum()
    dscores = (margins > 0).to(W.dtype)
    dscores[rows, y] = -dscores.sum(dim=1)
    dW = torch.from_numpy(X.cpu().numpy().T @ dscores.cpu().numpy()) / num_train + 2 * reg * W.cpu()
    return loss, dW
""",
    "softmax_loss_naive": """
def softmax_loss_naive(W, X, y, reg):
    dW = torch.zeros(W.shape, dtype=W.dtype)
    loss = W.new_zeros(())
    for i in range(X.shape[0]):
        scores = X[i] @ W
        shifted = scores - scores.max()
        log_sum = shifted.exp().sum().log()
        loss = loss + log_sum - shifted[y[i]]
        probabilities = (shifted - log_sum).exp()
        for j in range(W.shape[1]):
            dW[:, j] += (probabilities[j] - (1.0 if j == y[i] else 0.0)) * X[i]
    loss = loss / X.shape[0] + reg * (W * W).sum()
    dW = dW / X.shape[0] + 2 * reg * W
    return loss, dW
""",
    "train_linear_classifier": """
def train_linear_classifier(loss_func, W, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200,
                            verbose=False, sample=None):
    if sample is None:
        sample = sample_batch
    num_train, dim = X.shape
    if W is None:
        W = 0.000001 * torch.randn(dim, int(y.max()) + 1, dtype=X.dtype)
    loss_history = []
    for it in range(num_iters):
        X_batch, y_batch = sample(X, y, num_train, batch_size)
        loss, grad = loss_func(W, X_batch, y_batch, reg)
        loss_history.append(loss.item())
        W = W - learning_rate * grad
    return W, loss_history
""",
    "predict_linear_classifier": """
def predict_linear_classifier(W, X):
    return (X @ W).argmax(dim=1).cpu()
""",
}

HIDDEN_ONLY = {
    "compute_distances_two_loops": "always float32 (torch.zeros)",
    "compute_distances_one_loop": "reshape(n, -1) fails on an empty test set",
    "compute_distances_no_loops": "negative distances from rounding (no clamp)",
    "predict_labels": "float labels (torch.mode of floats)",
    "knn_cross_validate": "ignores the distances and predict arguments",
    "svm_loss_naive": "a margin of exactly 0 counts in the gradient (>= 0)",
    "svm_loss_vectorized": "a Python loop over the examples",
    "softmax_loss_naive": "log of the probability (underflows to log 0)",
    "softmax_loss_vectorized": "subtracts the maximum of the whole matrix, not of each row",
    "sample_batch": "never draws the last example (randint(num_train - 1))",
    "train_linear_classifier": "W None: C = y.max() classes (one too few)",
    "predict_linear_classifier": "a tie goes to the largest class (argsort)",
    "feature_hyperparameters": "the trainer's default settings (untuned)",
}

# Right answers written another way than the solution's, or against advice a reader might take too
# literally: each must keep every point (tests/test_alternatives.py grades them in process and through
# the autograder).
ALTERNATIVES = {
    "compute_distances_no_loops": {
        "a comment that names torch.cdist": """
def compute_distances_no_loops(x_train, x_test):
    # The same result as torch.cdist(train, test) ** 2, without its square root.
    train, test = x_train.flatten(1), x_test.flatten(1)
    dists = (train**2).sum(dim=1)[:, None] + (test**2).sum(dim=1)[None, :] - 2 * train @ test.T
    return dists.clamp(min=0)
""",
    },
    "knn_cross_validate": {
        "torch.chunk folds, as EECS 498": """
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
        "one distance matrix, sliced per fold": """
def knn_cross_validate(x_train, y_train, num_folds=5, k_choices=(1,), distances=None, predict=None):
    if distances is None:
        distances = compute_distances_no_loops
    if predict is None:
        predict = predict_labels
    all_dists = distances(x_train, x_train)  # once: every fold's distances are a block of it
    folds = torch.tensor_split(torch.arange(len(x_train), device=x_train.device), num_folds)
    result = {k: [] for k in k_choices}
    for i, held_out in enumerate(folds):
        fit = torch.cat(folds[:i] + folds[i + 1:])
        dists = all_dists[fit][:, held_out]
        for k in k_choices:
            result[k].append((predict(dists, y_train[fit], k) == y_train[held_out]).float().mean().item())
    return result
""",
        "distances recomputed for every k (slower, right)": """
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
    "feature_hyperparameters": {
        "softmax, capitalized, with whole-number floats": """
def feature_hyperparameters():
    return {"loss": "Softmax", "learning_rate": 0.1, "reg": 0, "num_iters": 500.0, "batch_size": 200}
""",
        "svm, more iterations on larger batches": """
def feature_hyperparameters():
    return {"loss": "SVM", "learning_rate": 1e-2, "reg": 1e-3, "num_iters": 1000, "batch_size": 500}
""",
    },
    "softmax_loss_vectorized": {
        "one-hot labels with torch.nn.functional.one_hot": """
import torch.nn.functional as F


def softmax_loss_vectorized(W, X, y, reg):
    scores = X @ W
    shifted = scores - scores.max(dim=1, keepdim=True).values
    log_probabilities = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    one_hot = F.one_hot(y, num_classes=W.shape[1]).to(W.dtype)
    loss = -(one_hot * log_probabilities).sum() / X.shape[0] + reg * (W * W).sum()
    dW = X.T @ (log_probabilities.exp() - one_hot) / X.shape[0] + 2 * reg * W
    return loss, dW
""",
    },
}
