package dev.dossier.cv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDJavascriptNameTreeNode;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionLaunch;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dossier.web.ApiException;
import dev.dossier.web.Problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PdfInspectorTest {

	@TempDir
	Path dir;

	@Test
	void countsPagesAndExtractsText() throws Exception {
		CvText text = inspect(CvFixtures.pdf(3));

		assertThat(text.pages()).isEqualTo(3);
		assertThat(text.text()).contains("Page 1 of the CV of Jane Example").contains("Page 3 of the CV");
		assertThat(text.truncated()).isFalse();
		assertThat(text.length()).isEqualTo(text.text().length());
	}

	@Test
	void rejectsPdfThatNeedsPassword() throws Exception {
		byte[] pdf = CvFixtures.pdf(1, (document) -> document
			.protect(new StandardProtectionPolicy("owner secret", "user secret", new AccessPermission())));

		ApiException rejection = reject(pdf);

		assertThat(rejection.detail()).contains("needs a password to open").contains("recruiters cannot open it");
	}

	@Test
	void acceptsPdfWithOwnerPasswordOnly() throws Exception {
		AccessPermission noCopying = new AccessPermission();
		noCopying.setCanExtractContent(false);
		byte[] pdf = CvFixtures.pdf(2,
				(document) -> document.protect(new StandardProtectionPolicy("owner secret", "", noCopying)));

		CvText text = inspect(pdf);

		assertThat(text.pages()).isEqualTo(2);
		assertThat(text.text()).contains("Page 2 of the CV");
	}

	@Test
	void rejectsJavaScriptOpenAction() throws Exception {
		byte[] pdf = CvFixtures.pdf(1,
				(document) -> document.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert(1)")));

		assertThat(reject(pdf).detail()).contains("JavaScript").contains("when the document opens");
	}

	@Test
	void rejectsJavaScriptChainedAfterHarmlessAction() throws Exception {
		byte[] pdf = CvFixtures.pdf(1, (document) -> {
			COSDictionary named = action("Named");
			named.setItem(COSName.N, COSName.getPDFName("NextPage"));
			COSArray next = new COSArray();
			next.add(action("GoTo"));
			next.add(new PDActionJavaScript("app.alert(2)").getCOSObject());
			named.setItem(COSName.NEXT, next);
			document.getDocumentCatalog().getCOSObject().setItem(COSName.OPEN_ACTION, named);
		});

		assertThat(reject(pdf).detail()).contains("when the document opens");
	}

	@Test
	void rejectsDocumentCloseAction() throws Exception {
		byte[] pdf = CvFixtures.pdf(1, (document) -> {
			COSDictionary triggers = new COSDictionary();
			triggers.setItem(COSName.getPDFName("WC"), new PDActionJavaScript("app.alert(3)"));
			document.getDocumentCatalog().getCOSObject().setItem(COSName.AA, triggers);
		});

		assertThat(reject(pdf).detail()).contains("closed, saved or printed");
	}

	@Test
	void rejectsDocumentLevelJavaScript() throws Exception {
		byte[] pdf = CvFixtures.pdf(1, (document) -> {
			PDJavascriptNameTreeNode scripts = new PDJavascriptNameTreeNode();
			scripts.setNames(Map.of("init", new PDActionJavaScript("app.alert(4)")));
			PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
			names.setJavascript(scripts);
			document.getDocumentCatalog().setNames(names);
		});

		assertThat(reject(pdf).detail()).contains("document-level JavaScript");
	}

	@Test
	void rejectsPageOpenAction() throws Exception {
		byte[] pdf = CvFixtures.pdf(2, (document) -> {
			COSDictionary triggers = new COSDictionary();
			triggers.setItem(COSName.O, new PDActionJavaScript("app.alert(5)"));
			document.getPage(1).getCOSObject().setItem(COSName.AA, triggers);
		});

		assertThat(reject(pdf).detail()).contains("page 2 is opened or closed");
	}

	@Test
	void rejectsLaunchActionInLink() throws Exception {
		byte[] pdf = CvFixtures.pdf(1, (document) -> {
			PDActionLaunch launch = new PDActionLaunch();
			launch.setF("calc.exe");
			PDAnnotationLink link = new PDAnnotationLink();
			link.setAction(launch);
			document.getPage(0).getAnnotations().add(link);
		});

		assertThat(reject(pdf).detail()).contains("starts a program").contains("a link or form field on page 1");
	}

	@Test
	void rejectsFormFieldAction() throws Exception {
		byte[] pdf = CvFixtures.pdf(1, (document) -> {
			COSDictionary triggers = new COSDictionary();
			triggers.setItem(COSName.K, new PDActionJavaScript("event.value = 1"));
			COSDictionary child = new COSDictionary();
			child.setItem(COSName.AA, triggers);
			COSDictionary parent = new COSDictionary();
			parent.setItem(COSName.KIDS, new COSArray(List.of(child)));
			COSDictionary form = new COSDictionary();
			form.setItem(COSName.FIELDS, new COSArray(List.of(parent)));
			document.getDocumentCatalog().getCOSObject().setItem(COSName.ACRO_FORM, form);
		});

		assertThat(reject(pdf).detail()).contains("a form field");
	}

	@Test
	void rejectsJavaScriptInNestedBookmark() throws Exception {
		byte[] pdf = CvFixtures.pdf(1, (document) -> {
			PDOutlineItem chapter = new PDOutlineItem();
			chapter.setTitle("Experience");
			PDOutlineItem section = new PDOutlineItem();
			section.setTitle("Example Widgets");
			section.setAction(new PDActionJavaScript("app.alert(6)"));
			chapter.addLast(section);
			PDDocumentOutline outline = new PDDocumentOutline();
			outline.addLast(chapter);
			document.getDocumentCatalog().setDocumentOutline(outline);
		});

		assertThat(reject(pdf).detail()).contains("a bookmark");
	}

	@Test
	void acceptsLinkToWebPage() throws Exception {
		byte[] pdf = CvFixtures.pdf(1, (document) -> {
			PDAnnotationLink link = new PDAnnotationLink();
			link.setAction(new PDActionURI());
			document.getPage(0).getAnnotations().add(link);
		});

		assertThat(inspect(pdf).pages()).isEqualTo(1);
	}

	@Test
	void rejectsTruncatedPdf() throws Exception {
		byte[] pdf = CvFixtures.pdf(4);

		ApiException rejection = reject(Arrays.copyOf(pdf, pdf.length * 7 / 10));

		assertThat(rejection.detail()).contains("damaged or incomplete").contains("%%EOF");
	}

	@Test
	void acceptsShortPaddingAfterEndMarker() throws Exception {
		byte[] pdf = CvFixtures.pdf(1);
		byte[] padded = Arrays.copyOf(pdf, pdf.length + 500);
		Arrays.fill(padded, pdf.length, padded.length, (byte) '\n');

		assertThat(inspect(padded).pages()).isEqualTo(1);
	}

	@Test
	void rejectsPdfWithoutPages() throws Exception {
		ApiException rejection = reject(CvFixtures.pdf(0));

		assertThat(rejection.detail()).contains("it has no pages");
	}

	@Test
	void rejectsGarbageAfterPdfHeader() throws Exception {
		byte[] garbage = CvFixtures.utf8("%PDF-1.7\nthis is not a PDF body\n%%EOF\n");

		assertThat(reject(garbage).detail()).contains("its structure could not be read");
	}

	@Test
	void cutsTextAtSizeLimit() throws Exception {
		Path file = write(CvFixtures.pdf(20));
		Extraction extraction = new Extraction(100, Duration.ofSeconds(10));

		inspector().inspect(file, extraction);

		CvText text = extraction.result();
		assertThat(text.truncated()).isTrue();
		assertThat(text.pages()).isEqualTo(20);
		assertThat(text.text()).startsWith("Page 1 of the CV");
		assertThat(text.text().length()).isLessThanOrEqualTo(100);
	}

	@Test
	void stopsTextAtTimeLimit() throws Exception {
		Path file = write(CvFixtures.pdf(20));
		Extraction extraction = new Extraction(1 << 20, Duration.ZERO);

		inspector().inspect(file, extraction);

		CvText text = extraction.result();
		assertThat(text.truncated()).isTrue();
		assertThat(text.text()).isEmpty();
	}

	private CvText inspect(byte[] pdf) throws Exception {
		Extraction extraction = new Extraction(1 << 20, Duration.ofSeconds(10));
		inspector().inspect(write(pdf), extraction);
		return extraction.result();
	}

	private ApiException reject(byte[] pdf) throws Exception {
		Path file = write(pdf);
		ApiException rejection = catchThrowableOfType(ApiException.class,
				() -> inspector().inspect(file, new Extraction(1 << 20, Duration.ofSeconds(10))));
		assertThat(rejection).as("rejection").isNotNull();
		assertThat(rejection.problem()).isEqualTo(Problem.UNUSABLE_FILE);
		return rejection;
	}

	private PdfInspector inspector() {
		return new PdfInspector(MemoryUsageSetting.setupMixed(1 << 20).setTempDir(this.dir.toFile()));
	}

	private Path write(byte[] pdf) throws Exception {
		return Files.write(Files.createTempFile(this.dir, "cv-", ".pdf"), pdf);
	}

	private static COSDictionary action(String type) {
		COSDictionary action = new COSDictionary();
		action.setItem(COSName.TYPE, COSName.getPDFName("Action"));
		action.setItem(COSName.S, COSName.getPDFName(type));
		return action;
	}

}
