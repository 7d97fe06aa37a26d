package dev.dossier.cv;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import dev.dossier.account.AuthenticatedAccount;
import dev.dossier.storage.StoredFile;
import dev.dossier.web.FileViews;
import dev.dossier.web.RateLimiter;
import dev.dossier.web.Problem;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CvController {

	private static final MediaType PLAIN_TEXT_UTF8 = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

	private final CvService cvs;

	private final FileViews views;

	private final RateLimiter rateLimiter;

	CvController(CvService cvs, FileViews views, RateLimiter rateLimiter) {
		this.cvs = cvs;
		this.views = views;
		this.rateLimiter = rateLimiter;
	}

	/** Reads the raw body itself: the streaming reader must see it before anything buffers it. */
	@PostMapping("/api/v1/user-operations/cv")
	Map<String, Object> upload(@AuthenticationPrincipal AuthenticatedAccount account, HttpServletRequest request) {
		this.rateLimiter.countUpload(account.id());
		StoredFile stored = this.cvs.upload(account.id(), request);
		return this.views.of(stored);
	}

	/** Returns the plain text extracted from the current CV, cut where its {@code text_truncated} flag indicates. */
	@GetMapping("/api/v1/user-operations/cv/text")
	ResponseEntity<String> text(@AuthenticationPrincipal AuthenticatedAccount account) {
		String text = this.cvs.currentText(account.id())
			.orElseThrow(() -> Problem.NOT_FOUND.exception("You have no CV with extracted text. Upload one with "
					+ "POST /api/v1/user-operations/cv."));
		return ResponseEntity.ok().contentType(PLAIN_TEXT_UTF8).body(text);
	}

}
