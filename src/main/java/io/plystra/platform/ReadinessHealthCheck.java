package io.plystra.platform;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/** {@code /q/health/ready}: the same facts as {@code /api/v1/ready}, for Kubernetes probes. */
@Readiness
@ApplicationScoped
public class ReadinessHealthCheck implements AsyncHealthCheck {

    private final io.plystra.platform.Readiness readiness;

    public ReadinessHealthCheck(io.plystra.platform.Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return readiness.check().map(state -> {
            var response = HealthCheckResponse.named("plystra-schema").status(state.ready());
            state.facts().forEach((k, v) -> response.withData(k, v == null ? "" : v.toString()));
            return response.build();
        });
    }
}
