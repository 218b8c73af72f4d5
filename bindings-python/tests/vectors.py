"""The conformance-vector runner of the Python binding (SPEC §9).

Reads every file under ``tests/vectors/``, runs each case through the
``filrouge`` Python API (never through the Rust runner) and compares the
result with ``expected`` by the rules of ``tests/vectors/README.md``:

- a key absent from ``expected`` is not compared; ``message`` keys never are;
- lists compare as sets (a perfect matching) unless the op orders them;
- two values that are instants compare as instants (an expected RFC 3339
  string against the ``datetime`` the binding returns); numbers by value;
- an expected error is ``{"error": "<code>"}``.

Ops (and script actions) of core modules this binding does not expose yet are
*skipped*, never counted as passed. ``python tests/vectors.py [DIR]`` prints
``N passed, N failed, N skipped``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import filrouge

VECTORS = Path(os.environ.get("FILROUGE_VECTORS", Path(__file__).resolve().parents[2] / "tests" / "vectors"))


class Skip(Exception):
    """The case's op belongs to a module the binding does not expose yet."""


class InvalidCase(Exception):
    """The case does not have its op's shape (the error ``invalid_input``)."""


def load_cases(root: Path = VECTORS) -> List[Tuple[str, Dict[str, Any]]]:
    """Every case under ``root`` as ``(id, case)``, in file order."""
    cases = []
    for path in sorted(root.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data if isinstance(data, list) else [data]
        for i, case in enumerate(items):
            cases.append((f"{path.relative_to(root)}#{i}", case))
    return cases


def _input(case: Dict[str, Any], key: str) -> Any:
    inp = case.get("input") or {}
    if key not in inp:
        raise InvalidCase(f"input.{key} is missing")
    return inp[key]


def _opt(case: Dict[str, Any], key: str) -> Any:
    return (case.get("input") or {}).get(key)


def _config(case: Dict[str, Any]) -> Dict[str, Any]:
    return case.get("config") or {}


# --- ops -----------------------------------------------------------------


def op_reconcile(case: Dict[str, Any]) -> Any:
    return filrouge.reconcile(
        _opt(case, "contacts"), _opt(case, "reports"), now=case.get("now"), config=case.get("config")
    )


def op_reconcile_batches(case: Dict[str, Any]) -> Any:
    engine = filrouge.Reconciler(case.get("config"))
    changes = []
    for batch in _input(case, "batches"):
        if not isinstance(batch, dict) or set(batch) - {"contacts", "reports", "now"}:
            raise InvalidCase(f"a batch is {{contacts?, reports?, now?}}, got {batch!r}")
        now = batch.get("now", case.get("now"))
        if now is None:
            raise InvalidCase('a batch needs "now" (or the case\'s)')
        changes.append(engine.add(batch.get("contacts"), batch.get("reports"), now=now))
    out = engine.reconciliation()
    out["changes"] = changes
    return out


def op_history(case: Dict[str, Any]) -> Any:
    return filrouge.history(
        _input(case, "client_id"),
        _opt(case, "contacts"),
        _opt(case, "reports"),
        now=case.get("now"),
        config=case.get("config"),
        legal_entities=_opt(case, "legal_entities"),
        holds=_opt(case, "holds"),
    )


def op_restitution(case: Dict[str, Any]) -> Any:
    return filrouge.restitution(_input(case, "contact"), _config(case).get("restitution"))


def op_retention(case: Dict[str, Any]) -> Any:
    cfg = _config(case)
    unknown = set(cfg) - {"time_zone", "rules", "extra_rules"}
    if unknown:
        raise InvalidCase(f"unknown config keys {sorted(unknown)}")
    policy = filrouge.RetentionPolicy(time_zone=cfg.get("time_zone"), rules=cfg.get("rules"))
    if cfg.get("extra_rules"):
        policy = filrouge.RetentionPolicy(time_zone=policy.time_zone, rules=policy.rules + cfg["extra_rules"])
    return filrouge.evaluate(
        policy,
        _input(case, "records"),
        now=case.get("now"),
        holds=_opt(case, "holds"),
        erasures=_opt(case, "erasures"),
    )


def op_condition(case: Dict[str, Any]) -> Any:
    raw = _input(case, "condition")
    record = _opt(case, "record")
    if record is None:
        record = {}
    if not isinstance(record, dict):
        raise InvalidCase("input.record must be a JSON object")
    try:
        return {"result": filrouge.Condition(raw).evaluate(record)}
    except filrouge.FilrougeError as e:
        return {"error": e.code, "path": e.path, "message": str(e)}  # type: ignore[attr-defined]


def op_score(case: Dict[str, Any]) -> Any:
    return filrouge.score(filrouge.Routine(_input(case, "routine")), _companies(case))


def op_rescore(case: Dict[str, Any]) -> Any:
    routine = filrouge.Routine(_input(case, "routine"))
    return filrouge.rescore(routine, _opt(case, "previous"), _companies(case))


def _companies(case: Dict[str, Any]) -> List[Any]:
    companies = _opt(case, "companies")
    if companies is None:
        return []
    if not isinstance(companies, list) or not all(isinstance(c, dict) for c in companies):
        raise InvalidCase("input.companies is a list of JSON objects")
    return companies


def op_followup_merge(case: Dict[str, Any]) -> Any:
    return {"merged": filrouge.merge(_input(case, "a"), _input(case, "b"))}


def op_followup_lists(case: Dict[str, Any]) -> Any:
    out = filrouge.lists(
        _input(case, "followups"),
        _input(case, "user"),
        today=_input(case, "today"),
        filters=_opt(case, "filters"),
        targets=_opt(case, "targets"),
    )
    items = out["todo"] + out["upcoming"]
    return {
        "todo": [i["followup"]["target_id"] for i in out["todo"]],
        "upcoming": [i["followup"]["target_id"] for i in out["upcoming"]],
        "lateness": {i["followup"]["target_id"]: i["lateness"] for i in items},
        "rejected": out["rejected"],
    }


def op_nps(case: Dict[str, Any]) -> Any:
    return {"class": filrouge.nps_class(_input(case, "answer"))}


# --- script actions --------------------------------------------------------


def _step_args(step: Any, i: int, fields: Dict[str, Tuple[str, ...]]) -> Tuple[str, Dict[str, Any]]:
    """The step's action and arguments, checked against ``fields`` (action ->
    required keys; a trailing ``?`` marks an optional one)."""
    if not isinstance(step, dict) or step.get("do") not in fields:
        raise InvalidCase(f"steps[{i}]: unknown action {step!r}")
    action = step["do"]
    keys = fields[action]
    required = {k for k in keys if not k.endswith("?")}
    allowed = {k.rstrip("?") for k in keys}
    args = {k: v for k, v in step.items() if k != "do"}
    if set(args) - allowed or required - set(args):
        raise InvalidCase(f"steps[{i}]: {action} takes {sorted(allowed)}, got {sorted(args)}")
    return action, args


def _or_error(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except filrouge.FilrougeError as e:
        return {"error": e.code, "message": str(e)}  # type: ignore[attr-defined]


def _run_steps(steps: List[Any], fields: Dict[str, Tuple[str, ...]], step: Callable[[str, Dict[str, Any]], Any]) -> List[Any]:
    """Each step checked against ``fields`` and run by ``step``: its result,
    or the error it raised as data."""
    out: List[Any] = []
    for i, raw in enumerate(steps):
        try:
            action, a = _step_args(raw, i, fields)
            out.append(_or_error(lambda action=action, a=a: step(action, a)))
        except InvalidCase as e:
            out.append({"error": "invalid_input", "message": str(e)})
        except TypeError as e:
            out.append({"error": "type_error", "message": str(e)})
    return out


SCORING_STEPS: Dict[str, Tuple[str, ...]] = {
    "define_routine": ("routine",),
    "assign_routine": ("routine_id", "users"),
    "remove_routine": ("routine_id",),
    "set_routine_licence": ("user", "licence"),
    "visible_routines": ("user",),
    "set_default_routine": ("user", "routine_id"),
    "default_routine": ("user",),
    "set_tag": ("company_id", "routine_id", "tag?"),
    "mark_ex_client": ("company_id", "routine_id", "ex_client"),
    "tag_of": ("company_id", "routine_id"),
    "company_followup_put": ("user", "company_id"),
}


def script_scoring(case: Dict[str, Any], steps: List[Any]) -> List[Any]:
    """Tags (R-5.4) and routine visibility (R-5.5): one ``Directory``, one ``Tags``."""
    d, tags = filrouge.Directory(), filrouge.Tags()
    parsed = [_step_args(step, i, SCORING_STEPS) for i, step in enumerate(steps)]
    out: List[Any] = []
    for action, a in parsed:
        if action == "define_routine":

            def define(raw: Any = a["routine"]) -> Any:
                r = filrouge.Routine(raw)
                d.define_routine(r)
                return {"routine_id": r.id}

            out.append(_or_error(define))
        elif action == "assign_routine":
            out.append(_or_error(lambda a=a: (d.assign(a["routine_id"], a["users"]), {"routine_id": a["routine_id"], "users": a["users"]})[1]))
        elif action == "remove_routine":
            d.remove_routine(a["routine_id"])
            out.append({"routine_id": a["routine_id"]})
        elif action == "set_routine_licence":
            out.append(_or_error(lambda a=a: (d.set_licence(a["user"], a["licence"]), {"user": a["user"], "licence": a["licence"]})[1]))
        elif action == "visible_routines":
            out.append({"routines": d.visible_routines(a["user"])})
        elif action == "set_default_routine":
            out.append(_or_error(lambda a=a: {"default": a["routine_id"], "replaced": d.set_default_routine(a["user"], a["routine_id"])}))
        elif action == "default_routine":
            out.append({"default": d.default_routine(a["user"])})
        elif action == "set_tag":
            out.append(_or_error(lambda a=a: tags.set_tag(a["company_id"], a["routine_id"], a.get("tag"))))
        elif action == "mark_ex_client":
            out.append(_or_error(lambda a=a: tags.mark_ex_client(a["company_id"], a["routine_id"], a["ex_client"])))
        elif action == "tag_of":
            out.append(tags.tag_of(a["company_id"], a["routine_id"]))
        else:
            out.append(_or_error(lambda a=a: tags.followup_put(d, a["user"], a["company_id"])))
    return out


FOLLOWUP_STEPS: Dict[str, Tuple[str, ...]] = {
    "followup_put": ("followup?", "draft?", "today?"),
    "followup_put_all": ("followups",),
    "followup_get": ("target_id",),
    "followup_unassign": ("target_id", "user"),
    "followup_delete": ("target_id",),
    "followup_target": ("target_id", "info?"),
    "followup_lists": ("user", "today?", "filters?"),
    "followup_page": ("user", "today?", "list", "limit", "filters?", "cursor?", "continue?"),
    "followup_page_all": ("user", "today?", "list", "limit", "filters?"),
    "day_plan": ("user", "today?", "filters?", "suspects?", "max_suspects?"),
    "cadence_start": ("cadence", "target_id", "assignees", "event"),
    "cadence_done": ("target_id", "done_on"),
    "followup_export": (),
    "followup_import": ("state",),
}


def _items(items: List[Dict[str, Any]], first: int = 0) -> List[Dict[str, Any]]:
    return [
        {
            "target_id": i["followup"]["target_id"],
            "position": first + n,
            "due": i["followup"]["due"],
            "priority": i["followup"]["priority"],
            "assignees": i["followup"]["assignees"],
            "lateness": i["lateness"],
        }
        for n, i in enumerate(items)
    ]


def script_followup(case: Dict[str, Any], steps: List[Any]) -> List[Any]:
    """A ``FollowUpBook``, the cadence runs by target, the last page's cursor."""
    book = filrouge.FollowUpBook()
    runs: Dict[str, Tuple[Any, Dict[str, Any]]] = {}
    cursor: List[Optional[str]] = [None]
    config = case.get("config")

    def today(a: Dict[str, Any]) -> Any:
        if a.get("today") is not None:
            return a["today"]
        if case.get("now") is None:
            raise InvalidCase('this step needs "today" (or the case\'s "now")')
        return filrouge.today(case["now"], config)

    def put(f: Any) -> Dict[str, Any]:
        outcome = book.put(f)
        return {"outcome": outcome, "followup": book.get(f["target_id"])}

    def step(action: str, a: Dict[str, Any]) -> Any:
        if action == "followup_put":
            if ("followup" in a) == ("draft" in a):
                raise InvalidCase("followup_put takes either followup or draft")
            f = a["followup"] if "followup" in a else filrouge.build_draft(a["draft"], today=today(a))
            return put(f)
        if action == "followup_put_all":
            return {"rejected": book.put_all(a["followups"]), "len": len(book)}
        if action == "followup_get":
            return {"followup": book.get(a["target_id"])}
        if action == "followup_unassign":
            return book.unassign(a["target_id"], a["user"])
        if action == "followup_delete":
            return {"outcome": "deleted", "followup": book.delete(a["target_id"])}
        if action == "followup_target":
            book.set_target(a["target_id"], a.get("info") or {})
            return {"target_id": a["target_id"]}
        if action == "followup_lists":
            out = book.lists(a["user"], today=today(a), filters=a.get("filters"))
            return {"todo": _items(out["todo"]), "upcoming": _items(out["upcoming"])}
        if action == "followup_page":
            at = cursor[0] if a.get("continue") else a.get("cursor")
            page = book.page(a["user"], today=today(a), list=a["list"], limit=a["limit"], filters=a.get("filters"), cursor=at)
            cursor[0] = page["next_cursor"]
            return {"items": _items(page["items"]), "has_next": page["next_cursor"] is not None, "next_cursor": page["next_cursor"]}
        if action == "followup_page_all":
            items: List[Any] = []
            sizes: List[int] = []
            at = None
            while True:
                page = book.page(a["user"], today=today(a), list=a["list"], limit=a["limit"], filters=a.get("filters"), cursor=at)
                sizes.append(len(page["items"]))
                items.extend(_items(page["items"], len(items)))
                at = page["next_cursor"]
                if at is None:
                    break
            return {"pages": len(sizes), "sizes": sizes, "items": items}
        if action == "day_plan":
            options: Dict[str, Any] = {"suspects": a.get("suspects") or []}
            if a.get("max_suspects") is not None:
                options["max_suspects"] = a["max_suspects"]
            plan = book.day_plan(a["user"], today=today(a), filters=a.get("filters"), options=options)
            lines = []
            for n, item in enumerate(plan["items"]):
                line = dict(item, position=n)
                if "followup" in item:
                    line["target_id"] = item["followup"]["target_id"]
                    line["priority"] = item["followup"]["priority"]
                else:
                    line["target_id"] = item["company_id"]
                lines.append(line)
            return {"plan": lines, "rejected": plan["rejected"]}
        if action == "cadence_start":
            cadence = filrouge.Cadence(a["cadence"])
            run, f = cadence.start(a["target_id"], a["assignees"], a["event"])
            done = put(f)
            runs[a["target_id"]] = (cadence, run)
            return {"step": run["step"], "outcome": done["outcome"], "followup": done["followup"]}
        if action == "cadence_done":
            if a["target_id"] not in runs:
                return {"error": "unknown_target", "message": f"no cadence runs on {a['target_id']!r}"}
            cadence, run = runs[a["target_id"]]
            run, nxt = cadence.done(run, a["done_on"])
            runs[a["target_id"]] = (cadence, run)
            # The step is done: its follow-up goes, the next one is put.
            if book.contains(a["target_id"]):
                book.delete(a["target_id"])
            if nxt is None:
                return {"step": run["step"], "finished": True, "followup": None}
            return {"step": run["step"], "finished": False, "followup": put(nxt)["followup"]}
        if action == "followup_export":
            return book.export()
        return {"rejected": book.import_(a["state"]), "len": len(book)}

    return _run_steps(steps, FOLLOWUP_STEPS, step)


REVEAL_STEPS: Dict[str, Tuple[str, ...]] = {
    # Arguments the binding takes as one request dict are checked by the binding.
    "recommend": ("tenant", "context", "requester", "contact", "at"),
    "open_project": ("tenant", "context", "requester", "at"),
    "reveal": ("*",),
    "impersonate": ("admin", "key", "tenant", "viewer", "role", "subject", "context", "at"),
    "can_see": ("tenant", "viewer", "role", "subject", "context", "at"),
    "change_coordinates": ("tenant", "subject", "at"),
    "leave_company": ("tenant", "subject", "at"),
    "enrich": ("*",),
    "mark_diagnostic": ("*",),
    "undo_diagnostic": ("*",),
    "diagnostic": ("tenant", "project"),
    "reveal_stats": ("*",),
    "consumption": ("tenant", "at"),
    "merge_ledgers": ("into?", "from"),
    "export_events": (),
    "import_events": ("events",),
    "replay": (),
    "compare_ledgers": ("a", "b"),
}

#: Actions whose steps take the script's ``tenant`` and (but ``diagnostic``) the case's ``now`` as ``at``.
REVEAL_TAKES_TENANT = {
    "recommend", "open_project", "reveal", "impersonate", "can_see", "change_coordinates", "leave_company",
    "enrich", "mark_diagnostic", "undo_diagnostic", "diagnostic", "consumption",
}


def script_reveal(case: Dict[str, Any], steps: List[Any]) -> List[Any]:
    """Named ``RevealLedger``s (default ``main``), all with the case's config."""
    config = case.get("config")
    tenant = (case.get("input") or {}).get("tenant")
    ledgers: Dict[str, Any] = {}

    def ledger(name: str) -> Any:
        if name not in ledgers:
            ledgers[name] = filrouge.RevealLedger(config)
        return ledgers[name]

    def same(x: Any, y: Any) -> bool:
        return bool(x == y and x.stats() == y.stats())

    def step(raw: Any) -> Any:
        if not isinstance(raw, dict) or not isinstance(raw.get("do"), str):
            raise InvalidCase(f"a step needs \"do\": an action name, got {raw!r}")
        action = raw["do"]
        if action not in REVEAL_STEPS:
            return {"error": "unknown_action", "message": f"no reveal action named {action!r}"}
        a = {k: v for k, v in raw.items() if k not in ("do", "ledger")}
        name = raw.get("ledger", "main")
        if not isinstance(name, str):
            raise InvalidCase(f'"ledger" is a name, got {name!r}')
        if action in REVEAL_TAKES_TENANT:
            if tenant is not None:
                a.setdefault("tenant", tenant)
            if case.get("now") is not None and action != "diagnostic":
                a.setdefault("at", case["now"])
        if REVEAL_STEPS[action] != ("*",):
            _, a = _step_args(dict(a, do=action), 0, {action: REVEAL_STEPS[action]})
        led = ledger(name)
        if action == "recommend":
            led.recommend(a["tenant"], a["context"], a["requester"], a["contact"], at=a["at"])
            return {"ok": True}
        if action == "open_project":
            led.open_project(a["tenant"], a["context"], a["requester"], at=a["at"])
            return {"ok": True}
        if action == "reveal":
            return led.reveal(a)
        if action == "impersonate":
            request = {k: v for k, v in a.items() if k != "admin"}
            return led.reveal(dict(request, impersonated_by=a["admin"]))
        if action == "can_see":
            return led.can_see(a["tenant"], a["viewer"], a["role"], a["subject"], a["context"], now=a["at"])
        if action == "change_coordinates":
            led.change_coordinates(a["tenant"], a["subject"], at=a["at"])
            return {"ok": True}
        if action == "leave_company":
            led.leave_company(a["tenant"], a["subject"], at=a["at"])
            return {"ok": True}
        if action == "enrich":
            return led.enrich(a)
        if action == "mark_diagnostic":
            return led.mark_diagnostic(a)
        if action == "undo_diagnostic":
            return led.undo_diagnostic(a)
        if action == "diagnostic":
            return led.diagnostic(a["tenant"], a["project"])
        if action == "reveal_stats":
            return led.stats(a)
        if action == "consumption":
            return led.consumption(a["tenant"], now=a["at"])
        if action == "export_events":
            events = led.events()
            return {"count": len(events), "events": events}
        if action == "import_events":
            return led.import_(a["events"])
        if action == "replay":
            replayed, report = filrouge.RevealLedger.from_events(led.events(), config)
            return {"same": same(replayed, led), "events": len(replayed), "rejected": report["rejected"]}
        if action == "merge_ledgers":
            source = ledgers.get(a["from"]) or filrouge.RevealLedger(config)
            return ledger(a.get("into", "main")).merge(source.copy())
        x = ledgers.get(a["a"]) or filrouge.RevealLedger(config)
        y = ledgers.get(a["b"]) or filrouge.RevealLedger(config)
        return {"equal": same(x, y), "events": [len(x), len(y)]}

    out: List[Any] = []
    for raw in steps:
        try:
            out.append(_or_error(lambda raw=raw: step(raw)))
        except InvalidCase as e:
            out.append({"error": "invalid_input", "message": str(e)})
        except TypeError as e:
            out.append({"error": "type_error", "message": str(e)})
    return out


TRIGGER_STEPS: Dict[str, Tuple[str, ...]] = {
    "survey_response": ("response",),
    "survey_responses": ("responses",),
    "trigger_define": ("trigger",),
    "trigger_fired": ("trigger_id", "response_id"),
    "trigger_log_reload": (),
    "survey_send": ("client_id", "survey_id", "kind?", "at"),
    "survey_send_check": ("client_id", "survey_id", "kind?", "at"),
    "survey_pressure_reload": (),
}


def script_trigger(case: Dict[str, Any], steps: List[Any]) -> List[Any]:
    """One ``TriggerSet`` (``input.triggers``, ``input.surveys``), one
    ``FiredLog``, one ``SurveyPressure``. Invalid triggers fail the case."""
    config = _config(case)
    unknown = set(config) - {"custom_field_names", "pressure"}
    if unknown:
        raise InvalidCase(f"unknown config keys {sorted(unknown)}")
    trigger_config = {"custom_field_names": config.get("custom_field_names") or {}}
    triggers = list(_opt(case, "triggers") or [])
    surveys = list(_opt(case, "surveys") or [])
    state: Dict[str, Any] = {
        "set": filrouge.TriggerSet(triggers, trigger_config),
        "log": filrouge.FiredLog(),
        "pressure": filrouge.SurveyPressure(config.get("pressure")),
    }

    def step(action: str, a: Dict[str, Any]) -> Any:
        if action == "survey_response":
            response = a["response"]
            survey_id = response.get("survey_id") if isinstance(response, dict) else None
            survey = next((x for x in surveys if isinstance(x, dict) and x.get("id") == survey_id), None)
            if survey is None:
                return {"error": "unknown_survey", "message": f"no survey {survey_id!r} in input.surveys"}
            return state["set"].evaluate(state["log"], survey, response)
        if action == "survey_responses":
            return state["set"].evaluate_all(state["log"], surveys, a["responses"])
        if action == "trigger_define":
            trigger = a["trigger"]
            new = [t for t in triggers if not (isinstance(t, dict) and isinstance(trigger, dict) and t.get("id") == trigger.get("id"))]
            new.append(trigger)
            state["set"] = filrouge.TriggerSet(new, trigger_config)
            triggers[:] = new
            return {"triggers": len(triggers)}
        if action == "trigger_fired":
            return {"fired": state["log"].has_fired(a["trigger_id"], a["response_id"])}
        if action == "trigger_log_reload":
            state["log"] = filrouge.FiredLog.from_dict(json.loads(json.dumps(state["log"].to_dict())))
            return {"fired": len(state["log"])}
        if action == "survey_send":
            return state["pressure"].send(a)
        if action == "survey_send_check":
            return state["pressure"].check(a)
        state["pressure"] = filrouge.SurveyPressure.from_dict(json.loads(json.dumps(state["pressure"].to_dict(), default=lambda x: x.isoformat())))
        return {"clients": len(state["pressure"])}

    return _run_steps(steps, TRIGGER_STEPS, step)


PIPELINE_STEPS: Dict[str, Tuple[str, ...]] = {
    "pipeline_create": ("organisation", "by", "at"),
    "pipeline_update": ("organisation",),
    "pipeline_move": ("organisation_id", "to", "by", "at"),
    "pipeline_eligibility": ("organisation?", "organisation_id?"),
    "pipeline_plan": ("organisation_id",),
    "pipeline_card": ("organisation_id",),
    "pipeline_reload": (),
}


def script_pipeline(case: Dict[str, Any], steps: List[Any]) -> List[Any]:
    """One ``Pipeline`` configured by the case's ``config``."""
    state = {"p": filrouge.Pipeline(case.get("config"))}

    def step(action: str, a: Dict[str, Any]) -> Any:
        p = state["p"]
        if action == "pipeline_create":
            return {"stage": p.create(a["organisation"], a["by"], at=a["at"])["stage"]}
        if action == "pipeline_update":
            card = p.update(a["organisation"])
            return {"stage": card["stage"], "eligibility": filrouge.eligibility(card["organisation"])}
        if action == "pipeline_move":
            return p.move_to(a["organisation_id"], a["to"], a["by"], at=a["at"])
        if action == "pipeline_eligibility":
            if ("organisation" in a) == ("organisation_id" in a):
                raise InvalidCase("pipeline_eligibility takes organisation or organisation_id")
            if "organisation" in a:
                return filrouge.eligibility(a["organisation"])
            return filrouge.eligibility(p.card(a["organisation_id"])["organisation"])
        if action == "pipeline_plan":
            return p.plan(a["organisation_id"])
        if action == "pipeline_card":
            return p.card(a["organisation_id"])
        state["p"] = filrouge.Pipeline.from_dict(json.loads(json.dumps(p.to_dict(), default=lambda x: x.isoformat())))
        return {"organisations": len(state["p"])}

    return _run_steps(steps, PIPELINE_STEPS, step)


#: op name -> (how to run it, the output keys whose lists are ordered).
OPS: Dict[str, Tuple[Callable[[Dict[str, Any]], Any], Tuple[str, ...]]] = {
    "reconcile": (op_reconcile, ()),
    "reconcile_batches": (op_reconcile_batches, ("changes",)),
    "history": (op_history, ("entries",)),
    "restitution": (op_restitution, ()),
    "retention": (op_retention, ()),
    "condition": (op_condition, ()),
    "score": (op_score, ("ranking",)),
    "rescore": (op_rescore, ("ranking",)),
    "followup_merge": (op_followup_merge, ()),
    "followup_lists": (op_followup_lists, ("todo", "upcoming")),
    "nps": (op_nps, ()),
}

#: script action -> the module that runs a script starting with it.
SCRIPT_ACTIONS: Dict[str, Callable[[Dict[str, Any], List[Any]], List[Any]]] = {
    **{action: script_scoring for action in SCORING_STEPS},
    **{action: script_followup for action in FOLLOWUP_STEPS},
    **{action: script_reveal for action in REVEAL_STEPS},
    **{action: script_trigger for action in TRIGGER_STEPS},
    **{action: script_pipeline for action in PIPELINE_STEPS},
}


def run(case: Dict[str, Any]) -> Any:
    """The case's actual output; an error as ``{"error": code, "message"}``.

    Raises ``Skip`` for an op of a module the binding does not expose yet.
    """
    op = case.get("op")
    try:
        if op == "script":
            steps = _input(case, "steps")
            first = steps[0].get("do") if steps and isinstance(steps[0], dict) else None
            if first not in SCRIPT_ACTIONS:
                raise Skip(f"script action {first!r}: module not exposed by the Python binding yet")
            return {"results": SCRIPT_ACTIONS[first](case, steps)}
        if op not in OPS:
            raise Skip(f"op {op!r}: module not exposed by the Python binding yet")
        return OPS[op][0](case)
    except filrouge.FilrougeError as e:
        return {"error": e.code, "message": str(e)}  # type: ignore[attr-defined]
    except InvalidCase as e:
        return {"error": "invalid_input", "message": str(e)}
    except TypeError as e:
        return {"error": "type_error", "message": str(e)}


# --- comparison ----------------------------------------------------------


def _instant(x: Any) -> Optional[dt.datetime]:
    if isinstance(x, dt.datetime):
        return x if x.utcoffset() is not None else None
    if isinstance(x, str) and len(x) >= 20 and x[4:5] == "-" and x[10:11] in ("T", "t"):
        try:
            v = dt.datetime.fromisoformat(x.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            return None
        return v if v.utcoffset() is not None else None
    return None


def _day(x: Any) -> Optional[dt.date]:
    if isinstance(x, dt.date) and not isinstance(x, dt.datetime):
        return x
    if isinstance(x, str) and len(x) == 10:
        try:
            return dt.date.fromisoformat(x)
        except ValueError:
            return None
    return None


def compare(expected: Any, actual: Any, ordered: Tuple[str, ...] = (), path: str = "$", in_order: bool = False) -> Optional[str]:
    """None when ``actual`` matches ``expected``, else what differs."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{path}: expected an object with keys {sorted(expected)}, got {actual!r}"
        for key, want in expected.items():
            if key == "message":
                continue
            sub = f"{path}.{key}"
            if key not in actual:
                if want is None:
                    continue
                return f"{sub}: missing (expected {want!r})"
            diff = compare(want, actual[key], ordered, sub, key in ordered)
            if diff:
                return diff
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return f"{path}: expected a list, got {actual!r}"
        if len(expected) != len(actual):
            return f"{path}: expected {len(expected)} items, got {len(actual)}"
        if in_order:
            for i, (e, a) in enumerate(zip(expected, actual)):
                diff = compare(e, a, ordered, f"{path}[{i}]")
                if diff:
                    return diff
            return None
        return _compare_sets(expected, actual, ordered, path)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return None if type(expected) is type(actual) and expected == actual else f"{path}: expected {expected!r}, got {actual!r}"
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return None if float(expected) == float(actual) else f"{path}: expected {expected!r}, got {actual!r}"
    if expected == actual:
        return None
    e_t, a_t = _instant(expected), _instant(actual)
    if e_t is not None and a_t is not None:
        return None if e_t == a_t else f"{path}: expected {expected!r}, got {actual!r}"
    e_d, a_d = _day(expected), _day(actual)
    if e_d is not None and a_d is not None and e_d == a_d:
        return None
    return f"{path}: expected {expected!r}, got {actual!r}"


def _compare_sets(expected: List[Any], actual: List[Any], ordered: Tuple[str, ...], path: str) -> Optional[str]:
    """A perfect matching (augmenting paths) of expected items to actual ones."""
    fits = [[j for j, a in enumerate(actual) if compare(e, a, ordered, path) is None] for e in expected]
    owner: List[Optional[int]] = [None] * len(actual)

    def augment(i: int, seen: List[bool]) -> bool:
        for j in fits[i]:
            if seen[j]:
                continue
            seen[j] = True
            k = owner[j]
            if k is None or augment(k, seen):
                owner[j] = i
                return True
        return False

    for i, item in enumerate(expected):
        if not augment(i, [False] * len(actual)):
            return f"{path}: no actual item matches expected {item!r}"
    return None


def check(case: Dict[str, Any]) -> Optional[str]:
    """None when the case passes, else what differs. Raises ``Skip``."""
    actual = run(case)
    ordered = ("results",) if case.get("op") == "script" else OPS[case["op"]][1]
    diff = compare(case["expected"], actual, ordered)
    return None if diff is None else f"{diff}\n  actual: {actual!r}"


def main(argv: List[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else VECTORS
    passed = failed = skipped = 0
    skipped_ops: Dict[str, int] = {}
    for case_id, case in load_cases(root):
        try:
            diff = check(case)
        except Skip:
            skipped += 1
            skipped_ops[str(case.get("op"))] = skipped_ops.get(str(case.get("op")), 0) + 1
            continue
        if diff is None:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {case_id} [{case.get('rule')}] {case.get('name')}: {diff}")
    if skipped_ops:
        print("skipped (module not exposed yet): " + ", ".join(f"{k} ×{v}" for k, v in sorted(skipped_ops.items())))
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
