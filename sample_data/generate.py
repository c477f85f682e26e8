"""Deterministic generator of the Palata demo register: tui/sample/palata_sample.xlsx.

    python sample_data/generate.py [OUT.xlsx] [--seed N]

The workbook follows `importers.layout` (one sheet per `SHEETS`, Russian headers, vocabulary labels
from `models.vocab`). It holds 1,300+ member companies of the Vladimir region with contacts,
interests, missions, meetings, agreements and a timeline, plus Belarusian and other foreign partners,
and the December 2025 visit of the Minsk branch of BelCCI told as data (`story_december`).
The tables it draws from live in `sample_data/reference.py` (industries, towns, names, phrases) and
`sample_data/missions.py` (the missions of 2019-2026).

`RegisterBuilder` puts the parts together, each in its module by what it builds: `identifiers`,
`names` and `companies`; `contacts`; `interests`; `participants` (the missions and who took part),
`meetings` (and agreements), `timeline` (activities and follow-ups); the story's `story_cast`,
`story_december` and `story_after`; `duplicates`. They share a `Context` (`context`): the one
random source (`draw`) and the register built so far (`records`). `workbook` writes the file.

Everything comes from one seed (random.Random and Faker('ru_RU')), and the file itself is stable:
fixed document properties and fixed zip timestamps, so two runs give the same bytes.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

# The same bytes whether or not lxml is installed (python-docx brings it): set before anything
# imports openpyxl (see `workbook`).
os.environ["OPENPYXL_LXML"] = "False"

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sample_data.companies import Companies  # noqa: E402
from sample_data.contacts import Contacts  # noqa: E402
from sample_data.context import Context  # noqa: E402
from sample_data.draw import SEED, Draw  # noqa: E402
from sample_data.duplicates import Duplicates  # noqa: E402
from sample_data.identifiers import Identifiers  # noqa: E402
from sample_data.interests import Interests  # noqa: E402
from sample_data.meetings import Meetings  # noqa: E402
from sample_data.names import Names  # noqa: E402
from sample_data.participants import Participants  # noqa: E402
from sample_data.records import Agreement, Interest, Meeting, Register  # noqa: E402
from sample_data.story_after import After  # noqa: E402
from sample_data.story_cast import StoryCast  # noqa: E402
from sample_data.story_december import December  # noqa: E402
from sample_data.timeline import Timeline  # noqa: E402
from sample_data.workbook import workbook_bytes  # noqa: E402

# package data of tui/ (tui/sample): an installed Palata carries it for `palata demo`
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "tui" / "sample" / "palata_sample.xlsx"
MEMBER_COUNT = 1330  # generated members, besides the members of the December 2025 story
ROLE_ORDER = {"organiser": 0, "host": 1, "participant": 2, "visited": 3}


class RegisterBuilder:
    """Builds the whole register from one seed; call `build()` once."""

    def __init__(self, seed: int = SEED) -> None:
        self.ctx = ctx = Context(Draw(seed))
        self.reg = ctx.reg
        self.companies = Companies(ctx, Names(ctx), Identifiers(ctx))
        self.contacts = Contacts(ctx)
        self.interests = Interests(ctx)
        self.participants = Participants(ctx)
        self.meetings = Meetings(ctx, self.participants, self.interests)
        self.timeline = Timeline(ctx)
        self.cast = StoryCast(ctx, self.companies, self.contacts, self.participants)
        self.december = December(ctx, self.participants, self.interests, self.timeline,
                                 After(ctx, self.participants, self.timeline))
        self.duplicates = Duplicates(ctx)

    def build(self, member_count: int = MEMBER_COUNT) -> Register:
        """The parts in an order that must stay: each draws from the one random source."""
        self.cast.add_story_companies()
        self.companies.add_members(member_count)
        self.companies.add_foreign_partners()
        self.companies.number_members()
        self.cast.add_story_contacts()
        story = {c.ref for c in self.ctx.story.values()}
        for company in self.reg.companies:
            if company.ref not in story:
                self.contacts.add_contacts(company)
        self.participants.add_missions()
        self.interests.add_general_interests()
        self.participants.add_participations()
        self.december.add_december_story()
        self.meetings.add_mission_meetings()
        self.timeline.add_timeline()
        # Added last, drawing on their own random numbers: everything above stays as it was.
        self.cast.add_consulate()
        self.duplicates.add_duplicate_pairs()
        self.finish()
        return self.reg

    def finish(self) -> None:
        """Sort the sheets for reading and number the rows that have a "№"."""
        reg = self.reg
        reg.interests.sort(key=lambda i: (i.company.ref, i.opened_on))
        reg.participations.sort(key=lambda p: (p.mission.ref, ROLE_ORDER[p.role], p.company.ref))
        reg.meetings.sort(key=lambda m: (m.held_on, m.parties[0].ref, m.parties[1].ref))
        reg.agreements.sort(key=lambda a: (a.signed_on, a.parties[0].ref))
        reg.activities.sort(key=lambda a: (a.company.ref, a.happened_on))
        numbered: tuple[Sequence[Interest | Meeting | Agreement], ...] = (reg.interests, reg.meetings,
                                                                         reg.agreements)
        for records in numbered:
            for number, record in enumerate(records, start=1):
                record.ref = number


def generate(out: Path = DEFAULT_OUT, seed: int = SEED) -> Register:
    register = RegisterBuilder(seed).build()
    out.write_bytes(workbook_bytes(register))
    return register


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the Palata demo register workbook.")
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT,
                        help=f"output .xlsx (default: {DEFAULT_OUT.relative_to(ROOT)})")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed (default: %(default)s)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    register = generate(args.out, args.seed)
    members = sum(1 for c in register.companies if c.is_member)
    print(f"{args.out}: {len(register.companies)} companies ({members} members), "
          f"{len(register.contacts)} contacts, {len(register.interests)} interests, "
          f"{len(register.missions)} missions, {len(register.participations)} participations, "
          f"{len(register.meetings)} meetings, {len(register.agreements)} agreements, "
          f"{len(register.activities)} activities; {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
