"""Live figures: sliders and toggles that redraw a matplotlib figure, also in the static book.

In Colab or Jupyter the controls are ipywidgets and ``draw`` runs whenever one moves. The published
book has no Python behind it, so the book build (``make book`` sets ``DLCV_WIDGETS=static``) draws the
figure for *every* combination of the controls' values and writes a page fragment of plain HTML
controls that switch between the precomputed figures with a few lines of JavaScript: no kernel, no
widget manager, no network. A widget whose controls take more than ``MAX_STATES`` combinations (or a
control with no finite list of values, such as a text box) shows its initial figure on the page,
with a note that it moves only in Jupyter and Colab.

The live path uses only ``widgets.interactive_output``, ``widgets.VBox`` and ``widgets.HBox``, which
behave the same in ipywidgets 7.7 (Colab's) and 8 (the book build's).
"""
import base64
import html
import io
import itertools
import json
import os
import uuid

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import HTML
from IPython.utils.capture import capture_output

__all__ = ["interact", "MAX_STATES"]

MAX_STATES = 60
"""The most combinations of control values the static book precomputes for one widget."""


def interact(draw, *, alt: str, **controls):
    """Controls above a figure that ``draw(**values)`` redraws whenever a control changes.

    Example::

        k = widgets.IntSlider(value=1, min=1, max=25, step=2, description="k")
        display(dlcv.widgets.interact(draw_regions, alt="kNN decision regions for k = {k}", k=k))

    ``draw`` makes its figure with matplotlib and calls ``plt.show()``. ``alt`` is the figure's alt
    text for readers who cannot see it, a format string filled with the controls' values
    (``"{k}"``, ``"{lam:.0e}"``). Returns an ipywidgets box in Jupyter and Colab, and, when
    ``DLCV_WIDGETS=static`` (the book build), an HTML fragment with every state precomputed.
    Keep the number of combinations under ``MAX_STATES`` (a coarser ``step``) for a widget that
    should move in the book.
    """
    if not controls:
        raise ValueError("interact needs at least one control, e.g. k=widgets.IntSlider(...)")
    try:
        alt.format(**{name: control.value for name, control in controls.items()})
    except (KeyError, IndexError, ValueError) as error:
        raise ValueError(f"alt={alt!r} must name only the controls {sorted(controls)}: {error}") from None
    if os.environ.get("DLCV_WIDGETS") == "static":
        return static_html(draw, alt, controls)
    figure = widgets.interactive_output(draw, controls)
    return widgets.VBox([widgets.HBox(list(controls.values())), figure])


def control_values(control):
    """The values a control can take, with their labels: ``[(label, value), ...]``, or None if unbounded."""
    kind = type(control).__name__
    if hasattr(control, "_options_values"):  # Dropdown, ToggleButtons, RadioButtons, SelectionSlider, ...
        if kind.startswith("SelectMultiple") or kind.startswith("SelectionRange"):
            return None
        return list(zip(control._options_labels, control._options_values))
    if kind in ("Checkbox", "ToggleButton"):
        return [("off", False), ("on", True)]
    if kind in ("IntSlider", "BoundedIntText"):
        return [(str(v), v) for v in range(control.min, control.max + 1, control.step)]
    if kind in ("FloatSlider", "FloatLogSlider"):
        count = round((control.max - control.min) / control.step) + 1
        exponents = [control.min + i * control.step for i in range(count)]
        values = [control.base ** e if kind == "FloatLogSlider" else e for e in exponents]
        fmt = getattr(control, "readout_format", ".2f")
        return [(format(v, fmt), round(v, 12)) for v in values]
    return None


def closest_index(values, value):
    """Where a control's current value sits in its list (floats compare with rounding)."""
    if isinstance(value, float):
        return min(range(len(values)), key=lambda i: abs(values[i] - value))
    return values.index(value)


def render_state(draw, values, alt):
    """HTML of what ``draw(**values)`` shows: its figures as PNG images with alt text, and its printed text."""
    plt.close("all")
    with capture_output() as captured:
        draw(**values)
    images = [output.data["image/png"] for output in captured.outputs if "image/png" in output.data]
    for number in plt.get_fignums():  # a backend that does not display on plt.show() leaves figures open
        buffer = io.BytesIO()
        plt.figure(number).savefig(buffer, format="png", bbox_inches="tight")
        images.append(base64.b64encode(buffer.getvalue()).decode())
    plt.close("all")
    parts = [f'<pre class="dlcv-text">{html.escape(captured.stdout)}</pre>'] if captured.stdout else []
    description = html.escape(alt.format(**values), quote=True)
    parts += [f'<img src="data:image/png;base64,{image}" alt="{description}">' for image in images]
    return "".join(parts)


def control_html(name, control, labels, initial):
    """An HTML control for one widget control: a range input for sliders and toggles, a select otherwise."""
    label = html.escape(control.description or name)
    data = f'data-control="{name}" data-labels="{html.escape(json.dumps(labels), quote=True)}"'
    if len(labels) > 1 and type(control).__name__.endswith(("Slider", "Text")):
        return (f'<label>{label} <input type="range" {data} min="0" max="{len(labels) - 1}" '
                f'step="1" value="{initial}"> <output>{html.escape(labels[initial])}</output></label>')
    options = "".join(f'<option value="{i}"{" selected" if i == initial else ""}>{html.escape(text)}</option>'
                      for i, text in enumerate(labels))
    return f'<label>{label} <select {data}>{options}</select></label>'


# Shows the state whose key is the controls' current indices; the script is inline so that the
# fragment works wherever it is shown (the book, nbviewer), without anything else on the page.
SWITCH_STATES = """<script>(function () {
  var root = document.getElementById("%s");
  var controls = root.querySelectorAll("[data-control]");
  function show() {
    var key = Array.prototype.map.call(controls, function (c) { return c.value; }).join(",");
    root.querySelectorAll(".dlcv-state").forEach(function (s) { s.hidden = s.dataset.key !== key; });
    controls.forEach(function (c) {
      var out = c.parentNode.querySelector("output");
      if (out) out.textContent = JSON.parse(c.dataset.labels)[c.value];
    });
  }
  controls.forEach(function (c) { c.addEventListener("input", show); c.addEventListener("change", show); });
})();</script>"""


def static_html(draw, alt, controls):
    """The widget for a page with no kernel: every state precomputed, or the initial one with a note."""
    choices = {name: control_values(control) for name, control in controls.items()}
    # Never displayed: close their models (and their layout's and style's), so that the page saves no
    # widget state and loads no widget manager for them.
    for control in controls.values():
        for model in (getattr(control, "layout", None), getattr(control, "style", None), control):
            if model is not None:
                model.close()
    bounded = all(choice is not None for choice in choices.values())
    states = 1
    for choice in choices.values():
        states *= len(choice) if choice is not None else 1
    initial = {name: control.value for name, control in controls.items()}
    if not bounded or states > MAX_STATES:
        reason = (f"its {states} settings are too many to precompute" if bounded
                  else "one of its controls takes any value")
        note = (f'<p class="dlcv-live-only">This figure moves in Jupyter and Colab ({reason} for this page): '
                f'open the notebook with the Colab button above to use the controls.</p>')
        return HTML(f'<div class="dlcv-static-widget">{note}{render_state(draw, initial, alt)}</div>')

    root = f"dlcv-widget-{uuid.uuid4().hex[:12]}"
    names = list(controls)
    labels = {name: [text for text, _ in choices[name]] for name in names}
    values = {name: [value for _, value in choices[name]] for name in names}
    start = {name: closest_index(values[name], initial[name]) for name in names}
    inputs = [control_html(name, controls[name], labels[name], start[name]) for name in names]
    blocks = []
    for indices in itertools.product(*(range(len(values[name])) for name in names)):
        state = {name: values[name][i] for name, i in zip(names, indices)}
        key = ",".join(map(str, indices))
        hidden = "" if list(indices) == [start[name] for name in names] else " hidden"
        blocks.append(f'<div class="dlcv-state" data-key="{key}"{hidden}>{render_state(draw, state, alt)}</div>')
    return HTML(f'<div class="dlcv-static-widget" id="{root}"><div class="dlcv-controls">{" ".join(inputs)}</div>'
                f'{"".join(blocks)}{SWITCH_STATES % root}</div>')
