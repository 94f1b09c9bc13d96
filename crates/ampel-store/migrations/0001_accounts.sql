-- The vault's key-check records: one row per data key this database has seen.
-- key_check is an envelope of a fixed text encrypted under that key, so the key
-- now in the keyring can be matched (or found missing/different) without
-- touching any token.
CREATE TABLE vault_keys (
    id          TEXT PRIMARY KEY NOT NULL,
    key_check   BLOB NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('keyring', 'file')),
    created_at  TEXT NOT NULL
) STRICT;

-- Forge accounts. The token is only ever stored as an AES-256-GCM envelope
-- (token_ciphertext) under the data key named by key_id.
CREATE TABLE accounts (
    id                  TEXT PRIMARY KEY NOT NULL,
    provider            TEXT NOT NULL CHECK (provider IN ('github', 'gitlab', 'bitbucket', 'gitea')),
    name                TEXT NOT NULL COLLATE NOCASE UNIQUE,
    base_url            TEXT NOT NULL,
    username            TEXT,
    auth_kind           TEXT NOT NULL CHECK (auth_kind IN ('bearer', 'basic', 'token')),
    token_ciphertext    BLOB NOT NULL,
    token_hint          TEXT NOT NULL,
    key_id              TEXT REFERENCES vault_keys (id),
    identity_login      TEXT,
    identity_name       TEXT,
    identity_avatar_url TEXT,
    identity_email      TEXT,
    scopes              TEXT NOT NULL DEFAULT '[]',
    token_expires_at    TEXT,
    last_validated_at   TEXT,
    validation_status   TEXT NOT NULL DEFAULT 'not_verified'
                        CHECK (validation_status IN ('not_verified', 'verified', 'failed')),
    validation_detail   TEXT,
    enabled             INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;

CREATE INDEX accounts_key_id ON accounts (key_id);
