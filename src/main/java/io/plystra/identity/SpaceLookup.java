package io.plystra.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.identity.space.Space;
import io.plystra.identity.space.SpaceRepository;
import io.plystra.kernel.ApiException;
import io.smallrye.mutiny.Uni;

/** The space of a space-scoped route: 404 {@code SPACE_NOT_FOUND} before anything inside it is looked at. */
@ApplicationScoped
public class SpaceLookup {

    @Inject
    SpaceRepository spaces;

    public Uni<Space> existing(String spaceId) {
        return spaces.findById(spaceId).onItem().ifNull().failWith(() -> ApiException.notFound("space", spaceId));
    }
}
