package dev.dossier.web;

import java.util.Map;

import dev.dossier.storage.FileKind;
import dev.dossier.storage.StoredFile;

/**
 * Extension that adds one kind of file's own metadata (an avatar's variants, a CV's page count) to
 * the JSON view of a file. Each feature registers one as a bean.
 */
public interface FileDetails {

	FileKind kind();

	/** Adds members to the view of {@code file}, which already contains the common ones. */
	void addTo(StoredFile file, Map<String, Object> view);

}
