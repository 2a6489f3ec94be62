package io.plystra.gateway.routing;

/**
 * A refused request path or an invalid route table. {@link #field()} names what is wrong ({@code "path"},
 * {@code "query"}, {@code "host"} for a request; {@code "routes[2].path"} for a table; {@code null} when no single
 * field is to blame) and the message says why in words a caller can show. A refused request is a 400, an invalid
 * table a 400 at write time; either way nothing is guessed.
 */
public final class RouteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public RouteException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field at fault, or {@code null}. */
    public String field() {
        return field;
    }
}
