"""Captions: the shape scenes described in words by a small grammar, and word vocabularies for captioning.

A caption names the scene's shapes, grouped by colour and kind and ordered from the largest:

    caption      := group | group relation group | group relation group ("and" group)+
    group        := "a" [size] colour kind | count colour kinds
    relation     := "left of" | "right of" | "above" | "below"

so "a large red circle", "two blue squares", "a red circle above a small blue square and a green
cross". The relation compares the centres of the first two groups (horizontally when they lie further
apart in x than in y). Every word comes from :data:`CAPTION_WORDS`.
"""
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import torch
from torch.utils.data import Dataset

from .shapes import COLOURS, SHAPE_CLASSES, Shape, make_scenes

__all__ = ["CAPTION_WORDS", "describe_scene", "tokenize", "Vocabulary", "ShapeCaptionsDataset"]

COUNT_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
PLURALS = {"circle": "circles", "square": "squares", "triangle": "triangles", "cross": "crosses"}
SIZE_WORDS = {"small": 0.25, "large": 0.32}  # half-extent below 0.25, or above 0.32, of the image side
CAPTION_WORDS = ("a", *COUNT_WORDS, *SIZE_WORDS, *COLOURS, *SHAPE_CLASSES, *PLURALS.values(),
                 "left", "right", "of", "above", "below", "and")


def describe_scene(shapes: Sequence[Shape], image_size: int) -> str:
    """The caption of a scene of ``shapes`` in a square image of side ``image_size`` (see the module's grammar).

    Deterministic: the same shapes always give the same caption. Shapes of one colour and kind form
    a group ("two red circles"); groups come largest first (by their largest shape); a lone shape
    is "small" or "large" when its half-extent is under 0.25 or over 0.32 of the image side.
    """
    groups: dict[tuple[str, str], list[Shape]] = {}
    for shape in sorted(shapes, key=lambda s: -s.size):
        groups.setdefault((shape.colour, shape.kind), []).append(shape)
    if not groups:
        raise ValueError("a scene needs at least one shape to be described")
    phrases = [group_phrase(group, image_size) for group in groups.values()]
    if len(phrases) == 1:
        return phrases[0]
    first, second, *_ = groups.values()
    return " ".join([phrases[0], relation(first, second), " and ".join(phrases[1:])])


def group_phrase(group: list[Shape], image_size: int) -> str:
    """"a small red circle", "a blue square" or "two green crosses"."""
    colour, kind = group[0].colour, group[0].kind
    if len(group) > 1:
        if len(group) - 2 >= len(COUNT_WORDS):
            raise ValueError(f"{len(group)} {colour} {PLURALS[kind]}: captions count up to {len(COUNT_WORDS) + 1}")
        return f"{COUNT_WORDS[len(group) - 2]} {colour} {PLURALS[kind]}"
    relative_size = group[0].size / image_size
    size = ("small " if relative_size < SIZE_WORDS["small"] else
            "large " if relative_size > SIZE_WORDS["large"] else "")
    return f"a {size}{colour} {kind}"


def relation(group: list[Shape], other: list[Shape]) -> str:
    """Where ``group`` lies relative to ``other``, from their mean centres (image y grows downwards)."""
    (x, y), (other_x, other_y) = (mean_centre(group), mean_centre(other))
    if abs(x - other_x) >= abs(y - other_y):
        return "left of" if x < other_x else "right of"
    return "above" if y < other_y else "below"


def mean_centre(group: list[Shape]) -> tuple[float, float]:
    return (sum(s.centre[0] for s in group) / len(group), sum(s.centre[1] for s in group) / len(group))


def tokenize(caption: str) -> list[str]:
    """Lower-case words (letters, digits, apostrophes): "A dog's ball." → ["a", "dog's", "ball"]."""
    return re.findall(r"[\w']+", caption.lower())


class Vocabulary:
    """Words ↔ indices for captioning, with the special tokens first, as CS231n's ``word_to_idx``:

    ``<NULL>`` = 0 (padding after the end), ``<START>`` = 1, ``<END>`` = 2, ``<UNK>`` = 3 (any word not
    in the vocabulary), then ``words`` in the order given. ``word_to_idx`` maps words to indices and
    ``idx_to_word`` is the list of words by index.
    """

    NULL, START, END, UNK = "<NULL>", "<START>", "<END>", "<UNK>"
    SPECIAL_TOKENS = (NULL, START, END, UNK)

    def __init__(self, words: Iterable[str]):
        self.idx_to_word = [*self.SPECIAL_TOKENS, *words]
        self.word_to_idx = {word: index for index, word in enumerate(self.idx_to_word)}
        if len(self.word_to_idx) != len(self.idx_to_word):
            repeated = [w for w, n in Counter(self.idx_to_word).items() if n > 1]
            raise ValueError(f"a vocabulary lists each word once; repeated: {repeated}")

    @classmethod
    def from_captions(cls, captions: Iterable[str], min_count: int = 1) -> "Vocabulary":
        """The words that occur at least ``min_count`` times in ``captions`` (:func:`tokenize`d), most frequent
        first (ties alphabetically), so the same captions always give the same indices."""
        counts = Counter(word for caption in captions for word in tokenize(caption))
        return cls(sorted((w for w, n in counts.items() if n >= min_count), key=lambda w: (-counts[w], w)))

    def __len__(self) -> int:
        return len(self.idx_to_word)

    def encode(self, caption: str, max_length: int | None = None) -> torch.Tensor:
        """int64 (T,) indices: ``<START>``, the caption's words (``<UNK>`` for unknown ones), ``<END>``,
        then ``<NULL>`` up to ``max_length`` (T = max_length; without it, the words + 2)."""
        unk = self.word_to_idx[self.UNK]
        ids = [self.word_to_idx[self.START], *(self.word_to_idx.get(w, unk) for w in tokenize(caption)),
               self.word_to_idx[self.END]]
        max_length = len(ids) if max_length is None else max_length
        if len(ids) > max_length:
            raise ValueError(f"{caption!r} needs {len(ids)} tokens with <START> and <END>, "
                             f"more than max_length={max_length}")
        return torch.tensor(ids + [self.word_to_idx[self.NULL]] * (max_length - len(ids)), dtype=torch.int64)

    def encode_batch(self, captions: Sequence[str], max_length: int | None = None) -> torch.Tensor:
        """int64 (N, T) rows of :meth:`encode`; T = ``max_length``, without it the longest caption's length."""
        if max_length is None:
            max_length = max((len(tokenize(c)) + 2 for c in captions), default=2)
        rows = [self.encode(c, max_length) for c in captions]
        return torch.stack(rows) if rows else torch.zeros((0, max_length), dtype=torch.int64)

    def decode(self, ids: torch.Tensor | Sequence[int]) -> str:
        """The words of a (T,) sequence of indices up to its first ``<END>``, without ``<NULL>`` and ``<START>``."""
        ids = torch.as_tensor(ids)
        if ids.ndim != 1:
            raise ValueError(f"decode takes one sequence of shape (T,), got shape {tuple(ids.shape)}: "
                             "use decode_batch for (N, T)")
        words = []
        for index in ids.tolist():
            word = self.idx_to_word[index]
            if word == self.END:
                break
            if word not in (self.NULL, self.START):
                words.append(word)
        return " ".join(words)

    def decode_batch(self, ids: torch.Tensor) -> list[str]:
        """:meth:`decode` of each row of an (N, T) tensor of indices (a CaptioningRNN's ``sample`` output)."""
        if ids.ndim != 2:
            raise ValueError(f"decode_batch takes (N, T) indices, got shape {tuple(ids.shape)}")
        return [self.decode(row) for row in ids]


class ShapeCaptionsDataset(Dataset):
    """Scenes with their captions, for image captioning.

    A sample is ``(image, caption_ids)``: a float32 (3, image_size, image_size) tensor in [0, 1] and
    the int64 (max_length,) indices of its caption in ``vocab`` (``<START>`` … ``<END>``, then
    ``<NULL>``: CS231n's layout). ``captions`` holds the N captions as strings, ``caption_ids`` all
    the indices (N, max_length), ``vocab`` the :class:`Vocabulary` of :data:`CAPTION_WORDS`, and
    ``scenes`` the rendered scenes (``make_scenes(num_images, image_size, shapes_per_image,
    size_range, seed)``). The default max_length of 17 fits every caption of up to three groups.
    """

    def __init__(self, num_images: int, image_size: int = 64, shapes_per_image: tuple[int, int] = (1, 3),
                 seed: int = 0, max_length: int = 17, size_range: tuple[float, float] | None = None):
        self.scenes = make_scenes(num_images, image_size, shapes_per_image, size_range, seed)
        self.vocab = Vocabulary(CAPTION_WORDS)
        self.captions = [describe_scene(shapes, image_size) for shapes in self.scenes.shapes]
        self.caption_ids = self.vocab.encode_batch(self.captions, max_length)

    def __len__(self) -> int:
        return len(self.captions)

    def __getitem__(self, index: int):
        return self.scenes.images[index], self.caption_ids[index]
