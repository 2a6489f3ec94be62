import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.plystra.grpc.v1.Actor;
import io.plystra.grpc.v1.AuthzServiceGrpc;

/**
 * A closed-loop gRPC load client: N concurrent calls, each issuing the next as soon as its answer
 * arrives, for S seconds after W seconds of warm-up, against either Plystra's own
 * {@code plystra.authz.v1.AuthzService/Check} or Envoy's {@code envoy.service.auth.v3.Authorization/Check}
 * (ext_authz). Prints requests/s, p50, p90, p99 and max (HdrHistogram, microsecond resolution, of the
 * measured part only) and the answers by outcome.
 * <p>
 * Run with the JDK's source launcher on the built application's classpath (the generated
 * {@code io.plystra.grpc.v1} stubs are in the application jar; grpc-java, Envoy's protos and
 * HdrHistogram in its libraries), after {@code ./mvnw -B -o -q package -DskipTests}:
 *
 * <pre>
 * java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' bench/GrpcLoad.java \
 *     MODE HOST:PORT CONCURRENCY SECONDS [WARMUP_SECONDS] [CHANNELS]
 *
 *   MODE plystra   plystra.authz.v1 Check: alice (finance reviewer) approves invoice_001; metadata
 *                  authorization: Bearer $TOKEN (a session token or an API key with authz:check).
 *   MODE envoy     ext_authz Check of POST /invoices/invoice_001/approve (host billing.example.com),
 *                  the end user's credential $TOKEN in the original request's authorization header,
 *                  the gateway's API key $GATEWAY_KEY in the x-plystra-gateway-key metadata. The space
 *                  needs the approve-invoice route (docs/gateways/routes.yaml).
 *   CHANNELS       HTTP/2 connections the calls are spread over (default 2).
 * </pre>
 *
 * Every answer that is not an allow is counted (and printed) separately; the latencies include them.
 */
public final class GrpcLoad {

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' bench/GrpcLoad.java "
                    + "plystra|envoy HOST:PORT CONCURRENCY SECONDS [WARMUP_SECONDS] [CHANNELS]");
            System.exit(2);
        }
        String mode = args[0];
        String[] target = args[1].split(":");
        int concurrency = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        int channelCount = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        String token = require("TOKEN");

        Metadata headers = new Metadata();
        MethodDescriptor<Object, Object> method;
        Object request;
        java.util.function.Function<Object, String> outcome;
        switch (mode) {
            case "plystra" -> {
                headers.put(key("authorization"), "Bearer " + token);
                method = erase(AuthzServiceGrpc.getCheckMethod());
                request = io.plystra.grpc.v1.CheckRequest.newBuilder()
                        .setActor(Actor.newBuilder().setUserId("user_alice").setMemberId("member_finance_reviewer")
                                .setUserMemberId("um_alice_finance_reviewer").setSpaceId("space_acme"))
                        .setResourceType("invoice").setResourceId("invoice_001").setAction("approve").build();
                outcome = answer -> {
                    var r = (io.plystra.grpc.v1.CheckResponse) answer;
                    return r.getAllow() ? "allow" : "deny " + r.getDenyCode();
                };
            }
            case "envoy" -> {
                headers.put(key("x-plystra-gateway-key"), require("GATEWAY_KEY"));
                method = erase(AuthorizationGrpc.getCheckMethod());
                request = io.envoyproxy.envoy.service.auth.v3.CheckRequest.newBuilder().setAttributes(AttributeContext.newBuilder()
                        .setRequest(AttributeContext.Request.newBuilder().setHttp(AttributeContext.HttpRequest.newBuilder()
                                .setMethod("POST").setHost("billing.example.com").setPath("/invoices/invoice_001/approve")
                                .setProtocol("HTTP/1.1").putAllHeaders(Map.of(":method", "POST", ":path", "/invoices/invoice_001/approve",
                                        ":authority", "billing.example.com", "authorization", "Bearer " + token,
                                        "user-agent", "GrpcLoad"))))).build();
                outcome = answer -> {
                    var r = (io.envoyproxy.envoy.service.auth.v3.CheckResponse) answer;
                    return r.getStatus().getCode() == 0 ? "allow" : "denied " + Status.fromCodeValue(r.getStatus().getCode()).getCode();
                };
            }
            default -> throw new IllegalArgumentException("MODE is plystra or envoy, not " + mode);
        }

        ManagedChannel[] channels = new ManagedChannel[channelCount];
        for (int c = 0; c < channelCount; c++) {
            channels[c] = ManagedChannelBuilder.forAddress(target[0], Integer.parseInt(target[1])).usePlaintext().directExecutor().build();
        }
        Recorder recorder = new Recorder(3);
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        LongAdder measured = new LongAdder();
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch done = new CountDownLatch(concurrency);

        for (int s = 0; s < concurrency; s++) {
            ManagedChannel channel = channels[s % channelCount];
            new Runnable() {
                long sent;

                @Override
                public void run() {
                    sent = System.nanoTime();
                    if (sent >= end) {
                        done.countDown();
                        return;
                    }
                    ClientCall<Object, Object> call = channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
                    ClientCalls.asyncUnaryCall(new io.grpc.ClientInterceptors.CheckedForwardingClientCall<Object, Object>(call) {
                        @Override
                        protected void checkedStart(Listener<Object> listener, Metadata extra) {
                            extra.merge(headers);
                            delegate().start(listener, extra);
                        }
                    }, request, new StreamObserver<>() {
                        @Override
                        public void onNext(Object answer) {
                            count(outcome.apply(answer));
                        }

                        @Override
                        public void onError(Throwable t) {
                            count("error " + Status.fromThrowable(t).getCode());
                            next();
                        }

                        @Override
                        public void onCompleted() {
                            next();
                        }

                        private void count(String what) {
                            long now = System.nanoTime();
                            if (sent >= measureFrom && now <= end) {
                                recorder.recordValue(Math.max(1, (now - sent) / 1000));
                                measured.increment();
                                outcomes.computeIfAbsent(what, k -> new LongAdder()).increment();
                            }
                        }

                        private void next() {
                            run();
                        }
                    });
                }
            }.run();
        }
        recorder.getIntervalHistogram(); // drop anything recorded before the window (none: count() filters)
        done.await(seconds + warmup + 30L, TimeUnit.SECONDS);
        Histogram h = recorder.getIntervalHistogram();
        for (ManagedChannel c : channels) {
            c.shutdownNow();
        }
        double rps = measured.sum() / (double) seconds;
        System.out.printf("mode=%s target=%s concurrency=%d channels=%d seconds=%d warmup=%d%n", mode, args[1], concurrency, channelCount,
                seconds, warmup);
        System.out.printf("requests=%d rps=%.0f p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms%n", measured.sum(), rps,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0);
        outcomes.forEach((k, v) -> System.out.printf("outcome %s: %d%n", k, v.sum()));
        System.exit(0);
    }

    private static String require(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            System.err.println("set " + name);
            System.exit(2);
        }
        return value;
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }

    @SuppressWarnings("unchecked")
    private static MethodDescriptor<Object, Object> erase(MethodDescriptor<?, ?> m) {
        return (MethodDescriptor<Object, Object>) m;
    }
}
