package io.plystra.platform;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;

/** Which of the framework's meters reach {@code /metrics} (docs/operations.md lists what does). */
public class MetricFilters {

    /**
     * The SQL client registers its in-flight and queue gauges once per connection under the same
     * name and tags, so the exported value would be the first connection's alone (and the second
     * registration logs a warning, which application.properties keeps out of the log). The pool's own gauges ({@code sql_pool_*}) count every
     * connection; the client's timers and counters are shared and stay.
     */
    static final MeterFilter PER_CONNECTION_GAUGES =
            MeterFilter.deny(id -> id.getType() == Meter.Type.GAUGE && id.getName().startsWith("postgresql."));

    /** Prometheus wants base units; this one counts nanoseconds ({@code process_cpu_usage} stays). */
    static final MeterFilter CPU_TIME_IN_NANOSECONDS = MeterFilter.denyNameStartsWith("process.cpu.time");

    @Produces
    @Singleton
    MeterFilter perConnectionGauges() {
        return PER_CONNECTION_GAUGES;
    }

    @Produces
    @Singleton
    MeterFilter cpuTimeInNanoseconds() {
        return CPU_TIME_IN_NANOSECONDS;
    }
}
