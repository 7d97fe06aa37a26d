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
import dev.dossier.web.FileViews;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ProfileController {

	private final AccountService accounts;

	private final FileStore files;

	private final FileViews views;

	ProfileController(AccountService accounts, FileStore files, FileViews views) {
		this.accounts = accounts;
		this.files = files;
		this.views = views;
	}

	/** Returns the user's fields, plus signed URLs and metadata of the current avatar and CV (null when absent). */
	@GetMapping("/api/v1/profile")
	Map<String, Object> profile(@AuthenticationPrincipal AuthenticatedAccount account) {
		Map<String, Object> body = new LinkedHashMap<>(AccountViews.of(this.accounts.get(account.id())));
		Optional<StoredFile> avatar = this.files.current(account.id(), FileKind.AVATAR);
		Optional<StoredFile> cv = this.files.current(account.id(), FileKind.CV);
		Optional<Map<String, Object>> avatarView = avatar.map(this.views::of);
		Optional<Map<String, Object>> cvView = cv.map(this.views::of);
		body.put("avatar_file_url", avatarView.map((view) -> view.get("url")).orElse(null));
		body.put("cv_file_url", cvView.map((view) -> view.get("url")).orElse(null));
		body.put("avatar", avatarView.orElse(null));
		body.put("cv", cvView.orElse(null));
		return body;
	}

}
