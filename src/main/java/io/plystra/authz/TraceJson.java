package io.plystra.authz;

import java.util.List;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.authz.engine.SpaceSnapshot;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * How the engine's records are written in a trace, where the engine itself may not say it (it knows only the JDK): a
 * space's {@code organizations} appear only when the space has some, so the trace of a space of no organization is
 * what it was before organizations existed.
 */
@Singleton
public class TraceJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addMixIn(SpaceSnapshot.class, SpaceWithoutEmptyChain.class);
    }

    private abstract static class SpaceWithoutEmptyChain {

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract List<?> organizations();
    }
}
