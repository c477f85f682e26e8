"""The missions of the sample register and who took part in each: the chamber organises, members
come (preferring those whose interests point to the mission's country), enterprises are visited,
foreign partners meet them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sample_data.context import Part
from sample_data.missions import MISSION_PLANS
from sample_data.records import Company, Mission, Participation
from sample_data.reference import (
    EXHIBITION_OUTCOMES,
    FOREIGN_OUTCOMES,
    ORGANISER_OUTCOMES,
    PARTICIPANT_OUTCOMES,
    VISITED_OUTCOMES,
    is_manufacturing,
)


class Participants(Part):
    """Adds the missions and their participations to the register."""

    def add_missions(self) -> None:
        for plan in sorted(MISSION_PLANS, key=lambda p: (p.starts, p.key)):
            mission = Mission(len(self.reg.missions) + 1, plan)
            self.reg.missions.append(mission)
            self.ctx.missions[plan.key] = mission

    def members_on(self, day: date, exclude: Iterable[Company] = ()) -> list[Company]:
        skip = {c.ref for c in exclude} | {c.ref for c in self.ctx.story.values()}
        return [c for c in self.reg.companies if c.member_on(day) and c.ref not in skip]

    def foreign(self, country: str) -> list[Company]:
        skip = {c.ref for c in self.ctx.story.values()}
        return [c for c in self.reg.companies if c.country == country and c.ref not in skip]

    def outcome(self, templates: Sequence[str]) -> str:
        text = self.rng.choice(templates)
        # n from 5 keeps the genitive plural right: "5 контактов", "7 встреч"; k: "3 запроса".
        return text.format(n=self.rng.randint(5, 11), k=self.rng.randint(2, 4))

    def participate(self, mission: Mission, company: Company, role: str,
                    outcome: str = "") -> Participation:
        p = Participation(mission, company, role, outcome)
        self.reg.participations.append(p)
        return p

    def add_participations(self) -> None:
        for mission in self.reg.missions:
            if not mission.plan.scripted:
                self.staff_mission(mission)

    def staff_mission(self, mission: Mission) -> None:
        """Random but plausible participants of an ordinary mission (5-25 companies)."""
        plan = mission.plan
        tpp = self.ctx.story["tpp"]
        self.participate(mission, tpp, "organiser", ORGANISER_OUTCOMES[plan.kind])
        local_count = self.rng.randint(5, 14)
        foreign = self.foreign(plan.country) if plan.country else []
        foreign_count = min(len(foreign), self.rng.randint(2, 7)) if foreign else 0
        members = self.mission_members(mission, local_count)
        visited: list[Company] = []
        if plan.kind == "incoming":
            hosts = self.rng.randint(2, 3)
            chosen = {c.ref for c in members}
            visited = [c for c in self.mission_members(mission, hosts + 3, producers=True)
                       if c.ref not in chosen][:hosts]
        for company in visited:
            self.participate(mission, company, "visited", self.outcome(VISITED_OUTCOMES))
        for company in members:
            if mission.future:
                outcome = self.rng.choice(("заявка подана", "участие подтверждено"))
            elif plan.kind == "exhibition":
                outcome = self.outcome(EXHIBITION_OUTCOMES)
            else:
                outcome = self.outcome(PARTICIPANT_OUTCOMES) if self.draw.chance(0.8) else ""
            self.participate(mission, company, "participant", outcome)
        role = "visited" if plan.kind == "outgoing" else "participant"
        for company in self.rng.sample(foreign, foreign_count):
            outcome = "заявка подана" if mission.future else self.outcome(FOREIGN_OUTCOMES)
            self.participate(mission, company, role if self.draw.chance(0.5) else "participant", outcome)

    def mission_members(self, mission: Mission, count: int,
                        producers: bool = False) -> list[Company]:
        """Members for a mission, preferring those whose interests point to its country;
        `producers` keeps only manufacturers (enterprises a delegation can visit)."""
        pool = self.members_on(mission.plan.starts)
        if producers:
            pool = [c for c in pool if is_manufacturing(c.industry)]
        country = mission.plan.country
        keen = {i.company.ref for i in self.reg.interests if country and i.partner_geo == country}
        weights = [4 if c.ref in keen else 1 for c in pool]
        chosen: dict[int, Company] = {}
        while len(chosen) < min(count, len(pool)):
            company = self.rng.choices(pool, weights)[0]
            chosen[company.ref] = company
        return list(chosen.values())

    def extra_members(self, mission: Mission, count: int, role: str,
                      outcomes: Sequence[str]) -> None:
        for company in self.mission_members(mission, count, producers=role == "visited"):
            self.participate(mission, company, role, self.outcome(outcomes))
