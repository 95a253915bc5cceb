"""``smallarms reporting import-submissions`` and ``submission-stats``: exact output, exit
codes, all-or-nothing imports."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from smallarms.audit.models import Entry
from smallarms.reporting.models import Submission

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("reporting", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def names_file(tmp_path):
    def write(text, encoding="utf-8"):
        path = tmp_path / "states.txt"
        path.write_bytes(text.encode(encoding))
        return str(path)

    return write


def test_import_records_each_state_and_prints_the_summary(names_file):
    path = names_file(
        "\ufeffKenya\n\n   the Libyan Arab Jamahiriya  \r\nSwaziland\nCôte d’Ivoire\n\n"
    )
    out, err = run("import-submissions", "--cycle", "RevCon4", path)
    assert json.loads(out) == {"cycle": "RevCon4", "submitted": 4, "unresolved": []}
    assert out.endswith("}\n")
    recorded = Submission.objects.filter(cycle__meeting__code="RevCon4")
    assert sorted(recorded.values_list("state__iso3", flat=True)) == ["CIV", "KEN", "LBY", "SWZ"]
    assert set(recorded.values_list("source", flat=True)) == {"recorded"}
    assert "4 newly recorded, 0 already recorded." in err
    event = Entry.objects.filter(event="submissions_imported").get()
    assert event.data == {"cycle": "RevCon4", "file": "states.txt", "states": 4, "recorded": 4}
    assert Entry.objects.filter(event="created", object_type="reporting.submission").count() == 4


def test_importing_the_same_file_twice_changes_nothing_and_prints_the_same_summary(names_file):
    path = names_file("Kenya\nGhana\nRepublic of Kenya\n")
    first, _err = run("import-submissions", "--cycle", "bms5", path)
    entries = Entry.objects.count()
    second, err = run("import-submissions", "--cycle", "BMS5", path)
    assert first == second == '{"cycle": "BMS5", "submitted": 2, "unresolved": []}\n'
    assert "0 newly recorded, 2 already recorded." in err
    assert Submission.objects.filter(cycle__meeting__code="BMS5").count() == 2
    assert Entry.objects.count() == entries


def test_a_file_with_an_unresolved_name_is_refused_whole_and_nothing_is_written(names_file):
    path = names_file("Kenya\nKorea\nNigeria\nAtlantis\nKorea\n")
    entries = Entry.objects.count()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "reporting", "import-submissions", "--cycle", "BMS8", path, stdout=out, stderr=err
        )
    assert refused.value.returncode == 1
    assert json.loads(out.getvalue()) == {
        "cycle": "BMS8",
        "submitted": 0,
        "unresolved": ["Korea", "Atlantis"],
    }
    assert "2 name(s) not resolved; nothing was recorded:" in err.getvalue()
    assert "'Korea'" in err.getvalue() and "'Atlantis'" in err.getvalue()
    assert not Submission.objects.exists()
    assert Entry.objects.count() == entries


def test_an_unknown_cycle_or_a_missing_file_is_an_error(names_file, tmp_path):
    with pytest.raises(CommandError, match="No reporting cycle 'BMS99'"):
        run("import-submissions", "--cycle", "BMS99", names_file("Kenya\n"))
    with pytest.raises(CommandError, match="Cannot read"):
        run("import-submissions", "--cycle", "BMS8", str(tmp_path / "missing.txt"))
    with pytest.raises(CommandError, match="No reporting cycle"):
        run("submission-stats", "--cycle", "MGE1")  # a meeting without a cycle


def test_stats_count_member_states_by_regional_group_and_region(names_file):
    from smallarms.reporting.services import meetings as services
    from smallarms.states.models import State

    run(
        "import-submissions",
        "--cycle",
        "BMS8",
        names_file("Kenya\nNigeria\nJapan\nFrance\nBrazil\nPoland\nHoly See\n"),
    )
    # A report made in the system counts alike (BMS8 is closed; the rule is the same).
    services.record_submission(
        acting_user=None,
        cycle=services.find_cycle("BMS8"),
        state=State.objects.get(iso3="AUS"),
        source="system",
    )
    out, _err = run("submission-stats", "--cycle", "bms8")
    assert out == (
        '{"cycle": "BMS8", "submitted": 7, "states": 193, "rate": 0.0363, '
        '"by_regional_group": {"african": 2, "asia_pacific": 1, "eeg": 1, "grulac": 1, '
        '"weog": 2}, "by_region": {"002": 2, "009": 1, "019": 1, "142": 1, "150": 2}}\n'
    )


def test_stats_of_a_cycle_without_submissions_are_zero(open_cycle):
    out, _err = run("submission-stats", "--cycle", "BMS9")
    stats = json.loads(out)
    assert (stats["submitted"], stats["states"], stats["rate"]) == (0, 193, 0.0)
    assert set(stats["by_regional_group"].values()) == {0}
