-- What a gateway's request that no route of the space maps gets: deny (ROUTE_NOT_MAPPED, audited)
-- or allow without a decision. Applied with the space's route table; production refuses allow.
ALTER TABLE spaces ADD COLUMN gateway_default text NOT NULL DEFAULT 'deny'
    CHECK (gateway_default IN ('deny', 'allow'));
