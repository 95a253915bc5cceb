"""The stored candidates: the best offers of every open need and the best needs of every
open offer, with their scores and reasons (see ``matching.py`` and ``docs/matching.md``).

Only this module writes ``Candidate`` rows. The services call ``refresh_for_need`` /
``refresh_for_offer`` inside their transaction whenever a need or an offer is created or
changed; ``recompute_all`` (``smallarms assistance recompute-candidates``) rebuilds every
row, e.g. after exchange rates or the theme taxonomy change, or nightly.

What is kept: for every need its ``TOP_K`` best offers, and for every offer its ``TOP_K``
best needs (each pair once). A refresh adds the changed need (offer) to the lists of the
offers (needs) whose current ``TOP_K``-th score it beats, without pruning theirs, so a
list may grow a little between two full recomputations; the ranked lists read at most
``TOP_K`` rows.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import NamedTuple

import numpy as np
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from smallarms.assistance import models, scoring
from smallarms.assistance.scoring import BulkScorer, Side

BATCH = 5000


def matchable_needs():
    """Needs that still want assistance: open, in discussion or partly met."""
    from smallarms.assistance.choices import NeedStatus

    return models.Need.objects.filter(
        status__in=[NeedStatus.OPEN, NeedStatus.IN_DISCUSSION, NeedStatus.PARTLY_MET]
    )


def matchable_offers():
    from smallarms.assistance.choices import OfferStatus

    return models.Offer.objects.filter(status=OfferStatus.OPEN)


# --- Sides from the database, in a few queries --------------------------------------------


def _float(value) -> float | None:
    return None if value is None else float(value)


def _theme_codes() -> dict[int, str]:
    from smallarms.themes.models import Theme

    return dict(Theme.objects.values_list("id", "code"))


def _state_areas() -> dict[int, frozenset[str]]:
    from smallarms.states.models import State

    rows = State.objects.values_list("id", "region_id", "subregion_id", "intermediate_region_id")
    return {pk: frozenset(code for code in codes if code) for pk, *codes in rows}


def _grouped(queryset, key_field, values: dict | None = None) -> dict:
    """{key: set of values} from a two-column ``values_list`` queryset of a through table.

    Read without Django's per-value converters (tens of thousands of UUIDs): keys are
    converted once each with ``key_field.to_python``, values mapped through ``values``.
    """
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    keys: dict = {}
    grouped: dict = {}
    for raw, value in rows:
        key = keys.get(raw)
        if key is None:
            key = keys[raw] = key_field.to_python(raw)
        grouped.setdefault(key, set()).add(values[value] if values is not None else value)
    return grouped


def _related(model, name: str, pks, values: dict | None = None) -> dict:
    """{pk: set of related ids (or ``values[id]``)} of the many-to-many field ``name`` of
    the ``model`` rows among ``pks``, read from its through table in one query."""
    field = model._meta.get_field(name)
    rows = field.remote_field.through.objects.filter(
        **{f"{field.m2m_field_name()}__in": pks}
    ).values_list(field.m2m_column_name(), field.m2m_reverse_name())
    return _grouped(rows, model._meta.pk, values)


def _languages(language, working) -> frozenset[str]:
    codes = set(working or ())
    if language:
        codes.add(language)
    return frozenset(codes)


# What both sides are read with, in this order, before the fields of their own kind.
_SIDE_FIELDS = (
    "pk",
    "state_id",
    "organization_id",
    "currency",
    "starts_on",
    "ends_on",
    "language",
    "working_languages",
)


def _sides(queryset, own_fields, related, make) -> list[Side]:
    """Sides for the rows of ``queryset`` (one query for the rows, one for each relation):
    ``related(pks)`` reads the relations, ``make(own values, relations, pk, state)`` the
    fields of the side's own kind."""
    rows = list(queryset.order_by("pk").values_list(*_SIDE_FIELDS, *own_fields))
    if not rows:
        return []
    relations = related(queryset.values("pk"))
    sides = []
    for pk, state, organization, currency, starts_on, ends_on, language, working, *own in rows:
        sides.append(
            Side(
                pk=pk,
                owner=("state", state) if state else ("organization", organization),
                themes=frozenset(relations["themes"].get(pk, ())),
                starts_on=starts_on,
                ends_on=ends_on,
                languages=_languages(language, working),
                currency=currency or "",
                **make(own, relations, pk, state),
            )
        )
    return sides


def need_sides(queryset) -> list[Side]:
    """Sides for the needs of ``queryset`` (four queries however many needs)."""
    Need = models.Need

    def related(pks):
        return {
            "themes": _related(Need, "themes", pks, _theme_codes()),
            "beneficiaries": _related(Need, "beneficiary_states", pks),
            "areas": _state_areas(),
        }

    def make(own, relations, pk, state):
        kind, amount, usd = own
        states = set(relations["beneficiaries"].get(pk, ()))
        if state:
            states.add(state)
        usd = _float(usd)
        return {
            "kinds": frozenset([kind]) if kind else frozenset(),
            "state_ids": frozenset(states),
            "area_ids": frozenset().union(*(relations["areas"].get(s, ()) for s in states)),
            "budget_low_usd": usd,
            "budget_high_usd": usd,
            "budget_given": amount is not None,
        }

    return _sides(queryset, ("kind", "budget_amount", "budget_usd"), related, make)


def offer_sides(queryset) -> list[Side]:
    """Sides for the offers of ``queryset`` (four queries however many offers)."""
    Offer = models.Offer

    def related(pks):
        return {
            "themes": _related(Offer, "themes", pks, _theme_codes()),
            "areas": _related(Offer, "eligible_areas", pks),
            "states": _related(Offer, "eligible_states", pks),
        }

    def make(own, relations, pk, state):
        kinds, low, high, low_usd, high_usd = own
        return {
            "kinds": frozenset(kinds or ()),
            "state_ids": frozenset(relations["states"].get(pk, ())),
            "area_ids": frozenset(relations["areas"].get(pk, ())),
            "budget_low_usd": _float(low_usd),
            "budget_high_usd": _float(high_usd),
            "budget_given": low is not None or high is not None,
        }

    own = ("kinds", "budget_min", "budget_max", "budget_min_usd", "budget_max_usd")
    return _sides(queryset, own, related, make)


# --- Writing rows ---------------------------------------------------------------------------


def _prep(column: str):
    """Turns a pk into what the database driver stores for ``column`` (a UUID's hex on
    SQLite, the UUID itself on PostgreSQL)."""
    Candidate = models.Candidate
    target = Candidate._meta.get_field(column).target_field

    def prep(pk):
        return target.get_db_prep_value(pk, connection)

    return prep


def _insert(rows) -> int:
    """Insert (need, offer, score, reasons as JSON text) rows, fast; need and offer are
    already in their database form (``_prep``)."""
    Candidate = models.Candidate
    table = connection.ops.quote_name(Candidate._meta.db_table)
    now = timezone.now()
    columns = "(need_id, offer_id, score, reasons, computed_at)"
    count = 0
    if connection.vendor == "postgresql":
        # COPY in its text format, written by hand: psycopg's write_row adapts every value
        # one by one, several times slower. JSON escapes tabs and newlines itself; only
        # backslashes need doubling for COPY.
        stamp = now.isoformat()
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} {columns} FROM STDIN") as writer,
        ):
            lines = []
            for need, offer, points, reasons in rows:
                lines.append(
                    f"{need}\t{offer}\t{points}\t{reasons.replace(chr(92), chr(92) * 2)}\t{stamp}\n"
                )
                if len(lines) >= BATCH:
                    writer.write("".join(lines).encode())
                    count += len(lines)
                    lines = []
            if lines:
                writer.write("".join(lines).encode())
                count += len(lines)
        return count
    stamp = Candidate._meta.get_field("computed_at").get_db_prep_value(now, connection)
    sql = f"INSERT INTO {table} {columns} VALUES (%s, %s, %s, %s, %s)"
    batch = []
    with connection.cursor() as cursor:
        for need, offer, points, reasons in rows:
            batch.append((need, offer, points, reasons, stamp))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _delete(column: str | None = None, pk=None) -> None:
    """Delete stored rows in one statement: they are derived data (not audited, no
    signals), and a full recomputation removes hundreds of thousands at once."""
    Candidate = models.Candidate
    table = connection.ops.quote_name(Candidate._meta.db_table)
    with connection.cursor() as cursor:
        if column is None:
            cursor.execute(f"DELETE FROM {table}")
        else:
            prep = Candidate._meta.get_field(column.removesuffix("_id")).target_field
            cursor.execute(
                f"DELETE FROM {table} WHERE {column} = %s",
                [prep.get_db_prep_value(pk, connection)],
            )


@transaction.atomic
def recompute_all(*, timings: dict | None = None) -> int:
    """Rebuild every candidate row; returns how many there are now.

    ``timings``, when given, receives the seconds each step took (for the benchmark).
    """
    clock = _Clock(timings)
    needs = need_sides(matchable_needs())
    offers = offer_sides(matchable_offers())
    clock("read")
    with _large_cache(), _indexes_rebuilt():
        count = _rewrite(needs, offers, clock)
    clock("index")
    return count


def _rewrite(needs, offers, clock) -> int:
    _delete()
    clock("delete")
    if not needs or not offers:
        return 0
    scorer = BulkScorer(needs, offers)
    need_rows, offer_rows, scores = scoring.top_pairs(scorer)
    clock("score")
    need_keys = list(map(_prep("need"), (side.pk for side in needs)))
    offer_keys = list(map(_prep("offer"), (side.pk for side in offers)))
    if connection.vendor == "postgresql":
        # COPY takes text: convert each UUID once, not once per row.
        need_keys, offer_keys = list(map(str, need_keys)), list(map(str, offer_keys))

    def rows():
        # Reasons are written batch by batch, so that PostgreSQL stores one batch while
        # the next is being written.
        for start in range(0, len(need_rows), BATCH):
            part = slice(start, start + BATCH)
            yield from zip(
                [need_keys[i] for i in need_rows[part].tolist()],
                [offer_keys[j] for j in offer_rows[part].tolist()],
                scores[part].tolist(),
                scorer.reasons_json(need_rows[part], offer_rows[part]),
                strict=True,
            )

    count = _insert(rows())
    clock("reasons and write")
    return count


@contextmanager
def _large_cache():
    """On SQLite, a page cache big enough for the whole table while it is rewritten: the
    index on (offer, score) takes rows in no useful order, and with the default 2 MB cache
    each insert would read and write the same pages again and again."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        [(cache_size,)] = cursor.fetchall()
        cursor.execute(f"PRAGMA cache_size = {-256 * 1024}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")


@contextmanager
def _indexes_rebuilt():
    """On SQLite, drop the table's secondary indexes while all its rows are replaced and
    build them again afterwards, from their own stored definitions: building an index
    from the finished table is several times faster than keeping it up to date row by
    row. In the same transaction, so a failure leaves them as they were; readers keep
    reading the previous rows meanwhile (WAL). Not on PostgreSQL, where dropping an index
    would lock readers out until the commit, and where COPY keeps indexes up to date
    cheaply. The index behind the one-row-per-pair constraint stays."""
    if connection.vendor != "sqlite":
        yield
        return
    table = models.Candidate._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)


class _Clock:
    def __init__(self, timings):
        self.timings = timings
        self.last = time.perf_counter()

    def __call__(self, step):
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[step] = now - self.last
        self.last = now


def _kth_scores(by: str, pks) -> dict:
    """The ``TOP_K``-th best stored score of each need (``by="need_id"``) or offer of
    ``pks``; those with fewer rows are left out. One index lookup of ``TOP_K`` entries per
    need or offer (the (need, -score) and (offer, -score) indexes)."""
    model = models.Need if by == "need_id" else models.Offer
    k = scoring.TOP_K
    kth = Subquery(
        models.Candidate.objects.filter(**{by: OuterRef("pk")})
        .order_by("-score")
        .values("score")[k - 1 : k]
    )
    found = {}
    pks = list(pks)
    for start in range(0, len(pks), 500):
        rows = (
            model.objects.filter(pk__in=pks[start : start + 500])
            .annotate(kth=kth)
            .exclude(kth=None)
            .values_list("pk", "kth")
        )
        found.update(rows)
    return found


def _refresh(side: Side | None, others: list[Side], own: str, other: str, pk) -> int:
    _delete(own, pk)
    if side is None or not others:
        return 0
    if own == "need_id":
        scorer = BulkScorer([side], others)
        scores = scorer.scores(slice(0, 1))[0]
    else:
        scorer = BulkScorer(others, [side])
        scores = scorer.scores(slice(None))[:, 0]
    found = np.flatnonzero(scores >= 0)
    if not len(found):
        return 0
    order = found[np.argsort(-scores[found], kind="stable")]
    keep = set(order[: scoring.TOP_K].tolist())
    # The changed side also enters the lists of the others whose K-th best it beats.
    rest = order[scoring.TOP_K :].tolist()
    kth = _kth_scores(other, (others[j].pk for j in rest))
    for j in rest:
        threshold = kth.get(others[j].pk)
        if threshold is None or scores[j] > threshold:
            keep.add(j)
    chosen = np.array(sorted(keep), dtype=np.int64)
    if own == "need_id":
        need_rows, offer_rows = np.zeros_like(chosen), chosen
    else:
        need_rows, offer_rows = chosen, np.zeros_like(chosen)
    reasons = scorer.reasons_json(need_rows, offer_rows)
    prep_need, prep_offer = _prep("need"), _prep("offer")
    return _insert(
        (
            prep_need(scorer.needs[i].pk),
            prep_offer(scorer.offers[j].pk),
            int(scores[j if own == "need_id" else i]),
            text,
        )
        for i, j, text in zip(need_rows.tolist(), offer_rows.tolist(), reasons, strict=True)
    )


def _sharing_a_theme(queryset, obj):
    """Only those that share a theme with ``obj`` can be candidates: read only them."""
    through = queryset.model.themes.through
    column = queryset.model._meta.model_name
    theme_ids = (
        type(obj)
        .themes.through.objects.filter(**{type(obj)._meta.model_name: obj.pk})
        .values("theme_id")
    )
    return queryset.filter(
        pk__in=through.objects.filter(theme_id__in=theme_ids).values(f"{column}_id")
    )


@transaction.atomic
def refresh_for_need(need) -> int:
    """Recompute the candidates of one need (after it was created or changed)."""
    sides = need_sides(matchable_needs().filter(pk=need.pk))
    offers = offer_sides(_sharing_a_theme(matchable_offers(), need)) if sides else []
    return _refresh(sides[0] if sides else None, offers, "need_id", "offer_id", need.pk)


@transaction.atomic
def refresh_for_offer(offer) -> int:
    """Recompute the candidates of one offer (after it was created or changed)."""
    sides = offer_sides(matchable_offers().filter(pk=offer.pk))
    needs = need_sides(_sharing_a_theme(matchable_needs(), offer)) if sides else []
    return _refresh(sides[0] if sides else None, needs, "offer_id", "need_id", offer.pk)


# --- Reading ranked lists -------------------------------------------------------------------


class Ranked(NamedTuple):
    """One ranked candidate: the stored row (need and offer loaded) and its reasons in
    words. Attributes of the row (``score``, ``need``, ``offer``) read through."""

    candidate: object
    reasons: list[str]

    def __getattr__(self, name):
        return getattr(self.candidate, name)


def _ranked(rows) -> list[Ranked]:
    result = []
    for row in rows:
        texts = [scoring.explain(reason) for reason in row.reasons]
        row.reason_texts = texts
        result.append(Ranked(row, texts))
    return result


def ranked_offers(need, user, limit: int | None = None) -> list[Ranked]:
    """The offers for ``need`` that ``user`` may see, best first, with reasons in words."""
    rows = (
        models.Candidate.objects.filter(
            need_id=need.pk, offer__in=models.Offer.objects.visible_to(user, "view")
        )
        .select_related("need", "offer", "offer__state", "offer__organization")
        .order_by("-score", "offer__title", "offer_id")[: limit or scoring.TOP_K]
    )
    return _ranked(rows)


def ranked_needs(offer, user, limit: int | None = None) -> list[Ranked]:
    """The needs for ``offer`` that ``user`` may see, best first, with reasons in words."""
    rows = (
        models.Candidate.objects.filter(
            offer_id=offer.pk, need__in=models.Need.objects.visible_to(user, "view")
        )
        .select_related("need", "offer", "need__state", "need__organization")
        .order_by("-score", "need__title", "need_id")[: limit or scoring.TOP_K]
    )
    return _ranked(rows)
