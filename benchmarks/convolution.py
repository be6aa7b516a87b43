"""The reference im2col convolution of a3_convnets against F.conv2d and the naive loops, forward and backward.

    .venv/bin/python benchmarks/convolution.py [--batch 64] [--min-run-time 0.2]

Times, on the CPU and on CUDA when there is a GPU, one convolutional layer of a CIFAR-sized batch
(N × 3 × 32 × 32 images, 32 filters of 3 × 3, stride 1, pad 1) three ways: ``F.conv2d`` (its backward
by ``torch.nn.grad``), the im2col layer and the naive layer with loops over the output positions,
and prints a table of seconds and of ratios to ``F.conv2d``, all measured in this one run. Exits 1
when the im2col forward pass is more than 5 times slower than ``F.conv2d`` on the CPU.

The reference layers are the solution cells of ``solutions/a3_convnets/a3_convnets.ipynb``, read and
executed here rather than copied: solutions/ is private, and benchmarks/ is public.
"""
import argparse
import sys
from pathlib import Path

import nbformat
import torch
import torch.nn.functional as F
import torch.nn.grad

import dlcv

REPOSITORY = Path(__file__).resolve().parent.parent
SOLUTION = REPOSITORY / "solutions" / "a3_convnets" / "a3_convnets.ipynb"
LAYERS = ("conv_forward_naive", "conv_backward_naive", "conv_forward_im2col", "conv_backward_im2col")
IM2COL_BUDGET = 5.0  # the im2col forward pass may be this many times slower than F.conv2d on the CPU


def reference_layers() -> dict:
    """The four convolution layers, executed from the solution notebook's cells (region markers dropped)."""
    cells = {cell.metadata["nbgrader"]["grade_id"]: cell for cell in nbformat.read(SOLUTION, as_version=4).cells
             if "nbgrader" in cell.metadata}
    namespace = {"torch": torch, "F": F}
    for name in LAYERS:
        source = "\n".join(line for line in cells[name].source.splitlines() if "### " not in line)
        exec(compile(source, f"<{SOLUTION.name}:{name}>", "exec"), namespace)
    return {name: namespace[name] for name in LAYERS}


def library_backward(dout, cache):
    x, w, b, conv_param = cache[:4]
    stride, pad = conv_param["stride"], conv_param["pad"]
    return (torch.nn.grad.conv2d_input(x.shape, w, dout, stride=stride, padding=pad),
            torch.nn.grad.conv2d_weight(x, w.shape, dout, stride=stride, padding=pad), dout.sum((0, 2, 3)))


def time_layers(layers: dict, device: torch.device, batch: int, min_run_time: float) -> dict[str, float]:
    """Seconds per call of each way, forward and backward, on one batch on ``device``."""
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(batch, 3, 32, 32, generator=generator).to(device)
    w, b = torch.randn(32, 3, 3, 3, generator=generator).to(device), torch.randn(32, generator=generator).to(device)
    conv_param = {"stride": 1, "pad": 1}
    out, cache_im2col = layers["conv_forward_im2col"](x, w, b, conv_param)
    dout = torch.randn_like(out)
    torch.testing.assert_close(out, F.conv2d(x, w, b, padding=1), rtol=1e-4, atol=1e-4)  # timing the right thing
    small = slice(0, max(1, batch // 16))  # the naive loops on a slice of the batch, scaled up: they are slow
    cache_naive = (x[small], w, b, conv_param)
    scale = batch / x[small].shape[0]
    return {
        "F.conv2d forward": dlcv.time_function(F.conv2d, x, w, b, padding=1, min_run_time=min_run_time),
        "F.conv2d backward": dlcv.time_function(library_backward, dout, (x, w, b, conv_param), min_run_time=min_run_time),
        "im2col forward": dlcv.time_function(layers["conv_forward_im2col"], x, w, b, conv_param, min_run_time=min_run_time),
        "im2col backward": dlcv.time_function(layers["conv_backward_im2col"], dout, cache_im2col, min_run_time=min_run_time),
        "naive forward": scale * dlcv.time_function(layers["conv_forward_naive"], x[small], w, b, conv_param,
                                                    min_run_time=min_run_time),
        "naive backward": scale * dlcv.time_function(layers["conv_backward_naive"], dout[small], cache_naive,
                                                     min_run_time=min_run_time),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=64, help="images in the batch (default 64)")
    parser.add_argument("--min-run-time", type=float, default=0.2, help="seconds of repeated calls per timing")
    args = parser.parse_args()
    layers = reference_layers()
    devices = [torch.device("cpu")] + ([torch.device("cuda")] if torch.cuda.is_available() else [])
    print(f"One conv layer: {args.batch} x 3 x 32 x 32 images, 32 filters of 3 x 3, stride 1, pad 1; "
          f"{torch.get_num_threads()} CPU threads\n")
    print(f"{'device':8} {'way':20} {'seconds':>10} {'x F.conv2d':>11}")
    ratios = {}
    for device in devices:
        seconds = time_layers(layers, device, args.batch, args.min_run_time)
        for way, value in seconds.items():
            baseline = seconds[f"F.conv2d {way.split()[-1]}"]
            ratios[device.type, way] = value / baseline
            print(f"{device.type:8} {way:20} {value:10.5f} {value / baseline:11.1f}")
    within = ratios["cpu", "im2col forward"] <= IM2COL_BUDGET
    print(f"\nim2col forward on the CPU: {ratios['cpu', 'im2col forward']:.1f} x F.conv2d "
          f"({'within' if within else 'over'} the budget of {IM2COL_BUDGET:g} x)")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
