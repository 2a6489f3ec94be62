package io.plystra.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/** {@code /q/health/ready}: the same facts as {@code /api/v1/ready}, for Kubernetes probes. */
@Readiness
@ApplicationScoped
public class ReadinessHealthCheck implements AsyncHealthCheck {

    @Inject
    io.plystra.platform.Readiness readiness;

    @Override
    public Uni<HealthCheckResponse> call() {
        return readiness.check().map(state -> {
            var response = HealthCheckResponse.named("plystra-schema").status(state.ready());
            state.facts().forEach((k, v) -> response.withData(k, v == null ? "" : v.toString()));
            return response.build();
        });
    }
}
