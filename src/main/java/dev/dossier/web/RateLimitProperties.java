package dev.dossier.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request limits, counted in the database so that they hold across nodes. Each limit allows so many
 * requests per fixed window; past it, requests get 429 with {@code Retry-After} until the window
 * ends.
 *
 * @param loginsPerAccount login attempts per user name or e-mail address and window
 * @param loginsPerAddress login attempts per client address and window
 * @param loginWindow length of a login window
 * @param uploadsPerAccount uploads (avatars and CVs together) per account and window
 * @param uploadWindow length of an upload window
 */
@ConfigurationProperties("dossier.rate-limits")
public record RateLimitProperties(@DefaultValue("10") int loginsPerAccount, @DefaultValue("100") int loginsPerAddress,
		@DefaultValue("15m") Duration loginWindow, @DefaultValue("100") int uploadsPerAccount,
		@DefaultValue("1h") Duration uploadWindow) {
}
