from django.db import migrations

# code, rank, scope, requires two-factor, names (ar, zh-hans, en, fr, ru, es)
ROLES = [
    ("reporting_officer", 10, "state", False, {
        "ar": "موظف الإبلاغ", "zh-hans": "报告干事", "en": "Reporting officer",
        "fr": "Responsable de l'établissement des rapports", "ru": "Сотрудник по отчетности",
        "es": "Oficial encargado de los informes"}),
    ("national_point_of_contact", 20, "state", False, {
        "ar": "جهة الاتصال الوطنية", "zh-hans": "国家联络点", "en": "National point of contact",
        "fr": "Point de contact national", "ru": "Национальный координационный центр",
        "es": "Punto de contacto nacional"}),
    ("assistance_provider", 30, "state_or_organization", False, {
        "ar": "مقدم المساعدة", "zh-hans": "援助提供方", "en": "Assistance provider",
        "fr": "Fournisseur d'assistance", "ru": "Поставщик помощи",
        "es": "Proveedor de asistencia"}),
    ("records_officer", 40, "state", True, {
        "ar": "موظف السجلات", "zh-hans": "记录干事", "en": "Records officer",
        "fr": "Responsable des registres", "ru": "Сотрудник по учету",
        "es": "Oficial de registros"}),
    ("tracing_officer", 50, "state", True, {
        "ar": "موظف التعقب", "zh-hans": "追查干事", "en": "Tracing officer",
        "fr": "Responsable du traçage", "ru": "Сотрудник по отслеживанию",
        "es": "Oficial de localización"}),
    ("monitor", 60, "organization", True, {
        "ar": "مراقب", "zh-hans": "监测员", "en": "Monitor",
        "fr": "Observateur", "ru": "Наблюдатель", "es": "Observador"}),
    ("secretariat", 90, "system", True, {
        "ar": "الأمانة", "zh-hans": "秘书处", "en": "Secretariat",
        "fr": "Secrétariat", "ru": "Секретариат", "es": "Secretaría"}),
    ("administrator", 100, "system", True, {
        "ar": "مدير النظام", "zh-hans": "系统管理员", "en": "Administrator",
        "fr": "Administrateur", "ru": "Администратор", "es": "Administrador"}),
]  # fmt: skip


def create_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, rank, scope_kind, two_factor, names in ROLES:
        Role.objects.update_or_create(
            code=code,
            defaults={
                "rank": rank,
                "scope_kind": scope_kind,
                "requires_two_factor": two_factor,
                "names": names,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles_and_memberships")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
