package dev.dossier.cv;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import dev.dossier.account.AuthenticatedAccount;
import dev.dossier.storage.StoredFile;
import dev.dossier.web.FileViews;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CvController {

	private final CvService cvs;

	private final FileViews views;

	CvController(CvService cvs, FileViews views) {
		this.cvs = cvs;
		this.views = views;
	}

	/** Reads the raw body itself: the streaming reader must see it before anything buffers it. */
	@PostMapping("/api/v1/user-operations/cv")
	Map<String, Object> upload(@AuthenticationPrincipal AuthenticatedAccount account, HttpServletRequest request) {
		StoredFile stored = this.cvs.upload(account.id(), request);
		return this.views.of(stored);
	}

}
