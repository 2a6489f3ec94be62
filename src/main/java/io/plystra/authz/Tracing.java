package io.plystra.authz;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.plystra.authz.engine.Decision;

/**
 * The decision's OpenTelemetry spans: one per step (snapshot load, engine, audit write) under the
 * request's span, only when that span is recording (its W3C traceparent was sampled); otherwise
 * nothing is created. The engine itself stays free of it.
 */
@ApplicationScoped
public class Tracing {

    /** A started step; {@link #NONE} when the request is not traced. */
    public interface Step {
        void end();

        /** Ends the engine's step with the decision's own ids on it. */
        default void end(Decision decision) {
            end();
        }
    }

    static final Step NONE = () -> {
    };

    private final Tracer tracer;

    public Tracing(Tracer tracer) {
        this.tracer = tracer;
    }

    public Step start(String name) {
        if (!Span.current().isRecording()) {
            return NONE;
        }
        Span span = tracer.spanBuilder(name).startSpan();
        return new Step() {
            @Override
            public void end() {
                span.end();
            }

            @Override
            public void end(Decision d) {
                span.setAttribute("plystra.trace_id", d.traceId());
                span.setAttribute("plystra.decision", d.decision());
                if (d.denyCode() != null) {
                    span.setAttribute("plystra.deny_code", d.denyCode().name());
                }
                span.end();
            }
        };
    }

    /** The request's trace and span ids for its audit row, or null when it is not traced. */
    public Map<String, String> ids() {
        SpanContext context = Span.current().getSpanContext();
        return context.isValid() && context.isSampled()
                ? Map.of("trace_id", context.getTraceId(), "span_id", context.getSpanId()) : null;
    }
}
