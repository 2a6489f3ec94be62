-- The subject an organisation's identity provider gives a user (a JWT's `sub`), so that a gateway
-- forwarding that JWT acts as this user. Unique when set.
ALTER TABLE users ADD COLUMN external_subject text;
CREATE UNIQUE INDEX users_external_subject_key ON users (external_subject) WHERE external_subject IS NOT NULL;
