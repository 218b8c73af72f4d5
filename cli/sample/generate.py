"""Writes the demo's embedded sample: a month (March 2026) of one bank
branch — three advisors, forty clients, a few hundred captured contacts and
their advisors' reports. Deterministic (fixed seed); run it again only to
change the sample:  python3 cli/sample/generate.py
"""
import json, random
from datetime import datetime, timedelta, timezone

rng = random.Random(2026)
ADVISORS = ["adv-martin", "adv-dubois", "adv-leroy"]
CLIENTS = [f"cli-{i:03d}" for i in range(1, 41)]
owner = {c: ADVISORS[i % 3] for i, c in enumerate(CLIENTS)}
# Couples sharing a phone number and address.
COUPLES = [("cli-001", "cli-002"), ("cli-010", "cli-011"), ("cli-020", "cli-021")]
partner = {a: b for a, b in COUPLES} | {b: a for a, b in COUPLES}
SUBJECTS = ["Votre demande de prêt", "Re: Rendez-vous de mardi", "TR: Relevé annuel", "Perso: dîner samedi",
            "Personnalisation de votre carte", "Re: TR: [SPAM DOUTEUX] Vous avez gagné", "Assurance habitation",
            "Privé", "Re: Re: Virement international"]
TOPICS = ["appointment", "card", "security", "marketing", "remote_sale", "newsletter"]
LETTERS = ["undelivered", "savings_plan_maturity", "vulnerable_client_offer", "periodic_suitability_report", "advertising"]
COMMENTS = ["Point sur le prêt immobilier, offre envoyée.", "Client rappelé, RDV fixé jeudi.",
            "Demande de hausse de plafond carte, accordée.", "Réclamation frais, geste commercial.",
            "Bilan patrimonial annuel.", "Ouverture d'un PEL pour l'enfant.", "Message laissé, à rappeler."]
MOTIVES = ["credit", "card", "savings", "complaint", "insurance", "follow_up"]

def iso(t): return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
start = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)  # Monday 2 March, 09:00 Paris
contacts, reports = [], []
def working_instant():
    while True:
        day = rng.randrange(0, 30)
        t = start + timedelta(days=day, minutes=rng.randrange(0, 9 * 60))
        if t.weekday() < 5: return t

n = 0
for _ in range(320):
    n += 1
    client = rng.choice(CLIENTS)
    parties = [client] + ([partner[client]] if client in partner and rng.random() < 0.7 else [])
    ch = rng.choices(["phone", "email", "sms", "notification", "letter"], [55, 25, 8, 7, 5])[0]
    c = {"id": f"c-{n:04d}", "parties": parties, "channel": ch, "occurred_at": iso(working_instant())}
    if ch in ("phone", "email", "sms"): c["advisor_id"] = owner[client]
    c["direction"] = "inbound" if rng.random() < 0.45 else "outbound"
    if ch == "phone":
        c["duration_s"] = rng.choice([8, 25, 35, 45, 90, 180, 300, 600, 1200])
        if c["direction"] == "inbound":
            c["answered"] = rng.random() < 0.7
            c["voicemail_at_s"] = 25
    if ch == "email":
        c["subject"] = rng.choice(SUBJECTS)
        c["mail_source"] = rng.choice(["exchange_outlook", "exchange_msi", "crm_msi"])
        if rng.random() < 0.3: c["has_inline_images"] = True
    if ch == "notification":
        c["direction"] = "outbound"; c["mail_source"] = "mail_brick"; c["notification_topic"] = rng.choice(TOPICS)
    if ch == "letter":
        c["direction"] = "outbound"; c["letter_kind"] = rng.choice(LETTERS)
    c["received_at"] = iso(datetime.fromisoformat(c["occurred_at"].replace("Z", "+00:00")) + timedelta(minutes=rng.choice([1, 5, 60, 60 * 30])))
    contacts.append(c)

captured = [c for c in contacts if c["channel"] in ("phone", "email", "sms") and c.get("duration_s", 100) >= 40]
m = 0
used = set()
for c in rng.sample(captured, 70):
    client = c["parties"][0]
    at = datetime.fromisoformat(c["occurred_at"].replace("Z", "+00:00")) + timedelta(seconds=c.get("duration_s", 0))
    at += timedelta(minutes=rng.choice([2, 5, 9])) if rng.random() < 0.6 else timedelta(hours=rng.choice([3, 20, 50]))
    key = (client, c["advisor_id"], at.date())
    if key in used: continue
    used.add(key)
    m += 1
    reports.append({"id": f"r-{m:04d}", "client_id": client, "advisor_id": c["advisor_id"], "channel": c["channel"],
                    "initiative": c["direction"], "entered_at": iso(at), "motive": rng.choice(MOTIVES),
                    "comment": rng.choice(COMMENTS)})
# Meetings and video calls (reported), and reports whose call was never captured (orphans).
for kind, count in (("meeting", 15), ("video", 5), ("phone", 8), ("email", 3)):
    for _ in range(count):
        m += 1
        client = rng.choice(CLIENTS)
        reports.append({"id": f"r-{m:04d}", "client_id": client, "advisor_id": owner[client], "channel": kind,
                        "initiative": rng.choice(["inbound", "outbound"]), "entered_at": iso(working_instant()),
                        "motive": rng.choice(MOTIVES), "comment": rng.choice(COMMENTS)})
# One long comment, cut to 999 characters in histories.
reports[0]["comment"] = ("Entretien détaillé sur la succession et le démembrement de propriété. " * 20).strip()

with open("cli/sample/contacts.jsonl", "w") as f:
    for c in contacts: f.write(json.dumps(c, ensure_ascii=False) + "\n")
with open("cli/sample/reports.jsonl", "w") as f:
    for r in reports: f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(contacts), "contacts,", len(reports), "reports")
