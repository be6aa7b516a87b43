"""dlcv: the companion package of *Deep Learning for Computer Vision*.

What the chapters and assignments share, each piece taught in the chapter that first needs it:
``device`` and ``seed_everything`` (where and how repeatably code runs), ``time_function``
(fair timings on CPU and GPU), ``numerical_gradient`` / ``grad_check`` (checking backward passes),
``dlcv.data`` (offline datasets and the CIFAR-10 loader), ``dlcv.plot``, ``dlcv.widgets``, and
``dlcv.selfcheck`` (the last cell of each assignment: every visible test again, summarized).
"""
from . import data, plot, selfcheck, widgets
from .gradcheck import grad_check, numerical_gradient, relative_error
from .runtime import device, in_colab, runtime_summary, seed_everything
from .timing import time_function

__version__ = "0.1.0"
__all__ = ["data", "plot", "selfcheck", "widgets", "device", "in_colab", "runtime_summary", "seed_everything",
           "time_function", "numerical_gradient", "relative_error", "grad_check"]
