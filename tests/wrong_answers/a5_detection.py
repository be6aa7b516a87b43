"""Wrong answers to a5_detection that students are likely to write, by graded function or class.

BUGS: several per item, each a complete wrong definition; its item's test cell must fail on it.
GPU_BUGS: right on the CPU, wrong on a GPU (results left on, or tensors made on, the CPU), checked where CUDA exists.
HIDDEN_ONLY: for each item, one bug its visible checks let through: the autograder round trip
submits these, so only the hidden tests (restored by nbgrader when grading) can take the points away.

Each wrong answer is the solution cell's code with a few lines changed (``_variant`` checks that every
change applies exactly once), so the catalogue follows the solution notebook when it changes.
"""
from pathlib import Path

import nbformat

_NOTEBOOK = Path(__file__).resolve().parents[2] / "solutions" / "a5_detection" / "a5_detection.ipynb"
_CELLS = {cell.metadata["nbgrader"]["grade_id"]: cell.source
          for cell in nbformat.read(_NOTEBOOK, as_version=4).cells if "nbgrader" in cell.metadata}


def _solution(name: str) -> str:
    """The solution cell of ``name`` as a student would hand it in: without the nbgrader markers."""
    return "\n".join(line for line in _CELLS[name].splitlines() if "### " not in line) + "\n"


def _variant(name: str, *changes: tuple[str, str]) -> str:
    source = _solution(name)
    for old, new in changes:
        assert source.count(old) == 1, f"{name}: the change {old!r} must apply exactly once"
        source = source.replace(old, new)
    return source


_STABLE = "torch.sort(scores, descending=True, stable=True)"

BUGS = {
    "box_area": {
        "the +1 convention": _variant("box_area", ("(boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])",
                                                   "(boxes[:, 2] - boxes[:, 0] + 1) * (boxes[:, 3] - boxes[:, 1] + 1)")),
        "sides clamped at 0": _variant("box_area", ("(boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])",
                                                    "(boxes[:, 2] - boxes[:, 0]).clamp(min=0) * (boxes[:, 3] - boxes[:, 1]).clamp(min=0)")),
        "width times width": _variant("box_area", ("* (boxes[:, 3] - boxes[:, 1])", "* (boxes[:, 2] - boxes[:, 0])")),
        "(N, 1) instead of (N,)": _variant("box_area", ("return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])",
                                                        "return (boxes[:, 2:3] - boxes[:, 0:1]) * (boxes[:, 3:4] - boxes[:, 1:2])")),
        "always float32": _variant("box_area", ("boxes[:, 1])", "boxes[:, 1])).float()"), ("return (", "return ((")),
    },
    "box_iou": {
        "the +1 convention": _variant("box_iou", ("area1, area2 = box_area(boxes1), box_area(boxes2)",
                                                  "area1 = (boxes1[:, 2] - boxes1[:, 0] + 1) * (boxes1[:, 3] - boxes1[:, 1] + 1)\n"
                                                  "    area2 = (boxes2[:, 2] - boxes2[:, 0] + 1) * (boxes2[:, 3] - boxes2[:, 1] + 1)"),
                                      ("(bottom_right - top_left).clamp(min=0)", "(bottom_right - top_left + 1).clamp(min=0)")),
        "intersection not clamped": _variant("box_iou", ("(bottom_right - top_left).clamp(min=0)", "(bottom_right - top_left)")),
        "an epsilon in the union": _variant("box_iou", ("area2[None, :] - intersection)", "area2[None, :] - intersection + 1e-6)")),
        "union without the intersection taken off": _variant("box_iou", ("area2[None, :] - intersection)", "area2[None, :])")),
        "pairs i with i (no N x M)": _variant("box_iou", ("boxes1[:, None, :2], boxes2[None, :, :2]", "boxes1[:, :2], boxes2[:, :2]"),
                                              ("boxes1[:, None, 2:], boxes2[None, :, 2:]", "boxes1[:, 2:], boxes2[:, 2:]"),
                                              ("area1[:, None] + area2[None, :]", "area1 + area2")),
        "min and max swapped": _variant("box_iou", ("top_left = torch.max(", "top_left = torch.min("),
                                        ("bottom_right = torch.min(", "bottom_right = torch.max(")),
        "always float32": _variant("box_iou", ("return intersection / (", "return (intersection / ("),
                                   ("area2[None, :] - intersection)", "area2[None, :] - intersection)).float()")),
    },
    "encode_boxes": {
        "corners instead of centres": _variant("encode_boxes", ("px, py = proposals[:, 0] + 0.5 * pw, proposals[:, 1] + 0.5 * ph",
                                                                "px, py = proposals[:, 0], proposals[:, 1]")),
        "shift divided by the target's size": _variant("encode_boxes", ("(bx - px) / pw, (by - py) / ph", "(bx - px) / bw, (by - py) / bh")),
        "log of the inverse ratio": _variant("encode_boxes", ("torch.log(bw / pw), torch.log(bh / ph)", "torch.log(pw / bw), torch.log(ph / bh)")),
        "the +1 convention": _variant("encode_boxes", ("pw, ph = proposals[:, 2] - proposals[:, 0], proposals[:, 3] - proposals[:, 1]",
                                                       "pw, ph = proposals[:, 2] - proposals[:, 0] + 1, proposals[:, 3] - proposals[:, 1] + 1"),
                                      ("bw, bh = targets[:, 2] - targets[:, 0], targets[:, 3] - targets[:, 1]",
                                       "bw, bh = targets[:, 2] - targets[:, 0] + 1, targets[:, 3] - targets[:, 1] + 1")),
        "sizes not in log space": _variant("encode_boxes", ("torch.log(bw / pw), torch.log(bh / ph)", "bw / pw - 1, bh / ph - 1")),
        "computes in float32": _variant("encode_boxes", ("    pw, ph = proposals", "    proposals, targets = proposals.float(), targets.float()\n    pw, ph = proposals")),
    },
    "decode_boxes": {
        "no exp": _variant("decode_boxes", ("pw * torch.exp(deltas[:, 2]), ph * torch.exp(deltas[:, 3])", "pw * (1 + deltas[:, 2]), ph * (1 + deltas[:, 3])")),
        "returns (x, y, w, h) from the corner": _variant("decode_boxes", ("[bx - 0.5 * bw, by - 0.5 * bh, bx + 0.5 * bw, by + 0.5 * bh]", "[bx, by, bx + bw, by + bh]")),
        "the +1 convention": _variant("decode_boxes", ("pw, ph = proposals[:, 2] - proposals[:, 0], proposals[:, 3] - proposals[:, 1]",
                                                       "pw, ph = proposals[:, 2] - proposals[:, 0] + 1, proposals[:, 3] - proposals[:, 1] + 1")),
        "tw and th swapped": _variant("decode_boxes", ("torch.exp(deltas[:, 2]), ph * torch.exp(deltas[:, 3])", "torch.exp(deltas[:, 3]), ph * torch.exp(deltas[:, 2])")),
        "tw and th clamped as torchvision's default": _variant("decode_boxes", ("torch.exp(deltas[:, 2]), ph * torch.exp(deltas[:, 3])",
                                                                                 "torch.exp(deltas[:, 2].clamp(max=math.log(1000 / 16))), ph * torch.exp(deltas[:, 3].clamp(max=math.log(1000 / 16)))")),
        "computes in float32": _variant("decode_boxes", ("    pw, ph = proposals", "    proposals, deltas = proposals.float(), deltas.float()\n    pw, ph = proposals")),
    },
    "nms": {
        ">= instead of >": _variant("nms", ("ious[i] > iou_threshold", "ious[i] >= iou_threshold")),
        "suppressed boxes suppress too": _variant("nms", ("        if not suppressed[i]:\n            kept.append(i)\n            suppressed |= ious[i] > iou_threshold",
                                                          "        if not suppressed[i]:\n            kept.append(i)\n        suppressed[i + 1:] |= ious[i, i + 1:] > iou_threshold")),
        "kept indices in index order": _variant("nms", ("return order[torch.tensor(kept, dtype=torch.int64, device=boxes.device)]",
                                                        "return order[torch.tensor(kept, dtype=torch.int64, device=boxes.device)].sort().values")),
        "positions in the sorted order": _variant("nms", ("return order[torch.tensor(kept, dtype=torch.int64, device=boxes.device)]",
                                                          "return torch.tensor(kept, dtype=torch.int64, device=boxes.device)")),
        "an empty input gives float32": _variant("nms", ("    order = torch.sort", "    if len(boxes) == 0:\n        return torch.tensor([], device=boxes.device)\n    order = torch.sort")),
        "ascending scores": _variant("nms", ("descending=True", "descending=False")),
    },
    "batched_nms": {
        "classes ignored": _variant("batched_nms", ("indices = torch.nonzero(labels == label).flatten()", "indices = torch.arange(len(boxes), device=boxes.device)")),
        "one-pixel offsets between classes": """
def batched_nms(boxes, scores, labels, iou_threshold):
    return nms(boxes + labels[:, None].to(boxes.dtype), scores, iou_threshold)
""",
        "kept boxes in class order": _variant("batched_nms", ("    kept = torch.zeros(len(boxes), dtype=torch.bool, device=boxes.device)\n", "    result = []\n"),
                                              ("        kept[indices[nms(boxes[indices], scores[indices], iou_threshold)]] = True\n",
                                               "        result.append(indices[nms(boxes[indices], scores[indices], iou_threshold)])\n"),
                                              ("    indices = torch.nonzero(kept).flatten()\n    return indices[torch.sort(scores[indices], descending=True, stable=True).indices]",
                                               "    return torch.cat(result) if result else torch.zeros(0, dtype=torch.int64, device=boxes.device)")),
        "returns the mask": _variant("batched_nms", ("    indices = torch.nonzero(kept).flatten()\n    return indices[torch.sort(scores[indices], descending=True, stable=True).indices]",
                                                     "    return kept")),
        "indices of the class's subset": _variant("batched_nms", ("kept[indices[nms(boxes[indices], scores[indices], iou_threshold)]] = True",
                                                                  "kept[nms(boxes[indices], scores[indices], iou_threshold)] = True")),
        "the last class's boxes only": _variant("batched_nms", ("    indices = torch.nonzero(kept).flatten()\n    return indices[torch.sort(scores[indices], descending=True, stable=True).indices]",
                                                                "    kept = indices[nms(boxes[indices], scores[indices], iou_threshold)]\n    return kept")),
    },
    "match_detections": {
        "> instead of >=": _variant("match_detections", ("if best >= iou_threshold:", "if best > iou_threshold:")),
        "a ground truth matched twice": _variant("match_detections", ("            taken[match] = True\n", "")),
        "detections in the given order": _variant("match_detections", ("for d in torch.sort(scores, descending=True, stable=True).indices.tolist():", "for d in range(len(boxes)):")),
        "the first of equal IoUs": _variant("match_detections", ("positions[candidates == best].max()", "positions[candidates == best].min()")),
        "no fallback to another ground truth": _variant("match_detections", ("candidates = torch.where(taken, torch.full_like(ious[d], -1.0), ious[d])", "candidates = ious[d]"),
                                                        ("        if best >= iou_threshold:", "        if best >= iou_threshold and not taken[candidates.argmax()]:")),
        "ascending scores": _variant("match_detections", ("descending=True", "descending=False")),
        "nan IoUs kept": _variant("match_detections", ("ious = box_iou(boxes, gt_boxes).nan_to_num(0.0)", "ious = box_iou(boxes, gt_boxes)")),
    },
    "average_precision": {
        "no envelope": _variant("average_precision", ("envelope = precision.flip(0).cummax(0).values.flip(0)", "envelope = precision")),
        "detections in the given order": _variant("average_precision", ("tp = is_true_positive[order]", "tp = is_true_positive")),
        "precision over all detections": _variant("average_precision", ("precision = tp_sum / (tp_sum + fp_sum)", "precision = tp_sum / len(tp)")),
        "levels from torch.arange": _variant("average_precision", ("torch.from_numpy(np.linspace(0, 1, recall_points)).to(recall)",
                                                                   "torch.arange(recall_points, dtype=torch.float64, device=recall.device) / (recall_points - 1)")),
        "searchsorted side right": _variant("average_precision", ('side="left"', 'side="right"')),
        "levels never reached take the last precision": _variant("average_precision", ("torch.where(reached, envelope[first.clamp(max=len(recall) - 1)], torch.zeros_like(levels))",
                                                                                       "envelope[first.clamp(max=len(recall) - 1)]")),
        "recall over the true positives found": _variant("average_precision", ("recall = tp_sum / num_ground_truth", "recall = tp_sum / tp.sum().clamp(min=1)")),
    },
    "mean_average_precision": {
        "classes of the detections too": _variant("mean_average_precision", ('torch.cat([truth["labels"] for truth in ground_truths])',
                                                                             'torch.cat([truth["labels"] for truth in ground_truths] + [d["labels"] for d in detections])')),
        "no cap of 100": _variant("mean_average_precision", (".indices[:100]", ".indices")),
        "one AP per image, averaged": """
def mean_average_precision(detections, ground_truths, iou_thresholds=np.linspace(0.5, 0.95, 10), recall_points=101):
    aps = []
    for detected, truth in zip(detections, ground_truths):
        for label in torch.unique(truth["labels"]).tolist():
            mine = detected["labels"] == label
            top = torch.sort(detected["scores"][mine], descending=True, stable=True).indices[:100]
            boxes, scores = detected["boxes"][mine][top], detected["scores"][mine][top]
            gt_boxes = truth["boxes"][truth["labels"] == label]
            for threshold in iou_thresholds:
                aps.append(average_precision(scores, match_detections(boxes, scores, gt_boxes, float(threshold)), len(gt_boxes), recall_points))
    return float(np.mean(aps)) if aps else float("nan")
""",
        "threshold 0.5 only": _variant("mean_average_precision", ("float(threshold))", "0.5)")),
        "AP over all points": _variant("mean_average_precision", ("num_ground_truth, recall_points))", "num_ground_truth))")),
        "ground truth of one class counted from the first image": _variant("mean_average_precision", ("num_ground_truth += len(gt_boxes)", "num_ground_truth = max(num_ground_truth, len(gt_boxes))")),
    },
    "generate_anchors": {
        "size-major order": _variant("generate_anchors", ("widths = (scales[None, :] / height_factors[:, None]).reshape(-1)", "widths = (scales[:, None] / height_factors[None, :]).reshape(-1)"),
                                     ("heights = (scales[None, :] * height_factors[:, None]).reshape(-1)", "heights = (scales[:, None] * height_factors[None, :]).reshape(-1)")),
        "centred on the cells' centres": _variant("generate_anchors", ("ys = torch.arange(feature_shape[0], device=device) * stride", "ys = (torch.arange(feature_shape[0], device=device) + 0.5) * stride"),
                                                  ("xs = torch.arange(feature_shape[1], device=device) * stride", "xs = (torch.arange(feature_shape[1], device=device) + 0.5) * stride")),
        "no rounding": _variant("generate_anchors", ("/ 2).round()", "/ 2)")),
        "ratio as width / height": _variant("generate_anchors", ("widths = (scales[None, :] / height_factors", "widths = (scales[None, :] * height_factors"),
                                            ("heights = (scales[None, :] * height_factors", "heights = (scales[None, :] / height_factors")),
        "positions column-major": _variant("generate_anchors", ('indexing="ij"', 'indexing="xy"')),
        "full sides, not half": _variant("generate_anchors", ("/ 2).round()", ").round()")),
    },
    "match_anchors": {
        "no low-quality matches": _variant("match_anchors", ("    matches[low_quality] = best_gt[low_quality]\n", "")),
        "ignored anchors as negatives": _variant("match_anchors", ("] = -2", "] = -1")),
        "> pos_threshold": _variant("match_anchors", ("(best_iou < pos_threshold)", "(best_iou <= pos_threshold)")),
        "one anchor per ground truth only": _variant("match_anchors", ("low_quality = torch.nonzero(ious == best_for_each_gt)[:, 1]", "low_quality = ious.argmax(dim=1)")),
        "<= neg_threshold": _variant("match_anchors", ("matches[best_iou < neg_threshold] = -1\n    matches[(best_iou >= neg_threshold)",
                                                      "matches[best_iou <= neg_threshold] = -1\n    matches[(best_iou > neg_threshold)")),
        "no ground truth crashes": _variant("match_anchors", ("    if len(gt_boxes) == 0:\n        return torch.full((len(anchors),), -1, dtype=torch.int64, device=anchors.device)\n", "")),
    },
    "roi_pool": {
        "torch.round (half to even)": _variant("roi_pool", ("(torch.sign(scaled) * torch.floor(scaled.abs() + 0.5))", "torch.round(scaled)")),
        "no +1": _variant("roi_pool", ("max(y2 - y1 + 1, 1)", "max(y2 - y1, 1)"), ("max(x2 - x1 + 1, 1)", "max(x2 - x1, 1)")),
        "average pooling": _variant("roi_pool", (".amax(dim=(1, 2))", ".mean(dim=(1, 2))")),
        "bins not clamped to the map": _variant("roi_pool", ("top = min(max(int(torch.floor(rows[p])) + y1, 0), height)", "top = int(torch.floor(rows[p])) + y1"),
                                                ("left = min(max(int(torch.floor(cols[q])) + x1, 0), width)", "left = int(torch.floor(cols[q])) + x1")),
        "spatial_scale ignored": _variant("roi_pool", ("scaled = rois[:, 1:].to(features.dtype) * spatial_scale", "scaled = rois[:, 1:].to(features.dtype)")),
        "truncation instead of rounding": _variant("roi_pool", ("(torch.sign(scaled) * torch.floor(scaled.abs() + 0.5))", "scaled.trunc()")),
        "floor at both ends of a bin": _variant("roi_pool", ("int(torch.ceil(rows[p + 1]))", "int(torch.floor(rows[p + 1]))"), ("int(torch.ceil(cols[q + 1]))", "int(torch.floor(cols[q + 1]))")),
    },
    "roi_align": {
        "aligned ignored": _variant("roi_align", ("offset = 0.5 if aligned else 0.0", "offset = 0.0")),
        "nearest neighbour instead of bilinear": _variant("roi_align", ("    frac = coords - low.to(dtype)\n", "    frac = torch.zeros_like(coords)\n")),
        "adaptive grid rounded down": _variant("roi_align", ("int(torch.ceil(roi_h / out_h))", "int(torch.floor(roi_h / out_h))"), ("int(torch.ceil(roi_w / out_w))", "int(torch.floor(roi_w / out_w))")),
        "points outside the map not zeroed": _variant("roi_align", ("    inside = (coords >= -1.0) & (coords <= length)\n", "    inside = torch.ones_like(coords)\n")),
        "samples at the bins' corners": _variant("roi_align", ("(i + 0.5) * bin_size / grid", "i * bin_size / grid")),
        "size not at least 1 when not aligned": _variant("roi_align", ("            roi_w, roi_h = roi_w.clamp(min=1.0), roi_h.clamp(min=1.0)\n", "            pass\n")),
        "offset before scaling": _variant("roi_align", ("rois[k, 1:].to(features.dtype) * spatial_scale - offset", "(rois[k, 1:].to(features.dtype) - offset) * spatial_scale")),
    },
    "conv_transpose1d": {
        "overlaps overwritten, not summed": """
def conv_transpose1d(x, w, stride=1, padding=0):
    length, kernel = x.shape[-1], w.shape[-1]
    full = (length - 1) * stride + kernel
    out = torch.zeros(x.shape[0], w.shape[1], full, dtype=x.dtype, device=x.device)
    for l in range(length):
        out[..., l * stride: l * stride + kernel] = torch.einsum("nc,cok->nok", x[..., l], w)
    return out[..., padding: full - padding]
""",
        "padding cut from the start only": _variant("conv_transpose1d", ("out[..., padding: full - padding]", "out[..., 2 * padding:]")),
        "kernel flipped": _variant("conv_transpose1d", ('torch.einsum("ncl,cok,klj->noj", x, w, scatter)', 'torch.einsum("ncl,cok,klj->noj", x, w.flip(-1), scatter)')),
        "weights read as (C_out, C_in, K)": _variant("conv_transpose1d", ('"ncl,cok,klj->noj"', '"ncl,ock,klj->noj"')),
        "stride ignored": _variant("conv_transpose1d", ("full = (length - 1) * stride + kernel", "full = length - 1 + kernel"),
                                   ("positions * stride + taps", "positions + taps")),
        "padding not cut": _variant("conv_transpose1d", ("out[..., padding: full - padding]", "out")),
    },
    "RPN": {
        "objectness averaged over every anchor": _variant("RPN", ("image_logits[used], positive[used].to(image_logits.dtype)", "image_logits, positive.to(image_logits.dtype)"),
                                                          ("count += int(used.sum())", "count += len(used)")),
        "box loss divided by the positives": _variant("RPN", ("box_sum / max(count, 1)", "box_sum / max(positives, 1)"),
                                                      ("        count = 0\n", "        count = positives = 0\n"),
                                                      ("            count += int(used.sum())", "            count += int(used.sum())\n            positives += int(positive.sum())")),
        "smooth L1 with beta 1": _variant("RPN", ("beta=1 / 9, reduction=\"sum\")", "beta=1.0, reduction=\"sum\")")),
        "propose without NMS": _variant("RPN", ("keep = nms(boxes, torch.sigmoid(image_logits), iou_threshold)[:num_proposals]",
                                                "keep = torch.sort(image_logits, descending=True, stable=True).indices[:num_proposals]")),
        "proposals not clipped": _variant("RPN", ("            boxes = torch.stack([boxes[:, 0].clamp(0, width), boxes[:, 1].clamp(0, height),\n"
                                                  "                                 boxes[:, 2].clamp(0, width), boxes[:, 3].clamp(0, height)], dim=1)\n", "")),
        "four deltas per position": _variant("RPN", ("nn.Conv2d(in_channels, 4 * num_anchors, 1)", "nn.Conv2d(in_channels, 4, 1)")),
        "targets encoded the wrong way round": _variant("RPN", ("encode_boxes(anchors[positive], boxes[matches[positive]])", "encode_boxes(boxes[matches[positive]], anchors[positive])")),
    },
    "SingleStageDetector": {
        "labels from 0": _variant("SingleStageDetector", ("labels = torch.arange(1, num_classes, device=boxes.device).repeat(num_boxes)",
                                                          "labels = torch.arange(0, num_classes - 1, device=boxes.device).repeat(num_boxes)")),
        "no NMS": _variant("SingleStageDetector", ("keep = batched_nms(boxes, scores, labels, iou_threshold)[:max_detections]",
                                                   "keep = torch.sort(scores, descending=True, stable=True).indices[:max_detections]")),
        "boxes not clipped": _variant("SingleStageDetector", ("    boxes = torch.stack([boxes[:, 0].clamp(0, width), boxes[:, 1].clamp(0, height),\n"
                                                              "                         boxes[:, 2].clamp(0, width), boxes[:, 3].clamp(0, height)], dim=1)\n", "")),
        "class logits (N, C, HWA)": _variant("SingleStageDetector", ("return per_anchor(self.classifier(hidden), self.num_classes), per_anchor",
                                                                     "return per_anchor(self.classifier(hidden), self.num_classes).transpose(1, 2), per_anchor")),
        "box regression detached": _variant("SingleStageDetector", ("predicted.append(image_deltas[positive])", "predicted.append(image_deltas[positive].detach())")),
        "the background a candidate class": _variant("SingleStageDetector", ("scores = probabilities[:, 1:].reshape(-1)", "scores = probabilities[:, :-1].reshape(-1)"),
                                                     ("labels = torch.arange(1, num_classes, device=boxes.device).repeat(num_boxes)",
                                                      "labels = torch.arange(0, num_classes - 1, device=boxes.device).repeat(num_boxes)")),
        "max_detections ignored": _variant("SingleStageDetector", ("[:max_detections]", "")),
    },
    "TwoStageDetector": {
        "the RPN's losses left out": _variant("TwoStageDetector", ('return {"rpn_objectness": rpn_losses[0], "rpn_box_regression": rpn_losses[1],\n                "classification"',
                                                                   'return {"classification"')),
        "one RPN anchor per size": _variant("TwoStageDetector", ("self.rpn = RPN(feature_channels, len(anchor_sizes) * len(aspect_ratios))",
                                                                 "self.rpn = RPN(feature_channels, len(anchor_sizes))")),
        "RPN anchors at stride 1": _variant("TwoStageDetector", ("anchors = generate_anchors(features.shape[-2:], self.stride,", "anchors = generate_anchors(features.shape[-2:], 1,")),
        "box regression detached": _variant("TwoStageDetector", ("F.smooth_l1_loss(deltas[foreground]", "F.smooth_l1_loss(deltas[foreground].detach()")),
        "proposals from every image on image 0": _variant("TwoStageDetector", ("torch.full((len(p), 1), float(i),", "torch.full((len(p), 1), 0.0,")),
    },
}

HIDDEN_ONLY = {
    "box_area": "sides clamped at 0",
    "box_iou": "always float32",
    "encode_boxes": "computes in float32",
    "decode_boxes": "tw and th clamped as torchvision's default",
    "nms": "suppressed boxes suppress too",
    "batched_nms": "kept boxes in class order",
    "match_detections": "the first of equal IoUs",
    "average_precision": "no envelope",
    "mean_average_precision": "classes of the detections too",
    "generate_anchors": "no rounding",
    "match_anchors": "> pos_threshold",
    "roi_pool": "torch.round (half to even)",
    "roi_align": "adaptive grid rounded down",
    "conv_transpose1d": "weights read as (C_out, C_in, K)",
    "RPN": "smooth L1 with beta 1",
    "SingleStageDetector": "labels from 0",
    "TwoStageDetector": "one RPN anchor per size",
}

GPU_BUGS = {
    "nms": _variant("nms", ("return order[torch.tensor(kept, dtype=torch.int64, device=boxes.device)]",
                            "return order.cpu()[torch.tensor(kept, dtype=torch.int64)]")),
    "match_detections": _variant("match_detections", ("is_true_positive = torch.zeros(len(boxes), dtype=torch.bool, device=boxes.device)",
                                                      "is_true_positive = torch.zeros(len(boxes), dtype=torch.bool)"),
                                 ("taken[match] = True", "taken[match] = True\n            is_true_positive = is_true_positive.cpu()")),
}
