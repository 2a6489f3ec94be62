package io.plystra.session;

public record LoginRequest(String email, String password) {
}
