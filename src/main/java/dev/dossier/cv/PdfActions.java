package dev.dossier.cv;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

/**
 * Finds JavaScript and launch actions in the places where a viewer runs them: the document's open
 * action and additional actions, its JavaScript name tree, each page's additional actions, the
 * actions of annotations (links, form widgets), form fields and bookmarks, following {@code /Next}
 * chains. Works on the COS objects, so that action types PDFBox does not model are seen too.
 */
final class PdfActions {

	private static final COSName LAUNCH = COSName.getPDFName("Launch");

	private final Set<COSBase> visited = Collections.newSetFromMap(new IdentityHashMap<>());

	private PdfActions() {
	}

	/** Returns where the first script or launch action sits, for a message, or {@code null} if none. */
	static String find(PDDocument pdf) {
		return new PdfActions().search(pdf);
	}

	private String search(PDDocument pdf) {
		COSDictionary catalog = pdf.getDocumentCatalog().getCOSObject();
		if (isActive(catalog.getDictionaryObject(COSName.OPEN_ACTION))) {
			return "the action that runs when the document opens";
		}
		if (hasActiveTrigger(catalog)) {
			return "the actions that run when the document is closed, saved or printed";
		}
		if (hasJavaScriptNames(catalog)) {
			return "the document-level JavaScript";
		}
		int number = 0;
		for (PDPage page : pdf.getPages()) {
			number++;
			if (hasActiveTrigger(page.getCOSObject())) {
				return "the actions that run when page " + number + " is opened or closed";
			}
			if (hasActiveAnnotation(page.getCOSObject().getCOSArray(COSName.ANNOTS))) {
				return "a link or form field on page " + number;
			}
		}
		COSDictionary form = catalog.getCOSDictionary(COSName.ACRO_FORM);
		if (form != null && hasActiveField(form.getCOSArray(COSName.FIELDS))) {
			return "a form field";
		}
		COSDictionary outlines = catalog.getCOSDictionary(COSName.OUTLINES);
		if (outlines != null && hasActiveBookmark(outlines.getCOSDictionary(COSName.FIRST))) {
			return "a bookmark";
		}
		return null;
	}

	/**
	 * Checks whether an action, or one chained after it with {@code /Next}, runs script or a program.
	 * Walks the chain with a work list rather than recursion, so that a long chain cannot overflow
	 * the stack.
	 */
	private boolean isActive(COSBase first) {
		Deque<COSBase> pending = new ArrayDeque<>();
		if (first != null) {
			pending.push(first);
		}
		while (!pending.isEmpty()) {
			if (!(pending.pop() instanceof COSDictionary action) || !this.visited.add(action)) {
				continue;
			}
			COSName type = action.getCOSName(COSName.S);
			if (COSName.JAVA_SCRIPT.equals(type) || LAUNCH.equals(type) || action.containsKey(COSName.JS)) {
				return true;
			}
			COSBase next = action.getDictionaryObject(COSName.NEXT);
			if (next instanceof COSArray chain) {
				for (int i = 0; i < chain.size(); i++) {
					if (chain.getObject(i) instanceof COSDictionary chained) {
						pending.push(chained);
					}
				}
			}
			else if (next != null) {
				pending.push(next);
			}
		}
		return false;
	}

	/** Checks the actions of an object's additional-actions dictionary ({@code /AA}). */
	private boolean hasActiveTrigger(COSDictionary owner) {
		COSDictionary triggers = owner.getCOSDictionary(COSName.AA);
		if (triggers == null) {
			return false;
		}
		for (COSName trigger : triggers.keySet()) {
			if (isActive(triggers.getDictionaryObject(trigger))) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasJavaScriptNames(COSDictionary catalog) {
		COSDictionary names = catalog.getCOSDictionary(COSName.NAMES);
		COSDictionary scripts = (names != null) ? names.getCOSDictionary(COSName.JAVA_SCRIPT) : null;
		if (scripts == null) {
			return false;
		}
		COSArray leaves = scripts.getCOSArray(COSName.NAMES);
		COSArray kids = scripts.getCOSArray(COSName.KIDS);
		return (leaves != null && leaves.size() > 0) || (kids != null && kids.size() > 0);
	}

	private boolean hasActiveAnnotation(COSArray annotations) {
		if (annotations == null) {
			return false;
		}
		for (int i = 0; i < annotations.size(); i++) {
			if (annotations.getObject(i) instanceof COSDictionary annotation && hasActiveAction(annotation)) {
				return true;
			}
		}
		return false;
	}

	/** Walks the form field tree; the visited set ends cycles that a damaged file may contain. */
	private boolean hasActiveField(COSArray topFields) {
		Deque<COSArray> pending = new ArrayDeque<>();
		if (topFields != null) {
			pending.push(topFields);
		}
		while (!pending.isEmpty()) {
			COSArray fields = pending.pop();
			for (int i = 0; i < fields.size(); i++) {
				if (!(fields.getObject(i) instanceof COSDictionary field) || !this.visited.add(field)) {
					continue;
				}
				if (hasActiveAction(field)) {
					return true;
				}
				COSArray kids = field.getCOSArray(COSName.KIDS);
				if (kids != null) {
					pending.push(kids);
				}
			}
		}
		return false;
	}

	/** Walks the bookmark tree through {@code /First} and {@code /Next}, like the field tree. */
	private boolean hasActiveBookmark(COSDictionary first) {
		Deque<COSDictionary> pending = new ArrayDeque<>();
		if (first != null) {
			pending.push(first);
		}
		while (!pending.isEmpty()) {
			COSDictionary item = pending.pop();
			if (!this.visited.add(item)) {
				continue;
			}
			if (isActive(item.getDictionaryObject(COSName.A))) {
				return true;
			}
			for (COSName link : new COSName[] { COSName.NEXT, COSName.FIRST }) {
				COSDictionary linked = item.getCOSDictionary(link);
				if (linked != null) {
					pending.push(linked);
				}
			}
		}
		return false;
	}

	private boolean hasActiveAction(COSDictionary owner) {
		return isActive(owner.getDictionaryObject(COSName.A)) || hasActiveTrigger(owner);
	}

}
