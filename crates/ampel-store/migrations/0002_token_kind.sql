-- The kind of token the forge reported at the last validation (classic PAT,
-- fine-grained PAT, API token, access token, ...), shown in the accounts list.
ALTER TABLE accounts ADD COLUMN token_kind TEXT;
