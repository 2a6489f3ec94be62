package io.plystra.kernel;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.HttpHeaders;

/**
 * Request ids: the inbound {@code X-Request-ID} when sane (1-128 of {@code [A-Za-z0-9._:-]}),
 * otherwise {@code req_<12 hex millis><8 hex random>}. {@link RequestLog} settles the id once per
 * request and writes it back into the request's own header, so every later layer reads the same value
 * from there. Generated ids are time-ordered so that the audit log's request-id index grows at its
 * right edge: random keys would make every decision's insert touch a random page of an index as large
 * as the log (docs/benchmarks.md, "Flat as the audit grows").
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-ID";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    public static String settle(String inbound) {
        return inbound != null && SANE.matcher(inbound).matches() ? inbound : generate();
    }

    public static String generate() {
        HexFormat hex = HexFormat.of();
        return "req_" + hex.toHexDigits(System.currentTimeMillis()).substring(4) + hex.toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** The settled id of the current request. */
    public static String of(HttpHeaders headers) {
        return of(headers == null ? null : headers.getHeaderString(HEADER));
    }

    /** The settled id, given the value of the request's {@link #HEADER}. */
    public static String of(String settledHeader) {
        return settledHeader == null ? generate() : settledHeader;
    }
}
