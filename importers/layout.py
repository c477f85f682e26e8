"""The register workbook: one sheet per kind of record, the shape `export` writes and `demo` reads.

Every sheet's first row is its header. Rows refer to each other by the numbers in their "№"
columns (`export` writes database ids there; a reader only needs them to be consistent within
the workbook). Lists inside one cell (phones, emails, tags, parties) are separated by "; ".
Closed vocabularies (statuses, kinds, roles) hold the Russian or English labels from
`models.vocab`. Dates are real Excel dates.

The sheet and column titles here (Russian and English) are data, not interface text: they are
what the workbook holds, written by `export` and matched by `demo`; the interface's own words are
in `tui/i18n/strings.py`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    ru: str
    en: str

    def title(self, lang: str = "ru") -> str:
        return self.en if lang == "en" else self.ru


@dataclass(frozen=True)
class Sheet:
    key: str
    ru: str
    en: str
    columns: tuple[Column, ...]

    def title(self, lang: str = "ru") -> str:
        return self.en if lang == "en" else self.ru


LIST_SEPARATOR = "; "

COMPANIES = Sheet("companies", "Компании", "Companies", (
    Column("ref", "№", "No."),
    Column("short_name", "Краткое наименование", "Short name"),
    Column("full_name", "Полное наименование", "Full name"),
    Column("legal_form", "ОПФ", "Legal form"),
    Column("inn", "ИНН", "INN"),
    Column("kpp", "КПП", "KPP"),
    Column("ogrn", "ОГРН/ОГРНИП", "OGRN/OGRNIP"),
    Column("unp", "УНП", "UNP"),
    Column("country", "Страна", "Country"),
    Column("region", "Регион", "Region"),
    Column("city", "Город", "City"),
    Column("address", "Адрес", "Address"),
    Column("phones", "Телефоны", "Phones"),
    Column("emails", "Эл. почта", "Emails"),
    Column("website", "Сайт", "Website"),
    Column("okved", "ОКВЭД", "OKVED"),
    Column("industry", "Отрасль", "Industry"),
    Column("member_number", "Членский билет №", "Membership No."),
    Column("member_status", "Статус членства", "Membership status"),
    Column("member_since", "Член палаты с", "Member since"),
    Column("dues_paid_until", "Взносы оплачены до", "Dues paid until"),
    Column("tags", "Метки", "Tags"),
    Column("notes", "Примечания", "Notes"),
))

CONTACTS = Sheet("contacts", "Контакты", "Contacts", (
    Column("company_ref", "Компания №", "Company No."),
    Column("company", "Компания", "Company"),
    Column("name", "ФИО", "Name"),
    Column("position", "Должность", "Position"),
    Column("phones", "Телефоны", "Phones"),
    Column("emails", "Эл. почта", "Emails"),
    Column("is_primary", "Основной", "Primary"),
    Column("notes", "Примечания", "Notes"),
))

INTERESTS = Sheet("interests", "Интересы", "Interests", (
    Column("ref", "№", "No."),
    Column("company_ref", "Компания №", "Company No."),
    Column("company", "Компания", "Company"),
    Column("direction", "Направление", "Direction"),
    Column("subject", "Предмет", "Subject"),
    Column("okved", "ОКВЭД", "OKVED"),
    Column("partner_geo", "Страна или регион партнёра", "Partner country or region"),
    Column("status", "Статус", "Status"),
    Column("mission_ref", "Миссия №", "Mission No."),
    Column("source", "Источник", "Source"),
    Column("opened_on", "Дата", "Date"),
    Column("notes", "Примечания", "Notes"),
))

MISSIONS = Sheet("missions", "Миссии", "Missions", (
    Column("ref", "№", "No."),
    Column("kind", "Вид", "Kind"),
    Column("title", "Название", "Title"),
    Column("starts_on", "Начало", "Starts"),
    Column("ends_on", "Окончание", "Ends"),
    Column("place", "Место", "Place"),
    Column("partner_country", "Страна партнёров", "Partner country"),
    Column("organisers", "Организаторы", "Organisers"),
    Column("partners", "Партнёрские организации", "Partner organisations"),
    Column("description", "Описание", "Description"),
))

PARTICIPATIONS = Sheet("participations", "Участие", "Participation", (
    Column("mission_ref", "Миссия №", "Mission No."),
    Column("company_ref", "Компания №", "Company No."),
    Column("company", "Компания", "Company"),
    Column("role", "Роль", "Role"),
    Column("outcome", "Итог", "Outcome"),
))

MEETINGS = Sheet("meetings", "Встречи", "Meetings", (
    Column("ref", "№", "No."),
    Column("mission_ref", "Миссия №", "Mission No."),
    Column("held_on", "Дата", "Date"),
    Column("party_refs", "Стороны (№ компаний)", "Parties (company No.)"),
    Column("subject", "Предмет", "Subject"),
    Column("outcome", "Итог", "Outcome"),
))

AGREEMENTS = Sheet("agreements", "Соглашения", "Agreements", (
    Column("ref", "№", "No."),
    Column("kind", "Вид", "Kind"),
    Column("subject", "Предмет", "Subject"),
    Column("signed_on", "Дата", "Date"),
    Column("mission_ref", "Миссия №", "Mission No."),
    Column("party_refs", "Стороны (№ компаний)", "Parties (company No.)"),
    Column("status", "Статус", "Status"),
    Column("notes", "Примечания", "Notes"),
))

ACTIVITIES = Sheet("activities", "Действия", "Activities", (
    Column("company_ref", "Компания №", "Company No."),
    Column("company", "Компания", "Company"),
    Column("kind", "Вид", "Kind"),
    Column("happened_on", "Дата", "Date"),
    Column("text", "Содержание", "Text"),
    Column("author", "Автор", "Author"),
    Column("mission_ref", "Миссия №", "Mission No."),
    Column("due_on", "Срок", "Due"),
    Column("done", "Выполнено", "Done"),
))

SHEETS: tuple[Sheet, ...] = (
    COMPANIES, CONTACTS, INTERESTS, MISSIONS, PARTICIPATIONS, MEETINGS, AGREEMENTS, ACTIVITIES,
)

YES = ("да", "yes")
