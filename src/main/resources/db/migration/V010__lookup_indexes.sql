-- lookup-resources reads from the grants side, one index per kind of scope:
-- a space-wide grant pages through the space's resources of one type in id order;
CREATE INDEX resources_space_type_id_idx ON resources (space_id, resource_type, id);
-- a self grant reads the resources the member owns;
CREATE INDEX resources_owner_idx ON resources (owner_member_id) WHERE owner_member_id IS NOT NULL;
-- a group_tree grant reads the groups under its anchor as a byte-order range on the path
-- (anchor || '.' up to anchor || '/'), which needs the path in the "C" collation.
CREATE INDEX groups_space_path_c_idx ON groups (space_id, (path COLLATE "C"));
