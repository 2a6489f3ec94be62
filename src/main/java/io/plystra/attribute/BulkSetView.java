package io.plystra.attribute;

import java.util.List;

/** What a bulk set did: every attribute as stored, in the order of the request, and how many keys were new. */
public record BulkSetView(String spaceId, int count, int created, List<AttributeView> items) {
}
