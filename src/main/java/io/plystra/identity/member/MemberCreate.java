package io.plystra.identity.member;

public record MemberCreate(String id, String displayName, String memberType) {
}
