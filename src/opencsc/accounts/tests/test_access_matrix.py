"""The access matrix, generated from the URL configuration: every URL, every role, 0 leaks.

``endpoints()`` walks ``django.urls.get_resolver()`` (every include and namespace) and finds each
view's rule: ``view.access_rule`` (``@view_rule``), or ``access_rule`` on the class of a Django
REST framework view (``view.cls``) or a class-based view (``view.view_class``). A view without
one fails ``test_every_url_declares_an_access_rule``, so a new page cannot ship unguarded.

``test_the_access_matrix_has_no_leaks`` then requests every URL as every persona (one per
``Role``, another team's social worker, an anonymous visitor, an inactive user and an inspector
whose access has expired): GET, and each other method the view takes (POST for function views)
with an empty body. A REST framework view's unsafe methods need its ``write_rule`` as well. For a URL about a child it asks once for a child the persona can see and once
for one it cannot. The outcome must match the rule:

- anonymous: sent to sign in (an API may answer 401 or 403 instead);
- inactive or expired: sent to sign in, or 403;
- a role the rule does not allow: 403;
- allowed, but not this child: 404;
- allowed: 2xx, 3xx, or a 4xx naming what is wrong (400, 405, 409) - never 5xx.
  (405 is also accepted for a child the persona cannot see: a GET-only view refuses a POST
  before it looks the child up, and the answer is the same whether the child exists or not.)

A *leak* is a response that showed something the rule forbids: a 2xx/3xx/400 where a refusal was
due, or any page that shows the name of a child the persona may not see. There must be none, and
every other mismatch fails too. On failure the whole matrix is printed.

URL keyword arguments are built from the personas' world (``kwarg_value``): child ids (the
visible and the invisible child), a finished return run, a user for the administrators' pages.
A keyword this file cannot infer goes in ``URL_KWARGS``; an unknown one fails loudly.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType, SimpleNamespace

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone

from opencsc.accounts.models import Role, User
from opencsc.accounts.rules import Rule, allows
from opencsc.people import actions as people
from opencsc.people.access import visible_children
from opencsc.people.models import Person, RestrictedAccess
from opencsc.returns.models import ReturnKind, ReturnRun, RunStatus
from opencsc.returns.tasks import output_dir
from opencsc.testing import (
    RECORD_KWARGS,
    build_personas,
    give_records,
    make_user,
    record_kwarg,
)
from opencsc.workforce import actions as wf

# --- The URL configuration --------------------------------------------------------------------


@dataclass
class Endpoint:
    name: str | None  # "people:person-detail"
    route: str  # "people/<int:person_id>/"
    callback: Callable
    kwargs: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.name or self.route

    @property
    def rule(self) -> Rule | None:
        for holder in (
            self.callback,
            getattr(self.callback, "cls", None),
            getattr(self.callback, "view_class", None),
        ):
            rule = getattr(holder, "access_rule", None) if holder is not None else None
            if rule is not None:
                return Rule(rule)
        return None

    def rules_for(self, method: str) -> list[Rule | None]:
        """The rules a request must pass: the view's rule, and for a REST framework view's
        unsafe methods its ``write_rule`` too (none declared: no one may write)."""
        if not self.is_api or method in {"get", "head", "options"}:
            return [self.rule]
        write = getattr(self.callback, "write_rule", None)
        if write is None:
            write = getattr(getattr(self.callback, "cls", None), "write_rule", None)
        return [self.rule, Rule(write) if write is not None else None]

    @property
    def is_api(self) -> bool:
        return hasattr(self.callback, "cls")  # Django REST framework's as_view() sets it

    @property
    def methods(self) -> list[str]:
        """The methods to try: a DRF view's own, a class-based view's, else GET and POST."""
        actions = getattr(self.callback, "actions", None)  # a DRF viewset's method -> action
        if actions:
            return sorted({m.lower() for m in actions} - {"options", "head"}, key=_method_order)
        cls = getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)
        if cls is not None:
            own = [
                m
                for m in cls.http_method_names
                if m not in {"options", "head", "trace"} and hasattr(cls, m)
            ]
            return sorted(set(own) | {"get"}, key=_method_order)
        return ["get", "post"]


def _method_order(method: str) -> int:
    order = ["get", "post", "patch", "put", "delete"]
    return order.index(method) if method in order else len(order)


def _kwarg_names(pattern) -> tuple[str, ...]:
    if isinstance(pattern, RoutePattern):
        return tuple(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return tuple(pattern.regex.groupindex)
    return ()


def endpoints(resolver: URLResolver | None = None) -> list[Endpoint]:
    """Every URL pattern under ``resolver`` (default: the site's), through every include."""
    found: list[Endpoint] = []

    def walk(resolver, prefix: str, namespaces: tuple[str, ...], kwargs: tuple[str, ...]):
        for p in resolver.url_patterns:
            route = prefix + str(p.pattern)
            here = kwargs + _kwarg_names(p.pattern)
            if isinstance(p, URLResolver):
                walk(p, route, namespaces + ((p.namespace,) if p.namespace else ()), here)
            elif isinstance(p, URLPattern):
                name = ":".join((*namespaces, p.name)) if p.name else None
                found.append(Endpoint(name, route, p.callback, here))

    walk(resolver or get_resolver(), "/", (), ())
    return found


def missing_rules(found: list[Endpoint]) -> list[str]:
    return sorted({e.label for e in found if e.rule is None})


def test_every_url_declares_an_access_rule():
    missing = missing_rules(endpoints())
    assert not missing, (
        "These views declare no access rule: add @view_rule(Rule.X) (function views) or "
        f"access_rule = Rule.X (REST framework views): {', '.join(missing)}"
    )


def test_the_walk_finds_a_view_without_a_rule_and_every_known_page():
    module = ModuleType("ruleless_urls")
    module.urlpatterns = [path("x/", lambda request: HttpResponse("x"), name="unguarded")]
    assert missing_rules(endpoints(get_resolver(module))) == ["unguarded"]
    names = {e.name for e in endpoints()}
    assert {
        "home",
        "accounts:login",
        "people:person-detail",
        "people:person-access",
        "oversight:pseudonymised-list",
        "returns:return-download",
    } <= names
    detail = next(e for e in endpoints() if e.name == "people:person-detail")
    assert detail.kwargs == ("person_id",) and detail.rule == Rule.CASE_RECORDS


# --- The world the matrix runs in ---------------------------------------------------------------

SURNAMES = {"lily": "Puddlewhistle", "oscar": "Marrowgate", "rita": "Quenbury"}


def build_world(var_dir) -> SimpleNamespace:
    """The shared personas plus a director, an inactive and an expired user, three children
    (Lily: Sam's; Oscar: Olly's, in the south team; Rita: Sam's but restricted, named only for
    Tara), a finished return with its file, and a user for the administrators' pages."""
    p = build_personas()
    w = SimpleNamespace(personas=p)
    dina = make_user("dina", Role.DIRECTOR, "Dina", "Harroway")
    gone = make_user("gus", Role.SOCIAL_WORKER, "Gus", "Lapsewood")
    wf.create_worker(
        by=p.ada,
        staff_id="GUS",
        first_name="Gus",
        last_name="Lapsewood",
        job_title="Social worker",
        team=p.north,
        started_on=dt.date(2020, 1, 6),
        user=gone,
    )
    User.objects.filter(pk=gone.pk).update(is_active=False)
    gone.refresh_from_db()
    expired = make_user(
        "evan",
        Role.INSPECTOR,
        "Evan",
        "Tidewell",
        access_expires=timezone.now() - dt.timedelta(hours=1),
    )
    w.target = make_user("tess", Role.SOCIAL_WORKER, "Tess", "Targetley")

    def child(first, last, holder, la_id, **extra):
        person = people.register_person(
            by=holder,
            first_name=first,
            last_name=last,
            sex="M",
            ethnicity="WBRI",
            date_of_birth=dt.date(2016, 3, 3),
            la_child_id=la_id,
            **extra,
        )
        wf.allocate(
            by=p.tara,
            person=person,
            worker=holder.worker,
            started_on=dt.date(2025, 9, 1),
            change_reason="FCONTA",
        )
        give_records(person, by=holder)
        return person

    oscar = child("Oscar", SURNAMES["oscar"], p.olly, "MATRIX02")
    rita = child("Rita", SURNAMES["rita"], p.sam, "MATRIX03")
    Person.objects.filter(pk=rita.pk).update(restricted=True)
    RestrictedAccess.objects.create(
        person=rita, user=p.tara, granted_on=dt.date(2025, 9, 1), reason="Matrix test"
    )
    w.children = {"lily": p.lily, "oscar": oscar, "rita": rita}
    give_records(p.lily, by=p.sam)

    run = ReturnRun.objects.create(
        kind=ReturnKind.CIN,
        year=2026,
        requested_by=p.alex,
        status=RunStatus.DONE,
        output="cin_census_2026.xml",
    )
    out = output_dir(run)
    out.mkdir(parents=True)
    (out / run.output).write_text("<Message/>")
    w.run = run

    w.users = {
        "social_worker": p.sam,
        "team_manager": p.tara,
        "iro": p.imran,
        "personal_adviser": p.pat,
        "performance_analyst": p.alex,
        "head_of_service": p.hana,
        "director": dina,
        "system_admin": p.ada,
        "inspector": p.ines,
        "other_team_worker": p.olly,
        "anonymous": None,
        "inactive": gone,
        "expired_inspector": expired,
    }
    return w


def test_the_matrix_covers_every_role(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    w = build_world(tmp_path)
    assert {u.role for u in w.users.values() if u is not None} == set(Role.values)


# --- Building URLs -------------------------------------------------------------------------------

CHILD_KWARGS = {"person_id", "child_id", "person_pk", "child_pk"}

# Keyword arguments this file cannot infer, by (URL name, kwarg): a function of (world, child)
# returning the value. Add a line here for a new URL whose kwarg is not a child, run or user.
URL_KWARGS: dict[tuple[str, str], Callable] = {
    ("oversight:indicator-children", "code"): lambda w, child: "referrals_count",
}


_CHILD_PK_IN_ROUTE = re.compile(r"children/(\^?)(\(\?P<pk>|<pk>|<int:pk>)")


def _is_child_pk(endpoint: Endpoint) -> bool:
    """A view whose ``pk`` is a child's id: the segment after ``children/`` in its route (the
    API's ``children/{pk}/...``), or a DRF/class-based view over Person."""
    if _CHILD_PK_IN_ROUTE.search(endpoint.route):
        return True
    cls = getattr(endpoint.callback, "cls", None) or getattr(endpoint.callback, "view_class", None)
    queryset = getattr(cls, "queryset", None)
    model = getattr(queryset, "model", None) or getattr(cls, "model", None)
    if model is None:
        serializer = getattr(cls, "serializer_class", None)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
    return model is Person


def needs_child(endpoint: Endpoint) -> bool:
    return any(
        k in CHILD_KWARGS or (k == "pk" and _is_child_pk(endpoint)) for k in endpoint.kwargs
    ) and not any((endpoint.name, k) in URL_KWARGS for k in endpoint.kwargs)


def kwarg_value(endpoint: Endpoint, kwarg: str, w, child: Person | None):
    if (endpoint.name, kwarg) in URL_KWARGS:
        return URL_KWARGS[(endpoint.name, kwarg)](w, child)
    if kwarg in CHILD_KWARGS or (kwarg == "pk" and _is_child_pk(endpoint)):
        return child.pk
    if kwarg in RECORD_KWARGS and child is not None:
        return record_kwarg(child, kwarg)
    if kwarg == "run_id":
        return w.run.pk
    if kwarg == "user_id":
        return w.target.pk
    if kwarg == "format":
        return "json"
    raise LookupError(
        f"{endpoint.label}: cannot build the URL keyword {kwarg!r}; add ({endpoint.name!r}, "
        f"{kwarg!r}) to URL_KWARGS in {__name__}"
    )


def build_url(endpoint: Endpoint, w, child: Person | None) -> str:
    if endpoint.name is None:
        raise LookupError(f"{endpoint.route}: give the URL pattern a name so it can be reversed")
    kwargs = {k: kwarg_value(endpoint, k, w, child) for k in endpoint.kwargs}
    url = reverse(endpoint.name, kwargs=kwargs)
    if resolve(url).func is not endpoint.callback:
        raise LookupError(f"{endpoint.label}: {url} reaches another view; add it to URL_KWARGS")
    return url


# --- Expected and observed outcomes ----------------------------------------------------------

OK, SIGN_IN, FORBIDDEN, NOT_FOUND, ERROR = "ok", "sign-in", "403", "404", "5xx"
METHOD = "405"  # the method is not taken: says nothing about any record
DENIED = "denied"  # sign-in or 403, for inactive and expired accounts


def expected(endpoint: Endpoint, method: str, user, child_visible: bool | None) -> str:
    rules = endpoint.rules_for(method)
    if all(rule == Rule.PUBLIC for rule in rules):
        return OK
    if user is None:
        return SIGN_IN
    if not user.is_active or (user.access_expires and user.access_expires <= timezone.now()):
        return DENIED
    if not all(rule is not None and allows(rule, user) for rule in rules):
        return FORBIDDEN
    if child_visible is False:
        return NOT_FOUND
    return OK


def observed(response, login_path: str) -> str:
    status = response.status_code
    if status >= 500:
        return ERROR
    if status in (301, 302, 303, 307, 308):
        return SIGN_IN if response["Location"].split("?")[0] == login_path else OK
    if status == 401:
        return SIGN_IN
    if status == 403:
        return FORBIDDEN
    if status == 404:
        return NOT_FOUND
    if status == 405:
        return METHOD
    if status < 300 or status in (400, 409, 415):
        return OK
    return f"{status}"


def matches(want: str, got: str, is_api: bool) -> bool:
    if want == got:
        return True
    if want == OK:
        # Signing out sends you to sign in; a view may not take the method.
        return got in {SIGN_IN, METHOD}
    if want == NOT_FOUND:
        # A GET-only view refuses a POST before it looks for the child.
        return got == METHOD
    if want == DENIED:
        return got in {SIGN_IN, FORBIDDEN}
    if want == SIGN_IN and is_api:
        return got == FORBIDDEN
    return False


@dataclass
class Cell:
    persona: str
    method: str
    endpoint: str
    url: str
    want: str
    got: str
    status: int
    leak: str = ""

    @property
    def ok(self) -> bool:
        return not self.leak and self.want_matches

    want_matches: bool = True


@dataclass
class Matrix:
    cells: list[Cell] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def leaks(self) -> list[Cell]:
        return [c for c in self.cells if c.leak]

    @property
    def failures(self) -> list[Cell]:
        return [c for c in self.cells if not c.ok]

    def render(self) -> str:
        personas = list(dict.fromkeys(c.persona for c in self.cells))
        columns = list(dict.fromkeys((c.method.upper(), c.url) for c in self.cells))
        by = {(c.persona, c.method.upper(), c.url): c for c in self.cells}
        width = max(len(f"{m} {u}") for m, u in columns)
        lines = [" " * width + " | " + " ".join(f"{p[:7]:>7}" for p in personas)]
        for method, url in columns:
            row = []
            for persona in personas:
                cell = by.get((persona, method, url))
                if cell is None:
                    row.append(f"{'':>7}")
                else:
                    mark = "LEAK" if cell.leak else ("" if cell.ok else "!")
                    row.append(f"{mark + str(cell.status):>7}")
            lines.append(f"{method + ' ' + url:<{width}} | " + " ".join(row))
        lines.append("")
        lines += [
            f"{c.persona}: {c.method.upper()} {c.url} ({c.endpoint}) expected {c.want}, "
            f"got {c.status}{' LEAK: ' + c.leak if c.leak else ''}"
            for c in self.failures
        ]
        return "\n".join(lines + self.errors)


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def run_matrix(w) -> Matrix:
    matrix = Matrix()
    login_path = reverse("accounts:login")
    found = [e for e in endpoints() if e.rule is not None]
    for persona, user in w.users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        visible = set(visible_children(user).values_list("pk", flat=True)) if user else set()
        hidden_names = [
            SURNAMES[key] for key, child in w.children.items() if child.pk not in visible
        ]
        see = next((c for c in w.children.values() if c.pk in visible), None)
        not_see = next((c for c in w.children.values() if c.pk not in visible), None)
        for endpoint in found:
            if needs_child(endpoint):
                targets = [(c, c is see) for c in (see, not_see) if c is not None]
            else:
                targets = [(None, None)]
            for child, child_visible in targets:
                try:
                    url = build_url(endpoint, w, child)
                except LookupError as error:
                    if str(error) not in matrix.errors:
                        matrix.errors.append(str(error))
                    continue
                for method in endpoint.methods:
                    want = expected(endpoint, method, user, child_visible)
                    if method in {"put", "delete"} and want == OK:
                        continue  # destructive with a real effect: only the refusals are checked
                    kwargs = {"content_type": "application/json"} if endpoint.is_api else {}
                    if method == "get":
                        response = client.get(url)
                    else:
                        response = getattr(client, method)(url, **kwargs)
                    got = observed(response, login_path)
                    cell = Cell(
                        persona=persona,
                        method=method,
                        endpoint=endpoint.label,
                        url=url,
                        want=want,
                        got=got,
                        status=response.status_code,
                        want_matches=matches(want, got, endpoint.is_api),
                    )
                    if want != OK and got == OK:
                        cell.leak = f"the rule allows {want}, the view answered"
                    body = _body(response)
                    shown = [name for name in hidden_names if name in body]
                    if shown:
                        cell.leak = f"shows {', '.join(shown)}"
                    matrix.cells.append(cell)
                    if method != "get" and user is not None:
                        client.force_login(user)  # a POST may have signed the persona out
    return matrix


def test_the_access_matrix_has_no_leaks(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    w = build_world(tmp_path)
    matrix = run_matrix(w)
    assert matrix.cells, "the matrix made no requests"
    assert not matrix.errors and not matrix.leaks and not matrix.failures, (
        f"{len(matrix.leaks)} leaks, {len(matrix.failures)} mismatches, "
        f"{len(matrix.errors)} URLs not built:\n{matrix.render()}"
    )
    # The matrix reached every guarded view, as someone it allows and as someone it refuses.
    reached = {c.endpoint for c in matrix.cells if c.want == OK and c.got in {OK, METHOD}}
    refused = {c.endpoint for c in matrix.cells if c.got in {FORBIDDEN, NOT_FOUND, SIGN_IN}}
    guarded = {e.label for e in endpoints() if e.rule not in (None, Rule.PUBLIC)}
    assert guarded <= reached & refused, sorted(guarded - (reached & refused))


def test_the_matrix_reports_a_leak(db, settings, tmp_path, monkeypatch):
    """A rule that lets everyone in must fail the matrix (so the matrix can fail)."""
    settings.VAR_DIR = tmp_path
    w = build_world(tmp_path)
    import opencsc.accounts.rules as access

    real = access.allows
    monkeypatch.setattr(
        access, "allows", lambda rule, user: rule == Rule.RETURNS or real(rule, user)
    )
    matrix = run_matrix(w)
    leaked = {(c.persona, c.endpoint) for c in matrix.leaks}
    assert ("social_worker", "returns:return-list") in leaked


def iter_rules() -> Iterator[Rule]:
    yield from Rule


@pytest.mark.parametrize("rule", list(iter_rules()))
def test_no_rule_lets_in_an_anonymous_or_inactive_user(db, rule):
    from django.contrib.auth.models import AnonymousUser

    inactive = User.objects.create_user(username="off", role=Role.DIRECTOR, is_active=False)
    if rule == Rule.PUBLIC:
        assert allows(rule, AnonymousUser())
    else:
        assert not allows(rule, AnonymousUser()) and not allows(rule, inactive)
