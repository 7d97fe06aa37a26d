package dev.dossier.storage;

import java.util.Locale;

/** The two kinds of file a user keeps: one current of each, plus a history. */
public enum FileKind {

	AVATAR, CV;

	/** Name used in paths, JSON and the database: {@code avatar} or {@code cv}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static FileKind fromId(String id) {
		return valueOf(id.toUpperCase(Locale.ROOT));
	}

}
