"""dlcv: the companion package of *Deep Learning for Computer Vision*.

What the chapters and assignments share, each piece taught in the chapter that first needs it:

- ``device``, ``for_device``, ``seed_everything``, ``grading``, ``runtime_summary``: where code runs
  (and what a chapter trains there), how repeatably, whether nbgrader is grading, which versions run here;
- ``time_function``: fair timings on CPU and GPU;
- ``numerical_gradient`` / ``grad_check``: checking backward passes;
- ``dlcv.data``: offline datasets and the CIFAR-10 loader;
- ``dlcv.features``: hand-designed image features (colour histogram, HoG, bag of visual words);
- ``dlcv.train``: the training loop of part III on (``fit``, ``evaluate``, ``predict``, ``History``),
  ``accuracy`` and ``standardize``;
- ``progress``: the progress bar every long loop shows;
- ``summary``, ``count_parameters``, ``count_flops``: a model's size and cost;
- ``dlcv.plot`` (images, boxes, masks, heatmaps, filters, attention, training curves) and ``dlcv.widgets``;
- ``dlcv.selfcheck`` (the last cell of each assignment: every visible test again, summarized) and
  ``dlcv.magics`` (``%%skip_when_graded``, registered by ``import dlcv`` in IPython);
- ``dlcv.models``: the course's trained network (a small CNN on the digits, trained and cached offline).
"""
from . import data, features, magics, models, plot, selfcheck, train, widgets
from .complexity import count_flops, count_parameters, summary
from .gradcheck import grad_check, numerical_gradient, relative_error
from .progressbar import progress
from .runtime import __version__, device, for_device, grading, in_colab, runtime_summary, seed_everything
from .timing import time_function

magics.register()

__all__ = ["data", "features", "magics", "models", "plot", "selfcheck", "train", "widgets", "device", "for_device", "in_colab", "grading",
           "runtime_summary", "seed_everything", "time_function", "numerical_gradient", "relative_error", "grad_check",
           "progress", "summary", "count_parameters", "count_flops"]
