# %% [markdown]
# # Orphan reports per advisor and week
#
# A notebook-style walk through the Python binding (run it as a script, or
# open it in Jupyter/VS Code: cells are `# %%`). It
#
# 1. generates two months of a bank branch's captured contacts and advisors'
#    reports and writes them to Parquet (once),
# 2. loads the Parquet files with polars,
# 3. reconciles reports with contacts (`filrouge.reconcile`, Arrow in, Arrow out),
# 4. plots the orphan reports (R-1.7: a report on a call, mail or SMS that no
#    captured contact matches) per advisor and week to a PNG,
# 5. scores the branch's prospect companies against a routine (SPEC §5,
#    `filrouge.score`, Arrow in through a `Companies` table, Arrow out) and
#    plots the score distribution to a second PNG.
#
#     python bindings-python/examples/notebook.py [--out DIR]

# %%
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

import filrouge  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[2] / "target" / "notebook")
args, _ = ap.parse_known_args()
OUT: Path = args.out
OUT.mkdir(parents=True, exist_ok=True)
START = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.timezone.utc)  # a Monday, 08:00 in Paris
NOW = START + dt.timedelta(weeks=9)

# %% [markdown]
# ## 1. Generate the branch's data (once)
#
# Eight advisors, 600 clients, 8 weeks. Most reports are written just after
# the call or later that week; some describe a call the telephony never
# captured (an advisor calling a prospect from their own mobile phone),
# which makes orphans.
# Advisor `adv-6` does that more and more as the weeks go by.

# %%
def generate(path_contacts: Path, path_reports: Path, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    n_contacts, n_clients, advisors, weeks = 40_000, 600, 8, 8
    client = rng.integers(0, n_clients, n_contacts)
    advisor = client % advisors
    day = rng.integers(0, weeks * 7, n_contacts)
    second = rng.integers(0, 10 * 3600, n_contacts)
    occurred = [START + dt.timedelta(days=int(d), seconds=int(s)) for d, s in zip(day, second)]
    channel = rng.choice(["phone", "email", "sms"], n_contacts, p=[0.6, 0.3, 0.1])
    duration = np.where(channel == "phone", rng.integers(20, 900, n_contacts), 0)
    contacts = pl.DataFrame(
        {
            "id": [f"c-{i:06}" for i in range(n_contacts)],
            "parties": [[f"cli-{c:04}"] for c in client],
            "advisor_id": [f"adv-{a}" for a in advisor],
            "channel": channel,
            "direction": rng.choice(["inbound", "outbound"], n_contacts, p=[0.4, 0.6]),
            "occurred_at": pl.Series(occurred, dtype=pl.Datetime("us", "UTC")),
            "duration_s": pl.Series([int(d) if c == "phone" else None for d, c in zip(duration, channel)],
                                    dtype=pl.Int64),
        }
    )
    rows = []
    reported = rng.choice(n_contacts, 9_000, replace=False)
    for i, idx in enumerate(reported):
        c = contacts.row(int(idx), named=True)
        delay = dt.timedelta(minutes=int(rng.integers(1, 14))) if rng.random() < 0.6 else \
            dt.timedelta(hours=int(rng.integers(1, 60)))
        end = c["occurred_at"] + dt.timedelta(seconds=c["duration_s"] or 0)
        rows.append((f"r-{i:06}", c["parties"][0], c["advisor_id"], c["channel"], c["direction"], end + delay))
    # Calls made outside the telephony: reports with no captured contact.
    for j in range(1_200):
        a = int(rng.integers(0, advisors))
        week = int(rng.integers(0, weeks))
        if a == 6 and rng.random() < 0.7:  # adv-6, more and more often
            week = int(min(weeks - 1, rng.triangular(0, weeks, weeks)))
        at = START + dt.timedelta(days=week * 7 + int(rng.integers(0, 5)), seconds=int(rng.integers(0, 36_000)))
        prospect = 5_000 + j  # not in the captured base: no contact can match
        rows.append((f"r-x{j:05}", f"cli-{prospect:04}", f"adv-{a}", "phone", "outbound", at))
    reports = pl.DataFrame(
        rows, schema=["id", "client_id", "advisor_id", "channel", "initiative", "entered_at"], orient="row"
    ).with_columns(pl.col("entered_at").cast(pl.Datetime("us", "UTC")), pl.lit("suivi").alias("motive"))
    contacts.write_parquet(path_contacts)
    reports.write_parquet(path_reports)


contacts_path, reports_path = OUT / "contacts.parquet", OUT / "reports.parquet"
if not (contacts_path.exists() and reports_path.exists()):
    generate(contacts_path, reports_path)

# %% [markdown]
# ## 2. Load with polars

# %%
contacts = pl.read_parquet(contacts_path)
reports = pl.read_parquet(reports_path)
print(f"{contacts.height} contacts, {reports.height} reports")

# %% [markdown]
# ## 3. Reconcile (Arrow in, Arrow out; the GIL is released meanwhile)

# %%
result = filrouge.reconcile(contacts, reports, now=NOW)
links = pl.DataFrame(result["links"])
orphans = pl.DataFrame(result["orphans"])
rejected = pl.DataFrame(result["rejected"])
print(f"{links.height} links, {orphans.height} orphans, {rejected.height} rejected")
print(rejected.group_by("code").len().sort("len", descending=True))

# %% [markdown]
# ## 4. Orphans per advisor and week

# %%
per_week = (
    orphans.join(reports, left_on="report_id", right_on="id")
    .with_columns(pl.col("entered_at").dt.convert_time_zone("Europe/Paris").dt.truncate("1w").dt.date().alias("week"))
    .group_by("advisor_id", "week")
    .len()
    .pivot(on="week", index="advisor_id", values="len", sort_columns=True)
    .sort("advisor_id")
    .fill_null(0)
)
weeks = per_week.columns[1:]
grid = per_week.select(weeks).to_numpy()

fig, ax = plt.subplots(figsize=(9, 4.5))
im = ax.imshow(grid, cmap="Reds", aspect="auto")
ax.set_xticks(range(len(weeks)), [dt.date.fromisoformat(str(w)).strftime("%d %b") for w in weeks])
ax.set_yticks(range(per_week.height), per_week["advisor_id"].to_list())
for (y, x), n in np.ndenumerate(grid):
    ax.text(x, y, str(n), ha="center", va="center", fontsize=8, color="white" if n > grid.max() / 2 else "black")
ax.set_xlabel("week starting (Europe/Paris)")
ax.set_title("Orphan reports per advisor and week (R-1.7): reports no captured contact matches")
fig.colorbar(im, ax=ax, label="orphans")
fig.tight_layout()
png = OUT / "orphans_per_advisor_week.png"
fig.savefig(png, dpi=120)
print(f"wrote {png}")

# %% [markdown]
# ## 5. Score the branch's prospect companies (SPEC §5)
#
# A routine keeps the companies that meet every mandatory criterion and
# scores them `min(100, 40 + Σ weights)`; each score is explained
# . The companies go in as a polars frame (typed columns, no row
# goes through Python objects) and the ranking comes back as Arrow.

# %%
rng = np.random.default_rng(11)
n_companies = 20_000
companies = pl.DataFrame(
    {
        "id": [f"{552_100_000 + i:09d}" for i in range(n_companies)],
        "naf": rng.choice(["62.01Z", "62.02A", "69.20Z", "47.11F", "70.22Z"], n_companies),
        "headcount": rng.integers(1, 500, n_companies),
        "revenue": rng.lognormal(14, 1.5, n_companies),
        "department": rng.choice(["75", "92", "93", "94", "13", "69"], n_companies),
        "tags": [["export"] if x < 0.3 else [] for x in rng.random(n_companies)],
    }
)
routine = filrouge.Routine(
    {
        "id": "r-it-idf",
        "title": "IT services in Île-de-France",
        "users": ["adv-0", "adv-1"],
        "notify_at": 80,
        "mandatory": [
            {"field": "naf", "op": "starts_with", "value": "62"},
            {"field": "department", "op": "in", "value": ["75", "92", "93", "94"]},
        ],
        "weighted": [
            {"weight": "important", "condition": {"field": "headcount", "op": "ge", "value": 50}},
            {"weight": "notable", "condition": {"field": "revenue", "op": "ge", "value": 5_000_000}},
            {"weight": "interesting", "condition": {"field": "tags", "op": "contains", "value": "export"}},
        ],
    }
)
table = filrouge.Companies(companies)  # built once; score as many routines as needed over it
scored = filrouge.score(routine, table)
ranking = pl.DataFrame(scored["ranking"])
print(f"{ranking.height} companies in {routine.title!r}, {len(scored['excluded'])} excluded, "
      f"{len(scored['rejected'])} rejected")
print(ranking.head(5).select("company_id", "score", "raw"))

counts = ranking.group_by("score").len().sort("score")
fig, ax = plt.subplots(figsize=(7, 3.5))
ax.bar([str(s) for s in counts["score"].to_list()], counts["len"].to_list(), color="tab:blue")
ax.set_xlabel("score (R-5.1)")
ax.set_ylabel("companies")
ax.set_title(f"Routine {routine.title!r}: score distribution")
fig.tight_layout()
png = OUT / "routine_scores.png"
fig.savefig(png, dpi=120)
print(f"wrote {png}")
