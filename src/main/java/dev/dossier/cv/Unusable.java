package dev.dossier.cv;

import dev.dossier.web.ApiException;
import dev.dossier.web.Problem;

/** The 422 rejections of CVs, worded for the person who uploads one. */
final class Unusable {

	private Unusable() {
	}

	static ApiException because(String detail) {
		return Problem.UNUSABLE_FILE.exception(detail, "upload_content");
	}

	static ApiException passwordProtected(DocumentFormat format) {
		return because("The " + format.label() + " needs a password to open, so recruiters cannot open it. Save it "
				+ "again without an opening password (a password that only restricts editing or printing is fine) "
				+ "and upload that copy.");
	}

	/** @param fault what is wrong, as a clause such as "its ZIP directory is missing" */
	static ApiException damaged(DocumentFormat format, String fault) {
		return because("The " + format.label() + " is damaged or incomplete: " + fault + ". Upload the complete "
				+ "file, or save the CV again from the program that made it.");
	}

	/** @param where the part of the document that contains the macros */
	static ApiException macros(DocumentFormat format, String where) {
		String claim = (format == DocumentFormat.DOCX) ? " although its type says it has none" : "";
		return because("The " + format.label() + " contains macros (" + where + ")" + claim + ". Save it again as a "
				+ format.label() + " without macros, or as PDF, and upload that copy.");
	}

}
