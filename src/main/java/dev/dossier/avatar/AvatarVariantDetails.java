package dev.dossier.avatar;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.dossier.storage.FileKind;
import dev.dossier.storage.FileStore;
import dev.dossier.storage.StoredFile;
import dev.dossier.web.FileDetails;
import dev.dossier.web.FileLinks;
import org.springframework.stereotype.Component;

/**
 * Adds {@code variants} to the JSON view of an avatar: for each square its name (the value of
 * {@code ?variant=}), signed URL, pixel size, content type and byte size.
 */
@Component
class AvatarVariantDetails implements FileDetails {

	private final FileStore files;

	private final FileLinks links;

	AvatarVariantDetails(FileStore files, FileLinks links) {
		this.files = files;
		this.links = links;
	}

	@Override
	public FileKind kind() {
		return FileKind.AVATAR;
	}

	@Override
	public void addTo(StoredFile file, Map<String, Object> view) {
		List<Map<String, Object>> variants = this.files.variants(file.id()).stream().map((variant) -> {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("variant", variant.name());
			item.put("url", this.links.contentUrl(file.id(), variant.name()));
			item.put("width", variant.width());
			item.put("height", variant.height());
			item.put("content_type", variant.contentType());
			item.put("size", variant.size());
			return item;
		}).toList();
		view.put("variants", variants);
	}

}
