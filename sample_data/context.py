"""What the parts of the sample builder share: the random source, the register as built so far,
and the companies of the December 2025 story and the missions by key (the random parts leave the
story's companies alone; the story refers to the missions by key)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sample_data.draw import Draw
from sample_data.records import Company, Mission, Register


@dataclass
class Context:
    draw: Draw
    reg: Register = field(default_factory=Register)
    story: dict[str, Company] = field(default_factory=dict)
    missions: dict[str, Mission] = field(default_factory=dict)


class Part:
    """A part of the builder: it draws from the shared random source and adds to the register."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.draw = ctx.draw
        self.rng = ctx.draw.rng
        self.reg = ctx.reg
