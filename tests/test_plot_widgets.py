import ipywidgets
import matplotlib.pyplot as plt
import pytest
import torch

import dlcv


def test_show_images_draws_one_panel_per_image_with_captions():
    images = torch.rand(7, 3, 8, 8)
    fig = dlcv.plot.show_images(images, torch.tensor([0, 1, 2, 0, 1, 2, 0]), ["a", "b", "c"], ncols=4)
    drawn = [ax for ax in fig.axes if ax.images]
    assert len(drawn) == 7 and [ax.get_title() for ax in drawn][:3] == ["a", "b", "c"]
    plt.close(fig)


def test_show_images_rejects_a_wrong_shape():
    with pytest.raises(ValueError, match="N, C, H, W"):
        dlcv.plot.show_images(torch.rand(2, 5, 8, 8))


def test_decision_regions_colour_each_side_of_a_boundary():
    points = torch.tensor([[-1.0, 0.0], [1.0, 0.0]])
    fig, ax = plt.subplots()
    dlcv.plot.plot_decision_regions(ax, lambda q: (q[:, 0] > 0).long(), points, torch.tensor([0, 1]), resolution=20)
    regions = ax.images[0].get_array()
    assert regions.shape == (20, 20)
    assert (regions[:, :10] == 0).all() and (regions[:, 10:] == 1).all()
    plt.close(fig)


def test_interact_draws_the_initial_state_and_redraws_on_change():
    calls = []
    slider = ipywidgets.IntSlider(value=3, min=1, max=9)
    box = dlcv.widgets.interact(lambda k: calls.append(k), k=slider)
    assert isinstance(box, ipywidgets.VBox) and slider in box.children[0].children
    slider.value = 5
    assert calls == [3, 5]


def test_interact_needs_a_control():
    with pytest.raises(ValueError, match="control"):
        dlcv.widgets.interact(lambda: None)
