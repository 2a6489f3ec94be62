package io.plystra.authz;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.plystra.authz.engine.Decision;
import io.plystra.authz.engine.DenyCode;

/**
 * {@code plystra_decisions_total{decision, deny_code}} and {@code plystra_check_duration_seconds}
 * (a histogram, from request parse to committed audit row). Meters are made once, not per decision.
 */
@ApplicationScoped
public class DecisionMetrics {

    private final Counter allowed;
    private final Map<DenyCode, Counter> denied = new EnumMap<>(DenyCode.class);
    private final Timer latency;

    public DecisionMetrics(MeterRegistry registry) {
        this.allowed = Counter.builder("plystra.decisions").tag("decision", "allow").tag("deny_code", "none")
                .description("Authorization decisions").register(registry);
        for (DenyCode code : DenyCode.values()) {
            denied.put(code, Counter.builder("plystra.decisions").tag("decision", "deny").tag("deny_code", code.name())
                    .description("Authorization decisions").register(registry));
        }
        this.latency = Timer.builder("plystra.check.duration").description("Decision latency including the audit write")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
                .maximumExpectedValue(Duration.ofSeconds(5)).register(registry);
    }

    public void record(Decision decision, long startedNanos) {
        (decision.allows() ? allowed : denied.get(decision.denyCode())).increment();
        latency.record(System.nanoTime() - startedNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
