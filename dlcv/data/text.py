"""An offline text corpus for character language models, its characters as indices, and training windows.

The corpus is generated, never downloaded: paragraphs of sentences about the people, animals,
things and places of a village, written by a small grammar with NumPy's seeded PCG64 generator and
nothing else (no floats, no hashing, no platform-dependent calls), so the same seed gives the same
text, byte for byte, on every platform and Python version; the test suite pins its hash. It has
what a character model learns first: words, capitals at the start of sentences, punctuation,
dialogue in quotes and paragraphs. (No installed package ships a few hundred kilobytes of English
prose: scikit-learn's dataset descriptions, for one, are 50 kB of technical text.)
"""
import functools
import re

import numpy as np
import torch
from torch.utils.data import Dataset

__all__ = ["load_text_corpus", "CharVocabulary", "CharSequenceDataset"]

VERBS = [("saw", "see"), ("found", "find"), ("carried", "carry"), ("painted", "paint"), ("followed", "follow"),
         ("opened", "open"), ("lost", "lose"), ("built", "build"), ("watched", "watch"), ("called", "call"),
         ("pushed", "push"), ("mended", "mend"), ("remembered", "remember"), ("counted", "count")]
# Each rule is one of a symbol's expansions, picked uniformly; {symbol} expands a symbol, {^symbol}
# expands it with a capital first letter.
GRAMMAR = {
    "paragraph": ["{sentence} {sentence} {sentence}", "{sentence} {sentence} {sentence} {sentence}",
                  "{sentence} {sentence} {sentence} {sentence} {sentence}", "{sentence} {sentence} {quote}",
                  "{quote} {sentence} {sentence} {sentence}"],
    "sentence": ["{^np} {vp}.", "{^np} {vp}.", "{^np} {vp}, and {np} {vp}.", "{^np} {vp}, but {np} {vp}.",
                 "{when} {np} {vp}, {np} {vp}.", "{^pp}, {np} {vp}.", "{name} {past} {np} {pp}.",
                 "Did {np} {base} {np}?", "Nobody knew why {np} {vp}.", "{^np} {vp} {adverb}."],
    "quote": ["\"{exclamation}!\" said {name}. \"{^np} {vp}.\"", "\"{^np} {vp},\" said {name}.",
              "\"Did you {base} {np}?\" asked {name}.", "\"{exclamation}, {name}!\" said {np}."],
    "np": ["the {noun}", "the {noun}", "the {adjective} {noun}", "a {adjective} {noun}", "a {noun}", "{name}",
           "the {noun} of the {noun}"],
    "vp": ["{past} {np}", "{past} {np} {pp}", "{intransitive} {pp}", "{intransitive}", "was {adjective}",
           "was {pp}"],
    "pp": ["{preposition} the {noun}", "{preposition} the {adjective} {noun}", "{preposition} {name}"],
    "past": [past for past, _ in VERBS],
    "base": [base for _, base in VERBS],
    "intransitive": ["slept", "waited", "laughed", "sang", "walked", "ran", "rested", "listened", "smiled",
                     "danced", "stood", "wandered"],
    "noun": ["fox", "crow", "river", "hill", "baker", "lamp", "garden", "boat", "king", "child", "dog", "cat",
             "bird", "tree", "stone", "door", "window", "road", "market", "teacher", "painter", "letter", "map",
             "cup", "bell", "owl", "bridge", "mill", "forest", "island", "queen", "fisher", "kettle", "apple"],
    "adjective": ["old", "young", "quiet", "bright", "small", "tall", "red", "blue", "green", "golden", "tired",
                  "clever", "happy", "strange", "heavy", "empty", "orange", "ancient", "icy", "wooden"],
    "name": ["Ada", "Ben", "Clara", "Omar", "Mina", "Leo", "Yuki", "Sam", "Ines", "Tariq"],
    "preposition": ["near", "behind", "under", "above", "beside", "across", "inside", "beyond", "towards"],
    "adverb": ["slowly", "quickly", "quietly", "again", "at last", "all day", "in the morning", "that night"],
    "when": ["When", "After", "Before", "While", "Because"],
    "exclamation": ["Look", "Come here", "Wait", "Listen", "Hurry", "Oh", "Good morning"],
}


@functools.cache  # the text is an immutable str: every call shares one copy
def load_text_corpus(num_paragraphs: int = 1600, seed: int = 0) -> str:
    """``num_paragraphs`` generated paragraphs (about 300 000 characters by default) separated by blank lines.

    English-like text from the module's grammar, ASCII only, deterministic under ``seed``.
    """
    rng = np.random.default_rng(seed)

    def expand(symbol: str) -> str:
        rules = GRAMMAR[symbol]
        return re.sub(r"\{(\^?)(\w+)\}", expand_placeholder, rules[rng.integers(len(rules))])

    def expand_placeholder(match: re.Match) -> str:
        words = expand(match.group(2))
        return words[0].upper() + words[1:] if match.group(1) else words

    text = "\n\n".join(expand("paragraph") for _ in range(num_paragraphs)) + "\n"
    return re.sub(r"\b([Aa]) (?=[aeiou])", r"\1n ", text)  # "a old fox" → "an old fox"


class CharVocabulary:
    """Characters ↔ indices for a character-level model: ``chars``, the distinct characters of ``text``
    sorted (index i is ``chars[i]``), and ``char_to_idx``, the reverse mapping."""

    def __init__(self, text: str):
        self.chars = sorted(set(text))
        self.char_to_idx = {char: index for index, char in enumerate(self.chars)}

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> torch.Tensor:
        """int64 (len(text),) indices of the characters of ``text``."""
        unknown = set(text) - self.char_to_idx.keys()
        if unknown:
            raise ValueError(f"characters not in the vocabulary: {sorted(unknown)}")
        return torch.tensor([self.char_to_idx[char] for char in text], dtype=torch.int64)

    def decode(self, ids: torch.Tensor) -> str:
        """The text of a 1-D tensor (or list) of indices."""
        return "".join(self.chars[index] for index in torch.as_tensor(ids).reshape(-1).tolist())


class CharSequenceDataset(Dataset):
    """Consecutive, non-overlapping windows of ``text_ids`` (a 1-D int64 tensor) for next-character prediction.

    Sample i is ``(input, target)``, two int64 (seq_len,) tensors: ``text_ids[i * seq_len : (i + 1) *
    seq_len]`` and the same window one character later, so ``target[t]`` is the character after
    ``input[t]``. There are ``(len(text_ids) - 1) // seq_len`` samples; the last few characters may
    be left out.
    """

    def __init__(self, text_ids: torch.Tensor, seq_len: int):
        if text_ids.ndim != 1 or text_ids.dtype != torch.int64:
            raise ValueError(f"text_ids must be a 1-D int64 tensor, got {text_ids.dtype} "
                             f"of shape {tuple(text_ids.shape)}")
        if not 1 <= seq_len < len(text_ids):
            raise ValueError(f"seq_len must be between 1 and len(text_ids) - 1 = {len(text_ids) - 1}, got {seq_len}")
        self.text_ids = text_ids
        self.seq_len = seq_len

    def __len__(self) -> int:
        return (len(self.text_ids) - 1) // self.seq_len

    def __getitem__(self, index: int):
        if not 0 <= index < len(self):
            raise IndexError(f"index {index} out of range for {len(self)} windows")
        start = index * self.seq_len
        return self.text_ids[start:start + self.seq_len], self.text_ids[start + 1:start + self.seq_len + 1]
