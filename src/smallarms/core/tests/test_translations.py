import polib

from smallarms.core.management.commands.translations import code_messages, problems


def catalogue(*entries):
    po = polib.POFile()
    for entry in entries:
        po.append(entry)
    return po


def test_a_missing_or_changed_placeholder_is_a_problem():
    po = catalogue(
        polib.POEntry(msgid="{count} States", msgstr="{nombre} États"),
        polib.POEntry(msgid="Hello", msgstr=""),
        polib.POEntry(msgid="Fine {x}", msgstr="Bien {x}"),
    )
    assert problems(po) == [
        "msgid '{count} States': placeholders differ in '{nombre} États'",
        "msgid 'Hello': not translated",
    ]


def test_plural_forms_may_use_the_placeholders_of_either_english_form():
    po = catalogue(
        polib.POEntry(
            msgid="Correct this cell.",
            msgid_plural="Correct these %(counter)s cells.",
            msgstr_plural={0: "Исправьте %(counter)s ячейку.", 1: "… %(counter)s …", 2: "…"},
        ),
        polib.POEntry(msgid="One", msgid_plural="%(n)s", msgstr_plural={0: "Un %(m)s", 1: "%(n)s"}),
    )
    assert problems(po) == ["msgid 'One': placeholders differ in 'Un %(m)s'"]


def test_a_fuzzy_entry_is_a_problem():
    entry = polib.POEntry(msgid="Save", msgstr="Enregistrer", flags=["fuzzy"])
    assert problems(catalogue(entry)) == ["msgid 'Save': fuzzy"]


def test_the_texts_of_the_code_and_of_its_templates_are_found_with_their_context(tmp_path):
    (tmp_path / "app" / "templates" / "app").mkdir(parents=True)
    (tmp_path / "app" / "tests").mkdir()
    (tmp_path / "app" / "views.py").write_text(
        "from django.utils.translation import gettext as _, pgettext_lazy\n"
        "A = _('Saved.')\n"
        "B = pgettext_lazy('date column', 'Published')\n"
    )
    (tmp_path / "app" / "templates" / "app" / "page.html").write_text(
        "{% load i18n %}<div>\n    <p>{% translate 'Hello' %}</p>\n"
        "  {% blocktranslate trimmed count counter=n %}{{ counter }} State.{% plural %}"
        "{{ counter }} States.{% endblocktranslate %}</div>\n"
    )
    (tmp_path / "app" / "tests" / "test_x.py").write_text("_('Only in a test')\n")
    found = code_messages(tmp_path)
    assert set(found) == {
        (None, "Saved."),
        ("date column", "Published"),
        (None, "Hello"),
        (None, "%(counter)s State."),
    }
    assert found[(None, "Saved.")] == "app/views.py:2"
