package io.plystra.registry;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** Where a resource type's rows live and which fields hold id, space, group, owner and name. */
@Entity
@Table(name = "resource_mappings")
public class ResourceMapping extends PanacheEntityBase {

    @Id
    @Column(name = "resource_type_id")
    public String resourceTypeId;
    @Column(name = "storage_kind")
    public String storageKind;
    @Column(name = "id_field")
    public String idField;
    @Column(name = "space_field")
    public String spaceField;
    @Column(name = "group_field")
    public String groupField;
    @Column(name = "owner_field")
    public String ownerField;
    @Column(name = "display_name_field")
    public String displayNameField;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The mapping every type has until one is stored: the {@code resources} table and its own columns. */
    static ResourceMapping standard(String resourceTypeId) {
        ResourceMapping m = new ResourceMapping();
        m.resourceTypeId = resourceTypeId;
        m.storageKind = "internal_table";
        m.idField = "id";
        m.spaceField = "space_id";
        m.groupField = "group_id";
        m.ownerField = "owner_member_id";
        m.displayNameField = "display_name";
        return m;
    }
}
