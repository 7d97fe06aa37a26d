package dev.dossier.profile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.dossier.account.AccountService;
import dev.dossier.account.AccountViews;
import dev.dossier.account.AuthenticatedAccount;
import dev.dossier.storage.FileKind;
import dev.dossier.storage.FileStore;
import dev.dossier.storage.StoredFile;
import dev.dossier.web.FileLinks;
import dev.dossier.web.FileView;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ProfileController {

	private final AccountService accounts;

	private final FileStore files;

	private final FileLinks links;

	ProfileController(AccountService accounts, FileStore files, FileLinks links) {
		this.accounts = accounts;
		this.files = files;
		this.links = links;
	}

	/** The user's fields, plus signed URLs and metadata of the current avatar and CV (null when absent). */
	@GetMapping("/api/v1/profile")
	Map<String, Object> profile(@AuthenticationPrincipal AuthenticatedAccount account) {
		Map<String, Object> body = new LinkedHashMap<>(AccountViews.of(this.accounts.get(account.id())));
		Optional<StoredFile> avatar = this.files.current(account.id(), FileKind.AVATAR);
		Optional<StoredFile> cv = this.files.current(account.id(), FileKind.CV);
		Optional<String> avatarUrl = avatar.map((file) -> this.links.contentUrl(file.id(), null));
		Optional<String> cvUrl = cv.map((file) -> this.links.contentUrl(file.id(), null));
		body.put("avatar_file_url", avatarUrl.orElse(null));
		body.put("cv_file_url", cvUrl.orElse(null));
		body.put("avatar", avatar.map((file) -> FileView.of(file, avatarUrl.get())).orElse(null));
		body.put("cv", cv.map((file) -> FileView.of(file, cvUrl.get())).orElse(null));
		return body;
	}

}
