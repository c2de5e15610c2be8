import msgspec


class Section(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True, omit_defaults=True):
    """A policy section: unknown settings are errors, missing ones take their default."""
