package io.plystra.session;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

import io.plystra.kernel.PlystraConfig;

class TokenHasherProducer {

    @Produces
    @Singleton
    TokenHasher tokenHasher(PlystraConfig config) {
        return new TokenHasher(config.sessionSecret());
    }
}
