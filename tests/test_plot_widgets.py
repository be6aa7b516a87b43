import re

import ipywidgets
import matplotlib.pyplot as plt
import pytest
import torch
from matplotlib.patches import Rectangle

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
    box = dlcv.widgets.interact(lambda k: calls.append(k), alt="k = {k}", k=slider)
    assert isinstance(box, ipywidgets.VBox) and slider in box.children[0].children
    slider.value = 5
    assert calls == [3, 5]


def test_interact_needs_a_control_and_alt_text_that_names_only_controls():
    with pytest.raises(ValueError, match="control"):
        dlcv.widgets.interact(lambda: None, alt="nothing")
    with pytest.raises(ValueError, match="must name only the controls"):
        dlcv.widgets.interact(lambda k: None, alt="k = {q}", k=ipywidgets.IntSlider())


def draw_line(k, p):
    plt.plot([0, k], [0, p])
    print(f"k={k} p={p}")
    plt.show()


def states(page):
    """state key -> (shown, printed text, image sources, alt texts) of a static widget's HTML."""
    found = {}
    state = re.compile(r'<div class="dlcv-state" data-key="([\d,]+)"( hidden)?>(.*?)</div>', re.S)
    for key, hidden, body in state.findall(page):
        found[key] = (not hidden, re.findall(r'<pre class="dlcv-text">(.*?)</pre>', body, re.S),
                      re.findall(r'<img src="([^"]+)"', body), re.findall(r'alt="([^"]*)"', body))
    return found


def test_the_static_book_precomputes_every_state_and_shows_the_initial_one(monkeypatch):
    monkeypatch.setenv("DLCV_WIDGETS", "static")
    k = ipywidgets.IntSlider(value=3, min=1, max=7, step=2, description="k")
    p = ipywidgets.ToggleButtons(options=[("L1", 1), ("L2", 2)], value=2)
    page = dlcv.widgets.interact(draw_line, alt="a line to ({k}, {p})", k=k, p=p).data
    found = states(page)
    assert sorted(found) == [f"{i},{j}" for i in range(4) for j in range(2)]
    assert [key for key, (shown, *_) in found.items() if shown] == ["1,1"]  # k = 3 is the 2nd value, L2 the 2nd
    assert found["2,0"][1] == ["k=5 p=1\n"] and found["2,0"][3] == ["a line to (5, 1)"]
    assert len({images[0] for _, _, images, _ in found.values()}) == 8, "each state has its own figure"
    assert '<input type="range" data-control="k"' in page and 'max="3"' in page
    assert '<select data-control="p"' in page and "<script>" in page
    assert not plt.get_fignums(), "static rendering leaves no figure open"
    models = [k, k.layout, k.style, p, p.layout, p.style]
    assert all(model.comm is None for model in models), "the page would save the controls' models"


def test_a_static_widget_with_too_many_states_shows_its_initial_figure_and_says_it_is_live_elsewhere(monkeypatch):
    monkeypatch.setenv("DLCV_WIDGETS", "static")
    x = ipywidgets.FloatSlider(value=0.25, min=0, max=1, step=0.001)
    page = dlcv.widgets.interact(lambda x: draw_line(x, 1), alt="a line to x = {x}", x=x).data
    assert "dlcv-live-only" in page and "1001 settings" in page and "Colab" in page
    assert page.count("<img ") == 1 and 'alt="a line to x = 0.25"' in page
    text = dlcv.widgets.interact(lambda s: draw_line(1, 1), alt="text", s=ipywidgets.Text("a")).data
    assert "dlcv-live-only" in text and "takes any value" in text


@pytest.mark.parametrize("control, values", [
    (ipywidgets.IntSlider(value=2, min=0, max=6, step=3), [0, 3, 6]),
    (ipywidgets.FloatSlider(value=0.5, min=0, max=1, step=0.25), [0, 0.25, 0.5, 0.75, 1]),
    (ipywidgets.FloatLogSlider(value=0.1, base=10, min=-3, max=-1, step=1), [0.001, 0.01, 0.1]),
    (ipywidgets.Dropdown(options=["a", "b"]), ["a", "b"]),
    (ipywidgets.Checkbox(value=False), [False, True]),
])
def test_control_values_lists_what_each_control_can_take(control, values):
    assert [value for _, value in dlcv.widgets.control_values(control)] == pytest.approx(values)


def test_interact_uses_only_api_that_ipywidgets_7_has_too():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(dlcv.widgets))
    used = {node.attr for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "widgets"}
    assert used == {"interactive_output", "VBox", "HBox"}  # all in ipywidgets 7.7, Colab's version


# --- boxes, masks, heatmaps, filters, attention, training curves ----------------------------------------


def test_show_boxes_draws_each_box_on_the_pixel_edges_with_its_caption():
    image = torch.rand(3, 10, 12)
    boxes = torch.tensor([[3.0, 2.0, 6.0, 5.0], [0.0, 0.0, 12.0, 10.0]])  # the first covers columns 3..5, rows 2..4
    fig, ax = plt.subplots()
    returned = dlcv.plot.show_boxes(ax, image, boxes, labels=torch.tensor([1, 2]), scores=torch.tensor([0.9, 0.456]),
                                    class_names=["a", "b", "c"])
    assert returned is ax and ax.images[0].get_array().shape == (10, 12, 3)
    rectangles = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(rectangles) == 2
    assert rectangles[0].get_xy() == (2.5, 1.5) and rectangles[0].get_width() == 3 and rectangles[0].get_height() == 3
    assert rectangles[1].get_xy() == (-0.5, -0.5) and rectangles[1].get_width() == 12  # the whole image
    assert rectangles[0].get_edgecolor()[:3] == dlcv.plot.CLASS_COLOURS.colors[1]
    assert [t.get_text() for t in ax.texts] == ["b 0.90", "c 0.46"]
    plt.close(fig)


def test_show_boxes_over_an_earlier_drawing_and_without_captions():
    fig, ax = plt.subplots()
    image = (torch.rand(3, 8, 8) * 255).to(torch.uint8)
    dlcv.plot.show_boxes(ax, image, torch.tensor([[1, 1, 4, 4]]), labels=[0])
    dlcv.plot.show_boxes(ax, None, torch.tensor([[2, 2, 5, 5]]), colour="white", linestyle="--")
    assert len(ax.images) == 1 and len(ax.patches) == 2 and [t.get_text() for t in ax.texts] == ["0"]
    assert ax.images[0].get_array().max() <= 1.0  # uint8 shown as [0, 1]
    plt.close(fig)


def test_show_boxes_rejects_wrong_shapes():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match=r"\(K, 4\)"):
        dlcv.plot.show_boxes(ax, torch.rand(3, 8, 8), torch.tensor([1.0, 1.0, 4.0, 4.0]))
    with pytest.raises(ValueError, match="labels"):
        dlcv.plot.show_boxes(ax, torch.rand(3, 8, 8), torch.tensor([[1.0, 1.0, 4.0, 4.0]]), labels=[0, 1])
    with pytest.raises(ValueError, match=r"\(3, H, W\)"):
        dlcv.plot.show_boxes(ax, torch.rand(4, 8, 8), torch.tensor([[1.0, 1.0, 4.0, 4.0]]))
    plt.close(fig)


def test_show_masks_blends_instance_masks_in_their_class_colours():
    image = torch.zeros(3, 6, 6)
    masks = torch.zeros(2, 6, 6, dtype=torch.bool)
    masks[0, :2, :2] = True
    masks[1, 4:, 4:] = True
    fig, ax = plt.subplots()
    dlcv.plot.show_masks(ax, image, masks, labels=torch.tensor([3, 1]), alpha=0.5)
    shown = ax.images[0].get_array()
    assert shown.shape == (6, 6, 3)
    for (row, col), label in [((0, 0), 3), ((5, 5), 1)]:
        expected = [round(0.5 * round(255 * v)) / 255 for v in dlcv.plot.CLASS_COLOURS.colors[label]]
        assert shown[row, col].tolist() == pytest.approx(expected, abs=1 / 255)
    assert shown[3, 3].tolist() == [0, 0, 0]  # uncovered pixels keep the image
    plt.close(fig)


def test_show_masks_colours_a_semantic_mask_by_class_except_the_background():
    image = torch.full((6, 6), 0.5)  # gray
    semantic = torch.zeros(6, 6, dtype=torch.int64)
    semantic[:3] = 2
    fig, ax = plt.subplots()
    dlcv.plot.show_masks(ax, image, semantic, alpha=1.0, background=0)
    shown = ax.images[0].get_array()
    assert shown[0, 0].tolist() == pytest.approx(dlcv.plot.CLASS_COLOURS.colors[2], abs=1 / 255)
    assert shown[5, 5].tolist() == pytest.approx([0.5, 0.5, 0.5], abs=1 / 255)
    plt.close(fig)


def test_show_masks_rejects_wrong_masks():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="bool"):
        dlcv.plot.show_masks(ax, torch.rand(3, 6, 6), torch.rand(2, 6, 6))
    with pytest.raises(ValueError, match=r"\(6, 6\) image"):
        dlcv.plot.show_masks(ax, torch.rand(3, 6, 6), torch.zeros(2, 5, 6, dtype=torch.bool))
    with pytest.raises(ValueError, match="integer class labels"):
        dlcv.plot.show_masks(ax, torch.rand(3, 6, 6), torch.rand(6, 6))
    with pytest.raises(ValueError, match="instance masks"):
        dlcv.plot.show_masks(ax, torch.rand(3, 6, 6), torch.zeros(6, 6, dtype=torch.int64), labels=[1])
    plt.close(fig)


def test_show_heatmap_upsamples_to_the_image():
    heatmap = torch.tensor([[1.0, 0.0], [0.0, 0.0]])
    fig, ax = plt.subplots()
    dlcv.plot.show_heatmap(ax, torch.rand(3, 32, 32), heatmap)
    image, overlay = ax.images
    assert image.get_array().shape == (32, 32, 3) and overlay.get_array().shape == (32, 32)
    assert overlay.get_array()[0, 0] == pytest.approx(1.0) and overlay.get_array()[31, 31] == pytest.approx(0.0)
    with pytest.raises(ValueError, match=r"\(h, w\)"):
        dlcv.plot.show_heatmap(ax, torch.rand(3, 32, 32), torch.rand(1, 4, 4))
    plt.close(fig)


def test_show_filters_lays_out_each_filter_scaled_to_its_range():
    weights = torch.randn(6, 3, 5, 5)
    weights[0] *= 100  # a large filter does not wash out the others
    fig = dlcv.plot.show_filters(weights, ncols=4)
    grid = fig.axes[0].images[0].get_array()
    assert grid.shape == (2 * 6 + 1, 4 * 6 + 1, 3)  # 5×5 filters, 1-pixel white lines
    for f in range(6):
        row, col = divmod(f, 4)
        cell = grid[1 + 6 * row: 6 + 6 * row, 1 + 6 * col: 6 + 6 * col]
        assert cell.min() == pytest.approx(0.0) and cell.max() == pytest.approx(1.0)
    plt.close(fig)
    gray = dlcv.plot.show_filters(torch.randn(4, 1, 3, 3))
    assert gray.axes[0].images[0].get_array().shape == (5, 17, 3)
    plt.close(gray)
    with pytest.raises(ValueError, match="C in"):
        dlcv.plot.show_filters(torch.randn(4, 16, 3, 3))


def test_show_attention_labels_queries_and_keys_and_greys_out_a_causal_mask():
    weights = torch.softmax(torch.randn(3, 3), dim=1)
    words = ["a", "cat", "sat"]
    fig, ax = plt.subplots()
    dlcv.plot.show_attention(ax, weights, query_labels=words, key_labels=words,
                             mask=torch.ones(3, 3, dtype=torch.bool).tril())
    shown = ax.images[0].get_array()
    assert shown.shape == (3, 3) and shown.mask.tolist() == [[False, True, True], [False, False, True],
                                                            [False, False, False]]
    assert [t.get_text() for t in ax.get_xticklabels()] == words == [t.get_text() for t in ax.get_yticklabels()]
    with pytest.raises(ValueError, match="key_labels"):
        dlcv.plot.show_attention(ax, torch.rand(2, 3), key_labels=["a", "b"])
    with pytest.raises(ValueError, match="mask"):
        dlcv.plot.show_attention(ax, torch.rand(2, 3), mask=torch.ones(3, 3, dtype=torch.bool))
    plt.close(fig)


def test_plot_history_draws_loss_and_accuracy_curves():
    fig = dlcv.plot.plot_history({"train_loss": [1.0, 0.5, 0.25], "val_loss": [1.2, None, 0.4],
                                  "val_accuracy": [0.5, 0.7, 0.8]})
    loss, accuracy = fig.axes
    assert [line.get_label() for line in loss.lines] == ["training", "validation"]
    assert list(loss.lines[1].get_xdata()) == [1, 3]  # the missing value is skipped
    assert [line.get_label() for line in accuracy.lines] == ["validation"]
    plt.close(fig)
    only_loss = dlcv.plot.plot_history({"train_loss": [1.0, 0.5], "train_accuracy": [None, None]})
    assert len(only_loss.axes) == 1
    plt.close(only_loss)
    with pytest.raises(ValueError, match="no loss"):
        dlcv.plot.plot_history({"lr": [0.1]})


def test_plots_take_tensors_on_any_device_that_require_grad():
    image = torch.rand(3, 8, 8, requires_grad=True)
    fig, ax = plt.subplots()
    dlcv.plot.show_heatmap(ax, image, torch.rand(2, 2, requires_grad=True))
    dlcv.plot.show_boxes(ax, image, torch.tensor([[1.0, 1.0, 3.0, 3.0]], requires_grad=True))
    plt.close(fig)


@pytest.mark.gpu
def test_plots_take_cuda_tensors():
    image = torch.rand(3, 8, 8, device="cuda")
    fig, ax = plt.subplots()
    dlcv.plot.show_boxes(ax, image, torch.tensor([[1.0, 1.0, 3.0, 3.0]], device="cuda"),
                         labels=torch.tensor([1], device="cuda"), scores=torch.tensor([0.5], device="cuda"))
    dlcv.plot.show_masks(ax, image, torch.ones(1, 8, 8, dtype=torch.bool, device="cuda"))
    dlcv.plot.show_heatmap(ax, image, torch.rand(2, 2, device="cuda"))
    dlcv.plot.show_attention(ax, torch.rand(2, 2, device="cuda"))
    plt.close(fig)
    plt.close(dlcv.plot.show_filters(torch.randn(4, 3, 3, 3, device="cuda")))
    plt.close(dlcv.plot.show_images(image[None]))
