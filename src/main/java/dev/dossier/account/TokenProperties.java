package dev.dossier.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lifetimes of the opaque tokens.
 *
 * @param accessTokenLifetime how long an access token authenticates requests
 * @param refreshTokenLifetime how long a refresh token can be exchanged; each exchange issues a new one
 */
@ConfigurationProperties("dossier.tokens")
public record TokenProperties(@DefaultValue("1h") Duration accessTokenLifetime,
		@DefaultValue("30d") Duration refreshTokenLifetime) {
}
