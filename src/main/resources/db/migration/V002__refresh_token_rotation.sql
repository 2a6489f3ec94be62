-- Refresh-token rotation (core-api.md section 3): every refresh replaces the session's refresh token.
-- The hashes of exchanged refresh tokens are kept here, so that presenting one again is recognised
-- as reuse (a stolen token) and revokes its whole session. Only HMAC-SHA256 hashes, never tokens.
CREATE TABLE session_rotated_refresh_tokens (
    refresh_token_hash text        PRIMARY KEY,
    session_id         text        NOT NULL REFERENCES sessions (id),
    rotated_at         timestamptz NOT NULL DEFAULT now()
);
