"""Load test: `smallarms serve` under readers and officials saving as they type, and a crash.

Scenarios (each bounded in time and in requests; every request goes to 127.0.0.1 only):

- public: 50 anonymous clients read the public pages (home, States, reports with filters, a
  published report, the points-of-contact directory, needs and offers, the API lists);
- autosave: 20 officials, each signed in through the sign-in form and working in their
  own State's draft, save answers as the editor does (JSON to ``reporting:answer_save``
  with the revision the last save returned; a 503 is retried after its Retry-After, as the
  editor does); at the end every answer is read back and compared with what was sent;
- savepath: the save of one answer in this process, the former implementation (kept
  below) against today's ``save_answer`` (reporting/services/reports.py), interleaved on
  the same data: time of the call, time inside the write transaction, queries;
- crash: the 20 officials save as fast as they can, the server is killed with SIGKILL in
  the middle, started again, and the database is checked (``PRAGMA integrity_check`` on
  SQLite, every answer against its audit entry and its report's search words, every
  acknowledged save present, ``smallarms audit verify``).

Run on SQLite (a fresh file in WAL mode):   .venv/bin/python benchmarks/load.py
Run on PostgreSQL (a fresh database that the script creates and drops):
    .venv/bin/python benchmarks/load.py --postgres postgres://postgres@127.0.0.1:5432/postgres

The server runs with production settings (DEBUG off, WhiteNoise, the security middleware)
except the HTTPS redirect. The machine may be shared: the 1-minute load average and the CPU
time of the server and of this script are printed with every scenario.
"""

import argparse
import http.client
import json
import os
import random
import re
import resource
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The only address this script ever sends to: the server it starts itself.
HOST = "127.0.0.1"
LOCAL_NAMES = {"127.0.0.1", "localhost", "::1", None}  # None: a Unix socket
PASSWORD = "load-test-password-2026"
PUBLISHED_CYCLES = ("BMS5", "BMS6", "BMS7", "BMS8")
OPEN_CYCLE = "BMS9"
EXTRA_DRAFTS = 20  # drafts nobody edits during the run, beside the officials' own
ANSWERED_TYPES = ("yes_no_na", "text", "number")
MAX_SECONDS = 600  # per scenario
MAX_REQUESTS = 200_000  # per scenario, whatever the length


# Set-up ------------------------------------------------------------------------------------


def configure(args):
    data_dir = Path(tempfile.mkdtemp(prefix="smallarms-load-"))
    environ = {
        "DEBUG": "false",
        "SECRET_KEY": "load-test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "SMALLARMS_DATA_DIR": str(data_dir),
        "LOG_LEVEL": "WARNING",
        # Every official signs in from 127.0.0.1: no client lock during the run.
        "LOGIN_CLIENT_FAILURE_LIMIT": "1000",
    }
    cleanup = lambda: None  # noqa: E731
    if args.postgres:
        import psycopg

        admin = args.postgres
        name = f"smallarms_load_{os.getpid()}"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        environ["DATABASE_URL"] = admin.rsplit("/", 1)[0] + "/" + name
        cleanup = lambda: _drop(admin, name)  # noqa: E731
    else:
        environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'load.sqlite3'}"
    os.environ.update(environ)
    return data_dir, environ, cleanup


def _drop(admin, name):
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def text_of(cycle, state):
    return (
        f"National legislation adopted for {cycle}; see the decree on small arms and light "
        f"weapons of {state.name_en}."
    )


def populate(officials: int):
    """Reference data, the demo data (directory, needs and offers, meetings, the standard
    template), published reports of every State in four cycles, and drafts in the open
    cycle: one for each official, and some more."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from smallarms.accounts.models import Membership, User
    from smallarms.core.demo import load_demo_data
    from smallarms.reporting.choices import ReportStatus
    from smallarms.reporting.models import Answer, Report, ReportTemplate
    from smallarms.reporting.services.meetings import find_cycle
    from smallarms.states.models import State
    from smallarms.states.services import load_reference_data
    from smallarms.themes.services import load_themes

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    load_reference_data()
    load_themes()
    load_demo_data()
    template = ReportTemplate.objects.get(code="poa-iti", version=1)
    questions = [q for q in template.questions.all() if q.answer_type in ANSWERED_TYPES]
    states = list(State.objects.members().order_by("iso3"))
    demo_states = {"SEN", "KEN", "PER", "KGZ", "NOR"}
    now = timezone.now()
    with transaction.atomic():
        for code in (*PUBLISHED_CYCLES, OPEN_CYCLE):
            cycle = find_cycle(code)
            if cycle.template_id is None:
                cycle.template = template
                cycle.save(update_fields=["template"])
            taken = set(Report.objects.filter(cycle=cycle).values_list("state_id", flat=True))
            if code == OPEN_CYCLE:
                chosen = [s for s in states if s.iso3 not in demo_states][
                    : officials + EXTRA_DRAFTS
                ]
            else:
                chosen = states
            chosen = [s for s in chosen if s.pk not in taken]
            draft = code == OPEN_CYCLE
            values = {
                state.pk: [
                    {"yes_no_na": "yes", "number": "12"}.get(q.answer_type, text_of(code, state))
                    for q in questions
                ]
                for state in chosen
            }
            reports = Report.objects.bulk_create(
                Report(
                    state=state,
                    cycle=cycle,
                    template=template,
                    status=ReportStatus.DRAFT if draft else ReportStatus.PUBLISHED,
                    public_text="\n".join(values[state.pk]),
                    official_text="\n".join(values[state.pk]),
                    published_at=None if draft else now,
                    language="en",
                )
                for state in chosen
            )
            answers = [
                Answer(report=report, question=question, value=value, text=value)
                for report in reports
                for question, value in zip(questions, values[report.state_id], strict=True)
            ]
            Answer.objects.bulk_create(answers, batch_size=5000)
        cycle = find_cycle(OPEN_CYCLE)
        drafts = list(
            Report.objects.filter(cycle=cycle, state__iso3__in=[s.iso3 for s in states])
            .exclude(state__iso3__in=demo_states)
            .select_related("state")
            .order_by("state__iso3")[:officials]
        )
        people = []
        for number, report in enumerate(drafts, start=1):
            email = f"load.official.{number:02d}@load.example"
            user = User.objects.filter(email=email).first() or User.objects.create_user(
                email, PASSWORD
            )
            Membership.objects.get_or_create(
                user=user, role_id="reporting_officer", state=report.state
            )
            people.append({"email": email, "report": str(report.pk), "state": report.state.iso3})
    text_codes = [q.code for q in questions if q.answer_type == "text"]
    return people, text_codes


def public_urls():
    from smallarms.reporting.models import Report

    published = [
        str(pk)
        for pk in Report.objects.filter(status="published").values_list("pk", flat=True)[:200]
    ]
    urls = [
        ("home", "/"),
        ("states", "/states/"),
        ("states", "/states/?regional_group=african"),
        ("states", "/states/?q=guinea"),
        ("reports", "/reporting/reports/"),
        ("reports", "/reporting/reports/?regional_group=african"),
        ("reports", "/reporting/reports/?cycle=BMS7&regional_group=grulac"),
        ("reports", "/reporting/reports/?theme=marking"),
        ("reports", "/reporting/reports/?q=decree"),
        ("reports", "/reporting/reports/?state=KEN"),
        ("contacts", "/contacts/"),
        ("needs", "/assistance/needs/"),
        ("offers", "/assistance/offers/"),
        ("api", "/api/states/"),
        ("api", "/api/reports/"),
        ("api", "/api/contacts/"),
        ("api", "/api/assistance/needs/"),
        ("api", "/api/assistance/offers/"),
    ]
    # A published report is the page read most: as often as all the others together.
    return urls, published


# The server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, environ, data_dir, port, threads):
        self.environ = {
            **{k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}},
            "PYTHONPATH": str(ROOT / "src"),
            **environ,
        }
        self.log = data_dir / "server.log"
        self.port = port
        self.threads = threads
        self.process = None

    def start(self):
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "smallarms", "serve", "--host", HOST,
                 "--port", str(self.port), "--threads", str(self.threads),
                 "--no-collectstatic"],
                env=self.environ, stdout=log, stderr=log, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("the server stopped:\n" + self.log.read_text()[-3000:])
            try:
                socket.create_connection((HOST, self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("the server did not start listening within a minute")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def kill(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


# A client ----------------------------------------------------------------------------------


class Client:
    """One browser: a keep-alive connection to the server, its cookies, nothing else."""

    def __init__(self, port):
        self.port = port
        self.connection = None
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        """(status, headers, body, milliseconds); status 0 when the connection failed."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        sent = {"Accept-Language": "en", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=sent)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            self.connection = None
            return 0, {}, repr(error).encode(), (time.perf_counter() - started) * 1000
        elapsed = (time.perf_counter() - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        if response.headers.get("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, response.headers, content, elapsed

    def csrf(self, html: bytes) -> str:
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return found.group(1).decode() if found else ""

    def sign_in(self, email):
        status, _h, page, _ms = self.request("GET", "/account/sign-in/")
        assert status == 200, status
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": self.csrf(page), "email": email, "password": PASSWORD}
        )
        status, _headers, body, _ms = self.request(
            "POST", "/account/sign-in/", form,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        if status != 302:
            raise SystemExit(f"sign-in of {email} answered {status}: {body[:300]!r}")


# Recording ---------------------------------------------------------------------------------


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples = []  # (kind, status, milliseconds)
        self.count = 0

    def add(self, kind, status, ms):
        with self.lock:
            self.samples.append((kind, status, ms))
            self.count += 1


def percentile(ordered, fraction):
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def summary(name, recorder, seconds):
    lines = []
    samples = recorder.samples
    ms = sorted(s[2] for s in samples)
    statuses = Counter(s[1] for s in samples)
    lines.append(
        f"{name}: {len(samples)} requests in {seconds:.0f} s = {len(samples) / seconds:.1f}/s; "
        f"p50 {percentile(ms, 0.5):.0f} ms, p95 {percentile(ms, 0.95):.0f} ms, "
        f"p99 {percentile(ms, 0.99):.0f} ms, max {ms[-1] if ms else 0:.0f} ms"
    )
    lines.append("  statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    errors = sum(v for k, v in statuses.items() if not (200 <= k < 400))
    lines.append(f"  errors (not 2xx/3xx): {errors}")
    by_kind = {}
    for kind, _status, value in samples:
        by_kind.setdefault(kind, []).append(value)
    for kind, values in sorted(by_kind.items()):
        values.sort()
        lines.append(
            f"  {kind:<10} {len(values):>6} requests  p50 {percentile(values, 0.5):6.0f} ms  "
            f"p95 {percentile(values, 0.95):6.0f} ms  p99 {percentile(values, 0.99):6.0f} ms"
        )
    return lines, errors


class Meter:
    """Load average and CPU time of the server and of this script over a scenario."""

    def __init__(self, server):
        self.server = server

    def __enter__(self):
        self.load_start = os.getloadavg()[0]
        self.started = time.monotonic()
        self.server_cpu = self.server.cpu_seconds()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        self.own_cpu = usage.ru_utime + usage.ru_stime
        return self

    def __exit__(self, *exc):
        self.seconds = time.monotonic() - self.started
        self.load_end = os.getloadavg()[0]
        self.server_used = self.server.cpu_seconds() - self.server_cpu
        usage = resource.getrusage(resource.RUSAGE_SELF)
        self.own_used = usage.ru_utime + usage.ru_stime - self.own_cpu

    def line(self, requests):
        return (
            f"  load average (1 min) {self.load_start:.2f} at start, {self.load_end:.2f} at end; "
            f"CPU: server {self.server_used:.0f} s ({self.server_used / requests * 1000:.0f} ms "
            f"a request), load generator {self.own_used:.0f} s over {self.seconds:.0f} s"
        )


# Scenarios ---------------------------------------------------------------------------------


def run_threads(count, target):
    threads = [threading.Thread(target=target, args=(n,), daemon=True) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def scenario_public(port, seconds, clients, think, server):
    urls, published = public_urls()
    probe = Client(port)
    for _kind, url in [*urls, ("report", f"/reporting/reports/{published[0]}/")]:
        status, _h, _b, _ms = probe.request("GET", url)
        if status != 200:
            raise SystemExit(f"{url} answered {status} before the run")
    recorder = Recorder()
    deadline = time.monotonic() + seconds

    def reader(number):
        rng = random.Random(number)
        client = Client(port)
        # Readers arrive spread over one pause, as people do, not all in the same instant:
        # 50 first requests at once would queue behind each other and be most of the p95.
        time.sleep(rng.uniform(0, think))
        while time.monotonic() < deadline and recorder.count < MAX_REQUESTS:
            if rng.random() < 0.5:
                kind, url = "report", f"/reporting/reports/{rng.choice(published)}/"
            else:
                kind, url = rng.choice(urls)
            status, _h, _b, ms = client.request("GET", url)
            recorder.add(kind, status, ms)
            time.sleep(think * rng.uniform(0.5, 1.5))

    with Meter(server) as meter:
        run_threads(clients, reader)
    lines, errors = summary(f"public pages, {clients} clients", recorder, meter.seconds)
    return [*lines, meter.line(len(recorder.samples))], errors


def editor_state(client, report):
    """The editor's page: its CSRF token and the revision of every answer."""
    status, _h, page, _ms = client.request("GET", f"/reporting/reports/{report}/edit/")
    assert status == 200, status
    revisions = {
        code.decode(): int(value)
        for code, value in re.findall(rb'name="rev-([^"]+)" value="(\d+)"', page)
    }
    return client.csrf(page), revisions


class Official:
    """One official in their own draft, saving answers as the editor does."""

    def __init__(self, port, person, codes, number):
        self.person, self.codes, self.number = person, codes, number
        self.client = Client(port)
        self.rng = random.Random(1000 + number)
        self.acknowledged = {}  # code -> (value, revision) of the last save answered 200
        self.in_flight = None  # (code, value) sent and not yet answered
        self.saves = 0
        self.retries = 0
        self.unexpected = Counter()

    def start(self):
        self.client.sign_in(self.person["email"])
        self.token, self.revisions = editor_state(self.client, self.person["report"])

    def save_one(self, recorder, stop):
        code = self.rng.choice(self.codes)
        self.saves += 1
        value = (
            f"Official {self.number} wrote this, save {self.saves}: the national commission "
            f"on small arms met on {self.rng.randrange(1, 29)} May and adopted its plan."
        )
        url = f"/reporting/reports/{self.person['report']}/answers/{code}/"
        headers = {"Content-Type": "application/json", "X-CSRFToken": self.token}
        while not stop():
            body = json.dumps({"value": value, "revision": self.revisions.get(code, 0)})
            self.in_flight = (code, value)
            status, response_headers, content, ms = self.client.request("POST", url, body, headers)
            recorder.add("save", status, ms)
            if status == 503:
                # What the editor does: wait as long as the server asks, then send again.
                self.retries += 1
                time.sleep(float(response_headers.get("Retry-After", "1")))
                continue
            if status == 0:
                return False  # the server is gone
            self.in_flight = None
            if status == 200:
                revision = json.loads(content)["revision"]
                self.revisions[code] = revision
                self.acknowledged[code] = (value, revision)
            else:
                self.unexpected[status] += 1
                if status == 409:
                    self.revisions[code] = json.loads(content)["revision"]
            return True
        return True


def hold_write_lock(path, hold, every, stop):
    """Take SQLite's write lock for ``hold`` seconds every ``every`` seconds, as a long
    write would (a workbook import, the assistance candidates recomputed): the saves meanwhile
    wait, and those that wait past the busy timeout are answered 503."""
    held = 0
    while not stop():
        time.sleep(every - hold)
        if stop():
            break
        connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        time.sleep(hold)
        connection.execute("ROLLBACK")
        connection.close()
        held += 1
    return held


def scenario_autosave(port, seconds, people, codes, think, server, hold_lock=0):
    from django.db import connection

    from smallarms.audit.models import Entry

    officials = [Official(port, person, codes, n) for n, person in enumerate(people, start=1)]
    for official in officials:
        official.start()
    first_entry = Entry.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    recorder = Recorder()
    deadline = time.monotonic() + seconds

    def stop():
        return time.monotonic() >= deadline or recorder.count >= MAX_REQUESTS

    def work(index):
        official = officials[index]
        while not stop():
            official.save_one(recorder, stop)
            time.sleep(think * official.rng.uniform(0.5, 1.5))

    holder, held = None, []
    if hold_lock:
        path = connection.settings_dict["NAME"]
        holder = threading.Thread(
            target=lambda: held.append(hold_write_lock(path, hold_lock, 10, stop)), daemon=True
        )
    with Meter(server) as meter:
        if holder:
            holder.start()
        run_threads(len(officials), work)
        if holder:
            holder.join()
    lines, errors = summary(f"autosave, {len(officials)} officials", recorder, meter.seconds)
    if holder:
        # Expected here: each was retried, as the editor does.
        busy = sum(1 for _kind, status, _ms in recorder.samples if status == 503)
        errors -= busy
        lines.append(
            f"  the write lock was held {hold_lock:.0f} s every 10 s, {held[0]} times; "
            f"{busy} answers 503 (expected here, each retried)"
        )
    lines.append(meter.line(len(recorder.samples)))
    retries = sum(o.retries for o in officials)
    unexpected = sum((o.unexpected for o in officials), Counter())
    lines.append(f"  retried after 503: {retries}; other refusals: {dict(unexpected) or 'none'}")
    lost, checked = verify_saves(officials)
    acknowledged = sum(len(o.acknowledged) for o in officials)
    audited = Entry.objects.filter(
        sequence__gt=first_entry or 0, object_type="reporting.answer", event="updated"
    ).count()
    saved = sum(1 for _kind, status, _ms in recorder.samples if status == 200)
    lines.append(
        f"  read back: {checked} answers, {lost} differ from the last save acknowledged "
        f"({acknowledged} acknowledged); {saved} saves answered 200, {audited} audit entries "
        "of answer changes"
    )
    return lines, errors + lost + (saved != audited)


def verify_saves(officials):
    """Every answer a save was acknowledged for holds that save's value and revision."""
    from smallarms.reporting.models import Answer

    lost = checked = 0
    for official in officials:
        stored = {
            code: (value, revision)
            for code, value, revision in Answer.objects.filter(
                report_id=official.person["report"], question__code__in=official.acknowledged
            ).values_list("question__code", "value", "revision")
        }
        for code, expected in official.acknowledged.items():
            checked += 1
            lost += stored.get(code) != expected
    return lost, checked


# The save path, before and after -----------------------------------------------------------


def save_answer_before(*, acting_user, report, question, raw, base_revision, language,
                       restricted=False):  # fmt: skip
    """``save_answer`` (reporting/services/reports.py) as it was before the write transaction
    was made short: everything inside it, and the report's search words rebuilt from every answer
    in Python."""
    from django.core.exceptions import PermissionDenied
    from django.db import transaction

    from smallarms.accounts import permissions
    from smallarms.audit.context import acting_as
    from smallarms.reporting.models import Answer, Report
    from smallarms.reporting.services.reports import EditConflict, clean_value

    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if not permissions.may(acting_user, "edit", report):
            raise PermissionDenied
        value = clean_value(question, raw)
        restricted = restricted or question.personal
        answer = Answer.objects.filter(report=report, question=question).first()
        current = answer.revision if answer else 0
        if base_revision != current:
            raise EditConflict(answer)
        with acting_as(acting_user):
            answer.value = value
            answer.language = language
            answer.restricted = restricted
            answer.revision = current + 1
            answer.updated_by = acting_user
            with transaction.atomic():  # the savepoint the audit entry used to take
                answer.save()
            rows = list(report.answers.exclude(text="").values_list("text", "restricted"))
            Report.objects.filter(pk=report.pk).update(
                public_text="\n".join(text for text, restricted in rows if not restricted),
                official_text="\n".join(text for text, _restricted in rows),
            )
        return answer


class TransactionClock:
    """Queries of one call, and the time from the write transaction's first statement to
    its commit (on SQLite the database is locked for writers all that time)."""

    def __init__(self):
        from django.db import connection

        self.connection = connection
        self.queries = 0
        self.in_transaction = 0
        self.began = None

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        if not self.connection.get_autocommit():
            self.in_transaction += 1
            if self.began is None:
                self.began = time.perf_counter()
                self.connection.on_commit(self.committed)
        try:
            return execute(sql, params, many, context)
        finally:
            self.last = time.perf_counter()

    def committed(self):
        now = time.perf_counter()
        self.locked = (now - self.began) * 1000
        self.commit = (now - self.last) * 1000


def scenario_savepath(people, codes, runs):
    from django.db import connection

    from smallarms.accounts.models import User
    from smallarms.reporting.models import Answer, Question, Report
    from smallarms.reporting.services import reports as report_services

    implementations = {"before": save_answer_before, "now": report_services.save_answer}
    figures = {
        name: {"call": [], "locked": [], "commit": [], "queries": [], "in_tx": []}
        for name in implementations
    }
    rng = random.Random(7)
    users = {p["report"]: User.objects.get(email=p["email"]) for p in people}
    reports = {r.pk: r for r in Report.objects.filter(pk__in=list(users))}
    questions = {
        q.code: q for q in Question.objects.filter(template=next(iter(reports.values())).template)
    }
    for step in range(runs * 2 + 20):
        name = ("before", "now")[step % 2]
        report = rng.choice(list(reports.values()))
        user = users[str(report.pk)]
        question = questions[rng.choice(codes)]
        revision = Answer.objects.get(report=report, question=question).revision
        clock = TransactionClock()
        started = time.perf_counter()
        with connection.execute_wrapper(clock):
            implementations[name](
                acting_user=user, report=report, question=question,
                raw=f"In-process save {step}: the register of small arms is kept up to date.",
                base_revision=revision, language="en",
            )  # fmt: skip
        elapsed = (time.perf_counter() - started) * 1000
        if step < 20:
            continue  # warm-up
        entry = figures[name]
        entry["call"].append(elapsed)
        entry["locked"].append(clock.locked)
        entry["commit"].append(clock.commit)
        entry["queries"].append(clock.queries)
        entry["in_tx"].append(clock.in_transaction)
    lines = [f"save path in-process, {runs} saves each, interleaved:"]
    medians = {}
    for name, entry in figures.items():
        call, locked = sorted(entry["call"]), sorted(entry["locked"])
        medians[name] = (percentile(call, 0.5), percentile(locked, 0.5))
        commit = sorted(entry["commit"])
        lines.append(
            f"  {name:<6} call p50 {percentile(call, 0.5):5.1f} ms "
            f"p95 {percentile(call, 0.95):5.1f} ms; write transaction "
            f"p50 {percentile(locked, 0.5):5.1f} ms p95 {percentile(locked, 0.95):5.1f} ms, "
            f"of which the commit p50 {percentile(commit, 0.5):5.1f} ms; "
            f"statements {max(entry['queries'])}, {max(entry['in_tx'])} in the transaction"
        )
    lines.append(
        f"  ratio now/before: call {medians['now'][0] / medians['before'][0]:.2f}, "
        f"write transaction {medians['now'][1] / medians['before'][1]:.2f}"
    )
    return lines


# Crash -------------------------------------------------------------------------------------


def scenario_crash(port, seconds, people, codes, server, environ, database):
    officials = [Official(port, person, codes, n) for n, person in enumerate(people, start=1)]
    for official in officials:
        official.start()
    recorder = Recorder()
    killed = threading.Event()
    deadline = time.monotonic() + MAX_SECONDS

    def work(index):
        official = officials[index]
        while not killed.is_set() and time.monotonic() < deadline:
            if not official.save_one(recorder, killed.is_set):
                return

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(len(people))]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    server.kill()
    killed.set()
    for thread in threads:
        thread.join(timeout=70)
    acknowledged = sum(1 for _k, status, _ms in recorder.samples if status == 200)
    in_flight = sum(1 for o in officials if o.in_flight)
    lines = [
        f"crash: SIGKILL after {seconds:.0f} s of saves by {len(people)} officials; "
        f"{acknowledged} saves acknowledged, {in_flight} in flight at the kill"
    ]
    failures = 0
    if database == "sqlite":
        path = environ["DATABASE_URL"].removeprefix("sqlite:///")
        with sqlite3.connect(path) as check:
            integrity = check.execute("PRAGMA integrity_check").fetchall()
            foreign = check.execute("PRAGMA foreign_key_check").fetchall()
        ok = integrity == [("ok",)] and not foreign
        failures += not ok
        lines.append(
            f"  PRAGMA integrity_check: {integrity[0][0] if len(integrity) == 1 else integrity}; "
            f"foreign_key_check: {len(foreign)} problems"
        )
    server.start()
    from django.db import connections

    connections.close_all()
    half, missing, stale_words = consistency(officials)
    failures += half + missing + stale_words
    lines.append(
        f"  answers whose audit entry is not their stored state: {half}; acknowledged saves "
        f"missing: {missing}; reports whose search words are not their answers': {stale_words}"
    )
    verify = subprocess.run(
        [sys.executable, "-m", "smallarms", "audit", "verify"],
        env=server.environ, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    failures += verify.returncode != 0
    lines.append(
        f"  smallarms audit verify: exit {verify.returncode}: "
        + (verify.stdout.strip() or verify.stderr.strip()).splitlines()[-1]
    )
    # After the restart, every official carries on from what is stored.
    again = Recorder()
    resumed = 0
    for official in officials:
        official.client = Client(port)
        official.start()
        official.save_one(again, lambda: False)
        resumed += again.samples[-1][1] == 200
    failures += resumed != len(officials)
    lines.append(f"  after the restart: {resumed} of {len(officials)} officials saved again")
    return lines, failures


def consistency(officials):
    """Nothing half-written: each answer's latest audit entry holds its stored value and
    revision; each acknowledged save is there (or a later one that was in flight); each
    report's search words are its answers'."""
    from smallarms.audit.models import Entry
    from smallarms.reporting.models import Answer, Report

    half = missing = stale = 0
    for official in officials:
        report = official.person["report"]
        answers = {
            a.question.code: a
            for a in Answer.objects.filter(report_id=report).select_related("question")
        }
        for code, (value, revision) in official.acknowledged.items():
            answer = answers[code]
            later = official.in_flight and official.in_flight[0] == code
            if (answer.value, answer.revision) != (value, revision) and not (
                later and (answer.value, answer.revision) == (official.in_flight[1], revision + 1)
            ):
                missing += 1
        for answer in answers.values():
            if answer.revision <= 1:
                continue  # as loaded, never saved through the application
            entry = (
                Entry.objects.filter(object_type="reporting.answer", object_id=str(answer.pk))
                .order_by("-sequence")
                .values_list("after", flat=True)
                .first()
            )
            half += entry is None or (entry.get("value"), entry.get("revision")) != (
                answer.value,
                answer.revision,
            )
        words = "\n".join(a.text for a in answers.values() if a.text).split("\n")
        stored = Report.objects.values_list("official_text", flat=True).get(pk=report)
        stale += sorted(stored.split("\n")) != sorted(words)
    return half, missing, stale


# Main --------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="URL of a PostgreSQL maintenance database")
    parser.add_argument("--host", default=HOST, help=f"only {HOST}: the server it starts")
    parser.add_argument("--seconds", type=float, default=60, help="length of each scenario")
    parser.add_argument(
        "--scenarios", default="public,autosave,savepath,crash", help="comma-separated"
    )
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--officials", type=int, default=20)
    parser.add_argument(
        "--reader-think",
        type=float,
        default=5.0,
        help="mean seconds between a reader's pages (0: as fast as the server answers)",
    )
    parser.add_argument(
        "--save-think",
        type=float,
        default=0.8,
        help="mean seconds between an official's saves (the editor waits 0.8 s after typing)",
    )
    parser.add_argument("--crash-after", type=float, default=5, help="seconds of saves")
    parser.add_argument(
        "--hold-lock",
        type=float,
        default=0,
        help="SQLite: during autosave, hold the write lock this long every 10 s (under 10)",
    )
    parser.add_argument(
        "--busy-timeout", type=int, help="the server's SQLITE_BUSY_TIMEOUT (default: its own)"
    )
    parser.add_argument("--savepath-runs", type=int, default=300)
    parser.add_argument("--threads", type=int, default=8, help="the server's worker threads")
    args = parser.parse_args()
    if not 0 < args.seconds <= MAX_SECONDS:
        parser.error(f"--seconds must be between 0 and {MAX_SECONDS}")
    scenarios = args.scenarios.split(",")
    # Load is sent to this machine's own server only, and the database made and dropped on
    # this machine's own PostgreSQL.
    if args.host != HOST:
        parser.error(f"refused: this script sends requests to {HOST} only")
    if args.postgres and urllib.parse.urlsplit(args.postgres).hostname not in LOCAL_NAMES:
        parser.error("refused: --postgres must name a server on this machine")
    if args.hold_lock and (args.postgres or not 0 < args.hold_lock < 10):
        parser.error("--hold-lock is for SQLite, and under 10 seconds")
    data_dir, environ, cleanup = configure(args)
    if args.busy_timeout:
        environ["SQLITE_BUSY_TIMEOUT"] = str(args.busy_timeout)
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smallarms.settings")
    import django

    django.setup()
    from django.db import connection, connections

    server = Server(environ, data_dir, free_port(), args.threads)
    failures = 0
    try:
        started = time.perf_counter()
        people, codes = populate(args.officials)
        from smallarms.reporting.models import Answer, Report

        database = connection.vendor
        print(
            f"{database}: {Report.objects.count()} reports, {Answer.objects.count()} answers, "
            f"{len(people)} officials, built in {time.perf_counter() - started:.0f} s; "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        connections.close_all()
        server.start()
        for name in scenarios:
            if name == "public":
                lines, errors = scenario_public(
                    server.port, args.seconds, args.readers, args.reader_think, server
                )
            elif name == "autosave":
                lines, errors = scenario_autosave(
                    server.port, args.seconds, people, codes, args.save_think, server,
                    args.hold_lock,
                )  # fmt: skip
            elif name == "savepath":
                lines, errors = scenario_savepath(people, codes, args.savepath_runs), 0
            elif name == "crash":
                lines, errors = scenario_crash(
                    server.port, args.crash_after, people, codes, server, environ, database
                )
            else:
                parser.error(f"unknown scenario {name!r}")
            failures += errors
            connections.close_all()
            print("\n".join(lines), flush=True)
    finally:
        server.stop()
        cleanup()
    print(f"server log: {server.log}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
