package dev.dossier.profile;

import java.util.List;
import java.util.Map;

import dev.dossier.account.AuthenticatedAccount;
import dev.dossier.storage.FileKind;
import dev.dossier.storage.FileStore;
import dev.dossier.storage.StoredFile;
import dev.dossier.web.FileViews;
import dev.dossier.web.Problem;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Reading and deleting a user's avatars and CVs; uploads live in their own features. */
@RestController
@RequestMapping("/api/v1/user-operations")
class UserFilesController {

	private final FileStore files;

	private final FileViews views;

	UserFilesController(FileStore files, FileViews views) {
		this.files = files;
		this.views = views;
	}

	@GetMapping("/{kind:avatar|cv}")
	Map<String, Object> current(@AuthenticationPrincipal AuthenticatedAccount account, @PathVariable String kind) {
		FileKind fileKind = FileKind.fromId(kind);
		StoredFile file = this.files.current(account.id(), fileKind)
			.orElseThrow(() -> Problem.NOT_FOUND.exception("You have no " + label(fileKind) + " yet. Upload one with "
					+ "POST /api/v1/user-operations/" + kind + "."));
		return this.views.of(file);
	}

	@GetMapping("/{kind:avatar|cv}/history")
	Map<String, Object> history(@AuthenticationPrincipal AuthenticatedAccount account, @PathVariable String kind) {
		FileKind fileKind = FileKind.fromId(kind);
		Long currentId = this.files.current(account.id(), fileKind).map(StoredFile::id).orElse(null);
		List<Map<String, Object>> items = this.files.history(account.id(), fileKind).stream().map((file) -> {
			Map<String, Object> view = this.views.of(file);
			view.put("current", Long.valueOf(file.id()).equals(currentId));
			return view;
		}).toList();
		return Map.of("items", items);
	}

	@DeleteMapping("/{kind:avatar|cv}")
	ResponseEntity<Void> deleteCurrent(@AuthenticationPrincipal AuthenticatedAccount account,
			@PathVariable String kind) {
		FileKind fileKind = FileKind.fromId(kind);
		StoredFile file = this.files.current(account.id(), fileKind)
			.orElseThrow(() -> Problem.NOT_FOUND.exception("You have no " + label(fileKind) + " to delete."));
		this.files.delete(file);
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/{kind:avatar|cv}/{id:\\d+}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal AuthenticatedAccount account, @PathVariable String kind,
			@PathVariable long id) {
		FileKind fileKind = FileKind.fromId(kind);
		StoredFile file = this.files.find(id)
			.filter((found) -> found.accountId() == account.id() && found.kind() == fileKind && !found.isDeleted())
			.orElseThrow(() -> Problem.NOT_FOUND.exception("You have no " + label(fileKind) + " with id " + id
					+ ". GET /api/v1/user-operations/" + kind + "/history lists yours with their ids."));
		this.files.delete(file);
		return ResponseEntity.noContent().build();
	}

	/** Rejects uploads without a kind, which the published v1 examples send, naming the two upload paths. */
	@RequestMapping({ "", "/" })
	void uploadWithoutKind() {
		throw Problem.NOT_FOUND.exception("Upload to POST /api/v1/user-operations/avatar for a profile picture or "
				+ "POST /api/v1/user-operations/cv for a CV. GET the same paths to read the current ones.");
	}

	private static String label(FileKind kind) {
		return (kind == FileKind.AVATAR) ? "avatar" : "CV";
	}

}
