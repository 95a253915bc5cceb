"""Benchmark: national reports with 195 States x 10 cycles on the standard template.

Targets, at the 95th percentile: saving one answer in the editor under 150 ms; a
published report page under 100 ms; the public list with filters under 150 ms.

Run on SQLite (a fresh file):      .venv/bin/python benchmarks/reporting.py
Run on PostgreSQL (a fresh database that the script creates and drops):
    .venv/bin/python benchmarks/reporting.py --postgres postgres://postgres@127.0.0.1:5432/postgres

Requests go through Django's test client in this process (no network), signed in as the
State's reporting officer for the saves, anonymous for the public pages.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

CYCLES = 10
ANSWERED_TYPES = ("yes_no_na", "text", "number")


def configure(args):
    data_dir = Path(tempfile.mkdtemp(prefix="smallarms-bench-"))
    os.environ.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SMALLARMS_DATA_DIR": str(data_dir),
            "LOG_LEVEL": "WARNING",
        }
    )
    if args.postgres:
        import psycopg

        admin = args.postgres
        name = f"smallarms_bench_{os.getpid()}"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = admin.rsplit("/", 1)[0] + "/" + name
        return lambda: _drop(admin, name)
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    return lambda: None


def _drop(admin, name):
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def populate():
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from smallarms.accounts.models import Membership, User
    from smallarms.reporting.choices import ReportStatus
    from smallarms.reporting.models import Answer, Meeting, Report, ReportingCycle
    from smallarms.reporting.services.meetings import load_meetings
    from smallarms.reporting.services.templates import load_shipped_templates
    from smallarms.states.models import State
    from smallarms.states.services import load_reference_data
    from smallarms.themes.services import load_themes

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    load_reference_data()
    load_themes()
    load_meetings()
    [(template, _written)] = load_shipped_templates()
    today = timezone.localdate()
    cycles = list(ReportingCycle.objects.order_by("opens_on"))[: CYCLES - 1]
    # Past cycles to make up ten, then the open one the drafts are in.
    for number in range(50, 50 + CYCLES - len(cycles)):
        last = number == 50 + CYCLES - len(cycles) - 1
        start = (
            today + datetime.timedelta(days=100)
            if last
            else today.replace(year=today.year - 30 + number - 50)
        )
        meeting = Meeting.objects.create(
            kind="bms", number=number, titles={"en": f"Benchmark meeting {number}"},
            starts_on=start, ends_on=start + datetime.timedelta(days=4),
        )  # fmt: skip
        cycles.append(
            ReportingCycle.objects.create(
                meeting=meeting,
                opens_on=today - datetime.timedelta(days=5)
                if last
                else start - datetime.timedelta(days=90),
                closes_on=today + datetime.timedelta(days=50)
                if last
                else start - datetime.timedelta(days=10),
            )
        )
    ReportingCycle.objects.filter(pk__in=[c.pk for c in cycles]).update(template=template)
    questions = [q for q in template.questions.all() if q.answer_type in ANSWERED_TYPES]
    states = list(State.objects.all())
    now = timezone.now()
    officers = {}
    for state in states:
        user = User.objects.create_user(f"ro.{state.iso3.lower()}@bench.example", None)
        Membership.objects.create(user=user, role_id="reporting_officer", state=state)
        officers[state.pk] = user
    for index, cycle in enumerate(cycles):
        last = index == len(cycles) - 1
        reports = Report.objects.bulk_create(
            Report(
                state=state,
                cycle=cycle,
                template=template,
                status=ReportStatus.DRAFT if last else ReportStatus.PUBLISHED,
                public_text=text_of(index, state),
                official_text=text_of(index, state),
                published_at=None if last else now,
                language="en",
            )
            for state in states
        )
        answers = []
        for report in reports:
            for question in questions:
                value = {"yes_no_na": "yes", "number": "12", "text": TEXT}[question.answer_type]
                if value is TEXT:
                    value = text_of(index, report.state)
                answers.append(
                    Answer(report=report, question=question, value=value, text=str(value))
                )
        Answer.objects.bulk_create(answers, batch_size=5000)
    return template, cycles, officers, questions


TEXT = object()


def text_of(index, state):
    return (
        f"National legislation adopted in {2000 + index}; see the decree on small arms and "
        f"light weapons of {state.name_en}."
    )


def timed(function, runs):
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "p50": statistics.median(samples),
        "p95": samples[int(len(samples) * 0.95) - 1],
        "max": samples[-1],
        "runs": runs,
    }


def measure(template, cycles, officers, questions):
    import json

    from django.test import Client

    from smallarms.reporting.models import Answer, Report

    rng = random.Random(2026)
    drafts = list(Report.objects.filter(cycle=cycles[-1]).select_related("state"))
    published = list(Report.objects.filter(status="published").values_list("pk", flat=True))
    client = Client()

    # Signing in is not part of a save: measure the POST alone.
    def save_timed():
        report = rng.choice(drafts)
        question = rng.choice(questions)
        client.force_login(officers[report.state_id])
        answer = Answer.objects.filter(report=report, question=question).first()
        body = json.dumps({"value": "na" if question.answer_type == "yes_no_na" else "7",
                           "revision": answer.revision if answer else 0})  # fmt: skip
        if question.answer_type == "text":
            body = json.dumps({"value": f"text {rng.random()}", "revision": answer.revision})
        started = time.perf_counter()
        response = client.post(
            f"/reporting/reports/{report.pk}/answers/{question.code}/",
            body,
            content_type="application/json",
        )
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.content
        return elapsed

    for _ in range(20):
        save_timed()  # warm-up
    samples = sorted(save_timed() for _ in range(300))
    save = {"p50": statistics.median(samples), "p95": samples[int(300 * 0.95) - 1],
            "max": samples[-1], "runs": 300}  # fmt: skip

    public = Client()

    def page():
        response = public.get(f"/reporting/reports/{rng.choice(published)}/")
        assert response.status_code == 200

    filters = [
        {"regional_group": "african"},
        {"cycle": cycles[3].code, "regional_group": "grulac"},
        {"theme": "marking"},
        {"q": "decree", "region": "142"},
        {"state": "KEN"},
        {},
    ]

    def listing():
        response = public.get("/reporting/reports/", rng.choice(filters))
        assert response.status_code == 200

    for _ in range(10):
        page()
        listing()
    return {
        "save one answer": (save, 150),
        "published report page": (timed(page, 200), 100),
        "public list with filters": (timed(listing, 200), 150),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="URL of a PostgreSQL maintenance database")
    args = parser.parse_args()
    cleanup = configure(args)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smallarms.settings")
    import django

    django.setup()
    from django.db import connection

    try:
        started = time.perf_counter()
        data = populate()
        from smallarms.reporting.models import Answer, Report

        print(
            f"{connection.vendor}: {Report.objects.count()} reports, "
            f"{Answer.objects.count()} answers, built in {time.perf_counter() - started:.0f} s"
        )
        for name, (figures, target) in measure(*data).items():
            verdict = "meets" if figures["p95"] < target else "MISSES"
            print(
                f"{name}: p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms, "
                f"max {figures['max']:.1f} ms over {figures['runs']} requests "
                f"(target p95 < {target} ms: {verdict})"
            )
    finally:
        cleanup()


if __name__ == "__main__":
    main()
