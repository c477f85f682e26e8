"""The timeline of the sample companies: invitations, calls after a mission, samples and letters
for an interest in work, dues reminders, notes, and the open follow-ups due December 2026 -
January 2027. Each entry has its author, one of the chamber's staff logins."""

from __future__ import annotations

from datetime import date, timedelta

from sample_data.context import Part
from sample_data.records import TODAY, Activity, Company, Interest, Mission, Participation
from sample_data.reference import ACTIVITY_NOTES

# Staff logins (the SSH user names the change log records): foreign trade, member relations,
# chamber services, accounts.
FOREIGN_TRADE = ("ivanova", "petrov")
MEMBER_RELATIONS = ("smirnova", "orlov")
SERVICES = ("kuznetsov", "orlov", "smirnova")
ACCOUNTS = "sokolova"


class Timeline(Part):
    """Adds activities (and follow-ups: activities with a due date) to the register."""

    def activity(self, company: Company, kind: str, day: date, text: str, *,
                 author: str | None = None, mission: Mission | None = None,
                 due: date | None = None, done: bool = False) -> Activity:
        author = author or self.rng.choice(FOREIGN_TRADE + MEMBER_RELATIONS)
        entry = Activity(company, kind, day, text, author, mission, due, done)
        self.reg.activities.append(entry)
        return entry

    def add_timeline(self) -> None:
        story = {c.ref for c in self.ctx.story.values()}
        for p in self.reg.participations:
            if p.mission.plan.scripted or p.company.ref in story or p.role == "organiser":
                continue
            self.participation_activities(p)
        for interest in self.reg.interests:
            if interest.company.ref not in story and interest.status == "in_work":
                self.interest_activity(interest)
        for company in self.reg.companies:
            if company.is_member and company.ref not in story:
                self.membership_activities(company)

    def participation_activities(self, p: Participation) -> None:
        plan = p.mission.plan
        if self.draw.chance(0.35):
            invited = plan.starts - timedelta(days=self.rng.randint(14, 40))
            self.activity(p.company, "letter", invited, f"Приглашение: «{plan.title}».",
                          author=self.rng.choice(FOREIGN_TRADE), mission=p.mission)
        if p.mission.future:
            due = plan.starts - timedelta(days=self.rng.randint(3, 8))
            self.activity(p.company, "call", self.draw.day_between(date(2026, 10, 20), TODAY),
                          f"Подтвердить состав участников и график переговоров: «{plan.title}».",
                          mission=p.mission, due=due)
        elif p.outcome and self.draw.chance(0.25):
            after = plan.ends + timedelta(days=self.rng.randint(2, 20))
            self.activity(p.company, "call", min(after, TODAY),
                          f"Итоги участия в «{plan.title}»: {p.outcome}.", mission=p.mission)

    def interest_activity(self, interest: Interest) -> None:
        day = self.draw.day_between(interest.opened_on, min(interest.opened_on + timedelta(days=60),
                                                            TODAY))
        company = interest.company
        if interest.direction == "sells" and self.draw.chance(0.2):
            self.activity(company, "samples", day,
                          f"Образцы ({interest.base}) направлены потенциальному покупателю.",
                          mission=interest.mission)
        elif interest.direction == "buys":
            self.activity(company, "letter", day,
                          f"Направлены контакты поставщиков: {interest.base}.",
                          mission=interest.mission)
        else:
            self.activity(company, "call", day, f"Уточнили запрос: {interest.subject}.",
                          mission=interest.mission)
        if day > date(2026, 8, 31) and self.draw.chance(0.6):
            self.follow_up(company, day, f"Узнать результат: {interest.subject}.")

    def follow_up(self, company: Company, day: date, text: str,
                  mission: Mission | None = None) -> None:
        """An open task due in December 2026 - January 2027."""
        due = self.draw.day_between(date(2026, 12, 1), date(2027, 1, 29))
        self.activity(company, "call", day, text, mission=mission, due=due)

    def membership_activities(self, company: Company) -> None:
        if company.member_status == "active" and company.dues_paid_until == date(2025, 12, 31):
            self.activity(company, "letter", self.draw.day_between(date(2026, 2, 1), date(2026, 3, 1)),
                          "Направлен счёт на оплату членских взносов за 2026 год.",
                          author=ACCOUNTS)
            self.activity(company, "call", self.draw.day_between(date(2026, 10, 1), TODAY),
                          "Напоминание об оплате членских взносов за 2026 год.",
                          author=ACCOUNTS, due=self.draw.day_between(date(2026, 12, 1),
                                                                     date(2026, 12, 25)))
        elif company.member_status == "suspended":
            self.activity(company, "note", date(2025, 9, 30),
                          "Членство приостановлено решением правления: неуплата взносов.",
                          author=ACCOUNTS)
        if company.member_status == "active" and self.draw.chance(0.12):
            day = self.draw.day_between(date(2024, 1, 15), TODAY)
            country = self.rng.choice(("Беларусь", "Казахстан", "Узбекистан", "Китай"))
            text = self.rng.choice(ACTIVITY_NOTES).format(country=country)
            self.activity(company, "note", day, text,
                          author=self.rng.choice(SERVICES),
                          due=day + timedelta(days=14) if self.draw.chance(0.3) else None,
                          done=True)
        if company.member_since and company.member_since.year == 2025 and self.draw.chance(0.6):
            self.activity(company, "meeting", company.member_since,
                          "Вручение членского билета, знакомство с сервисами палаты.",
                          author="ivanova")
