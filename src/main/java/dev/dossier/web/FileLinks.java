package dev.dossier.web;

import dev.dossier.storage.SignedUrls;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Builds absolute, signed, expiring download URLs. The host part comes from {@code dossier.public-url}
 * when set, else from the current request (behind a proxy, set
 * {@code server.forward-headers-strategy=framework} so that it is the public host).
 */
@Component
public class FileLinks {

	private final SignedUrls signedUrls;

	private final WebProperties properties;

	FileLinks(SignedUrls signedUrls, WebProperties properties) {
		this.signedUrls = signedUrls;
		this.properties = properties;
	}

	/** Signed URL of a file's content, or of one of its variants when {@code variant} is not null. */
	public String contentUrl(long fileId, String variant) {
		return baseUrl() + "/api/v1/files/" + fileId + "/content?" + this.signedUrls.query(fileId, variant);
	}

	private String baseUrl() {
		String configured = this.properties.publicUrl();
		if (configured != null && !configured.isBlank()) {
			return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
		}
		return ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
	}

}
