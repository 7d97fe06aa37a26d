package dev.dossier.storage;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks download links: an HMAC-SHA256 over the file id, the variant and the expiry
 * time, so that a link works for anyone holding it until it expires, and altering any part of it
 * breaks the signature.
 */
public class SignedUrls {

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	private final Duration lifetime;

	private final Clock clock;

	public SignedUrls(byte[] key, Duration lifetime, Clock clock) {
		if (key.length < 32) {
			throw new IllegalArgumentException("The URL signing key must be at least 32 bytes");
		}
		this.key = new SecretKeySpec(key, ALGORITHM);
		this.lifetime = lifetime;
		this.clock = clock;
	}

	/** Query string ({@code expires=...&signature=...}) for a link valid for the configured lifetime. */
	public String query(long fileId, String variant) {
		long expires = this.clock.instant().plus(this.lifetime).getEpochSecond();
		StringBuilder query = new StringBuilder();
		if (variant != null) {
			query.append("variant=").append(variant).append('&');
		}
		query.append("expires=").append(expires).append("&signature=").append(sign(fileId, variant, expires));
		return query.toString();
	}

	/** Whether a signature is valid for these values and has not expired. */
	public boolean verify(long fileId, String variant, long expires, String signature) {
		if (signature == null || expires < this.clock.instant().getEpochSecond()) {
			return false;
		}
		byte[] expected = sign(fileId, variant, expires).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
	}

	public Duration lifetime() {
		return this.lifetime;
	}

	private String sign(long fileId, String variant, long expires) {
		String message = fileId + "\n" + ((variant != null) ? variant : "") + "\n" + expires;
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			byte[] digest = mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is unavailable", ex);
		}
	}

}
