-- V020: contracts (docs/contracts.md). Every apply of a space's contract that changes something, or
-- declares a document other than the latest, is kept as a version: the document as it was sent (YAML
-- or JSON), the digest of what it declares, and the changes the apply made. A rollback applies an
-- older version's document as the next version; versions are never changed or deleted.
CREATE TABLE contract_versions (
    space_id         text        NOT NULL REFERENCES spaces (id),
    version          integer     NOT NULL CHECK (version >= 1),
    format           text        NOT NULL CHECK (format IN ('json', 'yaml')),
    document         text        NOT NULL,
    digest           text        NOT NULL,
    changes          jsonb       NOT NULL,
    reason           text        NOT NULL CHECK (reason IN ('applied', 'rolled_back')),
    restored_version integer,
    created_by       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT contract_versions_pkey PRIMARY KEY (space_id, version),
    CONSTRAINT contract_versions_restored_check CHECK ((reason = 'rolled_back') = (restored_version IS NOT NULL))
);
