import math
import os

import matplotlib.pyplot as plt
import pytest
import torch
import torch.nn.functional as F
import tqdm.auto
import tqdm.std
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import dlcv
from dlcv.train import History, accuracy, evaluate, fit, predict, standardize


def blobs(n=200, seed=0):
    """Two well-separated Gaussian blobs in 2-D: (x, y) with y int64 in {0, 1}."""
    generator = torch.Generator().manual_seed(seed)
    y = torch.arange(n) % 2
    x = torch.randn(n, 2, generator=generator) + 3.0 * (2 * y[:, None] - 1)
    return x, y


def mlp(dropout=0.0):
    return nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(dropout), nn.Linear(16, 2))


def weights(model):
    return [p.detach().clone() for p in model.parameters()]


def same_weights(a, b):
    return all(torch.equal(p, q) for p, q in zip(a, b))


def without_seconds(history):
    return [{key: value for key, value in record.items() if key != "seconds"} for record in history.records]


# --- fit -------------------------------------------------------------------------------------------


def test_fit_reaches_high_accuracy_with_one_record_per_epoch():
    x, y = blobs()
    loader = DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True, generator=torch.Generator().manual_seed(0))
    model = mlp()
    history = fit(model, loader, F.cross_entropy, torch.optim.SGD(model.parameters(), lr=0.1), 8,
                  val_data=blobs(seed=1), device="cpu", progress=False)
    assert isinstance(history, History) and len(history) == 8 and history.epoch == list(range(1, 9))
    assert list(history.records[0]) == list(dlcv.train.FIELDS)
    assert history.train_loss[-1] < 0.2 * history.train_loss[0]
    assert all(later <= earlier * 1.05 for earlier, later in zip(history.val_loss, history.val_loss[1:]))
    assert history.val_accuracy[-1] >= 0.98 and history.train_accuracy[-1] >= 0.98
    assert history.lr == [0.1] * 8 and all(s > 0 for s in history.seconds)
    assert model.training


def test_fit_full_batch_on_tensors_is_gradient_descent():
    x, y = blobs(50)
    torch.manual_seed(0)
    model = mlp()
    reference = mlp()
    reference.load_state_dict(model.state_dict())
    history = fit(model, (x, y), F.cross_entropy, torch.optim.SGD(model.parameters(), lr=0.3), 5, progress=False)
    optimizer = torch.optim.SGD(reference.parameters(), lr=0.3)
    losses = []
    for _ in range(5):
        loss = F.cross_entropy(reference(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert same_weights(weights(model), weights(reference))
    assert history.train_loss == pytest.approx(losses, rel=1e-6)


def test_fit_minibatches_on_tensors_shuffle_with_the_seed():
    x, y = blobs(50)
    torch.manual_seed(0)
    start = mlp().state_dict()

    def run(seed):
        model = mlp()
        model.load_state_dict(start)
        fit(model, (x, y), F.cross_entropy, torch.optim.SGD(model.parameters(), lr=0.3), 3,
            batch_size=16, seed=seed, progress=False)
        return weights(model)

    reference = mlp()
    reference.load_state_dict(start)
    optimizer = torch.optim.SGD(reference.parameters(), lr=0.3)
    generator = torch.Generator().manual_seed(7)
    for _ in range(3):
        for index in torch.randperm(50, generator=generator).split(16):  # 16, 16, 16, 2
            loss = F.cross_entropy(reference(x[index]), y[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    assert same_weights(run(7), weights(reference))
    assert not same_weights(run(8), weights(reference))


def test_fit_takes_any_iterable_of_batches_and_moves_nested_targets():
    x, y = torch.randn(12, 3), torch.randn(12, 1)
    batches = [(x[:6], {"value": y[:6]}), (x[6:], {"value": y[6:]})]
    model = nn.Linear(3, 1)
    history = fit(model, batches, lambda out, t: F.mse_loss(out, t["value"]),
                  torch.optim.SGD(model.parameters(), lr=0.1), 4, val_data=batches, progress=False)
    assert history.train_accuracy == [None] * 4 and history.val_accuracy == [None] * 4  # regression: no accuracy
    assert history.val_loss[-1] < history.val_loss[0]


def test_fit_records_extra_metrics():
    x, y = blobs(40)
    model = mlp()
    mean_score = {"mean_score": lambda outputs, targets: outputs.mean()}
    history = fit(model, (x, y), F.cross_entropy, torch.optim.SGD(model.parameters(), lr=0.1), 2,
                  val_data=(x, y), metrics=mean_score, progress=False)
    assert len(history.train_mean_score) == 2 and isinstance(history.val_mean_score[0], float)
    with torch.no_grad():
        assert history.val_mean_score[-1] == pytest.approx(model(x).mean().item(), rel=1e-5)
    with pytest.raises(ValueError, match="other names"):
        fit(model, (x, y), F.cross_entropy, torch.optim.SGD(model.parameters(), lr=0.1), 1,
            metrics={"accuracy": accuracy}, progress=False)


@pytest.mark.parametrize("step, expected", [("batch", [1.0, 0.5 ** 4, 0.5 ** 8]), ("epoch", [1.0, 0.5, 0.25])])
def test_fit_steps_the_scheduler_per_batch_or_per_epoch(step, expected):
    x, y = blobs(40)
    model = mlp()
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    history = fit(model, (x, y), F.cross_entropy, optimizer, 3, batch_size=10, seed=0,  # 4 steps an epoch
                  scheduler=scheduler, scheduler_step=step, progress=False)
    assert history.lr == pytest.approx(expected)


def test_fit_rejects_arguments_that_would_be_ignored():
    model = mlp()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match='"batch" or "epoch"'):
        fit(model, blobs(10), F.cross_entropy, optimizer, 1, scheduler_step="step")
    with pytest.raises(ValueError, match="tensor pair"):
        fit(model, DataLoader(TensorDataset(*blobs(10))), F.cross_entropy, optimizer, 1, batch_size=4)
    with pytest.raises(ValueError, match="ReduceLROnPlateau"):
        fit(model, blobs(10), F.cross_entropy, optimizer, 1,
            scheduler=torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer))


def test_clip_grad_norm_bounds_the_update():
    x, y = torch.ones(4, 3), torch.zeros(4)

    def huge_loss(outputs, targets):
        return 1e6 * outputs.sum()

    def update_norm(clip):
        torch.manual_seed(0)
        model = nn.Linear(3, 1)
        before = torch.cat([p.detach().flatten() for p in model.parameters()])
        fit(model, (x, y), huge_loss, torch.optim.SGD(model.parameters(), lr=1.0), 1, clip_grad_norm=clip,
            progress=False)
        return (torch.cat([p.detach().flatten() for p in model.parameters()]) - before).norm().item()

    assert 0.99 < update_norm(1.0) <= 1.0 + 1e-6  # lr · max_norm
    assert update_norm(None) > 1e6


def test_amp_is_a_no_op_on_the_cpu():
    x, y = blobs(40)
    dtypes = []
    runs = []
    for amp in (True, False):
        torch.manual_seed(0)
        model = mlp()
        model[0].register_forward_hook(lambda module, inputs, output: dtypes.append(output.dtype))
        fit(model, (x, y), F.cross_entropy, torch.optim.SGD(model.parameters(), lr=0.1), 2, amp=amp, device="cpu",
            progress=False)
        runs.append(weights(model))
    assert set(dtypes) == {torch.float32} and same_weights(*runs)


@pytest.mark.gpu
def test_amp_on_cuda_runs_in_float16_with_a_grad_scaler(tmp_path):
    x, y = blobs()
    dtypes = []
    model = mlp()
    model[0].register_forward_hook(lambda module, inputs, output: dtypes.append(output.dtype))
    path = tmp_path / "amp.pt"
    history = fit(model, (x, y), F.cross_entropy, torch.optim.SGD(model.parameters(), lr=0.1), 20, batch_size=50,
                  seed=0, val_data=(x, y), device="cuda", clip_grad_norm=10.0, checkpoint=path, progress=False)
    assert torch.float16 in dtypes and next(model.parameters()).dtype == torch.float32
    assert next(model.parameters()).is_cuda and history.val_accuracy[-1] > 0.95
    assert torch.load(path, weights_only=True)["scaler"] is not None


# --- checkpoints -----------------------------------------------------------------------------------


def checkpointed_run(seed):
    """A model with dropout, Adam and a step schedule, on a shuffling DataLoader: every random state matters."""
    torch.manual_seed(seed)
    model = mlp(dropout=0.3)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    x, y = blobs(64)
    loader = DataLoader(TensorDataset(x, y), batch_size=16, shuffle=True)
    return model, optimizer, scheduler, loader, (x, y)


def test_an_interrupted_run_resumes_to_the_same_weights_and_history(tmp_path):
    path = tmp_path / "drive" / "run.pt"
    model, optimizer, scheduler, loader, val = checkpointed_run(0)
    full = fit(model, loader, F.cross_entropy, optimizer, 5, val_data=val, scheduler=scheduler, progress=False)
    finished = weights(model)

    model, optimizer, scheduler, loader, val = checkpointed_run(0)
    fit(model, loader, F.cross_entropy, optimizer, 2, val_data=val, scheduler=scheduler, checkpoint=path,
        progress=False)
    assert os.listdir(path.parent) == ["run.pt"]  # no temporary file left behind
    # A new kernel: other random states, a freshly initialized model, optimizer and scheduler.
    model, optimizer, scheduler, loader, val = checkpointed_run(123)
    resumed = fit(model, loader, F.cross_entropy, optimizer, 5, val_data=val, scheduler=scheduler, checkpoint=path,
                  progress=False)
    assert resumed.epoch == [1, 2, 3, 4, 5]
    assert without_seconds(resumed) == without_seconds(full)
    assert same_weights(weights(model), finished)
    assert torch.load(path, weights_only=True)["epoch"] == 5


def test_a_finished_run_returns_at_once_with_its_weights(tmp_path):
    path = tmp_path / "run.pt"
    model, optimizer, scheduler, loader, val = checkpointed_run(0)
    history = fit(model, loader, F.cross_entropy, optimizer, 2, scheduler=scheduler, checkpoint=path, progress=False)
    trained = weights(model)

    def never(outputs, targets):
        raise AssertionError("a finished run must not train")

    model, optimizer, scheduler, loader, val = checkpointed_run(1)
    again = fit(model, loader, never, optimizer, 2, scheduler=scheduler, checkpoint=path, progress=False)
    assert again.records == history.records and same_weights(weights(model), trained)


def test_resume_false_starts_again(tmp_path):
    path = tmp_path / "run.pt"
    model, optimizer, scheduler, loader, val = checkpointed_run(0)
    fit(model, loader, F.cross_entropy, optimizer, 2, scheduler=scheduler, checkpoint=path, progress=False)
    model, optimizer, scheduler, loader, val = checkpointed_run(0)
    history = fit(model, loader, F.cross_entropy, optimizer, 1, scheduler=scheduler, checkpoint=path, resume=False,
                  progress=False)
    assert history.epoch == [1] and torch.load(path, weights_only=True)["epoch"] == 1


def test_a_checkpoint_write_cut_off_leaves_the_previous_one_whole(tmp_path, monkeypatch):
    path = tmp_path / "run.pt"
    model, optimizer, scheduler, loader, val = checkpointed_run(0)
    real_save = torch.save
    saves = []

    def save_then_crash(state, file):
        saves.append(file)
        if len(saves) == 2:  # the second epoch's write dies half way
            with open(file, "wb") as half:
                half.write(b"\x80\x02 half a pickle")
            raise KeyboardInterrupt
        real_save(state, file)

    monkeypatch.setattr(torch, "save", save_then_crash)
    with pytest.raises(KeyboardInterrupt):
        fit(model, loader, F.cross_entropy, optimizer, 3, scheduler=scheduler, checkpoint=path, progress=False)
    assert all(os.fspath(file) != os.fspath(path) for file in saves)  # written elsewhere, then renamed
    assert torch.load(path, weights_only=True)["epoch"] == 1


def test_a_checkpoint_of_another_model_is_refused(tmp_path):
    path = tmp_path / "run.pt"
    model, optimizer, scheduler, loader, val = checkpointed_run(0)
    fit(model, loader, F.cross_entropy, optimizer, 1, scheduler=scheduler, checkpoint=path, progress=False)
    other = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 2))
    other_optimizer = torch.optim.SGD(other.parameters(), lr=0.1)
    with pytest.raises(ValueError, match="does not fit"):
        fit(other, loader, F.cross_entropy, other_optimizer, 2,
            scheduler=torch.optim.lr_scheduler.StepLR(other_optimizer, 1), checkpoint=path, progress=False)


def test_history_is_plain_data_and_plots():
    x, y = blobs(40)
    model = mlp()
    history = fit(model, (x, y), F.cross_entropy, torch.optim.SGD(model.parameters(), lr=0.1), 3, val_data=(x, y),
                  progress=False)
    rebuilt = History(history.records)
    assert rebuilt.records == history.records and rebuilt.val_loss == history.val_loss
    assert all(type(value) in (int, float) for record in history.records for value in record.values())
    with pytest.raises(AttributeError, match="no 'val_los'"):
        history.val_los
    fig = history.plot()
    loss_axes, accuracy_axes = fig.axes
    assert [line.get_label() for line in loss_axes.lines] == ["training", "validation"]
    assert list(loss_axes.lines[1].get_ydata()) == history.val_loss
    assert list(accuracy_axes.lines[0].get_ydata()) == history.train_accuracy
    plt.close(fig)


# --- progress bars ---------------------------------------------------------------------------------


def test_progress_is_tqdm_auto_by_default(monkeypatch):
    monkeypatch.delenv("DLCV_PROGRESS", raising=False)
    bar = dlcv.progress(range(3), desc="x", disable=True)
    assert isinstance(bar, tqdm.auto.tqdm) and list(bar) == [0, 1, 2]


def test_progress_writes_plain_text_to_stdout_when_asked(monkeypatch, capsys):
    monkeypatch.setenv("DLCV_PROGRESS", "text")
    bar = dlcv.progress(range(3), desc="counting")
    assert type(bar) is tqdm.std.tqdm and list(bar) == [0, 1, 2]
    bar.close()
    shown = capsys.readouterr().out
    assert "counting:   0%" in shown and "counting: 100%" in shown and "33%" not in shown  # first and last state


def test_fit_shows_an_epoch_bar_with_the_loss_unless_told_not_to(monkeypatch, capsys):
    monkeypatch.setenv("DLCV_PROGRESS", "text")
    x, y = blobs(20)
    model = mlp()
    fit(model, (x, y), F.cross_entropy, torch.optim.SGD(model.parameters(), lr=0.1), 2)
    shown = capsys.readouterr()
    assert "2/2" in shown.out and "train_loss=" in shown.out
    fit(model, (x, y), F.cross_entropy, torch.optim.SGD(model.parameters(), lr=0.1), 2, progress=False)
    shown = capsys.readouterr()
    assert shown.out == "" and shown.err == ""


# --- evaluate, predict, accuracy -------------------------------------------------------------------


def test_evaluate_runs_in_eval_mode_and_restores_every_module_mode():
    x, y = blobs(40)
    model = mlp(dropout=0.9)
    model.train()
    model[0].eval()  # a mixed mode, as with a frozen layer
    result = evaluate(model, (x, y), F.cross_entropy, batch_size=16)
    assert model.training and model[2].training and not model[0].training
    model.eval()
    with torch.no_grad():
        scores = model(x)
    assert result["loss"] == pytest.approx(F.cross_entropy(scores, y).item(), rel=1e-5)
    assert result["accuracy"] == pytest.approx(accuracy(scores, y))


def test_evaluate_measures_only_what_applies():
    x = torch.randn(10, 2)
    model = nn.Linear(2, 2)
    assert set(evaluate(model, (x, torch.randn(10, 2)), F.mse_loss)) == {"loss"}
    assert set(evaluate(model, (x, torch.arange(10) % 2))) == {"accuracy"}
    with pytest.raises(ValueError, match="no examples"):
        evaluate(model, [], F.mse_loss)


def test_accuracy_on_a_hand_case():
    scores = torch.tensor([[0.1, 0.9], [0.8, 0.2], [0.5, 0.5]])
    assert accuracy(scores, torch.tensor([1, 1, 0])) == pytest.approx(2 / 3)  # the tie goes to class 0
    assert accuracy(scores, torch.tensor([1, 0, 1])) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="empty"):
        accuracy(torch.empty(0, 2), torch.empty(0, dtype=torch.int64))
    with pytest.raises(ValueError, match=r"\(N, C\)"):
        accuracy(scores, torch.tensor([1.0, 1.0, 0.0]))
    assert accuracy(torch.tensor([2, 0, 1, 1]), torch.tensor([2, 0, 0, 1])) == pytest.approx(3 / 4)  # predictions
    with pytest.raises(ValueError, match="predicted labels"):
        accuracy(torch.tensor([2, 0, 1]), torch.tensor([2, 0]))


def test_predict_gives_argmax_labels_in_chunks_and_restores_the_mode():
    model = mlp(dropout=0.5)
    x = torch.randn(25, 2)
    labels = predict(model, x, batch_size=7)
    model.eval()
    assert torch.equal(labels, model(x).argmax(dim=1)) and labels.dtype == torch.int64
    model.train()
    predict(model, x)
    assert model.training


def test_predict_feeds_plot_decision_regions():
    x, y = blobs(60)
    model = mlp()
    fit(model, (x, y), F.cross_entropy, torch.optim.Adam(model.parameters(), lr=0.05), 30, device="cpu", progress=False)
    fig, ax = plt.subplots()
    dlcv.plot.plot_decision_regions(ax, lambda grid: predict(model, grid), x, y, resolution=30)
    regions = ax.images[0].get_array()
    assert regions[0, 0] == 0 and regions[-1, -1] == 1  # blob 0 lower left, blob 1 upper right
    plt.close(fig)


@pytest.mark.gpu
def test_predict_with_the_model_on_cuda_returns_labels_on_the_inputs_device():
    model = mlp().cuda()
    x = torch.randn(10, 2)
    labels = predict(model, x)
    assert labels.device.type == "cpu" and torch.equal(labels, model(x.cuda()).argmax(dim=1).cpu())
    assert predict(model, x.cuda()).is_cuda


# --- standardize -----------------------------------------------------------------------------------


def test_standardize_with_per_feature_statistics_on_a_hand_case():
    train = torch.tensor([[1.0, 2.0], [3.0, 6.0]])
    test = torch.tensor([[5.0, 4.0]])
    z_train, z_test, mean, std = standardize(train, test, eps=0, return_stats=True)
    # mean (2, 4); unbiased std (sqrt 2, sqrt 8)
    assert torch.allclose(mean, torch.tensor([[2.0, 4.0]])) and torch.allclose(std, torch.tensor([[2, 8]]).sqrt())
    assert torch.allclose(z_train, torch.tensor([[-1.0, -1.0], [1.0, 1.0]]) / math.sqrt(2))
    assert torch.allclose(z_test, torch.tensor([[3 / math.sqrt(2), 0.0]]))
    z_train, = standardize(train, eps=0.1)
    assert torch.allclose(z_train[1], torch.tensor([1 / (math.sqrt(2) + 0.1), 2 / (math.sqrt(8) + 0.1)]))


def test_standardize_with_one_std_for_all_features():
    train = torch.tensor([[1.0, 2.0], [3.0, 6.0]])
    z_train, z_test = standardize(train, torch.tensor([[2.0, 5.0]]), per_feature_std=False, eps=0)
    std = torch.tensor([1.0, 2.0, 3.0, 6.0]).std()  # sqrt(14/3)
    assert torch.allclose(z_train, (train - torch.tensor([2.0, 4.0])) / std)
    assert torch.allclose(z_test, torch.tensor([[0.0, 1.0]]) / std)


def test_standardize_per_channel_uses_training_statistics_only():
    train = torch.rand(6, 3, 4, 4) * torch.tensor([1.0, 5.0, 10.0]).view(1, 3, 1, 1)
    test = torch.rand(2, 3, 4, 4) + 100
    z_train, z_test = standardize(train, test, dim=(0, 2, 3), eps=0)
    assert torch.allclose(z_train.mean(dim=(0, 2, 3)), torch.zeros(3), atol=1e-5)
    assert torch.allclose(z_train.std(dim=(0, 2, 3)), torch.ones(3), atol=1e-5)
    assert (z_test > 5).all()  # far from the training data, and not re-centred on itself


def test_standardize_rejects_bad_inputs():
    with pytest.raises(ValueError, match="shape"):
        standardize(torch.rand(5, 3), torch.rand(5, 4))
    with pytest.raises(TypeError, match="floating"):
        standardize(torch.arange(6).view(3, 2))
    with pytest.raises(ValueError, match="two values"):
        standardize(torch.rand(1, 3))
    with pytest.raises(ValueError, match="out of range"):
        standardize(torch.rand(4, 3), dim=2)
    z_train, = standardize(torch.rand(4, 3), dim=-2)  # the same as dim=0
    assert torch.allclose(z_train.mean(dim=0), torch.zeros(3), atol=1e-6)
