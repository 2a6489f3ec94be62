package io.plystra.attribute;

import java.util.List;

/** Every live attribute of one subject, by key. */
public record SubjectAttributesView(String spaceId, String kind, String subject, List<AttributeView> attributes) {
}
