package io.plystra.kernel;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The client's IP address: the connection's peer, or the nearest untrusted address in
 * {@code X-Forwarded-For} when the peer is inside {@code TRUSTED_PROXIES} (comma-separated CIDRs).
 */
@ApplicationScoped
public class ClientAddress {

    private final List<Cidr> trusted;

    public ClientAddress(PlystraConfig config) {
        this.trusted = parse(config.trustedProxies().orElse(""));
    }

    public String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        String peer = remote == null ? null : remote.hostAddress();
        if (peer == null || trusted.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!isLiteralAddress(hop)) {
                return peer;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return hops[0].trim();
    }

    private boolean isTrusted(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (Cidr cidr : trusted) {
            if (cidr.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    static List<Cidr> parse(String spec) {
        List<Cidr> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int slash = p.indexOf('/');
            byte[] network = literal(slash < 0 ? p : p.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("TRUSTED_PROXIES: not an IP address or CIDR: " + p);
            }
            int bits = slash < 0 ? network.length * 8 : Integer.parseInt(p.substring(slash + 1));
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("TRUSTED_PROXIES: bad prefix length: " + p);
            }
            out.add(new Cidr(network, bits));
        }
        return List.copyOf(out);
    }

    private static boolean isLiteralAddress(String s) {
        return literal(s) != null;
    }

    /** The address bytes of an IP literal, or null; never a DNS lookup. */
    private static byte[] literal(String s) {
        if (s == null || s.isEmpty() || !s.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    record Cidr(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int total = network.length * 8;
            BigInteger mask = bits == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftLeft(total - bits);
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}
