package dev.dossier.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * HTTP settings shared by all endpoints.
 *
 * @param publicUrl scheme, host and port clients use to reach the service, such as
 * {@code https://files.example.com}; when empty, taken from each request
 */
@ConfigurationProperties("dossier.web")
public record WebProperties(String publicUrl) {
}
