package io.plystra.kernel;

import io.smallrye.mutiny.Uni;

/** Resolves the caller of a request from its {@code Authorization} header (the session package implements it). */
public interface Authenticator {

    /**
     * @param authorization the header's value, or null
     * @param sessionOnly   whether only a user session is accepted (API keys are refused)
     * @return the caller; fails with 401 when the header names none
     */
    Uni<Caller> authenticate(String authorization, boolean sessionOnly);
}
