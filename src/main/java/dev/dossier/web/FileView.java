package dev.dossier.web;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.dossier.storage.StoredFile;

/** JSON metadata of a stored file, as every endpoint shows it; {@code id} always comes first. */
public final class FileView {

	private FileView() {
	}

	public static Map<String, Object> of(StoredFile file, String url) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", file.id());
		view.put("kind", file.kind().id());
		view.put("content_type", file.contentType());
		view.put("size", file.size());
		view.put("sha256", file.sha256());
		view.put("filename", file.filename());
		view.put("created_at", file.createdAt().toString());
		view.put("url", url);
		return view;
	}

}
