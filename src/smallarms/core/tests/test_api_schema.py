from pathlib import Path

from django.core.management import call_command

SCHEMA = Path(__file__).resolve().parents[4] / "docs" / "openapi.yaml"


def test_the_committed_openapi_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert SCHEMA.read_text(encoding="utf-8") == generated.read_text(encoding="utf-8"), (
        "docs/openapi.yaml is out of date: run `DEBUG=false smallarms spectacular --file "
        "docs/openapi.yaml` (production settings: the schema names the production cookie)"
    )


def test_the_interactive_api_documentation_is_served_without_a_cdn(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in response.text
    assert "cdn" not in response.text.lower()


def api_serializers():
    """Every serializer the apps' ``api`` packages define."""
    import importlib
    import inspect
    import pkgutil

    from django.apps import apps
    from rest_framework import serializers

    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("smallarms."):
            continue
        try:
            package = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError:
            continue
        for module_info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{module_info.name}")
            found += [
                value
                for value in vars(module).values()
                if inspect.isclass(value)
                and issubclass(value, serializers.ModelSerializer)
                and value.__module__ == module.__name__
                and hasattr(value, "Meta")
            ]
    return found


def nullable_source(model, source: str) -> bool:
    """Whether following ``source`` (``state.short_name``) from ``model`` can meet a null:
    a nullable column or foreign key on the way."""
    from django.core.exceptions import FieldDoesNotExist

    for name in source.split("."):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False  # a property or method: its annotation says
        if not field.concrete:
            return False  # a reverse relation: a list, never null
        if field.null:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def test_every_field_read_from_a_nullable_column_is_nullable_in_the_schema():
    from rest_framework import serializers

    wrong = []
    for serializer_class in api_serializers():
        model = serializer_class.Meta.model
        for name, field in serializer_class().fields.items():
            if field.write_only or field.source == "*":
                continue
            if isinstance(field, serializers.ManyRelatedField | serializers.BaseSerializer):
                continue
            if nullable_source(model, field.source) and not field.allow_null:
                wrong.append(f"{serializer_class.__name__}.{name}")
    assert not wrong, f"declare allow_null=True: {', '.join(wrong)}"
