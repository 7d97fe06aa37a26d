package dev.dossier.account;

import java.time.Instant;

/** A registered user. */
public record Account(long id, String username, String email, String firstName, String lastName, Instant createdAt) {
}
