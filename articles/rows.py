"""A model instance's stored values, for telling whether a row changed."""


def row_values(obj):
    """Every concrete field's value, in field order (None for no object)."""
    return None if obj is None else tuple(getattr(obj, field.attname) for field in obj._meta.concrete_fields)
