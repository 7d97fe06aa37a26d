package dev.dossier.storage;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signed download links.
 *
 * @param key base64 HMAC key of at least 32 bytes, the same on every node; when empty, a key is
 * generated once and kept in {@code signing.key} under the data directory
 * @param lifetime how long a link stays valid after it is issued
 */
@ConfigurationProperties("dossier.signed-urls")
public record SigningProperties(String key, @DefaultValue("15m") Duration lifetime) {
}
