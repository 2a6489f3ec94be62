package io.plystra.identity.user;

public record UserCreate(String id, String email, String password, String username, String phone, String externalSubject) {
}
