"""filrouge: CRM contact-tracking rules as pure functions over plain data.

Inputs are the JSON shapes of SPEC §9 as plain dicts and lists (instants as
timezone-aware ``datetime`` objects or RFC 3339 strings), or, for batches,
any Arrow object (PyCapsule interface). Outputs are plain dicts and lists
(instants as aware UTC ``datetime``), or ``Table`` objects for Arrow input.
"""

import datetime as _dt
from typing import final, overload, Any, Dict, Iterable, List, Literal, Mapping, Optional, Protocol, Tuple, TypedDict, Union

__version__: str
__all__ = [
    "__version__",
    "CommentTooLongError", "DuplicateDailyReportError", "DuplicateIdError", "EmptyIdError",
    "EmptyPartiesError", "EmptyReferenceError", "Evaluator", "FilrougeError", "InvalidInputError",
    "NotANaturalPersonError", "Reconciler", "RetentionPolicy", "Table", "UnsupportedReportChannelError",
    "Condition", "InvalidConditionError", "UnknownKeyError", "MissingKeyError", "InvalidFieldError",
    "UnknownOperatorError", "MissingValueError", "UnexpectedValueError", "InvalidValueError", "NotAListError",
    "MixedListError", "BetweenNotAPairError", "BetweenReversedError", "InvalidDateError", "TooDeepError",
    "TypeMismatchError",
    "Routine", "Companies", "Tags", "Directory", "InvalidRoutineError", "TooManyCriteriaError",
    "MissingIdError", "UnknownRoutineError", "RoutineNotVisibleError", "score", "rescore",
    "call_outcome", "evaluate", "hidden_reason", "history", "is_private_subject", "reconcile",
    "restitution", "truncate_chars",
    "FollowUpBook", "Cadence", "merge", "unassign", "build_draft", "lateness", "today", "lists", "day_plan",
    "NoAssigneeError", "DifferentTargetsError", "UnknownTargetError", "NotAssignedError", "BadCursorError",
    "ZeroLimitError", "EmptyCadenceError", "CadenceFinishedError", "CadenceMismatchError", "DateOutOfRangeError",
    "RevealLedger", "RevealNotAllowedError", "WrongContextKindError", "IdempotencyKeyReusedError",
    "DiagnosticNotAllowedError", "DiagnosticAlreadyMarkedError", "DiagnosticNotMarkedError", "LedgerFullError",
    "nps_class", "FiredLog", "TriggerSet", "SurveyPressure", "InvalidNpsAnswerError", "UnknownSurveyError",
    "InvalidCustomFieldError", "UnknownCustomFieldError", "UnknownTargetFieldError", "AmbiguousCustomFieldError",
    "DuplicateTargetFieldError", "InvalidTriggerError",
    "partition_key", "partition_keys", "ClientGroups", "Array",
    "Pipeline", "eligibility", "can_move_to", "DuplicateOrganisationError", "UnknownOrganisationError",
    "InvalidTransitionError", "AlreadyInStageError", "MoveBeforeLastError", "NotEligibleError", "NoAccountError",
]

# --- typing helpers (not present at runtime) -------------------------------

class _ArrowStream(Protocol):
    """Anything exporting an Arrow C stream (pyarrow, polars, DuckDB)."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...

class _ArrowArray(Protocol):
    """Anything exporting an Arrow C array (a pyarrow RecordBatch)."""

    def __arrow_c_array__(self, requested_schema: Optional[object] = None) -> Tuple[object, object]: ...

_Instant = Union[_dt.datetime, str]
"""A timezone-aware datetime (a naive one is a TypeError) or an RFC 3339 string."""
_Record = Mapping[str, Any]
_Records = Union[Iterable[_Record], _ArrowStream, _ArrowArray]
_Channel = Literal["phone", "email", "sms", "meeting", "video", "letter", "notification"]
_Part = Literal["record", "body", "attachments", "inline_images"]
_MailSource = Literal["crm_msi", "exchange_outlook", "exchange_msi", "mail_brick"]

class _Rejection(TypedDict):
    id: str
    rule: str
    code: str
    message: str

class _Link(TypedDict):
    report_id: str
    contact_id: str
    rule: Literal["just_after", "last_of_day"]

class _Orphan(TypedDict):
    report_id: str
    status: Literal["provisional", "final"]

class _Reconciliation(TypedDict):
    links: List[_Link]
    orphans: List[_Orphan]
    reported: List[str]
    rejected: List[_Rejection]

class _Coverage(TypedDict):
    channel: _Channel
    since: _dt.datetime

class _History(TypedDict):
    client_id: str
    entries: List[Dict[str, Any]]
    coverage: List[_Coverage]

class _Kept(TypedDict, total=False):
    part: _Part
    reason: Literal["retention", "no_rule", "hold"]
    until: _dt.datetime

class _RecordVerdict(TypedDict):
    id: str
    purge: List[_Part]
    next_expiry: Optional[_dt.datetime]
    kept: List[_Kept]
    erased: bool

class _Evaluation(TypedDict):
    records: List[_RecordVerdict]
    rejected: List[_Rejection]

class _Verdict(TypedDict):
    purge: List[_Part]
    next_expiry: Optional[_dt.datetime]
    kept: List[_Kept]
    held: bool
    erased: bool

# --- errors ------------------------------------------------------------------

class FilrougeError(Exception):
    """Base class of every filrouge error."""

    code: str
    rule: Optional[str]
    path: Optional[str]
    message: str

class InvalidInputError(FilrougeError, ValueError):
    """An argument does not have the expected shape (the message names the field)."""

class EmptyIdError(FilrougeError, ValueError): ...
class EmptyPartiesError(FilrougeError, ValueError): ...
class EmptyReferenceError(FilrougeError, ValueError): ...
class DuplicateIdError(FilrougeError, ValueError): ...
class CommentTooLongError(FilrougeError, ValueError): ...
class DuplicateDailyReportError(FilrougeError, ValueError): ...
class UnsupportedReportChannelError(FilrougeError, ValueError): ...
class NotANaturalPersonError(FilrougeError, ValueError): ...
class InvalidConditionError(FilrougeError, ValueError): ...
class UnknownKeyError(FilrougeError, ValueError): ...
class MissingKeyError(FilrougeError, ValueError): ...
class InvalidFieldError(FilrougeError, ValueError): ...
class UnknownOperatorError(FilrougeError, ValueError): ...
class MissingValueError(FilrougeError, ValueError): ...
class UnexpectedValueError(FilrougeError, ValueError): ...
class InvalidValueError(FilrougeError, ValueError): ...
class NotAListError(FilrougeError, ValueError): ...
class MixedListError(FilrougeError, ValueError): ...
class BetweenNotAPairError(FilrougeError, ValueError): ...
class BetweenReversedError(FilrougeError, ValueError): ...
class InvalidDateError(FilrougeError, ValueError): ...
class TooDeepError(FilrougeError, ValueError): ...
class TypeMismatchError(FilrougeError, ValueError): ...
class InvalidRoutineError(FilrougeError, ValueError): ...
class TooManyCriteriaError(FilrougeError, ValueError): ...
class MissingIdError(FilrougeError, ValueError): ...
class UnknownRoutineError(FilrougeError, ValueError): ...
class RoutineNotVisibleError(FilrougeError, ValueError): ...
class NoAssigneeError(FilrougeError, ValueError): ...
class DifferentTargetsError(FilrougeError, ValueError): ...
class UnknownTargetError(FilrougeError, ValueError): ...
class NotAssignedError(FilrougeError, ValueError): ...
class BadCursorError(FilrougeError, ValueError): ...
class ZeroLimitError(FilrougeError, ValueError): ...
class EmptyCadenceError(FilrougeError, ValueError): ...
class CadenceFinishedError(FilrougeError): ...
class CadenceMismatchError(FilrougeError, ValueError): ...
class DateOutOfRangeError(FilrougeError, ValueError): ...
class RevealNotAllowedError(FilrougeError): ...
class WrongContextKindError(FilrougeError, ValueError): ...
class IdempotencyKeyReusedError(FilrougeError, ValueError): ...
class DiagnosticNotAllowedError(FilrougeError): ...
class DiagnosticAlreadyMarkedError(FilrougeError): ...
class DiagnosticNotMarkedError(FilrougeError): ...
class LedgerFullError(FilrougeError): ...
class InvalidNpsAnswerError(FilrougeError, ValueError): ...
class UnknownSurveyError(FilrougeError, ValueError): ...
class InvalidCustomFieldError(FilrougeError, ValueError): ...
class UnknownCustomFieldError(FilrougeError, ValueError): ...
class UnknownTargetFieldError(FilrougeError, ValueError): ...
class AmbiguousCustomFieldError(FilrougeError, ValueError): ...
class DuplicateTargetFieldError(FilrougeError, ValueError): ...
class InvalidTriggerError(FilrougeError, ValueError): ...
class DuplicateOrganisationError(FilrougeError, ValueError): ...
class UnknownOrganisationError(FilrougeError, ValueError): ...
class InvalidTransitionError(FilrougeError): ...
class AlreadyInStageError(FilrougeError): ...
class MoveBeforeLastError(FilrougeError, ValueError): ...
class NotEligibleError(FilrougeError): ...
class NoAccountError(FilrougeError): ...

# --- Arrow output ------------------------------------------------------------

@final
class Table:
    """Arrow data returned by filrouge: ``pyarrow.table(t)``, ``polars.DataFrame(t)``."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object:
        """Exports the table as an Arrow C stream (PyCapsule ``arrow_array_stream``)."""
    def __arrow_c_schema__(self) -> object:
        """Exports the schema (PyCapsule ``arrow_schema``)."""
    def __len__(self) -> int: ...
    @property
    def column_names(self) -> List[str]:
        """The column names, in order."""

@final
class Array:
    """One Arrow array returned by filrouge (partition keys): ``pyarrow.array(a)``, ``polars.Series(a)``."""

    def __arrow_c_array__(self, requested_schema: Optional[object] = None) -> Tuple[object, object]:
        """Exports the array (PyCapsules ``arrow_schema`` and ``arrow_array``)."""
    def __len__(self) -> int: ...

# --- history (SPEC §1, §2 restitution) ---------------------------------------

def reconcile(
    contacts: Optional[_Records],
    reports: Optional[_Records],
    *,
    now: _Instant,
    config: Optional[Mapping[str, Any]] = None,
) -> Any:
    """Reconciles contacts with reports at ``now`` (R-1.1 … R-1.8).

    Returns a ``_Reconciliation`` dict, or a dict of ``Table`` (same keys)
    when an input was Arrow data.
    """

def history(
    client_id: str,
    contacts: Optional[_Records],
    reports: Optional[_Records],
    *,
    now: _Instant,
    config: Optional[Mapping[str, Any]] = None,
    legal_entities: Optional[Iterable[str]] = None,
    holds: Optional[Iterable[str]] = None,
) -> _History:
    """The history of ``client_id`` at ``now`` (R-1.6, R-1.10)."""

def restitution(contact: _Record, filters: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    """Whether histories show ``contact`` (R-2.1 … R-2.4)."""

def hidden_reason(contact: _Record, filters: Optional[Mapping[str, Any]] = None) -> Optional[str]:
    """Why histories hide ``contact``, or None."""

def call_outcome(contact: _Record) -> Optional[str]:
    """The outcome of an inbound call (R-2.2), or None."""

def is_private_subject(subject: str, words: Optional[Iterable[str]] = None) -> bool:
    """Whether a mail subject is private (R-2.3)."""

def truncate_chars(text: str, max: int) -> Tuple[str, bool]:
    """``text`` cut to ``max`` characters, and whether it was cut (R-1.10)."""

@final
class Reconciler:
    """The incremental reconciliation engine (R-1.9)."""

    def __new__(cls, config: Optional[Mapping[str, Any]] = None) -> Reconciler: ...
    def add(
        self, contacts: Optional[_Records] = None, reports: Optional[_Records] = None, *, now: _Instant
    ) -> List[Dict[str, Any]]:
        """Adds a batch at ``now``; returns the changes."""
    def advance(self, now: _Instant) -> List[Dict[str, Any]]:
        """Moves time forward (R-1.7); returns the changes."""
    def reconciliation(self) -> _Reconciliation:
        """The whole state, as one ``reconcile`` over everything received."""
    def report_state(self, report_id: str) -> Optional[Dict[str, Any]]:
        """The state of one report, None if never received."""
    def history(
        self, client_id: str, *, legal_entities: Optional[Iterable[str]] = None, holds: Optional[Iterable[str]] = None
    ) -> _History:
        """The history of ``client_id`` at the last ``now`` given."""
    @property
    def config(self) -> Dict[str, Any]:
        """The configuration, as a dict."""

# --- retention (SPEC §2, R-2.6 …) --------------------------------------

@final
class RetentionPolicy:
    """A retention policy (R-2.6, R-2.7); ``RetentionPolicy()`` is R-2.6's table."""

    def __new__(
        cls, time_zone: Optional[str] = None, rules: Optional[Iterable[Mapping[str, Any]]] = None
    ) -> RetentionPolicy: ...
    @staticmethod
    def from_dict(policy: Mapping[str, Any]) -> RetentionPolicy:
        """A policy from its dict shape."""
    def to_dict(self) -> Dict[str, Any]:
        """The policy as a dict."""
    @property
    def time_zone(self) -> str:
        """The IANA time zone."""
    @property
    def rules(self) -> List[Dict[str, Any]]:
        """The rules, as dicts."""
    def expiry(
        self, channel: _Channel, mail_source: Optional[_MailSource], part: _Part, occurred_at: _Instant
    ) -> Optional[_dt.datetime]:
        """When ``part`` expires; None when no rule limits it."""
    def __eq__(self, other: object, /) -> bool: ...

def evaluate(
    policy: Union[RetentionPolicy, Mapping[str, Any], None],
    records: _Records,
    *,
    now: _Instant,
    holds: Optional[Iterable[str]] = None,
    erasures: Optional[Iterable[str]] = None,
) -> Any:
    """Evaluates ``policy`` at ``now`` over ``records`` (R-2.6 … R-2.9).

    Returns an ``_Evaluation`` dict, or a dict of ``Table`` for Arrow input.
    """

@final
class Evaluator:
    """A policy, holds and erasures applied at one ``now``, record by record."""

    def __new__(
        cls,
        policy: Union[RetentionPolicy, Mapping[str, Any], None] = None,
        *,
        now: _Instant,
        holds: Optional[Iterable[str]] = None,
        erasures: Optional[Iterable[str]] = None,
    ) -> Evaluator: ...
    def evaluate_one(self, record: _Record) -> _Verdict:
        """The verdict on one record."""
    def verdict(
        self,
        channel: _Channel,
        mail_source: Optional[_MailSource],
        occurred_at: _Instant,
        *,
        held: bool = False,
        erased: bool = False,
    ) -> _Verdict:
        """The verdict on a contact given by its fields."""

# --- conditions (SPEC §6, R-6.1) ---------------------------------------------

@final
class Condition:
    """A condition (R-6.1), validated once, then evaluated against records."""

    def __new__(cls, condition: Mapping[str, Any]) -> Condition: ...
    def evaluate(self, record: Mapping[str, Any]) -> bool:
        """Whether ``record`` meets the condition (``TypeMismatchError`` on a type clash)."""
    def to_dict(self) -> Dict[str, Any]:
        """The condition as a dict."""
    def fields(self) -> List[str]:
        """The fields the condition reads, in order of appearance."""
    def __eq__(self, other: object, /) -> bool: ...

# --- scoring (SPEC §5, R-5.1 …) ----------------------------------------

_Tag = Literal["suspect", "prospect", "client", "out_of_target"]
_Licence = Literal["standard", "manager"]

class _Contribution(TypedDict):
    criterion: int
    weight: Literal["important", "notable", "interesting"]
    added: int

class _Ranked(TypedDict):
    company_id: str
    score: int
    raw: int
    matched: List[_Contribution]

class _TagState(TypedDict):
    tag: Optional[_Tag]
    ex_client: bool

@final
class Routine:
    """A routine (R-5.1, R-5.6): mandatory and weighted criteria, validated once."""

    def __new__(cls, routine: Mapping[str, Any]) -> Routine: ...
    @property
    def id(self) -> str:
        """The routine's id."""
    @property
    def title(self) -> str:
        """Its title."""
    @property
    def description(self) -> Optional[str]:
        """Its description, if any."""
    @property
    def users(self) -> List[str]:
        """The users it is assigned to."""
    @property
    def notify_at(self) -> Optional[int]:
        """The score at which a company is notified (R-5.3), if any."""
    def to_dict(self) -> Dict[str, Any]:
        """The routine as a dict."""
    def __eq__(self, other: object, /) -> bool: ...

@final
class Companies:
    """Companies as columns, built once and scored by many routines."""

    def __new__(cls, companies: Optional[_Records] = None) -> Companies: ...
    def push(self, company: _Record) -> int:
        """Appends a company; returns its row."""
    def __len__(self) -> int: ...
    @property
    def fields(self) -> List[str]:
        """The field (column) names, ``id`` aside."""

def score(routine: Union[Routine, Mapping[str, Any]], companies: Union[_Records, Companies]) -> Any:
    """Scores ``routine`` over ``companies`` (R-5.1, R-5.2, R-5.6).

    Returns ``{"ranking": [_Ranked], "excluded": [str], "rejected": [...]}``, or a dict of
    ``Table`` for Arrow input (and a ``Companies`` built from Arrow).
    """

def rescore(
    routine: Union[Routine, Mapping[str, Any]], previous: Optional[Iterable[Mapping[str, Any]]], companies: Iterable[_Record]
) -> Dict[str, Any]:
    """Scores and compares with the previous run (R-5.3)."""

@final
class Tags:
    """Tags per (company, routine) and their ``ex_client`` mark (R-5.4)."""

    def __new__(cls) -> Tags: ...
    def tag_of(self, company_id: str, routine_id: str) -> _TagState:
        """The state of a company in a routine."""
    def set_tag(self, company_id: str, routine_id: str, tag: Optional[_Tag]) -> _TagState:
        """Sets (or clears) the tag; returns the new state."""
    def mark_ex_client(self, company_id: str, routine_id: str, ex_client: bool) -> _TagState:
        """Sets or clears the ``ex_client`` mark; returns the new state."""
    def followup_put(self, directory: Directory, user: str, company_id: str) -> Dict[str, Any]:
        """A follow-up was put on a company by ``user`` (R-5.4): ``{"routine_id", "from", "to", "changed"}``."""

@final
class Directory:
    """Routines, assignments, licences and default routines (R-5.5)."""

    def __new__(cls) -> Directory: ...
    def define_routine(self, routine: Union[Routine, Mapping[str, Any]]) -> None:
        """Adds a routine, or replaces its assignment."""
    def assign(self, routine_id: str, users: Iterable[str]) -> None:
        """Assigns a defined routine to ``users``."""
    def remove_routine(self, routine_id: str) -> None:
        """Removes a routine."""
    def set_licence(self, user: str, licence: _Licence) -> None:
        """Sets a user's licence."""
    def licence(self, user: str) -> _Licence:
        """A user's licence."""
    def can_see(self, user: str, routine_id: str) -> bool:
        """Whether ``user`` sees the routine."""
    def visible_routines(self, user: str) -> List[str]:
        """The routines ``user`` sees."""
    def set_default_routine(self, user: str, routine_id: str) -> Optional[str]:
        """Sets a user's default routine; returns the one it replaced."""
    def clear_default_routine(self, user: str) -> Optional[str]:
        """Clears a user's default routine; returns it."""
    def default_routine(self, user: str) -> Optional[str]:
        """A user's default routine, if any."""

# --- follow-ups (SPEC §4, R-4.1 …) -------------------------------------

_Day = Union[_dt.date, str]
"""A local date: a ``date`` or ``YYYY-MM-DD``."""
_Priority = Literal["high", "normal", "low"]

class _FollowUp(TypedDict, total=False):
    target_id: str
    assignees: List[str]
    due: _dt.date
    priority: _Priority
    origin: Literal["manual", "automation"]
    last_note: str
    noted_at: _dt.datetime

class _Lateness(TypedDict, total=False):
    status: Literal["upcoming", "due_today", "overdue"]
    days: int

class _ListItem(TypedDict):
    followup: _FollowUp
    lateness: _Lateness

class _Page(TypedDict):
    items: List[_ListItem]
    next_cursor: Optional[str]

def merge(a: _Record, b: _Record) -> _FollowUp:
    """R-4.2: merges two follow-ups on the same target."""

def unassign(followup: _Record, user: str) -> Optional[_FollowUp]:
    """R-4.3: the follow-up without ``user``; None when it was the last assignee."""

def build_draft(draft: _Record, *, today: _Day) -> _FollowUp:
    """R-4.1: the follow-up of a draft with the defaults applied at ``today``."""

def lateness(due: _Day, today: _Day) -> _Lateness:
    """R-4.5: how late a follow-up due on ``due`` is at ``today``."""

def today(now: _Instant, config: Optional[Mapping[str, Any]] = None) -> _dt.date:
    """R-4.1: the local date of ``now`` in ``config``'s time zone (default Europe/Paris)."""

def lists(
    followups: _Records,
    user: str,
    *,
    today: _Day,
    filters: Optional[Mapping[str, Any]] = None,
    targets: Optional[Mapping[str, Mapping[str, Any]]] = None,
) -> Any:
    """R-4.4, R-4.5: ``{"todo": [_ListItem], "upcoming": [_ListItem], "rejected": [...]}``,
    or a dict of ``Table`` for Arrow input."""

def day_plan(
    followups: Iterable[_Record],
    user: str,
    *,
    today: _Day,
    filters: Optional[Mapping[str, Any]] = None,
    targets: Optional[Mapping[str, Mapping[str, Any]]] = None,
    options: Optional[Mapping[str, Any]] = None,
) -> Dict[str, Any]:
    """R-4.6: ``{"items": [...], "rejected": [...]}``."""

@final
class FollowUpBook:
    """Follow-ups in memory, one per target (R-4.2 … R-4.7)."""

    def __new__(cls) -> FollowUpBook: ...
    @overload
    @staticmethod
    def from_followups(followups: Union[_ArrowStream, _ArrowArray]) -> Tuple[FollowUpBook, Table]:
        """A book of ``followups`` and the rejected ones (Arrow: through the core's columnar load; rejected ``row, id, rule, code, message``)."""
    @overload
    @staticmethod
    def from_followups(followups: Iterable[_Record]) -> Tuple[FollowUpBook, List[_Rejection]]: ...
    def __len__(self) -> int: ...
    def __contains__(self, key: str, /) -> bool: ...
    def get(self, target_id: str) -> Optional[_FollowUp]:
        """The follow-up on ``target_id``, or None."""
    def contains(self, target_id: str) -> bool:
        """Whether the target has a follow-up."""
    def put(self, followup: _Record) -> Literal["created", "merged", "unchanged"]:
        """Puts a follow-up, merged with the target's one (R-4.2)."""
    @overload
    def put_all(self, followups: Union[_ArrowStream, _ArrowArray]) -> Table:
        """Puts many follow-ups; returns the rejected ones (Arrow: a table ``row, id, rule, code, message``)."""
    @overload
    def put_all(self, followups: Iterable[_Record]) -> List[_Rejection]: ...
    def unassign(self, target_id: str, user: str) -> Dict[str, Any]:
        """R-4.3: ``{"outcome": "unassigned"|"deleted", "followup"}``."""
    def delete(self, target_id: str) -> _FollowUp:
        """Deletes the target's follow-up; returns it."""
    def set_target(self, target_id: str, info: Mapping[str, Any]) -> None:
        """Says what the host knows of a target."""
    def target(self, target_id: str) -> Optional[Dict[str, Any]]:
        """What the book knows of a target, or None."""
    def lists(self, user: str, *, today: _Day, filters: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
        """R-4.4: ``{"todo", "upcoming", "rejected"}``."""
    def page(
        self,
        user: str,
        *,
        today: _Day,
        list: Literal["todo", "upcoming"],
        limit: int,
        filters: Optional[Mapping[str, Any]] = None,
        cursor: Optional[str] = None,
    ) -> _Page:
        """R-4.7: a page after ``cursor``."""
    def day_plan(
        self,
        user: str,
        *,
        today: _Day,
        filters: Optional[Mapping[str, Any]] = None,
        options: Optional[Mapping[str, Any]] = None,
    ) -> Dict[str, Any]:
        """R-4.6: ``{"items", "rejected"}``."""
    def export(self) -> Dict[str, Any]:
        """The book's content: ``{"followups", "targets"}``."""
    def import_(self, state: Mapping[str, Any]) -> List[_Rejection]:
        """Merges an exported state in; returns the rejected follow-ups."""

@final
class Cadence:
    """A cadence (R-4.8), validated once; runs are plain dicts."""

    def __new__(cls, cadence: Mapping[str, Any]) -> Cadence: ...
    @property
    def steps(self) -> List[Dict[str, Any]]:
        """The steps, as dicts."""
    def to_dict(self) -> Dict[str, Any]:
        """The cadence as a dict."""
    def due(self, step: int, event: _Day, previous_done: Optional[_Day] = None) -> _dt.date:
        """The due date of step ``step``."""
    def window(self, step: int, event: _Day, previous_done: Optional[_Day] = None) -> Tuple[_dt.date, Optional[_dt.date]]:
        """``(due, latest)`` of step ``step``."""
    def start(self, target_id: str, assignees: Iterable[str], event: _Day) -> Tuple[Dict[str, Any], _FollowUp]:
        """Starts the cadence: ``(run, followup)``."""
    def current(self, run: Mapping[str, Any]) -> Optional[_FollowUp]:
        """The current step's follow-up; None once finished."""
    def done(self, run: Mapping[str, Any], done_on: _Day) -> Tuple[Dict[str, Any], Optional[_FollowUp]]:
        """R-4.8: ``(run, next followup or None)``."""
    def __eq__(self, other: object, /) -> bool: ...

# --- reveal-once visibility (SPEC §3, R-3.1 …) ---------------------------

_Role = Literal["staff", "admin", "advisor_national", "advisor_local", "advisor_guest", "requester"]

class _Context(TypedDict):
    portal: str
    kind: Literal["project", "resource", "conversation"]
    id: str

class _Visibility(TypedDict):
    visible: bool
    reason: Literal["always", "own", "revealed", "must_reveal", "lapsed", "not_related", "impersonated"]

class _ImportReport(TypedDict):
    added: int
    duplicates: int
    rejected: List[_Rejection]

@final
class RevealLedger:
    """Who has revealed whom, for every tenant (SPEC §3)."""

    def __new__(cls, config: Optional[Mapping[str, Any]] = None) -> RevealLedger: ...
    @staticmethod
    def from_events(
        events: Iterable[Mapping[str, Any]], config: Optional[Mapping[str, Any]] = None
    ) -> Tuple[RevealLedger, _ImportReport]:
        """The fold of ``events`` and what it refused."""
    @property
    def config(self) -> Dict[str, Any]:
        """The configuration, as a dict."""
    def __len__(self) -> int: ...
    def revealed_pairs(self) -> int:
        """Number of revealed (viewer, subject, scope) pairs."""
    def memory(self) -> Dict[str, int]:
        """Memory held, in bytes, by structure."""
    def can_see(
        self, tenant: str, viewer: str, role: _Role, subject: str, context: Mapping[str, Any], *, now: _Instant
    ) -> _Visibility:
        """R-3.1 … R-3.3: whether ``viewer`` sees ``subject``'s coordinates."""
    def recommend(
        self, tenant: str, context: Mapping[str, Any], requester: str, contact: str, *, at: _Instant
    ) -> None:
        """R-3.2: ``requester`` recommended ``contact``."""
    def open_project(self, tenant: str, context: Mapping[str, Any], requester: str, *, at: _Instant) -> None:
        """R-3.2: ``requester`` opened a project."""
    def change_coordinates(self, tenant: str, subject: str, *, at: _Instant) -> None:
        """R-3.3, R-3.7: ``subject``'s coordinates changed."""
    def leave_company(self, tenant: str, subject: str, *, at: _Instant) -> None:
        """R-3.7: ``subject`` left the company."""
    def reveal(self, request: Mapping[str, Any]) -> Dict[str, Any]:
        """R-3.2 … R-3.5, R-3.3b, R-3.7: reveals a subject to a viewer."""
    def reveal_many(self, requests: Iterable[Mapping[str, Any]]) -> Dict[str, Any]:
        """Reveals a batch: ``{"outcomes": [(key, outcome)], "rejected"}``."""
    def enrich(self, request: Mapping[str, Any]) -> Dict[str, Any]:
        """R-3.7: an enrichment of a subject's coordinates."""
    def mark_diagnostic(self, request: Mapping[str, Any]) -> Dict[str, Any]:
        """R-3.6: marks a project's diagnostic done."""
    def undo_diagnostic(self, request: Mapping[str, Any]) -> Dict[str, Any]:
        """R-3.6: undoes a project's diagnostic mark."""
    def diagnostic(self, tenant: str, project: Mapping[str, Any]) -> Dict[str, Any]:
        """R-3.6: a project's diagnostic status."""
    def stats(self, query: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
        """R-3.8: ``{"contacts_made", "diagnostics", "consumption"}``."""
    def consumption(self, tenant: str, *, now: _Instant) -> Dict[str, Any]:
        """R-3.7: ``{"tenant", "months", "owned", "left"}``."""
    def events(self) -> List[Dict[str, Any]]:
        """Every event, in canonical order."""
    def import_(self, events: Iterable[Mapping[str, Any]]) -> _ImportReport:
        """Folds ``events`` into the ledger."""
    def merge(self, other: RevealLedger) -> _ImportReport:
        """Unites ``other``'s events into this ledger."""
    def copy(self) -> RevealLedger:
        """A copy of the ledger."""
    def __eq__(self, other: object, /) -> bool: ...

# --- survey triggers (SPEC §6, R-6.2 …) ----------------------------------

def nps_class(answer: Any) -> Literal["detractor", "passive", "promoter"]:
    """R-6.2: the NPS class of a 0–10 answer."""

@final
class FiredLog:
    """Which trigger fired on which response (R-6.4)."""

    def __new__(cls) -> FiredLog: ...
    @staticmethod
    def from_dict(log: Mapping[str, Any]) -> FiredLog:
        """A log from its dict shape."""
    def to_dict(self) -> Dict[str, Any]:
        """The log as a dict ``{"fired": {response_id: [trigger_id]}}``."""
    def has_fired(self, trigger_id: str, response_id: str) -> bool:
        """Whether ``trigger_id`` already fired on ``response_id``."""
    def record(self, trigger_id: str, response_id: str) -> None:
        """Remembers a firing."""
    def firings(self) -> List[Tuple[str, str]]:
        """Every firing as ``(trigger_id, response_id)``."""
    def __len__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class TriggerSet:
    """Triggers (R-6.3), validated once."""

    def __new__(cls, triggers: Iterable[Mapping[str, Any]], config: Optional[Mapping[str, Any]] = None) -> TriggerSet: ...
    @property
    def triggers(self) -> List[Dict[str, Any]]:
        """The triggers, in id order."""
    @property
    def config(self) -> Dict[str, Any]:
        """The configuration."""
    def evaluate(self, log: FiredLog, survey: Mapping[str, Any], response: Mapping[str, Any]) -> Dict[str, Any]:
        """R-6.3, R-6.4: the triggers on one response."""
    def evaluate_all(
        self, log: FiredLog, surveys: Iterable[Mapping[str, Any]], responses: Iterable[Mapping[str, Any]]
    ) -> Dict[str, Any]:
        """R-6.3, R-6.4 over a batch: ``{"firings", "already_fired", "rejected"}``."""
    def __len__(self) -> int: ...

@final
class SurveyPressure:
    """Survey pressure (R-6.5)."""

    def __new__(cls, config: Optional[Mapping[str, Any]] = None) -> SurveyPressure: ...
    @staticmethod
    def from_dict(pressure: Mapping[str, Any]) -> SurveyPressure:
        """A ledger from its dict shape."""
    def to_dict(self) -> Dict[str, Any]:
        """The ledger as a dict ``{"config", "sent"}``."""
    @property
    def config(self) -> Dict[str, Any]:
        """The configuration."""
    def allowed_from(self, day: _Day) -> _dt.date:
        """The first local day a survey may go after one sent on ``day``."""
    def check(self, request: Mapping[str, Any]) -> Dict[str, Any]:
        """R-6.5: the decision on a request, nothing recorded."""
    def send(self, request: Mapping[str, Any]) -> Dict[str, Any]:
        """R-6.5: the decision; a sent survey is recorded."""
    def send_all(self, requests: Iterable[Mapping[str, Any]]) -> Dict[str, Any]:
        """R-6.5 over a batch: ``{"decisions", "rejected"}``."""
    def __len__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...

# --- onboarding pipeline (SPEC §7, R-7.1 …) -------------------------------

_Stage = Literal["identified", "documentation_sent", "account_created", "refused"]

class _Eligibility(TypedDict):
    eligible: bool
    reason: Literal[
        "public_body", "public_service_mission", "attested_association", "missing_attestation", "not_public_service"
    ]

def eligibility(organisation: Mapping[str, Any]) -> _Eligibility:
    """R-7.2: whether an organisation may have an account, and why."""

def can_move_to(from_: _Stage, to: _Stage) -> bool:
    """R-7.1: whether a card may move from ``from_`` to ``to``."""

@final
class Pipeline:
    """The onboarding pipeline (SPEC §7): one card per organisation."""

    def __new__(cls, config: Optional[Mapping[str, Any]] = None) -> Pipeline: ...
    @staticmethod
    def from_dict(pipeline: Mapping[str, Any]) -> Pipeline:
        """A pipeline from its dict shape."""
    def to_dict(self) -> Dict[str, Any]:
        """The pipeline as a dict ``{"config", "cards"}``."""
    @property
    def config(self) -> Dict[str, Any]:
        """The configuration."""
    def __len__(self) -> int: ...
    def create(self, organisation: Mapping[str, Any], by: str, *, at: _Instant) -> Dict[str, Any]:
        """R-7.1: adds an organisation at ``identified``; returns its card."""
    def update(self, organisation: Mapping[str, Any]) -> Dict[str, Any]:
        """Replaces an organisation's description; returns its card."""
    def move_to(self, organisation_id: str, to: _Stage, by: str, *, at: _Instant) -> Dict[str, Any]:
        """R-7.1, R-7.2: moves an organisation; returns the transition."""
    def card(self, organisation_id: str) -> Dict[str, Any]:
        """The card of an organisation."""
    def plan(self, organisation_id: str) -> Dict[str, Any]:
        """R-7.3: the conversion follow-ups."""
    def conversion_cadence(self) -> Cadence:
        """R-7.3, R-4.8: the conversion plan as a ``Cadence``."""
    def start_conversion(self, organisation_id: str) -> Tuple[Dict[str, Any], _FollowUp]:
        """R-7.3, R-4.8: ``(run, followup)`` of the conversion cadence."""
    def __eq__(self, other: object, /) -> bool: ...

# --- partitioning (runs beyond one process: Spark, Dask) ---------------------

class _ArrowColumn(Protocol):
    """An Arrow column: a pyarrow ``Array`` (``__arrow_c_array__``) or ``ChunkedArray``, a polars ``Series``."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...

def partition_key(key: str, partitions: int) -> int:
    """The partition (``0..partitions``) of a key: 64-bit FNV-1a of its UTF-8 bytes modulo ``partitions``."""

@overload
def partition_keys(keys: Union[_ArrowColumn, _ArrowArray], partitions: int) -> Array:
    """``partition_key`` of every key: an Arrow string column gives an Arrow ``uint32`` ``Array``."""
@overload
def partition_keys(keys: Iterable[str], partitions: int) -> List[int]: ...

@final
class ClientGroups:
    """Clients linked by the contacts they share, as groups named by their smallest client id (R-1.3, R-1.5)."""

    def __new__(cls) -> ClientGroups: ...
    @staticmethod
    def from_contacts(contacts: _Records) -> ClientGroups:
        """Groups of every contact's parties (Arrow: only the ``parties`` column is read)."""
    def add_contact(self, contact: Mapping[str, Any]) -> None:
        """Links a contact's parties."""
    def link(self, clients: Iterable[str]) -> None:
        """Puts these clients in one group."""
    def group_of(self, client_id: str) -> str:
        """The name of a client's group (its smallest client id)."""
    def report_partition(self, report: Mapping[str, Any], partitions: int) -> int:
        """The partition of a report: its client's group's ``partition_key``."""
    def contact_partition(self, contact: Mapping[str, Any], partitions: int) -> int:
        """The partition of a contact: its first party's group's ``partition_key``."""
    def client_partition(self, client_id: str, partitions: int) -> int:
        """The partition of a client's group."""
    def parties_partition(self, parties: Iterable[str], partitions: int) -> int:
        """What ``contact_partition`` gives a contact with these parties."""
    @overload
    def report_partitions(self, reports: Union[_ArrowStream, _ArrowArray], partitions: int) -> Array: ...
    @overload
    def report_partitions(self, reports: Iterable[_Record], partitions: int) -> List[int]: ...
    @overload
    def contact_partitions(self, contacts: Union[_ArrowStream, _ArrowArray], partitions: int) -> Array: ...
    @overload
    def contact_partitions(self, contacts: Iterable[_Record], partitions: int) -> List[int]: ...
    def linked_clients(self) -> int:
        """The number of clients that share a contact with another client."""
