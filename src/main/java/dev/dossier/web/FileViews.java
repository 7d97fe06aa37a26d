package dev.dossier.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.dossier.storage.StoredFile;
import org.springframework.stereotype.Component;

/** Builds the JSON metadata of a stored file as every endpoint shows it; {@code id} comes first. */
@Component
public class FileViews {

	private final FileLinks links;

	private final List<FileDetails> details;

	FileViews(FileLinks links, List<FileDetails> details) {
		this.links = links;
		this.details = details;
	}

	public Map<String, Object> of(StoredFile file) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", file.id());
		view.put("kind", file.kind().id());
		view.put("content_type", file.contentType());
		view.put("size", file.size());
		view.put("sha256", file.sha256());
		view.put("filename", file.filename());
		view.put("created_at", file.createdAt().toString());
		view.put("url", this.links.contentUrl(file.id(), null));
		for (FileDetails extra : this.details) {
			if (extra.kind() == file.kind()) {
				extra.addTo(file, view);
			}
		}
		return view;
	}

}
