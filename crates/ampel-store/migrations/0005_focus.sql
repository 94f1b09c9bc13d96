-- Focus beside the cache (issue 29): exclusion rules (ampel_core::focus::Rule as
-- JSON; rowid keeps the order they were added in), profiles (ampel_core::focus::Profile as
-- JSON, in the order they were added) and the profile picked by hand from the tray
-- (ampel_core::focus::Manual as JSON, one row at most).
CREATE TABLE exclusion_rules (
    id          TEXT PRIMARY KEY,
    rule        TEXT NOT NULL,
    added_at    TEXT NOT NULL
) STRICT;

CREATE TABLE profiles (
    name        TEXT PRIMARY KEY,
    profile     TEXT NOT NULL,
    added_at    TEXT NOT NULL
) STRICT;

CREATE TABLE manual_profile (
    one         INTEGER PRIMARY KEY CHECK (one = 1),
    manual      TEXT NOT NULL
) STRICT;
