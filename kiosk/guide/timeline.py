"""When what is said and shown in a step's chapter: the narration in pieces (the title, then each sentence), the
captions per piece, and each recorded screen from the sentence that speaks of it.

A step shown in two screens (the login page, then the QR to scan) switches when its second sentence begins, so
the narration says "scan the QR" while the QR is on screen. The chapter's midpoint always falls where the finger
rests on its element (a switch right before it waits until after it): what the video test looks at.
"""

from __future__ import annotations

import dataclasses
import re

from kiosk.guide.journey import Step
from kiosk.guide.screencast import ENTER_S, MOVE_S, TAP_S

SENTENCE = re.compile(r"(?<=[.!?…])\s+")
PAUSE_S = 0.35  # between the pieces of a step's narration
PAD_S = 0.6  # after a step's narration
MIN_STEP_S = 5.0  # time for the finger to move, tap and rest even under a short narration
SETTLED_S = ENTER_S + MOVE_S + TAP_S + 0.3  # into a screen, the finger rests on its element from here


def sentences(text: str) -> list[str]:
    """The sentences of a text, in order."""
    return [part for part in SENTENCE.split(text.strip()) if part]


def pieces(step: Step, language: str = "vi") -> list[str]:
    """What is said, in order: the step's title, then each sentence of its text."""
    return [step.title(language), *sentences(step.text(language))]


def cue_texts(step: Step, language: str, count: int) -> list[str]:
    """The caption for each of `count` narration pieces (the Vietnamese ones): the title, then the title with the
    sentence being said. A language whose text has another number of sentences shows its whole text instead."""
    title, said = step.title(language), sentences(step.text(language))
    if len(said) != count - 1:
        said = [step.text(language)] * (count - 1)
    return [title, *(f"{title}\n{sentence}" for sentence in said)]


@dataclasses.dataclass(frozen=True)
class StepTiming:
    """The lengths of a step's narration pieces (each with the pause after it) in the chapter."""

    lengths: tuple[float, ...]

    @classmethod
    def from_speech(cls, spoken: list[float]) -> StepTiming:
        """From how long each piece is spoken: pauses between, padding at the end, at least MIN_STEP_S."""
        lengths = [seconds + PAUSE_S for seconds in spoken]
        lengths[-1] += PAD_S - PAUSE_S
        lengths[-1] += max(0.0, MIN_STEP_S - sum(lengths))
        return cls(tuple(lengths))

    @property
    def seconds(self) -> float:
        """The chapter's length."""
        return sum(self.lengths)

    def starts(self) -> list[float]:
        """When each piece begins, from the chapter's start."""
        found, at = [], 0.0
        for length in self.lengths:
            found.append(at)
            at += length
        return found

    def shot_lengths(self, count: int) -> list[float]:
        """How long each of `count` screens is shown: the first with the title and first sentence, each next one
        from the next sentence on (more screens than sentences share the last one's time)."""
        later = self.starts()[2:]  # when the second sentence on begins
        starts = [0.0, *later[:count - 1]]
        if len(starts) < count:  # more screens than sentences: they share the last one's time
            last, share = starts[-1], (self.seconds - starts[-1]) / (count - len(starts) + 1)
            starts += [last + share * number for number in range(1, count - len(starts) + 1)]
        middle = self.seconds / 2
        for index in range(1, count):  # the finger must rest at the midpoint: a switch just before it moves
            if starts[index] <= middle < starts[index] + SETTLED_S:
                after, before = middle + 0.05, middle - SETTLED_S - 0.05
                starts[index] = after if middle - starts[index - 1] >= SETTLED_S else before
        ends = [*starts[1:], self.seconds]
        return [end - start for start, end in zip(starts, ends, strict=True)]
