-- A resource id is unique within its space, no longer across the instance: one tenant's ids can
-- be neither probed (409) nor squatted by another. Decisions look a resource up by type and id,
-- preferring the actor's space (resources_type_id_idx); the space routes by (space_id, id).
ALTER TABLE resources DROP CONSTRAINT resources_type_id_key;
ALTER TABLE resources DROP CONSTRAINT resources_pkey;
ALTER TABLE resources ADD CONSTRAINT resources_pkey PRIMARY KEY (space_id, id);
DROP INDEX resources_space_idx;
CREATE INDEX resources_type_id_idx ON resources (resource_type, id);
