"""Meetings of the ordinary missions and in the chamber: a buyer and a seller matched on a product,
the interest the meeting opens, and the agreement some of them sign."""

from __future__ import annotations

from datetime import date, timedelta

from sample_data.context import Context, Part
from sample_data.interests import Interests
from sample_data.participants import Participants
from sample_data.records import TODAY, Agreement, Company, Meeting, Mission
from sample_data.reference import MEETING_OUTCOMES, MISSION_SOURCE, deals_in_goods


class Meetings(Part):
    """Adds meetings, their interests and agreements to the register."""

    def __init__(self, ctx: Context, participants: Participants, interests: Interests) -> None:
        super().__init__(ctx)
        self.participants = participants
        self.interests = interests

    def add_mission_meetings(self) -> None:
        for mission in self.reg.missions:
            if mission.plan.scripted or mission.future or self.draw.chance(0.3):
                continue
            parties = [p.company for p in self.reg.participations
                       if p.mission is mission and p.role != "organiser"]
            for _ in range(self.rng.randint(2, 5)):
                self.mission_meeting(mission, parties)
        for _ in range(12):  # meetings in the chamber, outside any mission
            pool = self.participants.members_on(date(2024, 1, 1))
            self.meeting_between(None, self.rng.sample(pool, 12),
                                 self.draw.day_between(date(2024, 2, 1), date(2026, 11, 10)))

    def mission_meeting(self, mission: Mission, parties: list[Company]) -> None:
        held = self.draw.workday_between(mission.plan.starts, mission.plan.ends)
        self.meeting_between(mission, parties, held)

    def meeting_between(self, mission: Mission | None, pool: list[Company], held: date) -> None:
        """A meeting of a buyer and a seller from `pool`, matched on a product when possible."""
        pairs = [(b, s, subject) for b in pool for s in pool
                 if b is not s and (b.is_member or s.is_member)  # the chamber's own members
                 for subject in sorted(set(b.industry.buys) & set(s.industry.sells))]
        if pairs:
            buyer, seller, subject = self.rng.choice(pairs)
        elif sum(c.is_member for c in pool) >= 1 and len(pool) >= 2:
            buyer = self.rng.choice([c for c in pool if c.is_member])
            seller = self.rng.choice([c for c in pool if c is not buyer])
            subject = seller.industry.sells[0] if seller.industry.sells else "сотрудничество"
        else:
            return
        goods = deals_in_goods(seller.industry)
        if not pairs:
            title = f"Презентация {'продукции' if goods else 'услуг'}: {subject}"
        else:
            title = f"{'Поставки' if goods else 'Услуги'}: {subject}"
        outcomes = MEETING_OUTCOMES if goods else MEETING_OUTCOMES[1:5]
        meeting = Meeting(mission, held, [buyer, seller], title, self.rng.choice(outcomes))
        self.reg.meetings.append(meeting)
        if pairs and buyer.is_member and self.draw.chance(0.6):
            self.meeting_interest(buyer, subject, seller, mission, held)
        if self.draw.chance(0.3):
            self.agreement_from(meeting, subject, goods)

    def meeting_interest(self, buyer: Company, subject: str, seller: Company,
                         mission: Mission | None, held: date) -> None:
        age = (TODAY - held).days
        status = "in_work" if age < 300 else self.rng.choice(("done", "dropped", "in_work"))
        source = MISSION_SOURCE[mission.plan.kind] if mission else "встреча в палате"
        geo = seller.country if seller.country != "Россия" else ""
        self.interests.add_interest(buyer, "buys", subject, held, geo=geo, status=status, mission=mission,
                                    source=source, notes=f"Переговоры с «{seller.short_name}».")

    def agreement_from(self, meeting: Meeting, subject: str, goods: bool) -> None:
        kind = self.rng.choices(("supply", "nda", "cooperation", "memorandum"),
                                (40 if goods else 0, 15, 30, 15))[0]
        signed = meeting.held_on + timedelta(days=self.rng.choice((0, 0, 7, 21, 45)))
        if signed > TODAY:
            signed = meeting.held_on
        if signed < date(2025, 1, 1):
            status = self.rng.choices(("completed", "in_force", "terminated"), (45, 45, 10))[0]
        else:
            status = self.rng.choices(("signed", "in_force", "draft"), (45, 40, 15))[0]
        if kind in ("nda", "memorandum") and status == "completed":
            status = "in_force"
        heads = {"supply": "Поставка", "nda": "Конфиденциальность переговоров",
                 "cooperation": "Сотрудничество", "memorandum": "Намерения о сотрудничестве"}
        self.reg.agreements.append(Agreement(kind, f"{heads[kind]}: {subject}", signed,
                                             meeting.mission, list(meeting.parties), status))
