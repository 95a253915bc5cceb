"""A plausible directory for the demo States. The institutions are of the kind each State
has; every person, e-mail address, telephone number and postal address is invented (the
e-mail domains are reserved ``.example`` ones). Idempotent: a State or organization that has
entries already is left as it is."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from smallarms.accounts.models import User
from smallarms.audit.context import acting_as
from smallarms.states.models import Organization, State

from . import services
from .choices import ContactKind
from .models import Contact

K = ContactKind

DEMO_DIRECTORY = {
    "SEN": (
        "npc.senegal@demo.smallarms.example",
        [
            {
                "kind": K.POA_POINT_OF_CONTACT,
                "institution": "Commission nationale de lutte contre la prolifération et la "
                "circulation illicite des armes légères et de petit calibre",
                "department": "Secrétariat permanent",
                "person_name": "Aminata Diallo",
                "title": "Secrétaire permanente",
                "emails": ["secretariat.comnat@senegal.demo.example"],
                "telephones": ["+221 33 800 00 01"],
                "postal_address": "Immeuble fictif, rue de démonstration 1\nDakar",
                "working_languages": ["fr"],
                "valid_from": date(2021, 3, 1),
            },
            {
                "kind": K.ITI_POINT_OF_CONTACT,
                "institution": "Police nationale",
                "department": "Division de la police technique et scientifique",
                "person_name": "Ousmane Faye",
                "title": "Commissaire divisionnaire",
                "emails": ["tracage.armes@senegal.demo.example"],
                "telephones": ["+221 33 800 00 02"],
                "postal_address": "Boulevard de démonstration 2\nDakar",
                "working_languages": ["fr", "en"],
            },
            {
                "kind": K.COORDINATION_BODY,
                "institution": "Commission nationale de lutte contre la prolifération et la "
                "circulation illicite des armes légères et de petit calibre",
                "working_languages": ["fr"],
                "valid_from": date(2000, 1, 1),
            },
        ],
    ),
    "KEN": (
        "npc.kenya@demo.smallarms.example",
        [
            {
                "kind": K.POA_POINT_OF_CONTACT,
                "institution": "Kenya National Focal Point on Small Arms and Light Weapons",
                "department": "Office of the Coordinator",
                "person_name": "Grace Wanjiku",
                "title": "Coordinator",
                "emails": ["coordinator.nfp@kenya.demo.example"],
                "telephones": ["+254 20 000 0001"],
                "postal_address": "Demonstration House, 3rd floor\nP.O. Box 00000\nNairobi",
                "working_languages": ["en", "sw"],
            },
            {
                "kind": K.ITI_POINT_OF_CONTACT,
                "institution": "National Police Service",
                "department": "Firearms Tracing Unit",
                "person_name": "Peter Otieno",
                "title": "Superintendent of Police",
                "emails": ["tracing@kenya.demo.example"],
                "telephones": ["+254 20 000 0002"],
                "working_languages": ["en"],
            },
            {
                "kind": K.STOCKPILE_MANAGEMENT,
                "institution": "Ministry of Defence",
                "department": "Armament and Logistics Directorate",
                "person_name": "Mary Njeri",
                "title": "Colonel",
                "emails": ["stockpiles@kenya.demo.example"],
                "working_languages": ["en"],
                # Not confirmed for three years: shows as stale in the demo.
                "stale_years": 3,
            },
        ],
    ),
    "PER": (
        "npc.peru@demo.smallarms.example",
        [
            {
                "kind": K.POA_POINT_OF_CONTACT,
                "institution": "Ministerio de Relaciones Exteriores",
                "department": "Dirección de Desarme, Control de Armamentos y No Proliferación",
                "person_name": "Lucía Quispe",
                "title": "Directora",
                "emails": ["desarme@peru.demo.example"],
                "telephones": ["+51 1 000 0001"],
                "postal_address": "Jirón de Demostración 100\nLima",
                "working_languages": ["es", "en"],
            },
            {
                "kind": K.ITI_POINT_OF_CONTACT,
                "institution": "Superintendencia Nacional de Control de Servicios de Seguridad, "
                "Armas, Municiones y Explosivos de Uso Civil",
                "department": "Gerencia de Armas",
                "person_name": "Jorge Mamani",
                "title": "Gerente",
                "emails": ["rastreo@peru.demo.example"],
                "telephones": ["+51 1 000 0002"],
                "working_languages": ["es"],
            },
            {
                "kind": K.BORDER_AND_CUSTOMS,
                "institution": "Superintendencia Nacional de Aduanas y de "
                "Administración Tributaria",
                "department": "Intendencia Nacional de Control Aduanero",
                "person_name": "Rosa Huamán",
                "title": "Intendenta",
                "emails": ["control.aduanero@peru.demo.example"],
                "working_languages": ["es"],
                "stale_years": 3,
            },
        ],
    ),
    "KGZ": (
        "npc.kyrgyzstan@demo.smallarms.example",
        [
            {
                "kind": K.POA_POINT_OF_CONTACT,
                "institution": "Министерство иностранных дел Кыргызской Республики",
                "department": "Отдел международной безопасности",
                "person_name": "Айгуль Токтогулова",
                "title": "Заведующая отделом",
                "emails": ["security@kyrgyzstan.demo.example"],
                "telephones": ["+996 312 000 001"],
                "postal_address": "ул. Демонстрационная, 1\nБишкек",
                "working_languages": ["ru", "ky", "en"],
            },
            {
                "kind": K.ITI_POINT_OF_CONTACT,
                "institution": "Министерство внутренних дел Кыргызской Республики",
                "department": "Служба лицензионно-разрешительной работы",
                "person_name": "Бакыт Асанов",
                "title": "Начальник службы",
                "emails": ["licensing@kyrgyzstan.demo.example"],
                "working_languages": ["ru"],
            },
        ],
    ),
    "NOR": (
        "provider.norway@demo.smallarms.example",
        [
            {
                "kind": K.PERMANENT_MISSION,
                "institution": "Permanent Mission of Norway to the United Nations",
                "department": "Disarmament section",
                "person_name": "Ingrid Berg",
                "title": "Counsellor",
                "emails": ["disarmament@norway.demo.example"],
                "telephones": ["+1 212 000 0001"],
                "working_languages": ["en"],
            },
        ],
    ),
}

DEMO_ORGANIZATIONS = {
    "unrcpd": [
        {
            "kind": K.REGIONAL_POINT_OF_CONTACT,
            "institution": "United Nations Regional Centre for Peace and Disarmament in Asia "
            "and the Pacific",
            "department": "Small arms programme",
            "person_name": "Wei Zhang",
            "title": "Programme officer",
            "emails": ["smallarms@unrcpd.demo.example"],
            "working_languages": ["en", "zh"],
        },
    ],
}


def _keeper(email):
    return User.objects.filter(email=email).first()


@transaction.atomic
def load_demo_data():
    now = timezone.now()
    with acting_as(None):
        for iso3, (email, entries) in DEMO_DIRECTORY.items():
            state = State.objects.get(iso3=iso3)
            if Contact.objects.filter(state=state).exists():
                continue
            _load(entries, {"state": state}, _keeper(email), now)
        for slug, entries in DEMO_ORGANIZATIONS.items():
            organization = Organization.objects.filter(slug=slug).first()
            if organization is None or Contact.objects.filter(organization=organization).exists():
                continue
            _load(entries, {"organization": organization}, None, now)
        _peru_history()


def _load(entries, owner, keeper, now):
    for position, entry in enumerate(entries):
        entry = dict(entry)
        stale_years = entry.pop("stale_years", None)
        contact = services.create_contact(
            acting_user=None, source="import", position=position, **owner, **entry
        )
        # The demo's entries were last confirmed at different times; some long ago.
        confirmed = now - timedelta(days=365 * stale_years if stale_years else 40 + 30 * position)
        Contact.objects.filter(pk=contact.pk).update(
            last_confirmed_at=confirmed, last_confirmed_by=keeper
        )


def _peru_history():
    """Peru's ITI point of contact changed once, so the demo shows an entry's history."""
    contact = Contact.objects.filter(state__iso3="PER", kind=K.ITI_POINT_OF_CONTACT).first()
    if contact is None or contact.revisions.count() > 1:
        return
    services.update_contact(
        acting_user=_keeper("npc.peru@demo.smallarms.example"),
        contact=contact,
        source="import",
        telephones=["+51 1 000 0002", "+51 1 000 0003"],
    )
