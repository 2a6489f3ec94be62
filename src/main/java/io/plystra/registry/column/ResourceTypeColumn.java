package io.plystra.registry.column;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One column of a resource type's catalogue, at its position (1..n). */
@Entity
@Table(name = "resource_type_columns")
@IdClass(ResourceTypeColumn.Key.class)
public class ResourceTypeColumn extends PanacheEntityBase {

    public record Key(String resourceTypeId, String name) implements java.io.Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "resource_type_id")
    public String resourceTypeId;
    @Id
    public String name;
    public int position;
    public String description;
}
