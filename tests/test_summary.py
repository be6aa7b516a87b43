import pytest
import torch
import torchvision
from torch import nn

import dlcv


def tiny_convnet():
    """Conv2d(3, 10, 5, padding=2) on 32×32 (SYLLABUS §2: 760 parameters), then a linear classifier."""
    return nn.Sequential(nn.Conv2d(3, 10, 5, padding=2), nn.BatchNorm2d(10), nn.ReLU(), nn.Flatten(),
                         nn.Linear(10 * 32 * 32, 4))


def test_count_parameters_by_hand():
    conv = nn.Conv2d(3, 10, 5, padding=2)
    assert dlcv.count_parameters(conv) == 10 * (5 * 5 * 3 + 1) == 760
    model = tiny_convnet()
    assert dlcv.count_parameters(model) == 760 + 2 * 10 + (10 * 32 * 32 + 1) * 4
    model[0].requires_grad_(False)
    assert dlcv.count_parameters(model, trainable_only=True) == 2 * 10 + (10 * 32 * 32 + 1) * 4


def test_count_flops_counts_a_multiply_add_as_two_and_no_bias():
    x = torch.rand(1, 3, 32, 32)
    assert dlcv.count_flops(nn.Conv2d(3, 10, 5, padding=2), x) == 2 * 10 * 32 * 32 * 75 == 1_536_000
    assert dlcv.count_flops(tiny_convnet(), x) == 1_536_000 + 2 * 10 * 32 * 32 * 4
    assert dlcv.count_flops(nn.Conv2d(3, 10, 5, padding=2), x.repeat(2, 1, 1, 1)) == 2 * 1_536_000


def test_summary_and_count_flops_leave_every_module_as_they_found_it():
    model = tiny_convnet()
    model.train()
    model[1].eval()
    statistics = [model[1].running_mean.clone(), model[1].num_batches_tracked.clone()]
    dlcv.summary(model, (2, 3, 32, 32))
    dlcv.count_flops(model, torch.rand(2, 3, 32, 32))
    assert model.training and not model[1].training and model[0].training
    assert torch.equal(model[1].running_mean, statistics[0])
    assert torch.equal(model[1].num_batches_tracked, statistics[1])


def test_summary_table_of_a_conv_layer():
    statistics = dlcv.summary(nn.Conv2d(3, 10, 5, padding=2), (1, 3, 32, 32))
    assert statistics.total_params == 760
    assert statistics.total_mult_adds == 10 * 32 * 32 * (75 + 1)  # torchinfo counts the bias
    table = str(statistics)
    assert "[1, 10, 32, 32]" in table and "Total mult-adds: 778,240" in table and "Units." not in table


def test_resnet18_has_its_published_size_and_cost():
    model = torchvision.models.resnet18(weights=None)  # never downloads weights
    statistics = dlcv.summary(model, (1, 3, 224, 224), depth=1)
    assert dlcv.count_parameters(model) == statistics.total_params == 11_689_512
    assert statistics.total_mult_adds == pytest.approx(1.82e9, rel=0.005)
    assert dlcv.count_flops(model, torch.rand(1, 3, 224, 224)) == pytest.approx(2 * 1.814e9, rel=0.005)


@pytest.mark.gpu
def test_summary_keeps_a_cpu_model_on_the_cpu_and_a_cuda_model_on_cuda():
    model = tiny_convnet()
    dlcv.summary(model, (1, 3, 32, 32))
    assert next(model.parameters()).device.type == "cpu"
    model.cuda()
    assert dlcv.summary(model, (1, 3, 32, 32)).total_params == dlcv.count_parameters(model)
    assert dlcv.count_flops(model, torch.rand(1, 3, 32, 32)) == 1_536_000 + 2 * 10 * 32 * 32 * 4
    assert next(model.parameters()).is_cuda
