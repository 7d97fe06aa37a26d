package dev.dossier.avatar;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import dev.dossier.account.AuthenticatedAccount;
import dev.dossier.storage.StoredFile;
import dev.dossier.web.FileViews;
import dev.dossier.web.RateLimiter;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AvatarController {

	private final AvatarService avatars;

	private final FileViews views;

	private final RateLimiter rateLimiter;

	AvatarController(AvatarService avatars, FileViews views, RateLimiter rateLimiter) {
		this.avatars = avatars;
		this.views = views;
		this.rateLimiter = rateLimiter;
	}

	/** Reads the raw body itself: the streaming reader must see it before anything buffers it. */
	@PostMapping("/api/v1/user-operations/avatar")
	Map<String, Object> upload(@AuthenticationPrincipal AuthenticatedAccount account, HttpServletRequest request) {
		this.rateLimiter.countUpload(account.id());
		StoredFile stored = this.avatars.upload(account.id(), request);
		return this.views.of(stored);
	}

}
