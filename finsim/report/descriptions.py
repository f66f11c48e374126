"""The scenario format's field descriptions in German, for ``plan.xlsx``'s ``Annahmen``.

The models' own descriptions (``finsim/scenario/model.py``, docs/scenario-format.md) are
English; a plan a Jobcenter or Träger attaches to a German application explains its
assumptions in German. Keyed by ``Model.field`` (the model's class name), so a field of
the same name in two models can read differently; a test checks that every described
field the sheet can list has its German text here.
"""

from __future__ import annotations

from pydantic.fields import FieldInfo

from ..registry import texts
from ..scenario.model import listing_categories

PRICE_RANGES = ("Eine Rate liegt von -0,5 bis unter 0,5 (0,01 für 1 %); ein Indexfaktor über 0 "
                "und höchstens 100.")
"""The ranges of a price kind, as ``model.PRICE_RANGES`` says them."""

GERMAN = {
    # the scenario's blocks
    "Scenario.participants": "Zuweisungen und wer zugewiesen wird.",
    "Scenario.employment": "Austritte aus den Plätzen.",
    "Scenario.costs": "Kostenparameter.",
    "Scenario.funding": "Geldgeber, in dieser Reihenfolge angewandt.",
    "Scenario.prices": "Preisfortschreibung je Kostenart (docs/prices.md).",
    "Scenario.passive_benefits": "Vermiedene passive Leistungen.",
    "Scenario.returns": "Steuern und Beiträge, die aus dem Arbeitsentgelt der Teilnehmenden "
    "zurückfließen: Haushalt -> Anteil am Bruttoentgelt, Löhne und Jahressonderzahlungen "
    "(z. B. Lohnsteuer nach dem empfangenden Haushalt, Sozialversicherungsbeiträge); "
    "gezählt in `net_cost_<budget>`.",
    # participants
    "Participants.referrals_per_month": "Mittlere Zahl der Zuweisungen durch das Jobcenter "
    "je Monat (Poisson-Rate, Personen je Monat); eine Zahl oder ein Zeitplan; oder "
    "`on_demand`: das Jobcenter weist genau dann jemanden zu, wenn ein Platz frei wird "
    "(zu Beginn für jeden leeren Platz, danach für jeden frei gewordenen Platz nach der "
    "Wiederbesetzungsfrist und für jeden hinzukommenden Platz), wie bei zugeteilten "
    "Plätzen. Mit `on_demand` geht keine Zuweisung verloren, und nur eine Warteliste aus einer "
    "Bestandsdatei oder den Ist-Verläufen wartet (zuerst bedient, sobald Plätze frei "
    "werden).",
    "Participants.patience_months": "Mittlere Wartezeit einer zugewiesenen Person auf einen "
    "Platz, bevor sie aufgibt (exponentialverteilt, Monate); 0 weist ab, wer keinen freien "
    "Platz findet.",
    "Participants.initial": "Wer zu Beginn auf den Plätzen ist. Eine Zahl: so viele neue "
    "Teilnehmende (Beschäftigungsdauer 0, eine neue Kohorte), höchstens die Plätze des "
    "ersten Monats. `full` (oder `steady`): ein laufendes Programm, jeder Platz besetzt mit "
    "Personen, deren Beschäftigungsdauer aus dem Gleichgewicht der eigenen Austrittsraten "
    "und Höchstdauer des Programms gezogen wird (Dichte proportional zum Verbleib "
    "exp(-(Vermittlungs- + Abbruchrate) x Dauer) unterhalb von `max_months`; Gruppen "
    "gewichtet nach ihrer mittleren Verweildauer). Eine Bestandsdatei `NAME.csv` (Pfad "
    "relativ zum Szenario; Format in docs/caseload-format.md): diese Personen mit ihrer "
    "tatsächlichen Beschäftigungsdauer. Personen mit Beschäftigungsdauer laufen weiter: die "
    "Höchstdauer zählt ab ihrem Eintritt, Förderanteile nach Beschäftigungsjahr laufen "
    "weiter, ein Modul wird nur berechnet, wenn es im Zeitraum fällig wird.",
    "Participants.assignment": "Zu welchem Träger eine zugewiesene Person kommt, wenn "
    "mehrere freie Plätze haben: `proportional` zu den freien Plätzen, `first` in der "
    "angegebenen Reihenfolge, `random` gleichverteilt.",
    "Participants.mix": "Merkmale der Teilnehmenden: Merkmal -> Ausprägung -> Anteil (die "
    "Anteile jedes Merkmals ergeben zusammen 1). Zwei Merkmale dürfen sich nicht nur in "
    "Groß- und Kleinschreibung unterscheiden (`sex` und `Sex`): eine Bestandsdatei liest "
    "ihre Spaltennamen ohne Rücksicht darauf.",
    # employment
    "Employment.max_months": "Höchstdauer auf einem Platz (Monate, > 0), nach dem "
    "Kalender: die Beschäftigung endet spätestens am Tag des Eintritts so viele Monate "
    "später (am Monatsende, wo der Monat den Tag nicht hat). §16i SGB II "
    "fördert eine Person höchstens 60 Monate (5 Jahre) im Leben, Beschäftigungen "
    "zusammengerechnet: eine Bestands- oder Verlaufsdatei gibt die früheren Monate einer "
    "Rückkehrerin in `months_funded_before` an, und ihre Beschäftigung endet spätestens, "
    "wenn der Rest von `max_months` verbraucht ist.",
    "Employment.refill_delay_months": "Zeit, die ein frei gewordener Platz geschlossen "
    "bleibt, bevor er wieder besetzt werden kann (Monate).",
    "Employment.hazards": "Austrittsraten.",
    "Employment.modifiers": "Faktoren auf die Austrittsraten für Gruppen; alle, die "
    "zutreffen, werden multipliziert.",
    "Hazards.placement": "Monatliche Wahrscheinlichkeit der Vermittlung in ungeförderte "
    "Beschäftigung, [0, 1).",
    "Hazards.dropout": "Monatliche Wahrscheinlichkeit eines Abbruchs (Kündigung, "
    "Eigenkündigung), [0, 1).",
    "Modifier.when": "Merkmale (aus `participants.mix`), die die Gruppe hat.",
    "Modifier.placement": "Faktor auf die Vermittlungsrate (>= 0).",
    "Modifier.dropout": "Faktor auf die Abbruchrate (>= 0).",
    # costs
    "Costs.wages": "Löhne der Teilnehmenden.",
    "Costs.staff": "Personal für Anleitung, Betreuung und Leitung.",
    "Costs.material": "Sachkosten.",
    "Costs.qualification": "Qualifizierungsmodule.",
    "Costs.overhead": "Pauschale Verwaltungs- und Gemeinkosten.",
    "Costs.one_off": "Jahressonderzahlungen, die Kostenart `one_off`; "
    "docs/one-off-payments.md.",
    "Wages.hourly": "Bruttostundenlohn (€ je Stunde); eine Zahl, ein Zeitplan oder "
    "`minimum_wage` (der gesetzliche Mindestlohn nach Datum, belegt ab Januar 2015; "
    "abgelehnt für einen Zeitraum, der vor Januar 2015 beginnt (damals gab es keinen)).",
    "Wages.hours_per_week": "Vertragliche Wochenstunden (> 0).",
    "Wages.employer_contributions": "Arbeitgeberanteil zur Sozialversicherung auf den "
    "Bruttolohn (Anteil); eine Zahl oder ein Zeitplan nach Datum, da sich die Sätze jeden "
    "Januar ändern (`{2026-01: 0.22, 2027-01: 0.2245}`; jeder gilt ab seinem Monat bis zum "
    "nächsten, der letzte danach).",
    "Wages.annual_increase": "Lohnsteigerung jeweils im Januar nach dem letzten bekannten "
    "Jahr (Anteil: eine jährliche Rate, 0,01 für 1 %); `prices.wages` ersetzt sie.",
    "Wages.subsidy_base": "Das berücksichtigungsfähige Arbeitsentgelt, von dem ein "
    "Lohnkostenzuschuss (§16i, §16e SGB II) ein Anteil ist, für Geldgeber mit "
    "`basis: subsidy_base` (docs/wage-basis.md).",
    "SubsidyBase.hourly": "`minimum_wage` (Vorgabe: der gesetzliche Mindestlohn nach Datum, "
    "auch wenn der Arbeitgeber freiwillig mehr zahlt), `wage` (der gezahlte Lohn: ein "
    "tarifgebundener Arbeitgeber oder einer mit kirchlichem Arbeitsrecht) oder ein "
    "Stundenwert bzw. Zeitplan (eine Tariftabelle nach Datum; bei §16e das ortsübliche "
    "Entgelt); nach seinem letzten Datum fortgeschrieben wie `costs.wages.hourly`. "
    "Höchstens der gezahlte Lohn: die Bemessung beruht auf dem tatsächlich gezahlten Lohn.",
    "SubsidyBase.contributions": "Der pauschalierte Arbeitgeberanteil am "
    "Gesamtsozialversicherungsbeitrag, der in die Bemessung eingeht, ohne "
    "Arbeitslosenversicherung; eine Zahl oder ein Zeitplan nach Datum, z. B. 0,1985 im "
    "Jahr 2026 (Arbeitgeberhälften: Rente 9,3 + Kranken 7,3 + halber durchschnittlicher "
    "Zusatzbeitrag 1,45 + Pflege 1,8 %).",
    "Staff.participants_per_coach": "Teilnehmende je Vollzeitstelle (VZÄ) Anleitung/"
    "Betreuung (> 0).",
    "Staff.coach_cost_per_year": "Arbeitgeberkosten einer Vollzeitstelle (VZÄ) Anleitung/"
    "Betreuung (€ je Jahr); Zahl oder Zeitplan.",
    "Staff.management_cost_per_year": "Feste Leitungskosten je Träger (€ je Jahr); Zahl "
    "oder Zeitplan.",
    "Staff.annual_increase": "Steigerung beider Personalkosten jeweils im Januar (Anteil: "
    "eine jährliche Rate, 0,01 für 1 %); "
    "`prices.staff` ersetzt sie.",
    "Material.per_slot_month": "Sachkosten je verfügbarem Platz und Monat, besetzt oder "
    "nicht (€).",
    "Module.id": "Kennung, eindeutig unter den Modulen.",
    "Module.name": "Lesbarer Name.",
    "Module.uptake": "Wahrscheinlichkeit, dass eine (passende) eintretende Person das Modul "
    "belegt, [0, 1].",
    "Module.cost": "Kosten je teilnehmender Person (€).",
    "Module.month": "Zahl der Monate nach dem Eintritt, nach der das Modul einmal berechnet "
    "wird (0 = bei Eintritt); nur wenn die Person dann noch beschäftigt ist.",
    "Module.when": "Nur Teilnehmende mit diesen Merkmalen belegen es.",
    "Overhead.rate_on_staff": "Verwaltungs- und Gemeinkosten als Anteil der Personalkosten "
    "für Anleitung, Betreuung und Leitung.",
    "OneOff.id": "Kennung, eindeutig unter den Jahressonderzahlungen.",
    "OneOff.name": "Lesbarer Name.",
    "OneOff.month": "Monat des Jahres, in dem sie fällig ist und gezahlt wird (1-12), z. B. "
    "11 für eine Jahressonderzahlung mit dem Novemberlohn.",
    "OneOff.entitled_month": "Monat des Jahres, an dessen erstem Tag eine Person auf einem "
    "Platz sein muss, um Anspruch zu haben (1-12), im Kalenderjahr der Zahlung, z. B. 12 "
    "für die Jahressonderzahlung des TVöD (§ 20 Abs. 1: am 1. Dezember im "
    "Arbeitsverhältnis), gezahlt im November (`month: 11`); Vorgabe: `month`.",
    "OneOff.share_of_monthly_wage": "Bruttobetrag als Anteil am Bruttomonatslohn der Person "
    "in diesem Monat (Stundenlohn x Wochenstunden x 52/12, fortgeschrieben), z. B. 0,8; "
    "dies oder `amount` angeben.",
    "OneOff.amount": "Bruttobetrag je Teilnehmenden (€), eine Zahl oder ein Zeitplan, "
    "fortgeschrieben wie die Stundenlöhne (`prices.wages`); dies oder "
    "`share_of_monthly_wage` angeben.",
    "OneOff.pro_rata": "Den Betrag nach dem Anteil des Kalenderjahres vom Eintritt (oder "
    "1. Januar) bis zum Jahresende kürzen: `true` ab dem genauen Eintrittstag (Eintritt am "
    "15. November: 1,5/12), `months` nach ganzen Kalendermonaten mit Entgelt, wie der TVöD "
    "sie für jeden Monat ohne Entgelt um ein Zwölftel kürzt (§ 20 Abs. 4; Eintritt am "
    "15. November: 2/12); false: der volle Betrag.",
    "OneOff.paid_month_after": "Der Träger zahlt sie mit der Lohnabrechnung des Folgemonats: "
    "der Abfluss in der Liquiditätsplanung verschiebt sich um einen Monat nach hinten (das "
    "Kostenbuch behält sie im Fälligkeitsmonat, in dem die Geldgeber sie abrechnen).",
    # funders
    "Funder.id": "Kennung, eindeutig unter den Geldgebern.",
    "Funder.name": "Lesbarer Name.",
    "Funder.public": "Öffentliche Mittel (zählen in `net_public_cost`).",
    "Funder.covers": "Anteile an Kostenarten ({categories}: ein Anteil an `wages` deckt keine "
    "Jahressonderzahlungen) oder an `total`, oder `remainder` (was die anderen übrig lassen; "
    "zuletzt angewandt); oder Regeln nach Datum, `{2029-01: {material: 1.0}, 2030-01: "
    "{material: 0.5}}` (jede gilt ab ihrem Monat bis zur nächsten; vor der ersten zahlt der "
    "Geldgeber nichts).",
    "Funder.from_": "Erster Monat (`YYYY-MM`), in dem der Geldgeber zahlt; davor zahlt er "
    "nichts, und der Restfinanzierer oder die Finanzierungslücke übernimmt.",
    "Funder.until": "Letzter Monat (`YYYY-MM`, einschließlich), in dem der Geldgeber zahlt, "
    "z. B. `2029-12` für ESF+ 2021-2027; danach übernimmt der Restfinanzierer oder die "
    "Finanzierungslücke.",
    "Funder.cap_per_person_month": "Höchstens so viele € je Teilnehmermonat (je Träger und "
    "Monat); eine Zahl oder ein Zeitplan nach Datum, `{2026-01: 1400, 2028-01: 1500}` (jeder "
    "Wert gilt ab seinem Monat bis zum nächsten).",
    "Funder.cap_per_year": "Höchstens so viele € je Kalenderjahr; eine Zahl oder ein "
    "Zeitplan nach Datum: die Obergrenze eines Jahres ist der Wert, der in seinem Januar "
    "gilt (ein Datum mitten im Jahr zählt ab dem nächsten Jahr, auch wenn der Zeitraum "
    "mitten im Jahr beginnt).",
    "Funder.cap_total": "Höchstens so viele € über den ganzen Zeitraum: eine Zahl (ein "
    "Budget für den ganzen Zeitraum hat kein Datum, an dem es sich ändert).",
    "Funder.payment": "Zahlungsbedingungen (Abrechnung, Zeitpunkt, Zahlungsfrist, Einbehalt, "
    "Vorschuss); ohne sie zahlt der Geldgeber im Monat, in dem die Kosten entstehen.",
    "Funder.budget": "Der Haushalt, aus dem das Geld kommt: `bund`, `land`, `eu`, "
    "`kommune`, `provider` oder ein eigener Name; ein Leistungsträger aus "
    "`passive_benefits` ist ebenfalls ein Haushalt. Vorgabe: `provider` für nicht "
    "öffentliche Mittel, sonst die Kennung des Geldgebers. Eine Zuwendung aus mehreren "
    "Haushalten (ESF+-Mittel mit Landeskofinanzierung) ist eine Zuordnung von Haushalten zu "
    "Anteilen, die sich zu 1 addieren, `{land: 0.6, eu: 0.4}`: ein Geldgeber (eine Regel, "
    "ein Zahlungsplan, ein Antrag), dessen Mittel in der Fiskalbilanz (`net_cost_<budget>`) "
    "jedem Haushalt mit seinem Anteil zählen, in ganzen Cent je Monat und Träger.",
    "Funder.limited_to": "`benefits_avoided`: je Teilnehmermonat zahlt der Geldgeber "
    "höchstens die Leistungen, die sein Haushalt für diese Person vermeidet (eine Kommune, "
    "die die eingesparten KdU einbringt); sein ganzes Geld zählt dann als Transfer, außer "
    "sein `transfer`-Block begrenzt diesen Teil (Pauschale, Obergrenze je Jahr). Nur für "
    "einen Geldgeber von `wages`.",
    "Funder.basis": "Wovon sein Anteil an `wages` ein Anteil ist: `cost` (die Lohnzeile) "
    "oder `subsidy_base` (ein Lohnkostenzuschuss nach §16i/§16e: das berücksichtigungsfähige "
    "Arbeitsentgelt aus `costs.wages.subsidy_base`, höchstens die Lohnzeile; "
    "docs/wage-basis.md). Andere Kostenarten sind immer Anteile ihrer Kosten.",
    "Funder.net_of": "Vorher aufgeführte Geldgeber, deren Beträge im selben Monat, beim "
    "selben Träger und in derselben Kostenart auf seinen Anteil angerechnet werden "
    "(Kofinanzierung verrechnet, Anrechnung): er trägt seinen Anteil an den Kosten abzüglich "
    "dessen, was sie gezahlt haben.",
    "Funder.transfer": "Der Teil seines Lohngeldes, der aus vermiedenen Leistungen "
    "finanziert wird (Passiv-Aktiv-Transfer).",
    "Payment.every": "Abrechnungszeitraum: Kalendermonat (`month`), -quartal (`quarter`) "
    "oder -jahr (`year`) (der erste und letzte werden an den Grenzen des Zeitraums "
    "gekürzt).",
    "Payment.timing": "`advance`: gezahlt zu Beginn des Abrechnungszeitraums (nie vor dem "
    "`from` des Geldgebers); `arrears`: nach seinem Ende (abgerechnet wird der Betrag, wie "
    "er sich ergibt).",
    "Payment.lag_months": "Zahlungsfrist in Monaten vom Beginn (advance) bzw. Ende "
    "(arrears) des Abrechnungszeitraums bis zum Geldeingang (>= 0; Bruchteile: die "
    "Zahlung fällt in den Monat, in dem die Frist endet, also 2,5 nach einem im März "
    "endenden Quartal im Juni).",
    "Payment.retention": "Anteil jeder Zahlung, der bis zum Verwendungsnachweis einbehalten "
    "wird, [0, 1].",
    "Payment.final_after_months": "Monate nach dem letzten Monat des Geldgebers (sein "
    "`until`, sonst das Ende des Zeitraums), bis der Einbehalt ausgezahlt (und ein nicht "
    "verbrauchter Vorschuss zurückgezahlt) wird; 0 = der erste Monat danach. Nie vor der "
    "Zahlung der letzten Abrechnung: ist sie später, kommt die Schlusszahlung mit ihr.",
    "Payment.advance": "€, die im ersten Monat des Geldgebers (sein `from`, sonst der erste "
    "des Zeitraums) gezahlt und mit den folgenden Zahlungen verrechnet werden; auf die "
    "Träger verteilt im Verhältnis dessen, was der Geldgeber jedem zahlt. Was die Zahlungen "
    "nie aufzehren, wird mit dem Verwendungsnachweis zurückgezahlt.",
    "Transfer.per_person_month": "Pauschale je Teilnehmermonat (€); eine Zahl, ein "
    "Zeitplan oder Beträge nach Ausprägung von `passive_benefits.attribute`. Ohne sie darf "
    "das ganze Lohngeld des Geldgebers aus dem Transfer stammen.",
    "Transfer.limited_to": "`benefits_avoided`: je Teilnehmermonat höchstens die Leistungen, "
    "die der Haushalt des Geldgebers für diese Person vermeidet; `null`: keine solche "
    "Grenze.",
    "Transfer.cap_per_year": "Höchstens so viele € Transfer je Kalenderjahr (z. B. die "
    "Obergrenze des Bundes für den PAT); eine Zahl oder ein Zeitplan nach Datum: die "
    "Obergrenze eines Jahres ist der Wert, der in seinem Januar gilt (ein Datum mitten im "
    "Jahr zählt ab dem nächsten Jahr, auch wenn der Zeitraum mitten im Jahr beginnt).",
    # prices
    "Prices.base_year": "Jahr, in dessen Preisen einfache Zahlen angegeben sind (Vorgabe: "
    "das erste Jahr des Programms: das von `period.simulate_from`, wenn angegeben, sonst "
    "das des Zeitraums).",
    "Prices.wages": "Stundenlöhne: eine jährliche Rate (0,03) oder ein Index je Jahr "
    f"(ab 2027: 1,02). {PRICE_RANGES}",
    "Prices.staff": "Personalkosten für Anleitung, Betreuung und Leitung: eine jährliche "
    f"Rate oder ein Index je Jahr. {PRICE_RANGES}",
    "Prices.material": "Sachkosten je Platzmonat: eine jährliche Rate oder ein Index je "
    f"Jahr. {PRICE_RANGES}",
    "Prices.qualification": "Modulkosten (berechnet im Monat ihrer Fälligkeit): eine "
    f"jährliche Rate oder ein Index je Jahr. {PRICE_RANGES}",
    # passive benefits
    "PassiveBenefits.attribute": "Merkmal aus `participants.mix`, nach dem sich die Beträge "
    "richten (z. B. `household`); dann kann ein Betrag eine Zuordnung von jeder seiner "
    "Ausprägungen sein.",
    "PassiveBenefits.per_person_month": "Vermiedene Leistungen je Teilnehmermonat (€); "
    "Zahl oder Zeitplan, oder nach Ausprägung von `attribute`.",
    "PassiveBenefits.by_payer": "Dieselben, aufgeteilt nach Leistungsträger "
    "(Kennung -> € je Monat, Zahl oder Zeitplan, oder nach Ausprägung von `attribute`); "
    "jede Kennung ist ein Haushalt.",
    "PassiveBenefits.parts": "Die Leistungen aus ihren Bestandteilen; ergibt die "
    "Leistungsträger `bund` und `kommune`.",
    "PassiveBenefits.after_placement": "Auch die Monate nach einer Vermittlung zählen, bis "
    "der Zeitraum endet.",
    "BenefitParts.regelbedarf": "Regelbedarf und Mehrbedarfe der Bedarfsgemeinschaft, "
    "abzüglich ihres sonstigen Einkommens wie Kindergeld (€ je Monat, Bund); eine Zahl, ein "
    "Zeitplan oder Beträge nach Ausprägung.",
    "BenefitParts.health_care": "Pauschale Kranken- und Pflegeversicherungsbeiträge, die das "
    "Jobcenter für die Leistungsbeziehenden der Bedarfsgemeinschaft zahlt (€ je Monat, "
    "Bund; 176,30 je erwachsener Person im Jahr 2026).",
    "BenefitParts.kdu": "Kosten der Unterkunft und Heizung, KdU (€ je Monat), aufgeteilt "
    "zwischen Bund und Kommune nach `kdu_federal_share`.",
    "BenefitParts.kdu_federal_share": "Der Anteil des Bundes an den KdU im Land des "
    "Programms, [0, 1]; eine Zahl, ein Zeitplan nach Monat, der eines Jahres ab seinem Januar "
    "(`{2027-01: 0.706, 2028-01: 0.71}`; Bundesbeteiligung, § 46 SGB II, jährlich je Land "
    "festgesetzt) oder das Kürzel des Landes (`NW`, `BY`, `BE`, ...: "
    "finsims belegte Tabelle der BBFestV, 2024-2026, danach gilt das letzte Jahr weiter; "
    "z. B. NW 71,3 % im Jahr 2024, 72,1 % in 2025 und 2026).",
    "BenefitParts.top_up": "Leistungen, die die Bedarfsgemeinschaft weiter bezieht, während "
    "die Person arbeitet (€ je Monat, aufstockend): nicht vermieden; zuerst von den KdU "
    "abgezogen, dann vom Regelbedarf.",
}
"""German description by ``Model.field``; where a German text is missing (a field the
format gains), the English one stands until it is added here (a test says which)."""


def description(model: type, name: str, field: FieldInfo, lang: str) -> str:
    """The description of ``model``'s field ``name`` in ``lang``: German from
    ``GERMAN`` (a registered category's or rule kind's from its ``german``), English from
    the model."""
    english = (field.description or "").strip()
    if lang == "de" and english:
        key = f"{model.__name__}.{name}"
        return listing_categories(GERMAN.get(key) or texts("german").get(key, english))
    return english
