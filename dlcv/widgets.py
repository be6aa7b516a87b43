"""Live figures: sliders and toggles that redraw a matplotlib figure.

In Colab or Jupyter the controls work; in the published book, which has no Python behind it, the
page shows the figure for the controls' initial values.

Only ``widgets.interactive_output``, ``widgets.VBox`` and ``widgets.HBox`` are used: they behave the
same in ipywidgets 7.7 (Colab's) and 8 (the book build's).
"""
import ipywidgets as widgets

__all__ = ["interact"]


def interact(draw, **controls) -> widgets.VBox:
    """Controls above a figure that ``draw(**values)`` redraws whenever a control changes.

    Example::

        k = widgets.IntSlider(value=1, min=1, max=25, description="k")
        display(dlcv.widgets.interact(draw_regions, k=k))

    ``draw`` makes its figure with matplotlib and calls ``plt.show()``.
    """
    if not controls:
        raise ValueError("interact needs at least one control, e.g. k=widgets.IntSlider(...)")
    figure = widgets.interactive_output(draw, controls)
    return widgets.VBox([widgets.HBox(list(controls.values())), figure])
