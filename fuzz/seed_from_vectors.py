#!/usr/bin/env python3
"""Writes the vector-derived seeds of fuzz/corpus/<target>/ from
tests/vectors/ (run from the repository root; the fuzzer adds its own
finds beside them). Each seed is named vec-<sha1 prefix> so reruns are
idempotent. The invariant targets take raw bytes: they get a few fixed
random seeds."""
import hashlib, json, os, random, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def save(target, data):
    if isinstance(data, (dict, list)):
        data = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "vec-" + hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


def cases():
    for dirpath, _, names in sorted(os.walk(os.path.join(ROOT, "tests", "vectors"))):
        for n in sorted(names):
            if n.endswith(".json"):
                with open(os.path.join(dirpath, n)) as f:
                    v = json.load(f)
                yield from (v if isinstance(v, list) else [v])


def pick(d, *keys):
    return {k: d[k] for k in keys if k in d}


def main():
    now_default = "2026-03-20T12:00:00Z"
    for case in cases():
        op, inp, cfg = case["op"], case.get("input", {}), case.get("config") or {}
        now = case.get("now", now_default)
        save("vectors", case)
        if op in ("reconcile", "history", "restitution"):
            contacts = inp.get("contacts", [inp["contact"]] if "contact" in inp else [])
            save("reconcile", {"contacts": contacts, "reports": inp.get("reports", []), "now": now,
                               "config": cfg, "options": pick(inp, "legal_entities", "holds")})
        elif op == "reconcile_batches":
            b = inp.get("batches", [])
            save("reconcile", {"contacts": [c for x in b for c in x.get("contacts", [])],
                               "reports": [r for x in b for r in x.get("reports", [])], "now": now, "config": cfg})
        elif op == "retention":
            save("retention", {**pick(inp, "records", "holds", "erasures"), "now": now,
                               "policy": pick(cfg, "time_zone", "rules"), "extra_rules": cfg.get("extra_rules", [])})
        elif op == "condition":
            save("condition", pick(inp, "condition", "record"))
        elif op in ("score", "rescore"):
            save("scoring", pick(inp, "routine", "companies", "previous"))
        elif op == "nps":
            save("trigger", {"answers": [inp.get("answer")]})
        elif op == "followup_merge":
            save("followup", {"followups": [inp.get("a"), inp.get("b")], "today": "2026-03-20", "user": "u1"})
        elif op == "followup_lists":
            save("followup", pick(inp, "followups", "user", "today", "filters", "targets"))
        elif op == "script":
            script(case, inp, cfg, now)
    rng = random.Random(7)
    for t in ("reconcile_twice", "reconciler_orders", "followup_merge_laws", "retention_holds"):
        for size in (16, 64, 256, 1024):
            save(t, bytes(rng.randrange(256) for _ in range(size)))


def script(case, inp, cfg, now):
    steps = inp.get("steps", [])
    acts = {s.get("do") for s in steps}
    tenant = inp.get("tenant")
    fill = lambda s: {**({"tenant": tenant} if tenant else {}), "at": now, **{k: v for k, v in s.items() if k != "do"}}
    if any(a and a.startswith("pipeline_") for a in acts):
        names = {"pipeline_create": "create", "pipeline_update": "update", "pipeline_move": "move",
                 "pipeline_plan": "plan", "pipeline_card": "card", "pipeline_eligibility": "eligibility"}
        out = []
        for s in steps:
            if s.get("do") in names:
                st = {k: v for k, v in s.items() if k != "do"}
                if s["do"] == "pipeline_eligibility" and "organisation" not in st:
                    continue
                out.append({"do": names[s["do"]], **st})
        save("pipeline", {"config": cfg, "steps": out})
    elif any(a in ("survey_response", "survey_responses", "survey_send", "trigger_define") for a in acts):
        responses = [s["response"] for s in steps if "response" in s] + [r for s in steps for r in s.get("responses", [])]
        sends = [pick({"at": now, **s}, "client_id", "survey_id", "kind", "at") for s in steps if s.get("do") in ("survey_send", "survey_send_check")]
        save("trigger", {"surveys": inp.get("surveys", []),
                         "triggers": inp.get("triggers", []) + [s["trigger"] for s in steps if "trigger" in s],
                         "config": pick(cfg, "custom_field_names"), "pressure": cfg.get("pressure", {}),
                         "responses": responses, "sends": sends})
    elif any(a and (a.startswith("followup_") or a.startswith("cadence_") or a == "day_plan") for a in acts):
        out = {"followups": [], "drafts": [], "today": "2026-03-20", "user": "u1"}
        for s in steps:
            if "followup" in s:
                out["followups"].append(s["followup"])
            out["followups"] += s.get("followups", [])
            if "draft" in s:
                out["drafts"].append(s["draft"])
            if "cadence" in s:
                out["cadence"], out["event"] = s["cadence"], s.get("event")
            if "state" in s:
                out["state"] = s["state"]
            if "done_on" in s:
                out.setdefault("done", []).append(s["done_on"])
            for k in ("user", "today", "filters", "limit"):
                if k in s:
                    out[k] = s[k]
        save("followup", out)
    elif any(a in ("reveal", "can_see", "enrich", "mark_diagnostic", "import_events", "reveal_stats", "impersonate") for a in acts):
        out = {"config": cfg, "events": [], "reveals": [], "enrichments": [], "marks": [], "undos": [], "stats": [], "consumption": []}
        for s in steps:
            a = s.get("do")
            if a == "import_events":
                out["events"] += s.get("events", [])
            elif a == "reveal":
                out["reveals"].append(pick(fill(s), "key", "tenant", "viewer", "role", "subject", "context", "at", "impersonated_by"))
            elif a == "enrich":
                out["enrichments"].append(pick(fill(s), "key", "tenant", "subject", "by", "at", "succeeded"))
            elif a in ("mark_diagnostic", "undo_diagnostic"):
                out["marks" if a == "mark_diagnostic" else "undos"].append(pick(fill(s), "tenant", "project", "actor", "role", "at"))
            elif a == "reveal_stats":
                out["stats"].append(pick(s, "tenant", "from", "to", "period", "group_by"))
            elif a == "consumption":
                out["consumption"].append(pick(fill(s), "tenant", "at"))
            elif a in ("recommend", "open_project", "change_coordinates", "leave_company"):
                ev = {"recommend": "recommended", "open_project": "project_opened",
                      "change_coordinates": "coordinates_changed", "leave_company": "left_company"}[a]
                keys = {"recommended": ("at", "tenant", "context", "requester", "contact"),
                        "project_opened": ("at", "tenant", "context", "requester"),
                        "coordinates_changed": ("at", "tenant", "subject"),
                        "left_company": ("at", "tenant", "subject")}[ev]
                out["events"].append({"event": ev, **pick(fill(s), *keys)})
        save("reveal", out)


if __name__ == "__main__":
    sys.exit(main())
